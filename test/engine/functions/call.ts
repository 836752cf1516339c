/** Test helper: call a registered scalar function with a fixed clock, and print results as Kusto does. */
import { valueToString } from "../../../src/engine/format.js";
import { SCALAR_FUNCTIONS } from "../../../src/engine/functions/index.js";
import { parseJsonToDyn } from "../../../src/engine/json.js";
import { parseDateTime, parseTimespan } from "../../../src/engine/literals.js";
import { dyn, type KDateTime, type KqlType, type KTimespan, type Value } from "../../../src/engine/values.js";

export const NOW = parseDateTime("2024-03-15T12:00:00Z") as KDateTime;

export function call(name: string, ...args: Value[]): Value {
  const f = SCALAR_FUNCTIONS.get(name);
  if (f === undefined) throw new Error(`no function ${name}`);
  if (args.length < f.minArgs || args.length > f.maxArgs) throw new Error(`bad arity for ${name}`);
  return f.call(args, { now: NOW });
}

export function callTyped(name: string, args: Value[], types: KqlType[]): Value {
  const f = SCALAR_FUNCTIONS.get(name);
  if (f === undefined) throw new Error(`no function ${name}`);
  return f.call(args, { now: NOW }, types);
}

/** `tostring` of a call's result. */
export function str(name: string, ...args: Value[]): string {
  return valueToString(call(name, ...args));
}

export const dt = (text: string): KDateTime => parseDateTime(text) as KDateTime;
export const ts = (text: string): KTimespan => parseTimespan(text) as KTimespan;
export const J = (json: string): Value => dyn(parseJsonToDyn(json));

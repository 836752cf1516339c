/**
 * Does an expected value (as written in a case: YAML or JS) equal an evaluator value? The
 * comparison follows the actual column's type: text as written for strings, numbers by value,
 * instants by tick, guids without case, dynamic values structurally (bag key order ignored).
 */
import { dynToJson } from "../engine/format.js";
import { jsToDyn } from "../engine/json.js";
import { parseTimespan } from "../engine/literals.js";
import { type Dyn, isBag, isDateTime, isDynValue, isGuid, isTimespan, type Value } from "../engine/values.js";
import { parseInstant } from "./time.js";

export function matchesValue(expected: unknown, actual: Value): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === "";
  if (actual === null) return false;
  if (typeof actual === "string") return scalarText(expected) === actual;
  if (typeof actual === "number") {
    const n = typeof expected === "number" ? expected : typeof expected === "string" && expected.trim() !== "" ? Number(expected) : Number.NaN;
    return n === actual || (Number.isNaN(n) && Number.isNaN(actual) && String(expected).toLowerCase() === "nan");
  }
  if (typeof actual === "boolean") return expected === actual || String(expected).toLowerCase() === String(actual);
  if (isDateTime(actual)) return parseInstant(expected) === actual.ticks;
  if (isTimespan(actual)) return typeof expected === "string" && parseTimespan(expected)?.ticks === actual.ticks;
  if (isGuid(actual)) return typeof expected === "string" && expected.toLowerCase() === actual.value;
  if (isDynValue(actual)) {
    if (typeof expected === "string" && typeof actual.value !== "string") {
      // A JSON text written for a dynamic column.
      try {
        return dynEqual(jsToDyn(JSON.parse(expected)), actual.value);
      } catch {
        return false;
      }
    }
    return dynEqual(jsToDyn(expected), actual.value);
  }
  return false;
}

function scalarText(x: unknown): string {
  if (x instanceof Date) return x.toISOString();
  return typeof x === "object" ? JSON.stringify(x) : String(x);
}

/** Structural equality of dynamic values; property bags compare as sets of entries. */
export function dynEqual(a: Dyn, b: Dyn): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => dynEqual(x, (b as readonly Dyn[])[i]));
  }
  if (isBag(a) || isBag(b)) {
    if (!isBag(a) || !isBag(b) || a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) {
      if (!b.entries.has(k) || !dynEqual(v, b.entries.get(k)!)) return false;
    }
    return true;
  }
  if (typeof a === "object" && typeof b === "object") return dynToJson(a) === dynToJson(b);
  // A number written for a dynamic string (or the reverse) still matches by text.
  return String(a) === String(b) && typeof a !== "boolean" && typeof b !== "boolean";
}

/** Null tests, conditionals and choice: isempty, iff, case, coalesce, max_of... */
import { isDateTime, isDynValue, isGuid, isTimespan, type KqlType, type Value } from "../values.js";
import { asBool } from "./coerce.js";
import { fn, type ScalarFunction, widestNumeric } from "./types.js";

/** `isempty`: null or the empty string. Empty arrays and bags are not empty (per the docs' table). */
export function isEmptyValue(v: Value): boolean {
  if (v === null || v === "") return true;
  return isDynValue(v) && (v.value === null || v.value === "");
}

function isNullValue(v: Value): boolean {
  return v === null || (isDynValue(v) && v.value === null);
}

/** The common result type of branches: the first non-string-null-ish type wins, numbers widen. */
function branchType(types: readonly KqlType[]): KqlType {
  const numeric = types.filter((t) => t === "int" || t === "long" || t === "real" || t === "decimal");
  if (numeric.length === types.length && numeric.length > 0) return widestNumeric(numeric);
  return types[0] ?? "dynamic";
}

/** Orders two values of the same kind; undefined when they are not comparable. */
export function compareScalars(a: Value, b: Value): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if ((isDateTime(a) && isDateTime(b)) || (isTimespan(a) && isTimespan(b)))
    return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
  if (isGuid(a) && isGuid(b)) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return undefined;
}

function extreme(args: readonly Value[], sign: 1 | -1): Value {
  let best: Value = null;
  for (const v of args) {
    if (isNullValue(v)) continue;
    if (best === null) {
      best = v;
      continue;
    }
    const c = compareScalars(v, best);
    if (c !== undefined && c * sign > 0) best = v;
  }
  return best;
}

export const LOGIC_FUNCTIONS: readonly ScalarFunction[] = [
  fn("not", 1, 1, "bool", ([v]) => {
    const b = asBool(v);
    return b === null ? null : !b;
  }),
  fn("iff", 3, 3, (t) => branchType(t.slice(1)), ([c, a, b]) => (asBool(c) === true ? a : b)),
  fn("iif", 3, 3, (t) => branchType(t.slice(1)), ([c, a, b]) => (asBool(c) === true ? a : b)),
  fn(
    "case",
    3,
    Number.POSITIVE_INFINITY,
    (t) => branchType(t.filter((_, i) => i % 2 === 1 || i === t.length - 1)),
    (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) if (asBool(args[i]) === true) return args[i + 1];
      return args[args.length - 1];
    },
  ),
  fn("coalesce", 1, 64, (t) => branchType(t), (args) => {
    for (const v of args) if (!isNullValue(v) && v !== "") return v;
    return args[args.length - 1] ?? null;
  }),
  fn("isempty", 1, 1, "bool", ([v]) => isEmptyValue(v)),
  fn("isnotempty", 1, 1, "bool", ([v]) => !isEmptyValue(v)),
  fn("notempty", 1, 1, "bool", ([v]) => !isEmptyValue(v)),
  fn("isnull", 1, 1, "bool", ([v]) => isNullValue(v)),
  fn("isnotnull", 1, 1, "bool", ([v]) => !isNullValue(v)),
  fn("notnull", 1, 1, "bool", ([v]) => !isNullValue(v)),
  fn("max_of", 1, 64, (t) => branchType(t), (args) => extreme(args, 1)),
  fn("min_of", 1, 64, (t) => branchType(t), (args) => extreme(args, -1)),
];

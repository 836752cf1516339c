/**
 * Equality, ordering and hashing of values, as Kusto compares them: numbers across int, long
 * and real; datetime and timespan by ticks; dynamic by content; strings ordinally.
 */
import { dynToJson } from "./format.js";
import { type Dyn, isBag, isDateTime, isDynValue, isGuid, isTimespan, type Value } from "./values.js";

/** The scalar inside a dynamic value (arrays and bags stay as they are). */
export function unwrap(v: Value): Value | Dyn {
  return isDynValue(v) ? v.value : v;
}

/**
 * A primitive identifying a value for hashing (Map keys, distinct, grouping, join keys).
 * Equal values of the same column type get equal keys.
 */
export function valueKey(v: Value | Dyn): string | number | boolean | bigint | null {
  if (v === null) return null;
  switch (typeof v) {
    case "string":
    case "number":
    case "boolean":
      return v;
  }
  if (isDateTime(v) || isTimespan(v)) return v.ticks;
  if (isGuid(v)) return `g:${v.value}`;
  if (isDynValue(v)) {
    const d = v.value;
    if (d === null) return null;
    if (typeof d === "object") return `d:${dynToJson(d)}`;
    return valueKey(d);
  }
  return `d:${dynToJson(v as Dyn)}`;
}

/** A string key for several values at once (composite group / join keys). */
export function compositeKey(values: readonly (Value | Dyn)[]): string {
  let s = "";
  for (const v of values) {
    const k = valueKey(v);
    s += k === null ? "\u0000n" : `\u0000${(typeof k)[0]}${String(k)}`;
  }
  return s;
}

/** Kusto `==` semantics on non-null operands (strings case-sensitive). */
export function valuesEqual(a: Value | Dyn, b: Value | Dyn): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (isDynValue(a)) return valuesEqual(a.value, b);
  if (isDynValue(b)) return valuesEqual(a, b.value);
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if ((isDateTime(a) && isDateTime(b)) || (isTimespan(a) && isTimespan(b))) return a.ticks === b.ticks;
  if (isGuid(a) && isGuid(b)) return a.value === b.value;
  if (Array.isArray(a) || isBag(a)) return dynToJson(a as Dyn) === dynToJson(b as Dyn);
  return false;
}

function rank(v: Value | Dyn): number {
  if (typeof v === "boolean") return 1;
  if (typeof v === "number") return 2;
  if (typeof v === "string") return 5;
  if (isDateTime(v)) return 3;
  if (isTimespan(v)) return 4;
  if (isGuid(v)) return 6;
  return 7;
}

/** Total order for sorting non-null values (mixed kinds, as in dynamic, ordered by kind). */
export function compareValues(a: Value | Dyn, b: Value | Dyn): number {
  if (isDynValue(a)) a = a.value;
  if (isDynValue(b)) b = b.value;
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "boolean") return Number(a) - Number(b as boolean);
  if ((isDateTime(a) || isTimespan(a)) && (isDateTime(b) || isTimespan(b))) return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
  if (isGuid(a) && isGuid(b)) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  const ja = dynToJson(a as Dyn);
  const jb = dynToJson(b as Dyn);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

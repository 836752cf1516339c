/**
 * Argument coercions shared by the function families: how a value of any type is read as a
 * string, number, datetime, array... following Kusto's conversion rules (a failed conversion is null).
 */
import { dynToString, valueToString } from "../format.js";
import { parseJsonToDyn } from "../json.js";
import { parseDateTime, parseTimespan } from "../literals.js";
import {
  type Dyn,
  type DynBag,
  isBag,
  isDateTime,
  isDynValue,
  isTimespan,
  type KDateTime,
  type KTimespan,
  type Value,
} from "../values.js";

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A string read as a number the way Kusto's conversions do; null when it is not one. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (NUMBER_TEXT.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case "nan":
      return Number.NaN;
    case "infinity":
    case "+infinity":
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-infinity":
    case "-inf":
      return Number.NEGATIVE_INFINITY;
  }
  return null;
}

/** `tostring` semantics: null becomes "", dynamic strings unquoted. */
export function asString(v: Value): string {
  return valueToString(v);
}

/** Reads a number from numbers, bools, numeric strings and dynamic scalars. */
export function asNumber(v: Value): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return parseNumber(v);
  if (isDynValue(v)) {
    const d = v.value;
    if (typeof d === "number") return d;
    if (typeof d === "boolean") return d ? 1 : 0;
    if (typeof d === "string") return parseNumber(d);
  }
  return null;
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/** `toint`/`tolong` of a value: numbers truncate toward zero, text must be an integer. */
export function toIntegerValue(v: Value): number | null {
  const d = isDynValue(v) ? v.value : v;
  if (typeof d === "string") return INTEGER_TEXT.test(d) ? Number(d.trim()) : null;
  return asInteger(v);
}

/** A number truncated toward zero (Kusto's real-to-integer conversion). */
export function asInteger(v: Value): number | null {
  const n = asNumber(v);
  if (n === null || !Number.isFinite(n)) return null;
  return Math.trunc(n);
}

export function asBool(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isNaN(v) ? null : v !== 0;
  if (typeof v === "string") {
    // Only the words convert; other text (including "1") is not a bool.
    const s = v.trim().toLowerCase();
    return s === "true" ? true : s === "false" ? false : null;
  }
  if (isDynValue(v)) {
    const d = v.value;
    if (typeof d === "boolean" || typeof d === "number" || typeof d === "string") return asBool(d);
  }
  return null;
}

export function asDateTime(v: Value): KDateTime | null {
  if (v === null) return null;
  if (isDateTime(v)) return v;
  if (typeof v === "string") return parseDateTime(v);
  if (isDynValue(v)) {
    const d = v.value;
    if (isDateTime(d)) return d;
    if (typeof d === "string") return parseDateTime(d);
  }
  return null;
}

export function asTimespan(v: Value): KTimespan | null {
  if (v === null) return null;
  if (isTimespan(v)) return v;
  if (typeof v === "string") return parseTimespan(v);
  if (isDynValue(v)) {
    const d = v.value;
    if (isTimespan(d)) return d;
    if (typeof d === "string") return parseTimespan(d);
  }
  return null;
}

/** Any value as a dynamic tree (scalars become dynamic scalars). */
export function asDyn(v: Value): Dyn {
  if (isDynValue(v)) return v.value;
  return v;
}

/** A dynamic array argument; a string holding a JSON array is accepted as Kusto does. */
export function asArray(v: Value): readonly Dyn[] | null {
  let d = asDyn(v);
  if (typeof d === "string") d = tryParseJson(d);
  return Array.isArray(d) ? d : null;
}

/** A dynamic property bag argument; a string holding a JSON object is accepted. */
export function asBag(v: Value): DynBag | null {
  let d = asDyn(v);
  if (typeof d === "string") d = tryParseJson(d);
  return isBag(d) ? d : null;
}

export function tryParseJson(text: string): Dyn {
  try {
    return parseJsonToDyn(text);
  } catch {
    return null;
  }
}

/** A dynamic element as text: strings unquoted, other values as compact JSON. */
export function dynAsString(d: Dyn): string {
  return dynToString(d);
}

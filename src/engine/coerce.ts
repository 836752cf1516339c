/**
 * Turning raw input cells (JSON values, CSV text) into typed KQL values, and inferring a
 * column's type when no schema is known. Used by the table loaders and `tableFromRecords`.
 */
import { jsToDyn, parseJsonToDyn } from "./json.js";
import { RawJson } from "./jsonl-scan.js";
import { dynToJson } from "./format.js";
import { daysFromCivil, daysInMonth, parseDateTime, parseGuid, parseTimespan } from "./literals.js";
import {
  datetime,
  type Dyn,
  dyn,
  isDateTime,
  isDynValue,
  isGuid,
  isTimespan,
  type KqlType,
  TICKS_PER_MILLISECOND,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
  type Value,
} from "./values.js";

/** Why a cell could not be converted, or the converted value. */
export type Coerced = { ok: true; value: Value } | { ok: false; expected: string };

const BAD = (expected: string): Coerced => ({ ok: false, expected });
const OK = (value: Value): Coerced => ({ ok: true, value });

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `yyyy-MM-ddTHH:mm[:ss[.fffffff]][Z|+00:00]` (what log exports hold) read without regexes or
 * Date; anything else goes to the general parser.
 */
function fastIsoTicks(s: string): bigint | null {
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return null;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let i = 16;
  let second = 0;
  let frac = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let k = i + 1;
      let scale = 1_000_000;
      while (k < n && k - i <= 7) {
        const d = s.charCodeAt(k) - 48;
        if (d < 0 || d > 9) break;
        frac += d * scale;
        scale /= 10;
        k++;
      }
      if (k === i + 1) return null;
      i = k;
    }
  }
  if (i < n) {
    const rest = s.slice(i);
    if (rest !== "Z" && rest !== "+00:00" && rest !== "-00:00" && rest !== "+0000") return null;
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return BigInt(seconds) * TICKS_PER_SECOND + BigInt(frac);
}

export function toDateTimeValue(x: unknown): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (isDateTime(x)) return OK(x);
  if (typeof x === "string") {
    const fast = fastIsoTicks(x);
    if (fast !== null) return OK(datetime(fast));
    const v = parseDateTime(x);
    return v === null ? BAD("a datetime (ISO 8601)") : OK(v);
  }
  if (x instanceof Date) return OK(datetime(UNIX_EPOCH_TICKS + BigInt(x.getTime()) * TICKS_PER_MILLISECOND));
  return BAD("a datetime (ISO 8601 string)");
}

function toNumber(x: unknown, integral: boolean): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (typeof x === "number") return integral && !Number.isInteger(x) ? OK(Math.trunc(x)) : OK(x);
  if (typeof x === "boolean") return OK(x ? 1 : 0);
  if (typeof x === "bigint") return OK(Number(x));
  if (typeof x === "string") {
    const t = x.trim();
    if (integral ? /^[+-]?\d+$/.test(t) : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return OK(Number(t));
    if (!integral && /^(nan|[+-]?(inf|infinity))$/i.test(t)) return OK(t.toLowerCase() === "nan" ? Number.NaN : t.startsWith("-") ? -Infinity : Infinity);
    return BAD(integral ? "an integer" : "a number");
  }
  return BAD(integral ? "an integer" : "a number");
}

function toBool(x: unknown): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (typeof x === "boolean") return OK(x);
  if (typeof x === "number") return OK(x !== 0);
  if (typeof x === "string") {
    const t = x.trim().toLowerCase();
    if (t === "true" || t === "1") return OK(true);
    if (t === "false" || t === "0") return OK(false);
  }
  return BAD("a bool (true or false)");
}

function toTimespanValue(x: unknown): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (isTimespan(x)) return OK(x);
  if (typeof x === "string") {
    const v = parseTimespan(x.trim());
    return v === null ? BAD("a timespan ([d.]hh:mm:ss[.fffffff])") : OK(v);
  }
  return BAD("a timespan string");
}

function toGuidValue(x: unknown): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (isGuid(x)) return OK(x);
  if (typeof x === "string") {
    const v = parseGuid(x.trim());
    return v === null ? BAD("a guid") : OK(v);
  }
  return BAD("a guid string");
}

function toStringValue(x: unknown): Coerced {
  if (x === null || x === undefined) return OK("");
  if (x instanceof RawJson) {
    try {
      return OK(dynToJson(parseJsonToDyn(x.text)));
    } catch {
      return BAD("valid JSON");
    }
  }
  if (typeof x === "string") return OK(x);
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return OK(String(x));
  return OK(JSON.stringify(x));
}

/**
 * A dynamic cell: JSON values as they are; a string holding a JSON object or array is parsed
 * (Log Analytics exports often carry dynamic columns as JSON text).
 */
export function toDynamicValue(x: unknown): Coerced {
  if (x === null || x === undefined || x === "") return OK(null);
  if (x instanceof RawJson) {
    try {
      return OK(dynOrNull(parseJsonToDyn(x.text)));
    } catch {
      return BAD("valid JSON");
    }
  }
  if (isDynValue(x)) return OK(x);
  if (typeof x === "string") {
    const t = x.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return OK(dynOrNull(parseJsonToDyn(t)));
      } catch {
        return OK(dyn(x));
      }
    }
    return OK(dyn(x));
  }
  return OK(dynOrNull(jsToDyn(x)));
}

function dynOrNull(d: Dyn): Value {
  return d === null ? null : dyn(d);
}

const CONVERTERS: Readonly<Record<KqlType, (x: unknown) => Coerced>> = {
  bool: toBool,
  int: (x) => toNumber(x, true),
  long: (x) => toNumber(x, true),
  real: (x) => toNumber(x, false),
  decimal: (x) => toNumber(x, false),
  string: toStringValue,
  datetime: toDateTimeValue,
  timespan: toTimespanValue,
  guid: toGuidValue,
  dynamic: toDynamicValue,
};

/** Converts a raw input cell to a value of `type`. */
export function coerce(x: unknown, type: KqlType): Coerced {
  return CONVERTERS[type](x);
}

const DATETIME_SHAPE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;

/**
 * The type of a column from its raw cells. JSON values keep their JSON type (integers are long);
 * strings that all look like ISO timestamps become datetime; with `fromText` (CSV) numeric and
 * boolean text is recognised too. Anything mixed is dynamic (JSON) or string (CSV).
 */
export function inferType(cells: Iterable<unknown>, fromText: boolean): KqlType {
  let seen = 0;
  let bools = 0;
  let ints = 0;
  let reals = 0;
  let dates = 0;
  let strings = 0;
  let objects = 0;
  for (const c of cells) {
    if (c === null || c === undefined || c === "") continue;
    seen++;
    if (typeof c === "boolean") bools++;
    else if (typeof c === "number") Number.isInteger(c) ? ints++ : reals++;
    else if (typeof c === "string") {
      if (DATETIME_SHAPE.test(c) && toDateTimeValue(c).ok) dates++;
      else if (fromText && /^[+-]?\d{1,15}$/.test(c)) ints++;
      else if (fromText && /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(c)) reals++;
      else if (fromText && /^(true|false)$/i.test(c)) bools++;
      else strings++;
    } else objects++;
  }
  if (seen === 0) return "string";
  if (bools === seen) return "bool";
  if (ints === seen) return "long";
  if (ints + reals === seen) return "real";
  if (dates === seen) return "datetime";
  if (objects > 0 || (!fromText && strings + dates < seen)) return "dynamic";
  return "string";
}

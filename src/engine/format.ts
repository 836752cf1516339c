/**
 * How Kusto prints values as text: `tostring`, the JSON of dynamic values, and the canonical
 * datetime / timespan forms used in results (`2017-01-01T00:05:00.0000000Z`, `1.02:03:04.5000000`).
 */
import {
  type Dyn,
  isBag,
  isDateTime,
  isDynValue,
  isGuid,
  isTimespan,
  type KDateTime,
  type KqlType,
  type KTimespan,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  type Value,
} from "./values.js";

export interface CivilDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Sub-second ticks, 0..9_999_999. */
  readonly fraction: number;
}

/** Splits day number since 0001-01-01 into a proleptic Gregorian date. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  let n = days;
  const n400 = Math.floor(n / 146097);
  n -= n400 * 146097;
  let n100 = Math.floor(n / 36524);
  if (n100 === 4) n100 = 3;
  n -= n100 * 36524;
  const n4 = Math.floor(n / 1461);
  n -= n4 * 1461;
  let n1 = Math.floor(n / 365);
  if (n1 === 4) n1 = 3;
  n -= n1 * 365;
  const year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let month = 0;
  while (n >= lengths[month]) {
    n -= lengths[month];
    month++;
  }
  return { year, month: month + 1, day: n + 1 };
}

/** Calendar fields of a datetime (UTC). */
export function civilOf(v: KDateTime): CivilDateTime {
  const days = v.ticks / TICKS_PER_DAY;
  const rest = Number(v.ticks - days * TICKS_PER_DAY);
  const { year, month, day } = civilFromDays(Number(days));
  const dayTicks = rest;
  const hour = Math.floor(dayTicks / 36_000_000_000);
  const minute = Math.floor((dayTicks % 36_000_000_000) / 600_000_000);
  const second = Math.floor((dayTicks % 600_000_000) / 10_000_000);
  const fraction = dayTicks % 10_000_000;
  return { year, month, day, hour, minute, second, fraction };
}

function pad(n: number | bigint, width: number): string {
  return n.toString().padStart(width, "0");
}

/** The `yyyy-MM-dd` text of recent day numbers: log timestamps cluster on few days. */
const dayTextCache = new Map<number, string>();

function dayText(days: number): string {
  let text = dayTextCache.get(days);
  if (text === undefined) {
    const { year, month, day } = civilFromDays(days);
    text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    if (dayTextCache.size >= 4096) dayTextCache.clear();
    dayTextCache.set(days, text);
  }
  return text;
}

/** `2017-01-01T00:05:00.0000000Z`: always seven fractional digits. */
export function formatDateTime(v: KDateTime): string {
  const days = v.ticks / TICKS_PER_DAY;
  const t = Number(v.ticks - days * TICKS_PER_DAY);
  const hour = Math.floor(t / 36_000_000_000);
  const minute = Math.floor((t % 36_000_000_000) / 600_000_000);
  const second = Math.floor((t % 600_000_000) / 10_000_000);
  const fraction = t % 10_000_000;
  return `${dayText(Number(days))}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(fraction, 7)}Z`;
}

/** `[-][d.]hh:mm:ss[.fffffff]`: days only when non-zero, fraction only when non-zero. */
export function formatTimespan(v: KTimespan): string {
  const negative = v.ticks < 0n;
  let t = negative ? -v.ticks : v.ticks;
  const days = t / TICKS_PER_DAY;
  t -= days * TICKS_PER_DAY;
  const hours = t / TICKS_PER_HOUR;
  t -= hours * TICKS_PER_HOUR;
  const minutes = t / TICKS_PER_MINUTE;
  t -= minutes * TICKS_PER_MINUTE;
  const seconds = t / TICKS_PER_SECOND;
  const fraction = t - seconds * TICKS_PER_SECOND;
  return (
    (negative ? "-" : "") +
    (days > 0n ? `${days}.` : "") +
    `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}` +
    (fraction > 0n ? `.${pad(fraction, 7)}` : "")
  );
}

/**
 * A real as .NET prints a double (shortest round-trip digits): scientific notation with a
 * signed, at least two digit exponent when the exponent is >= 15 or < -4 (`1E+15`, `1E-05`).
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, expText] = x.toExponential().split("e");
  const exponent = Number(expText);
  if (exponent >= 15 || exponent < -4) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa.toUpperCase()}E${sign}${pad(Math.abs(exponent), 2)}`;
  }
  return String(x);
}

/** A number as Kusto prints it: integral values (int, long) in full, others as reals. */
export function formatNumber(x: number, type?: KqlType): string {
  if (type !== "real" && type !== "decimal" && Number.isSafeInteger(x)) return String(x);
  if (type === "real" || !Number.isInteger(x) || !Number.isFinite(x)) return formatReal(x);
  return BigInt(x).toString();
}

/** JSON string literal with the escapes JSON requires. */
export function jsonQuote(s: string): string {
  return JSON.stringify(s);
}

function dynNumberToJson(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (!Number.isFinite(x)) return x > 0 ? '"Infinity"' : '"-Infinity"';
  if (Number.isSafeInteger(x)) return String(x);
  return Number.isInteger(x) && Math.abs(x) < 2 ** 63 ? BigInt(x).toString() : formatReal(x);
}

/** Compact JSON of a dynamic value; datetime, timespan and guid inside become strings. */
export function dynToJson(d: Dyn): string {
  if (d === null) return "null";
  switch (typeof d) {
    case "boolean":
      return d ? "true" : "false";
    case "number":
      return dynNumberToJson(d);
    case "string":
      return jsonQuote(d);
  }
  if (Array.isArray(d)) return `[${d.map(dynToJson).join(",")}]`;
  if (isBag(d)) {
    const parts: string[] = [];
    for (const [k, v] of d.entries) parts.push(`${jsonQuote(k)}:${dynToJson(v)}`);
    return `{${parts.join(",")}}`;
  }
  if (isDateTime(d)) return jsonQuote(formatDateTime(d));
  if (isTimespan(d)) return jsonQuote(formatTimespan(d));
  if (isGuid(d)) return jsonQuote(d.value);
  return "null";
}

/** `tostring` of a dynamic value: strings unquoted at the top level, null as "", JSON otherwise. */
export function dynToString(d: Dyn): string {
  if (d === null) return "";
  if (typeof d === "string") return d;
  if (isDateTime(d)) return formatDateTime(d);
  if (isTimespan(d)) return formatTimespan(d);
  if (isGuid(d)) return d.value;
  return dynToJson(d);
}

/** Kusto's `tostring`; `type` tells a real apart from a long when both are JS numbers. */
export function valueToString(v: Value, type?: KqlType): string {
  if (v === null) return "";
  switch (typeof v) {
    case "string":
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return formatNumber(v, type);
  }
  if (isDateTime(v)) return formatDateTime(v);
  if (isTimespan(v)) return formatTimespan(v);
  if (isGuid(v)) return v.value;
  if (isDynValue(v)) return dynToString(v.value);
  return "";
}

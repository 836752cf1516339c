/**
 * Parsing of the text forms Kusto accepts for datetime, timespan and guid values, shared by
 * literals (`datetime(...)`, `1d`) and the conversion functions (`todatetime`, `totimespan`, `toguid`).
 * Every parser returns null for text it does not accept: conversions turn that into Kusto's null.
 */
import {
  datetime,
  guid,
  type KDateTime,
  type KGuid,
  type KTimespan,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  timespan,
} from "./values.js";

/** The largest datetime Kusto represents: 9999-12-31T23:59:59.9999999. */
export const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n;

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days from 0001-01-01 to the given proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = year - 1;
  let days = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  days += DAYS_BEFORE_MONTH[month - 1] + (month > 2 && isLeapYear(year) ? 1 : 0);
  return days + day - 1;
}

/** Builds a datetime from calendar fields; null when a field is out of range. */
export function makeDateTimeTicks(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fractionTicks = 0n,
): bigint | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  return (
    BigInt(daysFromCivil(year, month, day)) * TICKS_PER_DAY +
    BigInt(hour) * TICKS_PER_HOUR +
    BigInt(minute) * TICKS_PER_MINUTE +
    BigInt(second) * TICKS_PER_SECOND +
    fractionTicks
  );
}

/** Up to 7 fractional digits become ticks; extra digits are dropped. */
function fractionToTicks(digits: string | undefined): bigint {
  if (!digits) return 0n;
  return BigInt(digits.slice(0, 7).padEnd(7, "0"));
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** RFC 822 zone names and their offsets from UTC, in minutes. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/** Offset in minutes for `Z`, `+hh:mm`, `+hhmm`, `+hh` or a zone name; undefined when not a zone. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const lower = zone.toLowerCase();
  if (lower in ZONES) return ZONES[lower];
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  return m[1] === "-" ? -minutes : minutes;
}

function withOffset(ticks: bigint | null, zone: string | undefined): KDateTime | null {
  if (ticks === null) return null;
  let result = ticks;
  if (zone !== undefined && zone !== "") {
    const offset = zoneOffsetMinutes(zone);
    if (offset === undefined) return null;
    result -= BigInt(offset) * TICKS_PER_MINUTE;
  }
  if (result < 0n || result > MAX_DATETIME_TICKS) return null;
  return datetime(result);
}

const ISO =
  /^(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(?:(\d{2})(?:\.(\d+))?)?)?\s*(Z)?$/i;
const RFC822 =
  /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]+|[+-]\d{4})?$/i;
const RFC850 =
  /^(?:[a-z]+,\s*)?(\d{1,2})-([a-z]{3})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([a-z]+|[+-]\d{4})?$/i;
const US_DATE =
  /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?\s*(Z)?$/i;

/** `datetime(2025, 6, 14)`: comma-separated fields, as some documentation examples write them. */
const COMMA_FIELDS = /^(\d{4}),\s*(\d{1,2}),\s*(\d{1,2})(?:,\s*(\d{1,2})(?:,\s*(\d{1,2})(?:,\s*(\d{1,2}))?)?)?$/;

function twoDigitYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

/** Parses every datetime form Kusto accepts: ISO 8601, RFC 822, RFC 850, compact and US dates. */
export function parseDateTime(text: string): KDateTime | null {
  const s = text.trim();
  if (s === "") return null;
  let m = ISO.exec(s);
  if (m) {
    const ticks = makeDateTimeTicks(
      Number(m[1]),
      Number(m[2]),
      Number(m[3] ?? "1"),
      Number(m[4] ?? "0"),
      Number(m[5] ?? "0"),
      Number(m[6] ?? "0"),
      fractionToTicks(m[7]),
    );
    return withOffset(ticks, m[8]);
  }
  m = COMPACT.exec(s);
  if (m) {
    const ticks = makeDateTimeTicks(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? "0"),
      Number(m[5] ?? "0"),
      Number(m[6] ?? "0"),
      fractionToTicks(m[7]),
    );
    return withOffset(ticks, m[8]);
  }
  m = RFC822.exec(s) ?? RFC850.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    if (month === 0) return null;
    const ticks = makeDateTimeTicks(
      twoDigitYear(m[3]),
      month,
      Number(m[1]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? "0"),
    );
    return withOffset(ticks, m[7]);
  }
  m = COMMA_FIELDS.exec(s);
  if (m) {
    const fields = m.slice(1, 7).map((f) => Number(f ?? "0"));
    return withOffset(makeDateTimeTicks(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]), undefined);
  }
  m = US_DATE.exec(s);
  if (m) {
    let hour = Number(m[5] ?? "0");
    const meridiem = m[9]?.toLowerCase();
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
    }
    const ticks = makeDateTimeTicks(
      Number(m[4]),
      Number(m[1]),
      Number(m[3]),
      hour,
      Number(m[6] ?? "0"),
      Number(m[7] ?? "0"),
      fractionToTicks(m[8]),
    );
    return withOffset(ticks, m[10]);
  }
  return null;
}

/** Timespan unit suffixes and their length in ticks. */
const TIMESPAN_UNITS: ReadonlyMap<string, bigint> = new Map([
  ...["d", "day", "days"].map((u) => [u, TICKS_PER_DAY] as const),
  ...["h", "hr", "hrs", "hour", "hours"].map((u) => [u, TICKS_PER_HOUR] as const),
  ...["m", "min", "mins", "minute", "minutes"].map((u) => [u, TICKS_PER_MINUTE] as const),
  ...["s", "sec", "secs", "second", "seconds"].map((u) => [u, TICKS_PER_SECOND] as const),
  ...["ms", "milli", "millis", "millisec", "millisecond", "milliseconds"].map(
    (u) => [u, TICKS_PER_MILLISECOND] as const,
  ),
  ...["microsec", "microsecond", "microseconds"].map((u) => [u, 10n] as const),
  ...["tick", "ticks"].map((u) => [u, 1n] as const),
]);

/** Multiplies a decimal number written as text by a tick count exactly, rounding to a tick. */
function scaleDecimal(intPart: string, fracPart: string, unit: bigint): bigint {
  const scale = 10n ** BigInt(fracPart.length);
  const numerator = BigInt(intPart === "" ? "0" : intPart) * scale + BigInt(fracPart === "" ? "0" : fracPart);
  const product = numerator * unit;
  return (product + scale / 2n) / scale;
}

const SHORTHAND = /^([+-]?)(\d*)(?:\.(\d*))?\s*([a-z]*)$/i;
const CLOCK = /^([+-]?)(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
/** .NET's `d:hh:mm:ss[.fffffff]` form. */
const CLOCK_WITH_DAYS = /^([+-]?)(\d+):(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/**
 * Parses `[-][d.]hh:mm[:ss[.fffffff]]` and the shorthand forms (`1d`, `1.5h`, `100ms`,
 * `10microsecond`, `3tick`); a bare number means days, as in `time(2)`.
 */
export function parseTimespan(text: string): KTimespan | null {
  const s = text.trim();
  if (s === "") return null;
  let m = CLOCK.exec(s) ?? CLOCK_WITH_DAYS.exec(s);
  if (m) {
    const hours = Number(m[3]);
    const minutes = Number(m[4]);
    const seconds = Number(m[5] ?? "0");
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    const ticks =
      BigInt(m[2] ?? "0") * TICKS_PER_DAY +
      BigInt(hours) * TICKS_PER_HOUR +
      BigInt(minutes) * TICKS_PER_MINUTE +
      BigInt(seconds) * TICKS_PER_SECOND +
      fractionToTicks(m[6]);
    return timespan(m[1] === "-" ? -ticks : ticks);
  }
  m = SHORTHAND.exec(s);
  if (m && (m[2] !== "" || (m[3] ?? "") !== "")) {
    const unit = m[4] === "" ? TICKS_PER_DAY : TIMESPAN_UNITS.get(m[4].toLowerCase());
    if (unit === undefined) return null;
    const ticks = scaleDecimal(m[2], m[3] ?? "", unit);
    return timespan(m[1] === "-" ? -ticks : ticks);
  }
  return null;
}

const GUID_FORMS = [
  /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i,
  /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i,
  /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/i,
  /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i,
];

/** Parses a guid in the `D`, `B`, `P` or `N` forms; the value is canonical lower-case `D` form. */
export function parseGuid(text: string): KGuid | null {
  const s = text.trim();
  for (const form of GUID_FORMS) {
    const m = form.exec(s);
    if (m) return guid(m.slice(1, 6).join("-"));
  }
  return null;
}

/** Datetime and timespan functions: ago, datetime_add/diff/part, startof*, format_*, bin... */
import { civilOf } from "../format.js";
import { daysFromCivil, daysInMonth, MAX_DATETIME_TICKS, makeDateTimeTicks } from "../literals.js";
import {
  datetime,
  isDateTime,
  isTimespan,
  type KDateTime,
  type KqlType,
  type KTimespan,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  timespan,
  UNIX_EPOCH_TICKS,
  type Value,
} from "../values.js";
import { asDateTime, asInteger, asNumber, asString, asTimespan } from "./coerce.js";
import { fn, FunctionError, type ScalarFunction, sameAs } from "./types.js";

/** A datetime only when within Kusto's range; overflow gives null. */
function checked(ticks: bigint): KDateTime | null {
  return ticks < 0n || ticks > MAX_DATETIME_TICKS ? null : datetime(ticks);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && a < 0n !== b < 0n) ? q - 1n : q;
}

/** Day of week with Sunday = 0 (0001-01-01 was a Monday). */
function dayOfWeekIndex(ticks: bigint): number {
  return Number((ticks / TICKS_PER_DAY + 1n) % 7n);
}

function startOfDayTicks(ticks: bigint): bigint {
  return ticks - (ticks % TICKS_PER_DAY);
}

function startOfWeekTicks(ticks: bigint): bigint {
  return startOfDayTicks(ticks) - BigInt(dayOfWeekIndex(ticks)) * TICKS_PER_DAY;
}

function monthStartTicks(year: number, month: number): bigint | null {
  // Normalise a month index that ran past either end of the year.
  const index = year * 12 + (month - 1);
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return makeDateTimeTicks(y, m, 1);
}

/** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(v: KDateTime): number {
  const days = Number(v.ticks / TICKS_PER_DAY);
  const isoDow = ((days % 7) + 7) % 7; // 0 = Monday
  const thursday = days - isoDow + 3;
  const year = civilOf(datetime(BigInt(thursday) * TICKS_PER_DAY)).year;
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

type Period = "year" | "quarter" | "month" | "week" | "day" | "hour" | "minute" | "second" | "millisecond" | "microsecond" | "nanosecond";

const PERIOD_ALIASES: Readonly<Record<string, Period>> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  week: "week",
  day: "day",
  hour: "hour",
  minute: "minute",
  second: "second",
  millisecond: "millisecond",
  microsecond: "microsecond",
  nanosecond: "nanosecond",
};

function period(text: Value, caller: string): Period {
  const p = PERIOD_ALIASES[asString(text).toLowerCase()];
  if (p === undefined) throw new FunctionError(caller, `unknown period '${asString(text)}'`);
  return p;
}

const FIXED_PERIOD_TICKS: Readonly<Record<string, bigint>> = {
  week: 7n * TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MILLISECOND,
  microsecond: 10n,
};

function addMonths(v: KDateTime, months: number): KDateTime | null {
  const c = civilOf(v);
  const index = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  const day = Math.min(c.day, daysInMonth(year, month));
  const start = makeDateTimeTicks(year, month, day);
  return start === null ? null : checked(start + (v.ticks % TICKS_PER_DAY));
}

function datetimeAdd(p: Period, amount: number, v: KDateTime): KDateTime | null {
  switch (p) {
    case "year":
      return addMonths(v, amount * 12);
    case "quarter":
      return addMonths(v, amount * 3);
    case "month":
      return addMonths(v, amount);
    case "nanosecond":
      return checked(v.ticks + BigInt(amount) / 100n);
    default:
      return checked(v.ticks + BigInt(amount) * FIXED_PERIOD_TICKS[p]);
  }
}

/** `datetime_diff`: how many period boundaries lie between the two datetimes (left minus right). */
function datetimeDiff(p: Period, a: KDateTime, b: KDateTime): number {
  const ca = civilOf(a);
  const cb = civilOf(b);
  switch (p) {
    case "year":
      return ca.year - cb.year;
    case "quarter":
      return ca.year * 4 + Math.floor((ca.month - 1) / 3) - (cb.year * 4 + Math.floor((cb.month - 1) / 3));
    case "month":
      return ca.year * 12 + ca.month - (cb.year * 12 + cb.month);
    case "week":
      return Number((startOfWeekTicks(a.ticks) - startOfWeekTicks(b.ticks)) / (7n * TICKS_PER_DAY));
    case "nanosecond":
      return Number((a.ticks - b.ticks) * 100n);
    default: {
      const unit = FIXED_PERIOD_TICKS[p];
      return Number(a.ticks / unit - b.ticks / unit);
    }
  }
}

const PART_READERS: Readonly<Record<string, (v: KDateTime) => number>> = {
  year: (v) => civilOf(v).year,
  quarter: (v) => Math.floor((civilOf(v).month - 1) / 3) + 1,
  month: (v) => civilOf(v).month,
  week_of_year: isoWeek,
  weekofyear: isoWeek,
  day: (v) => civilOf(v).day,
  dayofyear: (v) => dayOfYear(v),
  hour: (v) => civilOf(v).hour,
  minute: (v) => civilOf(v).minute,
  second: (v) => civilOf(v).second,
  millisecond: (v) => Math.floor(civilOf(v).fraction / 10_000),
  microsecond: (v) => Math.floor(civilOf(v).fraction / 10),
  nanosecond: (v) => civilOf(v).fraction * 100,
};

function dayOfYear(v: KDateTime): number {
  const c = civilOf(v);
  return daysFromCivil(c.year, c.month, c.day) - daysFromCivil(c.year, 1, 1) + 1;
}

type Boundary = (v: KDateTime, offset: number) => bigint | null;

const START_OF: Readonly<Record<string, Boundary>> = {
  day: (v, k) => startOfDayTicks(v.ticks) + BigInt(k) * TICKS_PER_DAY,
  week: (v, k) => startOfWeekTicks(v.ticks) + BigInt(k) * 7n * TICKS_PER_DAY,
  month: (v, k) => {
    const c = civilOf(v);
    return monthStartTicks(c.year, c.month + k);
  },
  year: (v, k) => makeDateTimeTicks(civilOf(v).year + k, 1, 1),
};

function startOf(unit: string): ScalarFunction["call"] {
  return (args) => {
    const v = asDateTime(args[0]);
    const offset = args.length > 1 ? asInteger(args[1]) : 0;
    if (v === null || offset === null) return null;
    const t = START_OF[unit](v, offset);
    return t === null ? null : checked(t);
  };
}

function endOf(unit: string): ScalarFunction["call"] {
  return (args) => {
    const v = asDateTime(args[0]);
    const offset = args.length > 1 ? asInteger(args[1]) : 0;
    if (v === null || offset === null) return null;
    const next = START_OF[unit](v, offset + 1);
    return next === null ? (unit === "year" && civilOf(v).year + offset === 9999 ? checked(MAX_DATETIME_TICKS) : null) : checked(next - 1n);
  };
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Splits a .NET-style custom format into runs of one repeated letter and literal text. */
function formatTokens(format: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      tokens.push(format.slice(i, j));
      i = j;
    } else if (c === "\\" && i + 1 < format.length) {
      tokens.push(`'${format[i + 1]}`);
      i += 2;
    } else {
      tokens.push(`'${c}`);
      i++;
    }
  }
  return tokens;
}

function fractionDigits(fraction: number, count: number, trim: boolean): string {
  const digits = String(fraction).padStart(7, "0").slice(0, Math.min(count, 7));
  return trim ? digits.replace(/0+$/, "") : digits;
}

function appendFraction(out: string, digits: string, trimmed: boolean): string {
  // An all-zero `F` fraction disappears together with the separator before it, as in .NET.
  if (trimmed && digits === "" && out.endsWith(".")) return out.slice(0, -1);
  return out + digits;
}

function formatDateTimeCustom(v: KDateTime, format: string): string {
  const c = civilOf(v);
  let out = "";
  for (const tok of formatTokens(format)) {
    if (tok.startsWith("'")) {
      out += tok.slice(1);
      continue;
    }
    const n = tok.length;
    switch (tok[0]) {
      case "y":
        out += n <= 2 ? String(c.year % 100).padStart(n, "0") : String(c.year).padStart(n, "0");
        break;
      case "M":
        out += n === 1 ? String(c.month) : n === 2 ? String(c.month).padStart(2, "0") : n === 3 ? MONTH_NAMES[c.month - 1].slice(0, 3) : MONTH_NAMES[c.month - 1];
        break;
      case "d":
        if (n <= 2) out += String(c.day).padStart(n, "0");
        else out += n === 3 ? DAY_NAMES[dayOfWeekIndex(v.ticks)].slice(0, 3) : DAY_NAMES[dayOfWeekIndex(v.ticks)];
        break;
      case "H":
        out += String(c.hour).padStart(Math.min(n, 2), "0");
        break;
      case "h":
        out += String(c.hour % 12 === 0 ? 12 : c.hour % 12).padStart(Math.min(n, 2), "0");
        break;
      case "m":
        out += String(c.minute).padStart(Math.min(n, 2), "0");
        break;
      case "s":
        out += String(c.second).padStart(Math.min(n, 2), "0");
        break;
      case "f":
        out += fractionDigits(c.fraction, n, false);
        break;
      case "F":
        out = appendFraction(out, fractionDigits(c.fraction, n, true), true);
        break;
      case "t":
        out += (c.hour < 12 ? "AM" : "PM").slice(0, n === 1 ? 1 : 2);
        break;
      default:
        out += tok;
    }
  }
  return out;
}

function formatTimespanCustom(v: KTimespan, format: string): string {
  const negative = v.ticks < 0n;
  let t = negative ? -v.ticks : v.ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const hours = Number(t / TICKS_PER_HOUR);
  const minutes = Number((t % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const seconds = Number((t % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const fraction = Number(t % TICKS_PER_SECOND);
  let out = negative ? "-" : "";
  for (const tok of formatTokens(format)) {
    if (tok.startsWith("'")) {
      out += tok.slice(1);
      continue;
    }
    const n = tok.length;
    switch (tok[0]) {
      case "d":
        out += days.toString().padStart(n, "0");
        break;
      case "h":
      case "H":
        out += String(hours).padStart(Math.min(n, 2), "0");
        break;
      case "m":
        out += String(minutes).padStart(Math.min(n, 2), "0");
        break;
      case "s":
        out += String(seconds).padStart(Math.min(n, 2), "0");
        break;
      case "f":
        out += fractionDigits(fraction, n, false);
        break;
      case "F":
        out = appendFraction(out, fractionDigits(fraction, n, true), true);
        break;
      default:
        out += tok;
    }
  }
  return out;
}

function makeDateTime(args: readonly Value[]): Value {
  const nums = args.map(asNumber);
  if (nums.some((n) => n === null)) return null;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = nums as number[];
  const whole = Math.floor(sec);
  const fraction = BigInt(Math.round((sec - whole) * 1e7));
  if (![y, mo, d, h, mi].every(Number.isInteger)) return null;
  const ticks = makeDateTimeTicks(y, mo, d, h, mi, whole, fraction);
  return ticks === null ? null : checked(ticks);
}

function makeTimespan(args: readonly Value[]): Value {
  const nums = args.map(asNumber);
  if (nums.some((n) => n === null)) return null;
  const [d, h, m, s] = args.length === 4 ? (nums as number[]) : [0, ...(nums as number[]), 0].slice(0, 4);
  const seconds = args.length === 2 ? 0 : s;
  const whole = Math.trunc(seconds);
  const ticks =
    BigInt(Math.trunc(d)) * TICKS_PER_DAY +
    BigInt(Math.trunc(h)) * TICKS_PER_HOUR +
    BigInt(Math.trunc(m)) * TICKS_PER_MINUTE +
    BigInt(whole) * TICKS_PER_SECOND +
    BigInt(Math.round((seconds - whole) * 1e7));
  return timespan(ticks);
}

function unixToDateTime(ticksPerUnit: number): ScalarFunction["call"] {
  return ([v]) => {
    const n = asNumber(v);
    if (n === null || !Number.isFinite(n)) return null;
    const ticks = ticksPerUnit >= 1 ? BigInt(Math.round(n * ticksPerUnit)) : BigInt(Math.trunc(n)) / BigInt(1 / ticksPerUnit);
    return checked(UNIX_EPOCH_TICKS + ticks);
  };
}

/** `bin(value, roundTo)`: floors numbers, timespans and datetimes (from 0001-01-01) to a multiple. */
export function binValue(value: Value, roundTo: Value, at: Value = null): Value {
  if (value === null || roundTo === null) return null;
  if (isDateTime(value) || isTimespan(value)) {
    const size = isTimespan(roundTo) ? roundTo.ticks : null;
    if (size === null || size <= 0n) return null;
    const origin = at === null ? 0n : isDateTime(at) || isTimespan(at) ? at.ticks : null;
    if (origin === null) return null;
    const ticks = floorDiv(value.ticks - origin, size) * size + origin;
    return isDateTime(value) ? checked(ticks) : timespan(ticks);
  }
  const x = asNumber(value);
  const size = asNumber(roundTo);
  const origin = at === null ? 0 : asNumber(at);
  if (x === null || size === null || origin === null || !(size > 0)) return null;
  return Math.floor((x - origin) / size) * size + origin;
}

function localParts(ms: number, zone: string): number {
  const f = zoneFormatter(zone);
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new FunctionError("datetime_utc_to_local", `unknown time zone '${zone}'`);
    }
    formatters.set(zone, f);
  }
  return f;
}

function utcToLocal(v: KDateTime, zone: string): KDateTime | null {
  const ms = Number((v.ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MILLISECOND);
  return checked(v.ticks + BigInt(localParts(ms, zone)) * TICKS_PER_MILLISECOND);
}

function localToUtc(v: KDateTime, zone: string): KDateTime | null {
  const localMs = Number((v.ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MILLISECOND);
  let offset = localParts(localMs, zone);
  offset = localParts(localMs - offset, zone);
  return checked(v.ticks - BigInt(offset) * TICKS_PER_MILLISECOND);
}

const dt1 = (f: (v: KDateTime) => Value): ScalarFunction["call"] => ([a]) => {
  const v = asDateTime(a);
  return v === null ? null : f(v);
};

function binType(argTypes: readonly KqlType[]): KqlType {
  return argTypes[0] ?? "real";
}

export const DATETIME_FUNCTIONS: readonly ScalarFunction[] = [
  fn("now", 0, 1, "datetime", (args, ctx) => {
    const offset = args.length > 0 ? asTimespan(args[0]) : null;
    return checked(ctx.now.ticks + (offset?.ticks ?? 0n));
  }),
  fn("ago", 1, 1, "datetime", ([a], ctx) => {
    const span = asTimespan(a);
    return span === null ? null : checked(ctx.now.ticks - span.ticks);
  }),
  fn("datetime_add", 3, 3, "datetime", ([p, amount, d]) => {
    const v = asDateTime(d);
    const n = asInteger(amount);
    return v === null || n === null ? null : datetimeAdd(period(p, "datetime_add"), n, v);
  }),
  fn("datetime_diff", 3, 3, "long", ([p, a, b]) => {
    const x = asDateTime(a);
    const y = asDateTime(b);
    return x === null || y === null ? null : datetimeDiff(period(p, "datetime_diff"), x, y);
  }),
  ...["datetime_part", "datepart"].map((name) =>
    fn(name, 2, 2, "int", ([p, d]) => {
      const reader = PART_READERS[asString(p).toLowerCase()];
      if (reader === undefined) throw new FunctionError(name, `unknown part '${asString(p)}'`);
      const v = asDateTime(d);
      return v === null ? null : reader(v);
    }),
  ),
  ...Object.keys(START_OF).flatMap((unit) => [
    fn(`startof${unit}`, 1, 2, "datetime", startOf(unit)),
    fn(`endof${unit}`, 1, 2, "datetime", endOf(unit)),
  ]),
  fn("dayofweek", 1, 1, "timespan", dt1((v) => timespan(BigInt(dayOfWeekIndex(v.ticks)) * TICKS_PER_DAY))),
  fn("dayofmonth", 1, 1, "int", dt1((v) => civilOf(v).day)),
  fn("dayofyear", 1, 1, "int", dt1(dayOfYear)),
  fn("hourofday", 1, 1, "int", dt1((v) => civilOf(v).hour)),
  fn("getmonth", 1, 1, "int", dt1((v) => civilOf(v).month)),
  fn("monthofyear", 1, 1, "int", dt1((v) => civilOf(v).month)),
  fn("getyear", 1, 1, "int", dt1((v) => civilOf(v).year)),
  fn("weekofyear", 1, 1, "int", dt1(isoWeek)),
  fn("week_of_year", 1, 1, "int", dt1(isoWeek)),
  fn("format_datetime", 2, 2, "string", ([d, f]) => {
    const v = asDateTime(d);
    return v === null ? "" : formatDateTimeCustom(v, asString(f));
  }),
  fn("format_timespan", 2, 2, "string", ([t, f]) => {
    const v = asTimespan(t);
    return v === null ? "" : formatTimespanCustom(v, asString(f));
  }),
  fn("make_datetime", 3, 6, "datetime", makeDateTime),
  fn("make_timespan", 2, 4, "timespan", makeTimespan),
  fn("unixtime_seconds_todatetime", 1, 1, "datetime", unixToDateTime(1e7)),
  fn("unixtime_milliseconds_todatetime", 1, 1, "datetime", unixToDateTime(1e4)),
  fn("unixtime_microseconds_todatetime", 1, 1, "datetime", unixToDateTime(10)),
  fn("unixtime_nanoseconds_todatetime", 1, 1, "datetime", unixToDateTime(0.01)),
  fn("datetime_utc_to_local", 2, 2, "datetime", ([d, z]) => {
    const v = asDateTime(d);
    return v === null ? null : utcToLocal(v, asString(z));
  }),
  fn("datetime_local_to_utc", 2, 2, "datetime", ([d, z]) => {
    const v = asDateTime(d);
    return v === null ? null : localToUtc(v, asString(z));
  }),
  fn("bin", 2, 2, binType, ([v, r]) => binValue(v, r)),
  fn("floor", 2, 2, binType, ([v, r]) => binValue(v, r)),
  fn("bin_at", 3, 3, sameAs(0, "real"), ([v, r, at]) => binValue(v, r, at)),
];

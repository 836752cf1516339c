/**
 * ISO 8601 durations (`P1D`, `PT1H30M`, `P2W`) and the Log Analytics `timespan` parameter: a
 * duration ending now, or an interval `start/end`, `start/duration`, `duration/end`. Years and
 * months are rejected: their length depends on the calendar and the service's reading of them
 * is not documented.
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from "../engine/values.js";
import { formatInstant, parseInstant } from "../testing/time.js";

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,7})\d*)?S)?)?$/i;

/** `P1D` to ticks; undefined when malformed, empty (`P`, `PT`) or using years/months. */
export function parseIsoDuration(text: string): bigint | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t.length <= 1 || /T$/i.test(t)) return undefined;
  const [, w, d, h, mi, s, frac] = m;
  if ([w, d, h, mi, s].every((x) => x === undefined)) return undefined;
  const n = (x: string | undefined) => BigInt(x ?? "0");
  return (
    n(w) * 7n * TICKS_PER_DAY +
    n(d) * TICKS_PER_DAY +
    n(h) * TICKS_PER_HOUR +
    n(mi) * TICKS_PER_MINUTE +
    n(s) * TICKS_PER_SECOND +
    BigInt((frac ?? "").padEnd(7, "0") || "0")
  );
}

/** Ticks to the shortest ISO 8601 duration: `P14D`, `PT1H`, `PT90M`, `PT0S`. */
export function formatIsoDuration(ticks: bigint): string {
  if (ticks <= 0n) return "PT0S";
  const days = ticks / TICKS_PER_DAY;
  let rest = ticks - days * TICKS_PER_DAY;
  const hours = rest / TICKS_PER_HOUR;
  rest -= hours * TICKS_PER_HOUR;
  const minutes = rest / TICKS_PER_MINUTE;
  rest -= minutes * TICKS_PER_MINUTE;
  const seconds = rest / TICKS_PER_SECOND;
  const fraction = rest - seconds * TICKS_PER_SECOND;
  let time = "";
  if (hours > 0n) time += `${hours}H`;
  if (minutes > 0n) time += `${minutes}M`;
  if (seconds > 0n || fraction > 0n) time += fraction > 0n ? `${seconds}.${fraction.toString().padStart(7, "0").replace(/0+$/, "")}S` : `${seconds}S`;
  return `P${days > 0n ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** A closed time range in ticks. */
export interface TimeRange {
  readonly from: bigint;
  readonly to: bigint;
}

/** The `timespan` parameter to a range, reading `now` for a bare duration; undefined when malformed. */
export function parseTimespan(text: string, now: bigint): TimeRange | undefined {
  const parts = text.trim().split("/");
  if (parts.length === 1) {
    const d = parseIsoDuration(parts[0]);
    return d === undefined ? undefined : { from: now - d, to: now };
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts;
  const startA = parseInstant(a);
  const endB = parseInstant(b);
  let range: TimeRange | undefined;
  if (startA !== undefined && endB !== undefined) range = { from: startA, to: endB };
  else if (startA !== undefined) {
    const d = parseIsoDuration(b);
    if (d !== undefined) range = { from: startA, to: startA + d };
  } else if (endB !== undefined) {
    const d = parseIsoDuration(a);
    if (d !== undefined) range = { from: endB - d, to: endB };
  }
  return range && range.from <= range.to ? range : undefined;
}

/** A range as the interval text the service accepts: `2024-05-01T00:00:00Z/2024-05-02T00:00:00Z`. */
export function formatInterval(range: TimeRange): string {
  return `${formatInstant(range.from)}/${formatInstant(range.to)}`;
}

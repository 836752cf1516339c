/**
 * Instants and durations for the Sentinel simulation, in the evaluator's unit: bigint ticks
 * (100 ns) since 0001-01-01, so windows compare exactly with `datetime` values.
 */
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
} from "../engine/values.js";

const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  s: TICKS_PER_SECOND,
  m: TICKS_PER_MINUTE,
  h: TICKS_PER_HOUR,
  d: TICKS_PER_DAY,
};

/** `5m`, `1h`, `14d` (Sentinel YAML durations; `s` also accepted) to ticks; undefined when malformed. */
export function parseDuration(text: string): bigint | undefined {
  const m = /^(\d+)\s*([smhd])$/i.exec(text.trim());
  if (!m) return undefined;
  return BigInt(m[1]) * DURATION_UNITS[m[2].toLowerCase()];
}

/** A duration in the shortest exact Sentinel form: `90m`, `2h`, `1d`. */
export function formatDuration(ticks: bigint): string {
  for (const [unit, size] of [["d", TICKS_PER_DAY], ["h", TICKS_PER_HOUR], ["m", TICKS_PER_MINUTE]] as const) {
    if (ticks !== 0n && ticks % size === 0n) return `${ticks / size}${unit}`;
  }
  return `${ticks / TICKS_PER_SECOND}s`;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 instant (`2024-05-01T12:00:00Z`, fractional seconds up to 100 ns, an offset, or a
 * date alone) to ticks. No offset means UTC, as in Kusto. Undefined when malformed.
 */
export function parseInstant(value: unknown): bigint | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : UNIX_EPOCH_TICKS + BigInt(ms) * TICKS_PER_MILLISECOND;
  }
  if (typeof value !== "string") return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d)) return undefined; // 2024-02-30 and friends
  let ticks = UNIX_EPOCH_TICKS + BigInt(ms) * TICKS_PER_MILLISECOND + BigInt(frac.padEnd(7, "0") || "0");
  if (zone && zone.toUpperCase() !== "Z") {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offset = (BigInt(zm[2]) * 60n + BigInt(zm[3])) * TICKS_PER_MINUTE;
    ticks += zm[1] === "+" ? -offset : offset;
  }
  return ticks;
}

/** Ticks to `2024-05-01T12:00:00Z` (fraction printed only when non-zero, trailing zeros trimmed). */
export function formatInstant(ticks: bigint): string {
  const sinceEpoch = ticks - UNIX_EPOCH_TICKS;
  let wholeSeconds = sinceEpoch / TICKS_PER_SECOND;
  let fraction = sinceEpoch % TICKS_PER_SECOND;
  if (fraction < 0n) {
    fraction += TICKS_PER_SECOND;
    wholeSeconds -= 1n;
  }
  const iso = new Date(Number(wholeSeconds) * 1000).toISOString().slice(0, 19);
  const frac = fraction === 0n ? "" : `.${fraction.toString().padStart(7, "0").replace(/0+$/, "")}`;
  return `${iso}${frac}Z`;
}

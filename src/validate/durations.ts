/** Durations as rules write them (`5m`, `1h`, `14d`) and as KQL writes timespans (`1.5h`, `100ms`, `1.02:03:04`). */

const MINUTES_PER_UNIT = { m: 1, h: 60, d: 24 * 60 } as const;

/** Minutes in a rule duration such as `5m`, `1h`, `14d`; undefined when it is not a whole number of one unit. */
export function ruleDurationMinutes(text: string): number | undefined {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MINUTES_PER_UNIT[m[2] as keyof typeof MINUTES_PER_UNIT];
}

/** Human form of a number of minutes: `90m`, `2h`, `14d`. */
export function formatMinutes(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

const MS_PER_SUFFIX: Readonly<Record<string, number>> = {
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 0.001, microseconds: 0.001,
  tick: 0.0001, ticks: 0.0001,
};

/**
 * Milliseconds in a KQL timespan literal: the shorthand (`14d`, `1.5h`, `100ms`) or the
 * `timespan(...)` content (`1d`, `1.02:03:04`, `02:00:00`). Undefined when not understood.
 */
export function kqlTimespanMs(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const short = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(t);
  if (short) {
    const unit = MS_PER_SUFFIX[short[2]];
    return unit === undefined ? undefined : Number(short[1]) * unit;
  }
  const clock = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(t);
  if (clock) {
    const [, days = "0", h, m, s = "0"] = clock;
    return ((Number(days) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * MS_PER_SUFFIX.d;
  return undefined;
}

/** Rule durations: Sentinel YAML form (`5m`, `1h`, `14d`) and ARM's ISO 8601 form (`PT5M`, `PT1H`, `P14D`). */

const SENTINEL = /^(\d+)([mhd])$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const MINUTES = { m: 1, h: 60, d: 1440 } as const;

/** Minutes in a Sentinel or ISO duration; null when it is neither. */
export function durationMinutes(text: string): number | null {
  const s = SENTINEL.exec(text);
  if (s) return Number(s[1]) * MINUTES[s[2] as keyof typeof MINUTES];
  const i = ISO.exec(text);
  if (i && text !== "P" && text !== "PT" && !text.endsWith("T")) {
    return Number(i[1] ?? 0) * 1440 + Number(i[2] ?? 0) * 60 + Number(i[3] ?? 0) + Number(i[4] ?? 0) / 60;
  }
  return null;
}

/** `5m` -> `PT5M`, `1h` -> `PT1H`, `14d` -> `P14D` (days never as `PT..D`, which the service rejects). */
export function toIsoDuration(text: string): string {
  const s = SENTINEL.exec(text);
  if (!s) throw new Error(`not a Sentinel duration: ${JSON.stringify(text)} (expected e.g. 5m, 1h, 14d)`);
  const n = String(Number(s[1]));
  return s[2] === "d" ? `P${n}D` : `PT${n}${s[2].toUpperCase()}`;
}

/**
 * Why a case saw fewer rows than its fixtures hold: rows outside the lookback window of every
 * run, counted per table, so a failure can say "1 row of AuditLogs outside the run window
 * (11:00, 12:00]" instead of leaving the author to work out the window.
 */
import type { TypedTable } from "./inputs.js";
import type { RuleTiming } from "./rule.js";
import { formatDuration, formatInstant } from "./time.js";

/** Hint lines (empty when every row is inside some run's window). `runs` ascending. */
export function windowHints(inputs: readonly TypedTable[], runs: readonly bigint[], timing: RuleTiming): string[] {
  if (runs.length === 0) return [];
  const hints: string[] = [];
  const where =
    runs.length === 1
      ? `the run window (${formatInstant(runs[0] - timing.period)}, ${formatInstant(runs[0])}]`
      : `every run's window (${runs.length} runs from ${formatInstant(runs[0])} to ${formatInstant(runs[runs.length - 1])})`;
  const reads = timing.kind === "NRT" ? "NRT rules read the last minute" : `lookback ${formatDuration(timing.period)}`;
  const seen = new Set<string>();
  for (const table of inputs) {
    if (table.timeIndex < 0 || seen.has(table.name)) continue;
    seen.add(table.name);
    const { outside, untimed } = countOutside(table, runs, timing.period);
    if (outside > 0) hints.push(`${rowsOf(outside, table.name)} outside ${where} (${reads})`);
    if (untimed > 0) hints.push(`${rowsOf(untimed, table.name)} without TimeGenerated (never in a run window)`);
  }
  return hints;
}

function rowsOf(n: number, table: string): string {
  return `${n} row${n === 1 ? "" : "s"} of ${table}`;
}

function countOutside(table: TypedTable, runs: readonly bigint[], period: bigint): { outside: number; untimed: number } {
  let outside = 0;
  let untimed = 0;
  for (const row of table.rows) {
    const t = row[table.timeIndex];
    if (t === null || typeof t !== "object" || t.t !== "datetime") {
      untimed++;
      continue;
    }
    // Of the runs at or after t, the first reaches back furthest: if its window misses t, all do.
    const at = firstAtOrAfter(runs, t.ticks);
    if (at === undefined || at - period >= t.ticks) outside++;
  }
  return { outside, untimed };
}

function firstAtOrAfter(runs: readonly bigint[], t: bigint): bigint | undefined {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return runs[lo];
}

/**
 * `kustodian backtest`: how often a rule would have fired on real data. The rule's scheduled
 * runs over the period (a run every queryFrequency, each reading the queryPeriod before it) are
 * sent as few queries as possible: one query defines the detection as a function of its
 * window, each stored table it reads limited to the window on TimeGenerated and the clock
 * pinned to the run's time, and unions one call per run (`--runs-per-query` per request).
 * Each call counts the rows the rule returned; trigger, event grouping and suppression are
 * then applied here exactly as the test runner simulates Sentinel.
 */
import type { CompiledDetection } from "../dsl/model.js";
import { isDateTime, TICKS_PER_DAY, type Value } from "../engine/values.js";
import { type Expr, NO_SPAN, parse, print, quoteIdentifier } from "../kql/index.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { MAX_ALERTS_PER_RUN, MAX_ALERTS_PER_RUN_NRT } from "../testing/alerts.js";
import { ruleTiming, triggerFires } from "../testing/rule.js";
import { formatInstant } from "../testing/time.js";
import { formatDateTime } from "../engine/format.js";
import { datetime } from "../engine/values.js";
import { formatInterval } from "./iso8601.js";
import { pinClock, tablesRead } from "./kql-build.js";

const P = "__kustodian_";
const FROM = `${P}from`;
const TO = `${P}to`;
const RUN = `${P}run`;

export interface BacktestPlan {
  readonly runs: readonly bigint[];
  readonly period: bigint;
  readonly frequency: bigint;
  /** One service query per chunk of runs. */
  readonly queries: readonly { readonly text: string; readonly timespan: string; readonly runs: readonly bigint[] }[];
  readonly tables: readonly string[];
}

/** Run instants: every `frequency` ending at `end` (aligned down to the frequency), over `days`. */
export function scheduleRuns(end: bigint, days: number, frequency: bigint): bigint[] {
  const last = end - (end % frequency);
  const first = last - BigInt(days) * TICKS_PER_DAY;
  const runs: bigint[] = [];
  for (let t = last; t > first; t -= frequency) runs.push(t);
  return runs.reverse();
}

export function planBacktest(detection: CompiledDetection, schemas: SchemaRegistry, end: bigint, days: number, runsPerQuery: number): BacktestPlan {
  const timing = ruleTiming(detection.spec);
  const parsed = parse(detection.kql);
  if (parsed.diagnostics.length > 0) throw new Error(`the compiled query does not parse: ${parsed.diagnostics[0].message}`);
  const clock: Expr = { kind: "NameRef", span: NO_SPAN, name: TO };
  const pinned = pinClock(parsed.script, clock);
  const tables = tablesRead(pinned, (n) => schemas.get(n)?.name);
  const statements = pinned.statements;
  const last = statements[statements.length - 1];
  if (last?.kind !== "QueryStatement") throw new Error("the compiled query does not end with a query expression");
  const body = [
    ...tables.map((t) => `let ${quoteIdentifier(t)} = ${quoteIdentifier(P + t)} | where TimeGenerated > ${FROM} and TimeGenerated <= ${TO};`),
    ...statements.slice(0, -1).map((s) => print(s)),
    `${print(last.expr)}\n| summarize Rows = count()\n| extend RunTime = ${TO}`,
  ].join("\n");
  const header = [
    // `| where true`: the evaluator reads a bare `let x = Table;` as a scalar binding.
    ...tables.map((t) => `let ${quoteIdentifier(P + t)} = ${quoteIdentifier(t)} | where true;`),
    `let ${RUN} = (${FROM}:datetime, ${TO}:datetime) {\n${body}\n};`,
  ].join("\n");
  const runs = scheduleRuns(end, days, timing.frequency);
  const queries = [];
  for (let i = 0; i < runs.length; i += runsPerQuery) {
    const chunk = runs.slice(i, i + runsPerQuery);
    const legs = chunk.map((t) => `${RUN}(${literal(t - timing.period)}, ${literal(t)})`);
    queries.push({
      text: `${header}\nunion\n${legs.map((l) => `    ${l}`).join(",\n")}\n| project RunTime, Rows`,
      timespan: formatInterval({ from: chunk[0] - timing.period, to: chunk[chunk.length - 1] }),
      runs: chunk,
    });
  }
  return { runs, period: timing.period, frequency: timing.frequency, queries, tables };
}

function literal(ticks: bigint): string {
  return `datetime(${formatDateTime(datetime(ticks))})`;
}

export interface BacktestRun {
  readonly at: string;
  readonly rows: number;
  readonly fired: boolean;
  readonly suppressed: boolean;
  readonly alerts: number;
}

export interface BacktestDay {
  readonly day: string;
  readonly runs: number;
  readonly fired: number;
  readonly alerts: number;
  readonly rows: number;
}

/** Rows per run (from the service) to alerts per run and per day, with trigger, grouping and suppression. */
export function simulateAlerts(detection: CompiledDetection, runs: readonly bigint[], rowsAt: ReadonlyMap<bigint, number>): { runs: BacktestRun[]; days: BacktestDay[] } {
  const spec = detection.spec;
  const timing = ruleTiming(spec);
  const cap = spec.kind === "NRT" ? MAX_ALERTS_PER_RUN_NRT : MAX_ALERTS_PER_RUN;
  const out: BacktestRun[] = [];
  let suppressedUntil: bigint | null = null;
  for (const at of runs) {
    const rows = rowsAt.get(at) ?? 0;
    if (suppressedUntil !== null && at < suppressedUntil) {
      out.push({ at: formatInstant(at), rows, fired: false, suppressed: true, alerts: 0 });
      continue;
    }
    const fired = triggerFires(spec, rows);
    const alerts = !fired ? 0 : spec.eventGrouping === "AlertPerResult" && rows > 0 ? Math.min(rows, cap) : 1;
    if (fired && timing.suppression > 0n) suppressedUntil = at + timing.suppression;
    out.push({ at: formatInstant(at), rows, fired, suppressed: false, alerts });
  }
  const days = new Map<string, { runs: number; fired: number; alerts: number; rows: number }>();
  for (const r of out) {
    const day = r.at.slice(0, 10);
    const d = days.get(day) ?? { runs: 0, fired: 0, alerts: 0, rows: 0 };
    d.runs++;
    if (r.fired) d.fired++;
    d.alerts += r.alerts;
    d.rows += r.rows;
    days.set(day, d);
  }
  return { runs: out, days: [...days.entries()].map(([day, d]) => ({ day, ...d })) };
}

/** `RunTime`/`Rows` rows of the service's answer, keyed by run instant in ticks. */
export function rowsByRun(columns: readonly { readonly name: string }[], rows: readonly (readonly Value[])[]): Map<bigint, number> {
  const ti = columns.findIndex((c) => c.name === "RunTime");
  const ri = columns.findIndex((c) => c.name === "Rows");
  const out = new Map<bigint, number>();
  if (ti < 0 || ri < 0) return out;
  for (const row of rows) {
    const t = row[ti];
    if (isDateTime(t)) out.set(t.ticks, Number(row[ri] ?? 0));
  }
  return out;
}

/** The per-day table and a horizontal bar chart of alerts per day. */
export function renderBacktest(detection: CompiledDetection, days: readonly BacktestDay[], totals: { runs: number; queries: number; days: number }, width = 40): string {
  const max = Math.max(0, ...days.map((d) => d.alerts));
  const header = ["day", "runs", "fired", "alerts", "rows"];
  const body = days.map((d) => [d.day, String(d.runs), String(d.fired), String(d.alerts), String(d.rows)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const total = days.reduce((a, d) => a + d.alerts, 0);
  const firedRuns = days.reduce((a, d) => a + d.fired, 0);
  const out = [
    `backtest: ${detection.slug}: ${totals.runs} scheduled runs in ${totals.queries} service ${totals.queries === 1 ? "query" : "queries"}`,
    "",
    line(header),
    ...body.map(line),
    "",
    "alerts per day",
    ...days.map((d) => {
      const bar = max === 0 ? "" : "█".repeat(Math.round((d.alerts / max) * width));
      return `${d.day} │${bar}${bar ? " " : ""}${d.alerts}`;
    }),
    "",
    `${total} alert${total === 1 ? "" : "s"} from ${firedRuns} of ${totals.runs} runs (${(total / Math.max(1, totals.days)).toFixed(1)} per day over ${totals.days} day${totals.days === 1 ? "" : "s"})`,
  ];
  return `${out.join("\n")}\n`;
}

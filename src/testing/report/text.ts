/**
 * The human report: one line per detection, failures under it with their diffs, then the
 * backtest timelines (`--replay`), surviving mutants with their KQL diff (`--mutations`) and
 * the totals.
 */
import { formatRef as formatRawRef, type SourceRef } from "../source.js";
import { escapeControl as esc, escapeLines } from "./escape.js";
import type { CaseResult, RunSummary } from "../runner.js";
import type { DetectionResult, TestReport } from "../suite.js";

export interface TextOptions {
  readonly color: boolean;
  /** Print every case, not only failures. */
  readonly verbose?: boolean;
  /** Milliseconds the run took, for the closing line (terminal only). */
  readonly elapsedMs?: number;
}

type Paint = (text: string, style: "red" | "green" | "yellow" | "gray" | "bold" | "dim") => string;

const CODES = { red: 31, green: 32, yellow: 33, gray: 90, bold: 1, dim: 2 } as const;

export function detectionLine(result: DetectionResult, paint: Paint): string {
  const failedCases = result.cases.filter((c) => c.status === "failed").length;
  const mark = result.status === "passed" ? paint("PASS", "green") : paint("FAIL", "red");
  const counts =
    failedCases > 0
      ? `${failedCases} of ${result.cases.length} case${result.cases.length === 1 ? "" : "s"} failed`
      : `${result.cases.length} case${result.cases.length === 1 ? "" : "s"}`;
  const m = result.mutation;
  const mutation =
    m === undefined ? "" : m.skipped ? paint(`  mutation skipped: ${m.skipped}`, "gray") : `  mutation ${m.killed}/${m.killed + m.survived}${m.score === null ? "" : ` (${m.score}%)`}`;
  return `${mark}  ${esc(result.slug)}  ${paint(counts, "gray")}${mutation}`;
}

export function renderText(report: TestReport, options: TextOptions): string {
  const paint: Paint = (text, style) => (options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (const result of report.detections) {
    out.push(detectionLine(result, paint));
    for (const problem of result.problems) {
      out.push(`      ${paint("✗", "red")} ${problem.at ? `${formatRef(problem.at)}: ` : ""}${esc(problem.message)}`);
    }
    for (const c of result.cases) {
      if (c.status === "passed" && !options.verbose) continue;
      out.push(...renderCase(c, paint));
    }
  }
  const backtests = report.detections.flatMap((d) => d.cases.filter((c) => c.backtest).map((c) => ({ d, c })));
  if (backtests.length > 0) {
    out.push("", paint("Backtest (rule run every queryFrequency across each case's fixture time range):", "bold"));
    for (const { d, c } of backtests) out.push(...renderTimeline(`${esc(d.slug)} / ${esc(c.name)}`, c.backtest ?? [], paint));
  }
  const replays = report.detections.flatMap((d) => d.cases.filter((c) => c.runs.length > 1).map((c) => ({ d, c })));
  if (replays.length > 0) {
    out.push("", paint("Replay cases (alerts per scheduled run):", "bold"));
    for (const { d, c } of replays) out.push(...renderTimeline(`${esc(d.slug)} / ${esc(c.name)}`, c.runs, paint));
  }
  const survivors = report.detections.filter((d) => d.mutation && d.mutation.survived > 0);
  if (survivors.length > 0) {
    out.push("", paint("Surviving mutants (no case noticed the change):", "bold"));
    for (const d of survivors) {
      out.push(`  ${esc(d.slug)} (${esc(d.file)})`);
      for (const m of d.mutation?.mutants ?? []) {
        if (m.status !== "survived") continue;
        out.push(`    ${paint("survived", "yellow")} ${esc(m.mutator)}: ${esc(m.label)}`);
        out.push(...escapeLines(m.diff ?? "").map((l) => `        ${colorDiffLine(l, paint)}`));
      }
    }
  }
  out.push("", summaryLine(report, options));
  return `${out.join("\n")}\n`;
}

function renderCase(c: CaseResult, paint: Paint): string[] {
  const lines: string[] = [];
  const mark = c.status === "passed" ? paint("✓", "green") : paint("✗", "red");
  lines.push(`      ${mark} ${esc(c.name)}  ${paint(formatRef(c.origin), "gray")}`);
  for (const f of c.failures) {
    lines.push(`          ${esc(f.message)}`);
    if (f.at && formatRawRef(f.at) !== formatRawRef(c.origin)) lines.push(paint(`          at ${formatRef(f.at)}`, "gray"));
    if (f.detail) lines.push(...escapeLines(f.detail).map((l) => `        ${l}`));
  }
  return lines;
}

/** A file position, escaped (file names are user text too). */
function formatRef(at: SourceRef): string {
  return esc(formatRawRef(at));
}

function renderTimeline(title: string, runs: readonly RunSummary[], paint: Paint): string[] {
  const lines = [`  ${title}`];
  if (runs.length === 0) lines.push(paint("    (no TimeGenerated in the fixtures: nothing to replay)", "gray"));
  for (const r of runs) {
    const what = r.status === "suppressed" ? paint("suppressed", "gray") : `rows ${r.rows}  alerts ${r.alerts}`;
    lines.push(`    ${r.at}  ${r.alerts > 0 ? paint(what, "yellow") : what}`);
  }
  const alerts = runs.reduce((n, r) => n + r.alerts, 0);
  lines.push(paint(`    ${runs.length} run${runs.length === 1 ? "" : "s"}, ${alerts} alert${alerts === 1 ? "" : "s"}`, "gray"));
  return lines;
}

function colorDiffLine(line: string, paint: Paint): string {
  if (line.startsWith("-")) return paint(line, "red");
  if (line.startsWith("+")) return paint(line, "green");
  return line;
}

export function summaryLine(report: TestReport, options: { readonly elapsedMs?: number } = {}): string {
  const t = report.totals;
  const parts = [
    `${t.detections} detection${t.detections === 1 ? "" : "s"} (${t.detectionsFailed} failed)`,
    `cases: ${t.passed} passed, ${t.failed} failed`,
  ];
  if (report.mutation) {
    const m = report.mutation;
    parts.push(`mutation score ${m.score === null ? "n/a" : `${m.score}%`} (${m.killed} killed, ${m.survived} survived${m.errored ? `, ${m.errored} errored` : ""})`);
  }
  if (options.elapsedMs !== undefined) parts.push(`${(options.elapsedMs / 1000).toFixed(2)}s`);
  return parts.join("; ");
}

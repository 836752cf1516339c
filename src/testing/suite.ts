/**
 * `runDetectionTests`: every case of every selected detection, the minimum-case rule
 * (`tests.minAlerting` / `tests.minQuiet`), and optionally the backtest and mutation testing.
 * Returns a plain report; printing it is the reporters' job.
 */
import type { CompiledDetection } from "../dsl/model.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { loadCases, shownPath } from "./cases.js";
import { type Engine, loadEngine } from "./engine.js";
import type { Failure } from "./expect.js";
import { type MutationResult, runMutations, scoreOf } from "./mutation/run.js";
import { ruleTiming } from "./rule.js";
import { type CaseResult, type PreparedCase, runCase, type TestContext } from "./runner.js";
import type { TypedTable } from "./inputs.js";

export interface TestOptions {
  /** Absolute path of the fixtures folder. */
  readonly fixturesDir: string;
  readonly schemas: SchemaRegistry;
  readonly cwd?: string;
  /** Minimum number of must-alert / must-stay-quiet cases per detection (default 1 each). */
  readonly minAlerting?: number;
  readonly minQuiet?: number;
  /** Slugs, ids or globs (over slug and file path); a detection matching any is tested. */
  readonly filter?: readonly string[];
  /** Also backtest each case over its fixture time range (`--replay`). */
  readonly replay?: boolean;
  /** Also run mutation testing (`--mutations`). */
  readonly mutations?: boolean;
  /** Called after each detection (progress indicators). */
  readonly onDetection?: (result: DetectionResult, done: number, total: number) => void;
  /** The evaluator; loaded lazily when absent. */
  readonly engine?: Engine;
}

export interface DetectionResult {
  readonly slug: string;
  readonly id: string;
  readonly name: string;
  /** The detection file, as shown in messages. */
  readonly file: string;
  readonly status: "passed" | "failed";
  readonly cases: readonly CaseResult[];
  /** Detection-level problems: unreadable case files, too few alerting or quiet cases. */
  readonly problems: readonly Failure[];
  readonly mutation?: MutationResult & { readonly skipped?: string };
}

export interface TestTotals {
  readonly detections: number;
  readonly detectionsFailed: number;
  readonly cases: number;
  readonly passed: number;
  readonly failed: number;
}

export interface TestReport {
  readonly ok: boolean;
  readonly detections: readonly DetectionResult[];
  readonly totals: TestTotals;
  readonly mutation?: { readonly killed: number; readonly survived: number; readonly errored: number; readonly score: number | null };
  /**
   * Milliseconds per phase (not in machine-readable reports: it varies run to run): reading
   * cases and fixtures, evaluating queries and checking alerts, mutation testing.
   */
  readonly phases: { readonly prepare: number; readonly evaluate: number; readonly mutate: number };
}

export async function runDetectionTests(detections: readonly CompiledDetection[], options: TestOptions): Promise<TestReport> {
  const engine = options.engine ?? (await loadEngine());
  const ctx: TestContext = { fixturesDir: options.fixturesDir, schemas: options.schemas, cwd: options.cwd, cache: new Map<string, TypedTable>() };
  const selected = selectDetections(detections, options.filter ?? [], options.cwd);
  const phases = { prepare: 0, evaluate: 0, mutate: 0 };
  const results: DetectionResult[] = [];
  for (const detection of selected) {
    const result = testDetection(engine, detection, ctx, options, phases);
    results.push(result);
    options.onDetection?.(result, results.length, selected.length);
  }
  return buildReport(results, phases);
}

function testDetection(
  engine: Engine,
  detection: CompiledDetection,
  ctx: TestContext,
  options: TestOptions,
  phases: { prepare: number; evaluate: number; mutate: number },
): DetectionResult {
  const file = shownPath(detection.file, options.cwd);
  const head = { slug: detection.slug, id: detection.spec.id, name: detection.spec.name, file };
  const problems: Failure[] = [];
  let t = performance.now();
  // A bad case (file) is reported on its own; the detection's other cases still run.
  const { cases: loaded, problems: caseProblems } = loadCases(detection, ctx.fixturesDir, options.cwd);
  for (const d of caseProblems) problems.push({ message: d.message, at: { file: d.file ?? file, line: d.line, column: d.column } });
  phases.prepare += performance.now() - t;
  const cases: CaseResult[] = [];
  const prepared: PreparedCase[] = [];
  for (const c of loaded) {
    const run = runCase(engine, detection, c, ctx, { backtest: options.replay, timing: phases });
    cases.push(run.result);
    if (run.prepared) prepared.push(run.prepared);
  }
  // Counting cases while some fail to load would blame the detection for them: the minimum is
  // checked once every case loads.
  if (caseProblems.length === 0) problems.push(...minimumCaseProblems(cases, file, options));
  const passed = problems.length === 0 && cases.every((c) => c.status === "passed");
  let mutation: DetectionResult["mutation"];
  if (options.mutations) {
    t = performance.now();
    if (!passed) mutation = { ...emptyMutation(), skipped: "cases fail on the unmutated query" };
    else if (prepared.length === 0) mutation = { ...emptyMutation(), skipped: "no cases" };
    else mutation = runMutations(engine, detection.ast, detection.kql, prepared, ctx.schemas, ruleTiming(detection.spec).period);
    phases.mutate += performance.now() - t;
  }
  return { ...head, status: passed ? "passed" : "failed", cases, problems, ...(mutation ? { mutation } : {}) };
}

function emptyMutation(): MutationResult {
  return { total: 0, killed: 0, survived: 0, errored: 0, score: null, mutants: [] };
}

function minimumCaseProblems(cases: readonly CaseResult[], file: string, options: TestOptions): Failure[] {
  const minAlerting = options.minAlerting ?? 1;
  const minQuiet = options.minQuiet ?? 1;
  const alerting = cases.filter((c) => c.kind === "alerting").length;
  const quiet = cases.filter((c) => c.kind === "quiet").length;
  const out: Failure[] = [];
  if (alerting < minAlerting) {
    out.push({ message: `needs at least ${minAlerting} alerting case${minAlerting === 1 ? "" : "s"} (alerts: 1 or ">0"), has ${alerting}`, at: { file } });
  }
  if (quiet < minQuiet) {
    out.push({ message: `needs at least ${minQuiet} quiet case${minQuiet === 1 ? "" : "s"} (alerts: 0), has ${quiet}`, at: { file } });
  }
  return out;
}

export function buildReport(results: readonly DetectionResult[], phases: TestReport["phases"]): TestReport {
  const cases = results.flatMap((r) => r.cases);
  const failedCases = cases.filter((c) => c.status === "failed").length;
  const detectionsFailed = results.filter((r) => r.status === "failed").length;
  const withMutation = results.filter((r) => r.mutation);
  const killed = withMutation.reduce((n, r) => n + (r.mutation?.killed ?? 0), 0);
  const survived = withMutation.reduce((n, r) => n + (r.mutation?.survived ?? 0), 0);
  const errored = withMutation.reduce((n, r) => n + (r.mutation?.errored ?? 0), 0);
  return {
    ok: detectionsFailed === 0,
    detections: results,
    totals: { detections: results.length, detectionsFailed, cases: cases.length, passed: cases.length - failedCases, failed: failedCases },
    ...(withMutation.length > 0 ? { mutation: { killed, survived, errored, score: scoreOf(killed, survived) } } : {}),
    phases,
  };
}

/** Detections matching any of the patterns (slug, id, or a glob over slug and file path). */
export function selectDetections(
  detections: readonly CompiledDetection[],
  patterns: readonly string[],
  cwd?: string,
): CompiledDetection[] {
  const wanted = patterns.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p !== "");
  if (wanted.length === 0) return [...detections];
  const matchers = wanted.map(globMatcher);
  return detections.filter((d) => {
    const file = shownPath(d.file, cwd);
    return wanted.some((p, i) => p === d.slug || p.toLowerCase() === d.spec.id.toLowerCase() || matchers[i](d.slug) || matchers[i](file));
  });
}

function globMatcher(pattern: string): (text: string) => boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  const regex = new RegExp(`^${re}$`);
  return (text) => regex.test(text);
}

/**
 * `kustodian test --live`: every detection test case run on the real engine and on the local
 * evaluator, and the two results compared. Each scheduled run of a case becomes one query:
 * its windowed fixture rows inline as `let Table = datatable(...)[...];` statements that
 * shadow the workspace's tables (tables the query reads but the case leaves out are shadowed
 * empty, so no workspace data leaks in), the clock pinned to the run's instant, then the
 * detection's printed KQL. The exact same text runs locally, so any difference is the engines'.
 */
import { UsageError } from "../cli/errors.js";
import { formatDiagnostic } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import { datetime } from "../engine/values.js";
import { parse, print, type Script } from "../kql/index.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { casesOf, type LoadedCase } from "../testing/cases.js";
import { compareResultSets } from "../testing/compare.js";
import { loadTestProject } from "../testing/project.js";
import { prepareCaseRuns, type PreparedRun } from "../testing/runner.js";
import { TestInputError } from "../testing/source.js";
import { selectDetections } from "../testing/suite.js";
import { parseInstant } from "../testing/time.js";
import { createLogsClient, runLiveQuery } from "./client.js";
import { LiveError } from "./errors.js";
import { datatableLet, pinClock, tablesRead, valueLiteral } from "./kql-build.js";
import { liveDiagnostics } from "./report.js";

/**
 * Request size we stay under. The query API documents no query-length limit; large inline
 * tables are what make requests big, so cases past this bound are skipped with the reason
 * rather than sent and failing halfway through a run.
 */
export const DEFAULT_MAX_QUERY_BYTES = 512 * 1024;

export interface LiveTestOptions {
  readonly workspace?: string;
  readonly endpoint?: string;
  readonly filter: readonly string[];
  readonly config?: string;
  readonly maxQueryBytes?: number;
  readonly timeoutSeconds?: number;
  /** Queries in flight at once (the service runs 5 per user; more queue). */
  readonly parallel?: number;
  readonly json?: boolean;
}

export type LiveRunStatus = "agreed" | "differed" | "skipped" | "failed";

export interface LiveRunResult {
  readonly detection: string;
  readonly case: string;
  /** The run's instant (a replay case has several runs). */
  readonly at: string;
  readonly status: LiveRunStatus;
  readonly rows?: { readonly local: number; readonly live: number };
  /** Differences, the skip reason, or the failure. */
  readonly details: readonly string[];
}

export interface LiveTestReport {
  readonly workspace: string;
  readonly results: readonly LiveRunResult[];
  readonly counts: Readonly<Record<LiveRunStatus, number>>;
}

/** One run's query, ready to send to both engines. */
export interface LiveRunQuery {
  readonly text: string;
  /** Lines of `let` statements in front of the detection's query (to map error positions). */
  readonly prefixLines: number;
  readonly now: string;
  readonly timespan: string;
}

export function buildRunQuery(detection: CompiledDetection, run: PreparedRun, schemas: SchemaRegistry): LiveRunQuery {
  const parsed = parse(detection.kql);
  if (parsed.diagnostics.length > 0) throw new Error(`the compiled query does not parse: ${parsed.diagnostics[0].message}`);
  const at = parseInstant(run.now)!;
  const pinned: Script = pinClock(parsed.script, valueLiteral(datetime(at), "datetime"));
  const provided = new Map(run.tables.map((t) => [t.name.toLowerCase(), t] as const));
  const lets = run.tables.map((t) => datatableLet(t.name, t.columns, t.rows));
  for (const name of tablesRead(pinned, (n) => schemas.get(n)?.name)) {
    if (provided.has(name.toLowerCase())) continue;
    const schema = schemas.get(name)!;
    lets.push(datatableLet(schema.name, schema.columns, []));
  }
  const prefix = lets.map((l) => print(l)).join("\n");
  return {
    text: prefix === "" ? print(pinned) : `${prefix}\n${print(pinned)}`,
    prefixLines: prefix === "" ? 0 : prefix.split("\n").length,
    now: run.now,
    timespan: `${run.window.from}/${run.window.to}`,
  };
}

export async function runLiveTests(options: LiveTestOptions): Promise<LiveTestReport> {
  const project = await loadTestProject({ config: options.config });
  for (const d of project.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const { resolveEndpoint, resolveWorkspace } = await import("./target.js");
  const workspace = resolveWorkspace(project.loaded, options.workspace);
  const detections = options.filter.length > 0 ? selectDetections(project.detections, options.filter) : project.detections;
  if (options.filter.length > 0 && detections.length === 0) throw new UsageError(`no detection matches ${options.filter.map((f) => `'${f}'`).join(", ")}`);
  let client: Awaited<ReturnType<typeof createLogsClient>>;
  try {
    client = await createLogsClient({ endpoint: resolveEndpoint(project.loaded, options.endpoint) });
  } catch (e) {
    if (e instanceof LiveError) throw new UsageError(e.message);
    throw e;
  }
  const engine = await import("../engine/index.js");
  const maxBytes = options.maxQueryBytes ?? DEFAULT_MAX_QUERY_BYTES;
  const ctx = { fixturesDir: project.loaded.paths.fixtures, schemas: project.schemas, cwd: process.cwd(), cache: new Map() };

  interface Job {
    readonly detection: CompiledDetection;
    readonly loaded: LoadedCase;
    readonly run: PreparedRun | null;
    readonly problem?: string;
  }
  const jobs: Job[] = [];
  for (const detection of detections) {
    for (const loaded of casesOf(detection, ctx.fixturesDir, ctx.cwd)) {
      try {
        for (const run of prepareCaseRuns(detection, loaded, ctx)) jobs.push({ detection, loaded, run });
      } catch (e) {
        if (!(e instanceof TestInputError)) throw e;
        jobs.push({ detection, loaded, run: null, problem: `case inputs are invalid: ${e.message}` });
      }
    }
  }

  const runOne = async (job: Job): Promise<LiveRunResult> => {
    const base = { detection: job.detection.slug, case: job.loaded.case.name, at: job.run?.now ?? job.loaded.case.now ?? "" };
    if (job.run === null) return { ...base, status: "skipped", details: [job.problem ?? "no runs"] };
    let q: LiveRunQuery;
    try {
      q = buildRunQuery(job.detection, job.run, project.schemas);
    } catch (e) {
      return { ...base, status: "failed", details: [e instanceof Error ? e.message : String(e)] };
    }
    const size = Buffer.byteLength(JSON.stringify({ query: q.text, timespan: q.timespan }), "utf8");
    if (size > maxBytes) {
      return { ...base, status: "skipped", details: [`the query with the case's rows inline is ${kb(size)}, over the ${kb(maxBytes)} request limit kept to; split the case's fixtures into smaller cases`] };
    }
    let local: ReturnType<typeof engine.evaluate>["tables"][number] | undefined;
    try {
      local = engine.evaluate(q.text, { tables: () => undefined, now: datetime(parseInstant(q.now)!) }).tables[0];
    } catch (e) {
      const d = (e as { diagnostics?: readonly import("../diagnostics.js").Diagnostic[] }).diagnostics ?? [];
      return { ...base, status: "failed", details: [`local evaluator: ${d[0]?.message ?? (e instanceof Error ? e.message : String(e))}`] };
    }
    try {
      const live = await runLiveQuery(client, workspace, q.text, {
        timespan: q.timespan,
        timeoutSeconds: options.timeoutSeconds ?? 180,
        onRetry: (m) => process.stderr.write(`kustodian: ${job.detection.slug} › ${job.loaded.case.name}: ${m}\n`),
      });
      const remote = live.result.tables[0] ?? { name: "PrimaryResult", columns: [], rows: [] };
      const localSet = local ?? { name: "result", columns: [], rows: [] };
      const comparison = compareResultSets(localSet, remote);
      const rows = { local: localSet.rows.length, live: remote.rows.length };
      const details = [...comparison.differences];
      if (live.status === "PartialFailure") details.unshift("the service returned a partial result");
      const agreed = comparison.equal && live.status === "Success";
      return { ...base, status: agreed ? "agreed" : "differed", rows, details };
    } catch (e) {
      if (!(e instanceof LiveError)) throw e;
      const positioned = liveDiagnostics(e, q.text, `${job.detection.slug} (live query)`, 0);
      const mapped = positioned.length > 0 && positioned[0].line !== undefined && positioned[0].line > q.prefixLines
        ? [`at line ${positioned[0].line - q.prefixLines}, column ${positioned[0].column} of the compiled query`]
        : [];
      return { ...base, status: "failed", details: [`live: ${e.message}`, ...mapped] };
    }
  };

  const results: LiveRunResult[] = new Array(jobs.length);
  let next = 0;
  const parallel = Math.max(1, options.parallel ?? 4);
  await Promise.all(
    Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await runOne(jobs[i]);
      }
    }),
  );
  const counts = { agreed: 0, differed: 0, skipped: 0, failed: 0 };
  for (const r of results) counts[r.status]++;
  return { workspace, results, counts };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function renderLiveReport(report: LiveTestReport): string {
  const mark: Record<LiveRunStatus, string> = { agreed: "ok  ", differed: "DIFF", skipped: "skip", failed: "FAIL" };
  const lines = [`live check on workspace ${report.workspace}: local evaluator vs the service`];
  for (const r of report.results) {
    const rows = r.rows ? ` (local ${r.rows.local} rows, live ${r.rows.live})` : "";
    lines.push(`${mark[r.status]} ${r.detection} › ${r.case} @ ${r.at}${rows}`);
    for (const d of r.details) lines.push(`       ${d}`);
  }
  const c = report.counts;
  lines.push(`${c.agreed} agreed, ${c.differed} differed, ${c.skipped} skipped, ${c.failed} failed`);
  return `${lines.join("\n")}\n`;
}

/** Entry point for `kustodian test --live`. */
export async function runLiveTestCommand(options: LiveTestOptions): Promise<void> {
  const report = await runLiveTests(options);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderLiveReport(report));
  if (report.counts.differed > 0 || report.counts.failed > 0) process.exitCode = 1;
}

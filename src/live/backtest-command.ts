/** The body of `kustodian backtest` (imported lazily by the command file). */
import { FindingsError, UsageError } from "../cli/errors.js";
import { TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS } from "../engine/values.js";
import { loadTestProject } from "../testing/project.js";
import { parseInstant } from "../testing/time.js";
import { planBacktest, renderBacktest, rowsByRun, simulateAlerts } from "./backtest.js";
import { createLogsClient, runLiveQuery } from "./client.js";
import { LiveError } from "./errors.js";
import { liveDiagnostics } from "./report.js";
import { findDetection, resolveEndpoint, resolveWorkspace } from "./target.js";

export interface BacktestCommandOptions {
  readonly workspace?: string;
  readonly days: string;
  readonly end?: string;
  readonly endpoint?: string;
  readonly format: string;
  readonly timeout: string;
  readonly runsPerQuery: string;
  readonly config?: string;
}

const MAX_RUNS = 20_000;

export async function runBacktestCommand(ref: string, options: BacktestCommandOptions): Promise<void> {
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new UsageError(`--days must be an integer from 1 to 90, got '${options.days}'`);
  const perQuery = Number(options.runsPerQuery);
  if (!Number.isInteger(perQuery) || perQuery < 1 || perQuery > 1000) throw new UsageError(`--runs-per-query must be an integer from 1 to 1000, got '${options.runsPerQuery}'`);
  if (options.format !== "table" && options.format !== "json") throw new UsageError(`--format must be table or json, got '${options.format}'`);
  const timeoutSeconds = Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got '${options.timeout}'`);
  let end = UNIX_EPOCH_TICKS + BigInt(Date.now()) * TICKS_PER_MILLISECOND;
  if (options.end !== undefined) {
    const t = parseInstant(options.end);
    if (t === undefined) throw new UsageError(`--end: expected an ISO 8601 datetime such as 2024-05-01T12:00:00Z, got '${options.end}'`);
    end = t;
  }
  const project = await loadTestProject({ config: options.config });
  const detection = findDetection(
    project,
    ref,
    "backtest takes a detection id or slug: it replays the detection's schedule; for a .kql file or '-' use `kustodian query`",
  );
  const workspace = resolveWorkspace(project.loaded, options.workspace);
  const plan = planBacktest(detection, project.schemas, end, days, perQuery);
  if (plan.runs.length > MAX_RUNS) throw new UsageError(`${plan.runs.length} scheduled runs over ${days} days: at most ${MAX_RUNS}; use fewer --days`);
  let client: Awaited<ReturnType<typeof createLogsClient>>;
  try {
    client = await createLogsClient({ endpoint: resolveEndpoint(project.loaded, options.endpoint) });
  } catch (e) {
    if (e instanceof LiveError) throw new UsageError(e.message);
    throw e;
  }
  const rows = new Map<bigint, number>();
  let partial = false;
  for (const [i, q] of plan.queries.entries()) {
    if (plan.queries.length > 1 && process.stderr.isTTY) process.stderr.write(`\rquery ${i + 1} of ${plan.queries.length}...`);
    try {
      const live = await runLiveQuery(client, workspace, q.text, {
        timespan: q.timespan,
        timeoutSeconds,
        onRetry: (m) => process.stderr.write(`kustodian: ${m}\n`),
      });
      if (live.status === "PartialFailure") partial = true;
      const t = live.result.tables[0];
      if (t) for (const [at, n] of rowsByRun(t.columns, t.rows)) rows.set(at, n);
    } catch (e) {
      if (!(e instanceof LiveError)) throw e;
      throw new FindingsError(`backtest query ${i + 1} of ${plan.queries.length} failed: ${e.message}`, liveDiagnostics(e, q.text, `${detection.slug} (backtest query)`));
    }
  }
  if (plan.queries.length > 1 && process.stderr.isTTY) process.stderr.write("\r\u001b[K");
  const missing = plan.runs.filter((t) => !rows.has(t)).length;
  const sim = simulateAlerts(detection, plan.runs, rows);
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ detection: detection.slug, workspace, days: sim.days, runs: sim.runs, queries: plan.queries.length, partial, missingRuns: missing }, null, 2)}\n`);
  } else {
    process.stdout.write(renderBacktest(detection, sim.days, { runs: plan.runs.length, queries: plan.queries.length, days }));
  }
  if (partial || missing > 0) {
    process.stderr.write(`kustodian: warning: ${partial ? "the service returned partial results" : ""}${partial && missing ? "; " : ""}${missing ? `${missing} runs had no answer` : ""}: the counts are a lower bound\n`);
    process.exitCode = 1;
  }
}

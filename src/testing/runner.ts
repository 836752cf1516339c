/**
 * The test runner's core: for a detection and one of its cases, build the input tables, run the
 * rule as Sentinel would (once at `now`, or every queryFrequency over a replay range, honouring
 * suppression), turn results into alerts and check them against the case.
 *
 * `prepareCaseRun` is the reusable seam for other back-ends (live runs): it returns the exact
 * query text and the input tables with the time window applied.
 */
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { CompiledDetection } from "../dsl/model.js";
import { emptyTable, type Table } from "../engine/table.js";
import { datetime } from "../engine/values.js";
import type { SchemaRegistry, TableSchema } from "../schema/registry.js";
import { buildAlerts, type ResultSet, type SimAlert } from "./alerts.js";
import { caseKind, type LoadedCase, shownPath } from "./cases.js";
import { diagnosticsOf, type Engine } from "./engine.js";
import { type CaseOutcome, checkExpectations, type Failure, type RunOutcome } from "./expect.js";
import { type RawRecords, readFixtureFile } from "./fixture-file.js";
import { timeRange, toEngineTable, type TypedTable, typeRecords, windowTable } from "./inputs.js";
import { type RuleTiming, ruleTiming, triggerFires } from "./rule.js";
import { type SourceRef, TestInputError } from "./source.js";
import { formatInstant, parseInstant } from "./time.js";
import { formatDiagnostic } from "../diagnostics.js";
import { diagnosticsInDetection } from "./query-position.js";
import { watchlistTable } from "./watchlist.js";
import { windowHints } from "./window-hint.js";

export interface TestContext {
  /** Absolute path of the fixtures folder (`fixtures/`). */
  readonly fixturesDir: string;
  readonly schemas: SchemaRegistry;
  /** For paths in messages; defaults to the working directory. */
  readonly cwd?: string;
  /** Typed fixture tables by file and table, shared by the cases (and mutants) of a run. */
  readonly cache?: Map<string, TypedTable>;
}

/** A case with its inputs loaded and typed, ready to run any number of times (mutants). */
export interface PreparedCase {
  readonly detection: CompiledDetection;
  readonly loaded: LoadedCase;
  readonly timing: RuleTiming;
  /** Input tables, typed, not yet windowed. */
  readonly inputs: readonly TypedTable[];
  /** The scheduled instants the case runs at (one, or a replay's). */
  readonly runs: readonly bigint[];
  /** Evaluator tables per run instant, built on first use. */
  readonly tablesAt: Map<bigint, (name: string) => Table | undefined>;
  /** Watchlists the case provides, by alias (`_GetWatchlist('alias')`); never windowed. */
  readonly watchlists?: ReadonlyMap<string, Table>;
}

export function prepareCase(detection: CompiledDetection, loaded: LoadedCase, ctx: TestContext): PreparedCase {
  const timing = ruleTiming(detection.spec);
  const c = loaded.case;
  const inputs = Object.entries(c.tables).map(([name, input]) => {
    const schema = ctx.schemas.get(name);
    if (schema === undefined) {
      throw new TestInputError(
        loaded.locate(["tables", name], "key"),
        `no schema for table '${name}': use a built-in table or add its schema to the schemas folder${watchlistHint(detection, name)}`,
        "fixture-table",
      );
    }
    if (typeof input === "string") {
      const path = existingFixture(loaded, ["tables", name], input, ctx);
      const key = `${path}\u0000${schema.name}`;
      const cached = ctx.cache?.get(key);
      if (cached) return cached;
      const typed = typeRecords(readFixtureFile(path, shownPath(path, ctx.cwd)), schema);
      ctx.cache?.set(key, typed);
      return typed;
    }
    const raw: RawRecords = {
      records: input,
      locate: (path, what) => loaded.locate(["tables", name, ...path], what),
    };
    return typeRecords(raw, schema);
  });
  const watchlists = new Map<string, Table>();
  for (const [alias, input] of Object.entries(c.watchlists ?? {})) {
    const raw: RawRecords =
      typeof input === "string"
        ? readFixtureFile(existingFixture(loaded, ["watchlists", alias], input, ctx), shownPath(resolve(loaded.fixtureDir, input), ctx.cwd))
        : { records: input, locate: (path, what) => loaded.locate(["watchlists", alias, ...path], what) };
    const fromText = typeof input === "string" && extname(input).toLowerCase() === ".csv";
    watchlists.set(alias, watchlistTable(alias, raw, fromText, ctx.schemas.get(alias)?.columns));
  }
  const runs = c.replay
    ? scheduleBetween(parseInstant(c.replay.from)!, parseInstant(c.replay.to)!, timing.frequency)
    : [parseInstant(c.now)!];
  if (runs.length > MAX_RUNS) {
    throw new TestInputError(loaded.locate(["replay"]), `replay range makes ${runs.length} runs (at most ${MAX_RUNS}): narrow from/to`, "replay-range");
  }
  return { detection, loaded, timing, inputs, runs, tablesAt: new Map(), watchlists };
}

/** The absolute path of a case's fixture file; an error at the case's reference when missing. */
function existingFixture(loaded: LoadedCase, at: readonly (string | number)[], input: string, ctx: TestContext): string {
  const path = resolve(loaded.fixtureDir, input);
  if (!existsSync(path)) {
    throw new TestInputError(
      loaded.locate(at),
      `fixture file not found: ${shownPath(path, ctx.cwd)} (paths are relative to ${shownPath(loaded.fixtureDir, ctx.cwd)})`,
      "fixture-file",
    );
  }
  return path;
}

/** The watchlist lookup for the evaluator: the alias as written, else ignoring case. */
function watchlistLookup(prepared: PreparedCase): ((alias: string) => Table | undefined) | undefined {
  const lists = prepared.watchlists;
  if (lists === undefined || lists.size === 0) return undefined;
  return (alias) => lists.get(alias) ?? [...lists].find(([name]) => name.toLowerCase() === alias.toLowerCase())?.[1];
}

/** For a table named like a watchlist the query reads: where watchlist rows go instead. */
function watchlistHint(detection: CompiledDetection, name: string): string {
  const reads = new RegExp(`_GetWatchlist\\s*\\(\\s*(["'])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\1`, "i").test(detection.kql);
  return reads ? ` (for _GetWatchlist('${name}'), give its rows under 'watchlists:' instead of 'tables:')` : "";
}

/** A bound on the runs of one replay or backtest (an NRT rule over a week would be 10,080). */
export const MAX_RUNS = 10_000;

/** Run instants from `from`, every `frequency`, up to and including `to`. */
export function scheduleBetween(from: bigint, to: bigint, frequency: bigint): bigint[] {
  const out: bigint[] = [];
  for (let t = from; t <= to; t += frequency) out.push(t);
  return out;
}

/** The inputs of one run: what a live back-end needs to reproduce the run exactly. */
export interface PreparedRun {
  /** The exact query text the evaluator runs (the detection's printed KQL). */
  readonly query: string;
  /** The run's instant, ISO 8601. */
  readonly now: string;
  /** Lookback window (from, to]. */
  readonly window: { readonly from: string; readonly to: string };
  /** Input tables limited to the window. */
  readonly tables: readonly TypedTable[];
}

/** For a detection and a case: the query and the windowed input tables of each scheduled run. */
export function prepareCaseRuns(detection: CompiledDetection, loaded: LoadedCase, ctx: TestContext): PreparedRun[] {
  const prepared = prepareCase(detection, loaded, ctx);
  return prepared.runs.map((at) => {
    const from = at - prepared.timing.period;
    return {
      query: detection.kql,
      now: formatInstant(at),
      window: { from: formatInstant(from), to: formatInstant(at) },
      tables: prepared.inputs.map((t) => windowTable(t, from, at)),
    };
  });
}

function tablesFor(prepared: PreparedCase, at: bigint, schemas: SchemaRegistry): (name: string) => Table | undefined {
  const existing = prepared.tablesAt.get(at);
  if (existing) return existing;
  const from = at - prepared.timing.period;
  const byName = new Map<string, Table>();
  for (const input of prepared.inputs) byName.set(input.name.toLowerCase(), toEngineTable(windowTable(input, from, at)));
  const lookup = (name: string): Table | undefined => {
    const key = name.toLowerCase();
    const found = byName.get(key);
    if (found) return found;
    // A table the query reads but the case does not provide exists in the workspace, empty.
    const schema: TableSchema | undefined = schemas.get(name);
    if (schema === undefined) return undefined;
    const empty = emptyTable(schema.name, schema.columns);
    byName.set(key, empty);
    return empty;
  };
  prepared.tablesAt.set(at, lookup);
  return lookup;
}

/** Runs a prepared case's schedule with `query` (the detection's, or a mutant's). */
export function runPrepared(engine: Engine, prepared: PreparedCase, query: string, schemas: SchemaRegistry): CaseOutcome {
  const { spec } = prepared.detection;
  const runs: RunOutcome[] = [];
  let suppressedUntil: bigint | null = null;
  for (const at of prepared.runs) {
    const window = { from: formatInstant(at - prepared.timing.period), to: formatInstant(at) };
    if (suppressedUntil !== null && at < suppressedUntil) {
      runs.push({ at: formatInstant(at), window, status: "suppressed", result: null, fired: false, alerts: [] });
      continue;
    }
    const result: ResultSet = engine.run(query, tablesFor(prepared, at, schemas), datetime(at), shownPath(prepared.detection.file), watchlistLookup(prepared));
    const fired = triggerFires(spec, result.rows.length);
    const alerts = fired ? buildAlerts(spec, result) : [];
    if (fired && prepared.timing.suppression > 0n) suppressedUntil = at + prepared.timing.suppression;
    runs.push({ at: formatInstant(at), window, status: "ran", result, fired, alerts });
  }
  return { runs, alerts: runs.flatMap((r) => r.alerts) };
}

export interface RunSummary {
  readonly at: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly status: "ran" | "suppressed";
  readonly rows: number;
  readonly alerts: number;
}

export interface CaseResult {
  readonly name: string;
  readonly origin: SourceRef;
  readonly form: "detection" | "file";
  readonly kind: "alerting" | "quiet" | "other";
  readonly status: "passed" | "failed";
  readonly failures: readonly Failure[];
  readonly alerts: readonly SimAlert[];
  /** One entry per scheduled run (one for a plain case). */
  readonly runs: readonly RunSummary[];
  /** With `--replay`: the rule run every queryFrequency across the case's fixture time range. */
  readonly backtest?: readonly RunSummary[];
}

export function summarizeRuns(outcome: CaseOutcome): RunSummary[] {
  return outcome.runs.map((r) => ({
    at: r.at,
    window: r.window,
    status: r.status,
    rows: r.result?.rows.length ?? 0,
    alerts: r.alerts.length,
  }));
}

/** Runs one case and checks it; input and query errors become failures, never exceptions. */
export function runCase(
  engine: Engine,
  detection: CompiledDetection,
  loaded: LoadedCase,
  ctx: TestContext,
  options: { readonly backtest?: boolean; readonly timing?: { prepare: number; evaluate: number } } = {},
): { result: CaseResult; prepared: PreparedCase | null } {
  const started = performance.now();
  const base = {
    name: loaded.case.name,
    origin: loaded.origin,
    form: loaded.form,
    kind: caseKind(loaded.case.alerts),
  };
  let prepared: PreparedCase;
  try {
    prepared = prepareCase(detection, loaded, ctx);
  } catch (e) {
    if (!(e instanceof TestInputError)) throw e;
    const failure: Failure = { message: e.diagnostic.message, at: refOf(e) };
    return { result: { ...base, status: "failed", failures: [failure], alerts: [], runs: [] }, prepared: null };
  }
  const ready = performance.now();
  if (options.timing) options.timing.prepare += ready - started;
  let outcome: CaseOutcome;
  try {
    outcome = runPrepared(engine, prepared, detection.kql, ctx.schemas);
  } catch (e) {
    return { result: { ...base, status: "failed", failures: [queryFailure(e, detection, loaded, ctx.cwd)], alerts: [], runs: [] }, prepared };
  }
  const hints = () => windowHints(prepared.inputs, prepared.runs, prepared.timing);
  const failures = checkExpectations(loaded.case, outcome, loaded.locate, hints);
  let backtest: RunSummary[] | undefined;
  if (options.backtest && !loaded.case.replay) {
    try {
      backtest = runBacktest(engine, prepared, ctx.schemas);
    } catch (e) {
      failures.push(queryFailure(e, detection, loaded, ctx.cwd));
    }
  }
  if (options.timing) options.timing.evaluate += performance.now() - ready;
  return {
    result: {
      ...base,
      status: failures.length === 0 ? "passed" : "failed",
      failures,
      alerts: outcome.alerts,
      runs: summarizeRuns(outcome),
      ...(backtest ? { backtest } : {}),
    },
    prepared,
  };
}

/** The local backtest: the rule run every queryFrequency across the case's fixture time range. */
export function runBacktest(engine: Engine, prepared: PreparedCase, schemas: SchemaRegistry): RunSummary[] {
  const range = timeRange(prepared.inputs);
  if (range === null) return [];
  let runs = scheduleBetween(range.min, range.max + prepared.timing.frequency - 1n, prepared.timing.frequency);
  // Past the bound, the backtest keeps the latest runs (documented).
  if (runs.length > MAX_RUNS) runs = runs.slice(runs.length - MAX_RUNS);
  const replayed: PreparedCase = { ...prepared, runs, tablesAt: new Map() };
  return summarizeRuns(runPrepared(engine, replayed, prepared.detection.kql, schemas));
}

/**
 * A query error as a case failure, positioned in the detection file (see `query-position.ts`).
 * An unknown watchlist points at the case, which is where its rows go.
 */
export function queryFailure(e: unknown, detection?: CompiledDetection, loaded?: LoadedCase, cwd?: string): Failure {
  const raw = diagnosticsOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (raw.length === 0) return { message: `query failed: ${message}` };
  const diagnostics = detection ? diagnosticsInDetection(raw, detection, shownPath(detection.file, cwd)) : raw;
  const detail = diagnostics.map((d) => indent(formatDiagnostic({ ...d, file: d.file ?? "<query>" }))).join("\n");
  const first = diagnostics[0];
  const watchlist = first.code === "KQL2009" ? /^unknown watchlist '(.*)'$/.exec(first.message) : null;
  if (watchlist && loaded) {
    return {
      message: `query failed: ${first.message}: give its rows in the case, watchlists: {${watchlist[1]}: [...] or a fixture file}`,
      detail,
      at: loaded.locate(loaded.case.watchlists ? ["watchlists"] : [], "key"),
    };
  }
  return { message: `query failed: ${first.message}`, detail };
}

function refOf(e: TestInputError): SourceRef {
  const d = e.diagnostic;
  return { file: d.file ?? "", ...(d.line !== undefined ? { line: d.line, column: d.column } : {}) };
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

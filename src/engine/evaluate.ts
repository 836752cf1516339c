/**
 * `evaluate(query, {tables, now})`: runs a KQL script over in-memory tables. Statements bind
 * `let` names; each query statement yields one result table. Failures become `KqlError`s with
 * positioned diagnostics.
 */
import type { Call, Expr, Script, SetOption, TabularOperator } from "../kql/ast.js";
import { parse } from "../kql/index.js";
import { bindArguments, bindLet, compileExpr, isTabularExpr, lambdaIsTabular } from "./compile.js";
import { EvalFailure, fail, KqlError, toDiagnostic, unsupported } from "./errors.js";
import { Env, type EvalContext } from "./scope.js";
import { emptyTable, Table } from "./table.js";
import { ArrayColumn } from "./column.js";
import { extend, project, projectAway, projectByNames, projectKeep, projectRename, projectReorder, serialize } from "./tabular/columns.js";
import { type OpContext, scopeOf } from "./tabular/context.js";
import { externalData } from "./tabular/external-data.js";
import { join, lookup } from "./tabular/join.js";
import { makeSeries } from "./tabular/make-series.js";
import { mvApply, mvExpand } from "./tabular/mv-expand.js";
import { parse as parseOp, parseKv } from "./tabular/parse.js";
import { evaluatePlugin } from "./tabular/plugins.js";
import { count, distinct, getschema, sample, sampleDistinct, sort, take, top, where } from "./tabular/rows.js";
import { dataTable, print, range } from "./tabular/sources.js";
import { partition, scan } from "./tabular/scan.js";
import { searchOperator, searchSource } from "./tabular/search.js";
import { summarize } from "./tabular/summarize.js";
import { topNested } from "./tabular/top-nested.js";
import { evalUnionInputs, unionTables } from "./tabular/union.js";
import { datetimeFromUnixMs, type KDateTime, type KqlType, type Value } from "./values.js";

export interface EvaluateOptions {
  /** Stored tables by name (`SigninLogs`); undefined when unknown. */
  readonly tables: (name: string) => Table | undefined;
  /** The clock `now()` and `ago()` read; default: the real time. */
  readonly now?: KDateTime;
  /** File name for diagnostics. */
  readonly file?: string;
  /** Local file for an `externaldata` URL (the evaluator has no network); undefined: unsupported. */
  readonly externalData?: (url: string) => string | undefined;
  /** Sentinel watchlist by alias for `_GetWatchlist(alias)` (rows with `SearchKey`, ...); undefined: unknown. */
  readonly watchlist?: WatchlistProvider;
  /** Names of all stored tables: lets `union T*` expand wildcards and `search` without `in` scan every table. */
  readonly tableNames?: () => Iterable<string>;
}

/** Looks up a Sentinel watchlist's rows by alias (case as written in the query). */
export type WatchlistProvider = (alias: string) => Table | undefined;

export interface ResultColumn {
  readonly name: string;
  readonly type: KqlType;
}

export interface ResultTable {
  readonly name: string;
  readonly columns: readonly ResultColumn[];
  readonly rows: Value[][];
}

export interface QueryResult {
  readonly tables: ResultTable[];
}

type AnyOperatorEval = (op: TabularOperator, input: Table, oc: OpContext) => Table;

function runOperators(ops: readonly TabularOperator[], input: Table, oc: OpContext): Table {
  let t = input;
  for (const op of ops) t = runOperator(op, t, oc);
  return t;
}

const OPERATORS: Partial<Record<TabularOperator["kind"], AnyOperatorEval>> = {
  Where: where as AnyOperatorEval,
  Project: project as AnyOperatorEval,
  ProjectAway: projectAway as AnyOperatorEval,
  ProjectKeep: projectKeep as AnyOperatorEval,
  ProjectRename: projectRename as AnyOperatorEval,
  ProjectReorder: projectReorder as AnyOperatorEval,
  ProjectByNames: projectByNames as AnyOperatorEval,
  Extend: extend as AnyOperatorEval,
  Serialize: serialize as AnyOperatorEval,
  Summarize: summarize as AnyOperatorEval,
  Join: join as AnyOperatorEval,
  Lookup: lookup as AnyOperatorEval,
  MvExpand: mvExpand as AnyOperatorEval,
  MvApply: mvApply(runOperators) as AnyOperatorEval,
  Parse: parseOp as AnyOperatorEval,
  ParseKv: parseKv as AnyOperatorEval,
  Evaluate: evaluatePlugin as AnyOperatorEval,
  Top: top as AnyOperatorEval,
  Sort: sort as AnyOperatorEval,
  Take: take as AnyOperatorEval,
  Distinct: distinct as AnyOperatorEval,
  Count: count as AnyOperatorEval,
  Sample: sample as AnyOperatorEval,
  SampleDistinct: sampleDistinct as AnyOperatorEval,
  GetSchema: getschema as AnyOperatorEval,
  Render: ((_op, input) => input) as AnyOperatorEval,
  Scan: scan as AnyOperatorEval,
  TopNested: topNested as AnyOperatorEval,
  MakeSeries: makeSeries as AnyOperatorEval,
  SearchOp: ((op, input, oc) => searchOperator(op as Extract<TabularOperator, { kind: "SearchOp" }>, input, oc)) as AnyOperatorEval,
  Partition: partition(runOperators) as AnyOperatorEval,
  As: ((op, input, oc) => {
    const name = (op as { name: string }).name;
    const named = input.withName(name);
    oc.env.set(name, { kind: "tabular", get: () => named });
    return named;
  }) as AnyOperatorEval,
  UnionOp: ((op, input, oc) => {
    const u = op as Extract<TabularOperator, { kind: "UnionOp" }>;
    return unionTables([input, ...evalUnionInputs(u.tables, oc, u.options)], u.options, u);
  }) as AnyOperatorEval,
  Invoke: ((op, input, oc) => {
    const call = (op as Extract<TabularOperator, { kind: "Invoke" }>).call;
    return callTabularFunction(call, input, oc);
  }) as AnyOperatorEval,
};

const OPERATOR_WORDS: Partial<Record<TabularOperator["kind"], string>> = {
  Fork: "fork",
  Facet: "facet",
  Reduce: "reduce",
  Consume: "consume",
};

function runOperator(op: TabularOperator, input: Table, oc: OpContext): Table {
  const f = OPERATORS[op.kind];
  if (!f) unsupported(`operator '${OPERATOR_WORDS[op.kind] ?? op.kind}'`, op);
  return f(op, input, oc);
}

/** `T | invoke f(args)` and `f(args)` returning a table. */
function callTabularFunction(call: Call, input: Table | null, oc: OpContext): Table {
  const b = oc.env.get(call.name);
  if (b?.kind !== "function") fail(`unknown function '${call.name}'`, call, "KQL2006");
  const args = input
    ? [{ kind: "NameRef" as const, name: "\u0000invoke_input", span: call.span }, ...call.args]
    : call.args;
  const callerEnv = input ? oc.env.child() : oc.env;
  if (input) callerEnv.set("\u0000invoke_input", { kind: "tabular", get: () => input });
  const scope = { table: EMPTY, env: callerEnv, ctx: oc.ctx };
  const fnEnv = bindArguments(b.lambda, b.env, args, call, scope);
  return evalTabular(b.lambda.result, fnEnv, oc.ctx);
}

const EMPTY = new Table("", [], 1);

export function evalTabular(e: Expr, env: Env, ctx: EvalContext): Table {
  const oc: OpContext = { env, ctx };
  switch (e.kind) {
    case "Pipeline": {
      const source = evalTabular(e.source, env, ctx);
      return runOperators(e.operators, source, oc);
    }
    case "NameRef": {
      const b = env.get(e.name);
      if (b?.kind === "tabular") return b.get();
      if (b?.kind === "function" && b.lambda.params.length === 0 && lambdaIsTabular(b.lambda, b.env)) {
        return callTabularFunction({ kind: "Call", name: e.name, args: [], span: e.span }, null, oc);
      }
      const t = ctx.tables(e.name);
      if (t) return t.name === e.name ? t : t.withName(e.name);
      fail(`unknown table '${e.name}'`, e, "KQL2009");
      break;
    }
    case "Call": {
      if (e.name === "materialize") {
        const arg = e.args[0];
        if (!arg || arg.kind === "NamedArg") fail("materialize() expects a tabular expression", e);
        const hit = ctx.materialized.get(arg);
        if (hit) return hit;
        const t = evalTabular(arg, env, ctx);
        ctx.materialized.set(arg, t);
        return t;
      }
      if (e.name === "table") {
        const arg = e.args[0];
        if (arg?.kind !== "StringLit") fail("table() expects a constant table name", e);
        return evalTabular({ kind: "NameRef", name: arg.value, span: arg.span }, env, ctx);
      }
      if (e.name === "view") unsupported("view()", e);
      if (e.name === "_GetWatchlist" && env.get(e.name) === undefined) return getWatchlist(e, oc);
      return callTabularFunction(e, null, oc);
    }
    case "DataTable":
      return dataTable(e, oc);
    case "Print":
      return print(e, oc);
    case "Range":
      return range(e, oc);
    case "Union":
      return unionTables(evalUnionInputs(e.tables, oc, e.options), e.options, e);
    case "EvaluateSource":
      unsupported(`plugin '${e.plugin.name}'`, e);
      break;
    case "ExternalData":
      return externalData(e, oc, ctx.externalData);
    case "Search":
      return searchSource(e, oc);
    case "Find":
      unsupported("operator 'find'", e);
      break;
    default:
      if (!isTabularExpr(e, env)) {
        // A scalar expression as a whole query: Kusto prints it as a one-cell table.
        const c = compileExpr(e, { table: EMPTY, env, ctx });
        return new Table("", [{ name: "print_0", data: new ArrayColumn(c.type, [c.ev(0)]) }], 1);
      }
      fail("expected a tabular expression", e);
  }
}

/** Sentinel's `_GetWatchlist('alias')`: the watchlist's rows from `EvaluateOptions.watchlist`. */
function getWatchlist(call: Call, oc: OpContext): Table {
  const arg = call.args[0];
  if (arg === undefined || arg.kind === "NamedArg") fail("_GetWatchlist() expects a watchlist alias", call);
  const alias = compileExpr(arg, scopeOf(EMPTY, oc)).value;
  if (typeof alias !== "string") fail("_GetWatchlist() expects a constant string alias", arg);
  const t = oc.ctx.watchlist?.(alias);
  if (!t) fail(`unknown watchlist '${alias}'`, arg, "KQL2009");
  return t;
}

function toResult(t: Table, name: string): ResultTable {
  return { name, columns: t.schema, rows: t.rows() };
}

/** Records a constant `set name = value;` option (options without a constant value are ignored). */
function setQueryOption(s: SetOption, env: Env, ctx: EvalContext): void {
  if (s.value === null) return;
  let value: Value | undefined;
  try {
    value = compileExpr(s.value, scopeOf(emptyTable("set", []), { env, ctx })).value;
  } catch (e) {
    // Options whose value is a bare word (`set hint.strategy = shuffle`) only tune Kusto's engine.
    if (e instanceof EvalFailure) return;
    throw e;
  }
  if (value !== undefined) ctx.queryOptions?.set(s.name.toLowerCase(), value);
}

/** Evaluates a KQL script; the first query statement's result is `PrimaryResult`. */
export function evaluate(query: string | Script, options: EvaluateOptions): QueryResult {
  const text = typeof query === "string" ? query : null;
  let script: Script;
  if (typeof query === "string") {
    const parsed = parse(query, options.file !== undefined ? { file: options.file } : {});
    if (parsed.diagnostics.length > 0) {
      throw new KqlError(`syntax error: ${parsed.diagnostics[0].message}`, parsed.diagnostics);
    }
    script = parsed.script;
  } else {
    script = query;
  }
  const ctx: EvalContext = {
    now: options.now ?? datetimeFromUnixMs(Date.now()),
    tables: options.tables,
    evalTabular: (e, env) => evalTabular(e, env, ctx),
    materialized: new Map(),
    queryOptions: new Map(),
    ...(options.externalData ? { externalData: options.externalData } : {}),
    ...(options.watchlist ? { watchlist: options.watchlist } : {}),
    ...(options.tableNames ? { tableNames: options.tableNames } : {}),
  };
  const env = new Env(null, (name) => options.tables(name) !== undefined);
  const results: ResultTable[] = [];
  try {
    for (const s of script.statements) {
      switch (s.kind) {
        case "Let":
          bindLet(s.name, s.value, env, ctx);
          break;
        case "SetOption":
          setQueryOption(s, env, ctx);
          break;
        case "DeclareQueryParameters":
          unsupported("declare query_parameters", s);
          break;
        case "QueryStatement": {
          const t = evalTabular(s.expr, env, ctx);
          results.push(toResult(t, results.length === 0 ? "PrimaryResult" : `Table_${results.length}`));
          break;
        }
      }
    }
  } catch (e) {
    if (e instanceof EvalFailure) {
      const d = toDiagnostic(e, text, options.file);
      throw new KqlError(e.message, [d]);
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new KqlError("query too deeply nested (recursion limit)", [{ severity: "error", message: "query too deeply nested", code: "KQL2010" }]);
    }
    throw e;
  }
  if (results.length === 0) throw new KqlError("the query has no query statement (only let/set statements)", [{ severity: "error", message: "no query statement", code: "KQL2011", ...(options.file ? { file: options.file } : {}) }]);
  return { tables: results };
}

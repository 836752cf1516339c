/**
 * The output columns of a raw KQL query: what entity mappings and custom details of `kql`
 * detections are checked against.
 *
 * First choice: run the query with the evaluator over empty tables of the known schemas; the
 * result's columns are exactly what Kusto's rules give. When the evaluator cannot run it
 * (an unsupported operator or function), a static inference over the AST answers instead.
 *
 * The static inference follows the operators detections use (where, project*, extend, summarize, join, union,
 * mv-expand, parse, distinct, top, ...) with Kusto's column naming. Where it meets an operator
 * whose output it cannot know (e.g. `evaluate bag_unpack`), it answers `null` (unknown) and the
 * loader skips the column checks rather than guess. Types it cannot tell are `dynamic`.
 */
import type { Assignment, Expr, Script, TabularOperator } from "../kql/ast.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { derivedName, uniqueName } from "../engine/naming.js";
import type { OutputColumn } from "./model.js";

type Cols = Map<string, string>;

type EngineModule = typeof import("../engine/index.js");

/** A fixed clock: the result's columns do not depend on it. */
const EPOCH = { t: "datetime" as const, ticks: 638_000_000_000_000_000n };

/** What running a query over empty tables gave: its output columns, or the evaluator's error. */
export type EmptyEvaluation =
  | { readonly ok: true; readonly columns: OutputColumn[] | null }
  | { readonly ok: false; readonly error: unknown };

/**
 * Runs a query (an AST, or KQL text so that errors carry positions in that text) with the
 * evaluator over empty tables of the known schemas. Empty tables are cached per registry (they
 * are immutable). The loader infers raw queries' output columns this way; `kustodian validate`
 * reports the errors (type errors Kusto raises at run time that its analyzer does not flag).
 */
export function evaluateOnEmptyTables(
  query: Script | string,
  schemas: SchemaRegistry,
  engine: EngineModule,
  cache: Map<string, ReturnType<EngineModule["tableFromRecords"]>>,
): EmptyEvaluation {
  try {
    const result = engine.evaluate(query, {
      now: EPOCH,
      tables: (name) => {
        const schema = schemas.get(name);
        if (schema === undefined) return undefined;
        let t = cache.get(schema.name);
        if (t === undefined) cache.set(schema.name, (t = engine.tableFromRecords(schema.name, [], schema)));
        return t;
      },
    });
    const last = result.tables.at(-1);
    return { ok: true, columns: last === undefined ? null : last.columns.map((c) => ({ name: c.name, type: c.type })) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Output columns by evaluating over empty tables; null when the evaluator fails. */
export function inferColumnsByEvaluation(
  script: Script,
  schemas: SchemaRegistry,
  engine: EngineModule,
  cache: Map<string, ReturnType<EngineModule["tableFromRecords"]>>,
): OutputColumn[] | null {
  const run = evaluateOnEmptyTables(script, schemas, engine, cache);
  return run.ok ? run.columns : null;
}

interface Env {
  readonly tables: Map<string, Cols>;
  readonly scalars: Map<string, string>;
  readonly schemas: SchemaRegistry;
}

/** The query statement's output columns, or null when they cannot be known statically. */
export function inferColumnsStatically(script: Script, schemas: SchemaRegistry): OutputColumn[] | null {
  const env: Env = { tables: new Map(), scalars: new Map(), schemas };
  let result: Cols | null = null;
  for (const s of script.statements) {
    if (s.kind === "Let") {
      const cols = tabular(s.value, env);
      if (cols !== null) env.tables.set(s.name, cols);
      else env.scalars.set(s.name, exprType(s.value, new Map(), env));
    } else if (s.kind === "QueryStatement") {
      result = tabular(s.expr, env);
    }
  }
  return result === null ? null : [...result].map(([name, type]) => ({ name, type }));
}

function tabular(e: Expr, env: Env): Cols | null {
  switch (e.kind) {
    case "NameRef": {
      const t = env.tables.get(e.name);
      if (t) return new Map(t);
      const schema = env.schemas.get(e.name);
      return schema ? new Map(schema.columns.map((c) => [c.name, c.type])) : null;
    }
    case "Pipeline": {
      let cols = tabular(e.source, env);
      for (const op of e.operators) {
        if (cols === null) return null;
        cols = operator(op, cols, env);
      }
      return cols;
    }
    case "Union": {
      const out: Cols = new Map();
      for (const t of e.tables) {
        const c = tabular(t, env);
        if (c === null) return null;
        for (const [n, ty] of c) if (!out.has(n)) out.set(n, ty);
      }
      return out;
    }
    case "DataTable":
      return new Map(e.columns.map((c) => [c.name, c.type]));
    case "Call":
      if ((e.name === "materialize" || e.name === "view") && e.args.length === 1 && e.args[0].kind !== "NamedArg") {
        return tabular(e.args[0], env);
      }
      return null;
    default:
      return null;
  }
}

/** Output columns of one operator, or null when unknowable. */
function operator(op: TabularOperator, cols: Cols, env: Env): Cols | null {
  switch (op.kind) {
    case "Where":
    case "Take":
    case "Sort":
    case "Top":
    case "Sample":
    case "As":
    case "SearchOp":
    case "Render":
    case "ProjectReorder":
      return cols;
    case "Extend":
    case "Serialize":
      return assign(op.columns, cols, new Map(cols), env);
    case "Project":
      return assign(op.columns, cols, new Map(), env);
    case "ProjectAway":
      return filterNames(cols, op.columns, false);
    case "ProjectKeep":
      return filterNames(cols, op.columns, true);
    case "ProjectRename": {
      const renames = new Map(op.renames.map((r) => [r.oldName, r.newName]));
      return new Map([...cols].map(([n, t]) => [renames.get(n) ?? n, t]));
    }
    case "Summarize":
      return summarize(op.by, op.aggregates, cols, env);
    case "Distinct":
      if (op.columns.length === 1 && op.columns[0].kind === "Star") return cols;
      return new Map(op.columns.map((c, i) => [derivedName(c) ?? `Column${i + 1}`, exprType(c, cols, env)]));
    case "Count":
      return new Map([[op.as ?? "Count", "long"]]);
    case "Join":
      return join(op, cols, env);
    case "Lookup": {
      const right = tabular(op.right, env);
      if (right === null) return null;
      const keys = new Set(op.on.flatMap((k) => (k.kind === "NameRef" ? [k.name] : [])));
      const out = new Map(cols);
      for (const [n, t] of right) if (!keys.has(n)) out.set(uniqueName(n, new Set(out.keys())), t);
      return out;
    }
    case "UnionOp": {
      const out = new Map(cols);
      for (const t of op.tables) {
        const c = tabular(t, env);
        if (c === null) return null;
        for (const [n, ty] of c) if (!out.has(n)) out.set(n, ty);
      }
      return out;
    }
    case "MvExpand": {
      const out = new Map(cols);
      for (const item of op.columns) {
        const name = item.name ?? derivedName(item.value);
        if (name !== null) out.set(name, item.toType ?? "dynamic");
      }
      return out;
    }
    case "MvApply": {
      let out: Cols | null = new Map(cols);
      for (const item of op.columns) {
        const name = item.name ?? derivedName(item.value);
        if (name !== null) out.set(name, item.toType ?? "dynamic");
      }
      for (const inner of op.body) {
        if (out === null) return null;
        out = operator(inner, out, env);
      }
      return out;
    }
    case "Parse": {
      const out = new Map(cols);
      for (const p of op.pattern) if (p.kind === "ParseColumn") out.set(p.name, p.type ?? "string");
      return out;
    }
    case "ParseKv": {
      const out = new Map(cols);
      for (const c of op.columns) out.set(c.name, c.type);
      return out;
    }
    default:
      return null;
  }
}

/** `project` / `extend` assignments onto `out`. */
function assign(assignments: readonly Assignment[], input: Cols, out: Cols, env: Env): Cols {
  let unnamed = 0;
  for (const a of assignments) {
    const type = exprType(a.value, input, env);
    if (a.names.length > 0) {
      for (const n of a.names) out.set(n, a.names.length > 1 ? "dynamic" : type);
    } else {
      out.set(derivedName(a.value) ?? `Column${++unnamed}`, type);
    }
  }
  return out;
}

function summarize(by: readonly Assignment[], aggregates: readonly Assignment[], input: Cols, env: Env): Cols {
  const out: Cols = new Map();
  for (const a of by) {
    const name = a.names[0] ?? derivedName(a.value) ?? `Column${out.size + 1}`;
    out.set(name, exprType(a.value, input, env));
  }
  for (const a of aggregates) {
    const v = a.value;
    if (v.kind === "Call" && (v.name === "arg_max" || v.name === "arg_min") && a.names.length === 0) {
      for (const arg of v.args) {
        if (arg.kind === "Star") for (const [n, t] of input) if (!out.has(n)) out.set(n, t);
        if (arg.kind === "NameRef" && !out.has(arg.name)) out.set(arg.name, input.get(arg.name) ?? "dynamic");
      }
      continue;
    }
    const name = a.names[0] ?? aggregateName(v) ?? `Column${out.size + 1}`;
    out.set(uniqueName(name, new Set(out.keys())), aggregateType(v, input, env));
  }
  return out;
}

/** Kusto's default names of aggregation results. */
const AGG_PREFIX: Readonly<Record<string, string>> = {
  count: "count_",
  countif: "countif_",
  dcount: "dcount_",
  dcountif: "dcountif_",
  sum: "sum_",
  sumif: "sumif_",
  avg: "avg_",
  avgif: "avgif_",
  min: "min_",
  max: "max_",
  minif: "minif_",
  maxif: "maxif_",
  make_set: "set_",
  make_set_if: "set_",
  make_list: "list_",
  make_list_if: "list_",
  make_bag: "bag_",
  take_any: "any_",
  stdev: "stdev_",
  variance: "variance_",
  percentile: "percentile_",
};

function aggregateName(v: Expr): string | null {
  if (v.kind !== "Call") return derivedName(v);
  const prefix = AGG_PREFIX[v.name];
  if (prefix === undefined) return null;
  if (v.name === "count" || v.name === "countif") return prefix;
  const first = v.args[0];
  const base = first && first.kind !== "NamedArg" ? derivedName(first) : null;
  return base === null ? prefix : `${prefix}${base}`;
}

const AGG_TYPE: Readonly<Record<string, string>> = {
  count: "long",
  countif: "long",
  dcount: "long",
  dcountif: "long",
  avg: "real",
  avgif: "real",
  stdev: "real",
  variance: "real",
  make_set: "dynamic",
  make_set_if: "dynamic",
  make_list: "dynamic",
  make_list_if: "dynamic",
  make_bag: "dynamic",
};

function aggregateType(v: Expr, input: Cols, env: Env): string {
  if (v.kind !== "Call") return exprType(v, input, env);
  const fixed = AGG_TYPE[v.name];
  if (fixed !== undefined) return fixed;
  const first = v.args[0];
  return first && first.kind !== "NamedArg" ? exprType(first, input, env) : "dynamic";
}

function join(op: Extract<TabularOperator, { kind: "Join" }>, left: Cols, env: Env): Cols | null {
  const right = tabular(op.right, env);
  if (right === null) return null;
  const kindOpt = op.options.find((o) => o.name === "kind")?.value;
  const kind = kindOpt?.kind === "NameRef" ? kindOpt.name : "innerunique";
  if (kind.startsWith("leftanti") || kind.startsWith("leftsemi")) return left;
  if (kind.startsWith("rightanti") || kind.startsWith("rightsemi")) return right;
  const out = new Map(left);
  for (const [n, t] of right) out.set(uniqueName(n, new Set(out.keys())), t);
  return out;
}

function filterNames(cols: Cols, patterns: readonly string[], keep: boolean): Cols {
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
  return new Map([...cols].filter(([n]) => regexes.some((r) => r.test(n)) === keep));
}

/** Result types of common functions; the rest are `dynamic`. */
const FUNCTION_TYPES: Readonly<Record<string, string>> = {
  tostring: "string",
  strcat: "string",
  tolower: "string",
  toupper: "string",
  trim: "string",
  substring: "string",
  extract: "string",
  replace_string: "string",
  replace_regex: "string",
  strcat_delim: "string",
  format_datetime: "string",
  url_decode: "string",
  base64_decode_tostring: "string",
  tolong: "long",
  toint: "int",
  toreal: "real",
  todouble: "real",
  tobool: "bool",
  toboolean: "bool",
  todatetime: "datetime",
  totimespan: "timespan",
  toguid: "guid",
  todynamic: "dynamic",
  parse_json: "dynamic",
  strlen: "long",
  array_length: "long",
  countof: "long",
  indexof: "long",
  now: "datetime",
  ago: "datetime",
  startofday: "datetime",
  startofweek: "datetime",
  startofmonth: "datetime",
  endofday: "datetime",
  datetime_add: "datetime",
  datetime_diff: "long",
  isempty: "bool",
  isnotempty: "bool",
  isnull: "bool",
  isnotnull: "bool",
  not: "bool",
  ipv4_is_private: "bool",
  ipv4_is_in_range: "bool",
  ipv4_is_match: "bool",
  has_any_ipv4: "bool",
  set_has_element: "bool",
  hash_sha256: "string",
  row_number: "long",
};

/** The type of a scalar expression over `cols` (best effort). */
function exprType(e: Expr, cols: Cols, env: Env): string {
  switch (e.kind) {
    case "NameRef":
      return cols.get(e.name) ?? env.scalars.get(e.name) ?? "dynamic";
    case "StringLit":
      return "string";
    case "NumberLit":
      return e.type;
    case "BoolLit":
      return "bool";
    case "TimespanLit":
      return "timespan";
    case "TypedLit":
      return e.type;
    case "DynamicLit":
    case "Member":
    case "Index":
      return "dynamic";
    case "InExpr":
    case "Between":
      return "bool";
    case "Unary":
      return exprType(e.operand, cols, env);
    case "Binary": {
      if (e.op === "and" || e.op === "or") return "bool";
      if (["+", "-", "*", "/", "%"].includes(e.op)) {
        const l = exprType(e.left, cols, env);
        const r = exprType(e.right, cols, env);
        if (l === "datetime" && r === "datetime") return "timespan";
        if (l === "datetime" || r === "datetime") return "datetime";
        if (l === "timespan" || r === "timespan") return "timespan";
        if (l === "real" || r === "real") return "real";
        return l === "int" && r === "int" ? "int" : "long";
      }
      return "bool";
    }
    case "Call": {
      const first = e.args[0];
      if ((e.name === "iff" || e.name === "iif") && e.args[1] && e.args[1].kind !== "NamedArg") return exprType(e.args[1], cols, env);
      if ((e.name === "coalesce" || e.name === "bin" || e.name === "min_of" || e.name === "max_of") && first && first.kind !== "NamedArg") {
        return exprType(first, cols, env);
      }
      return FUNCTION_TYPES[e.name] ?? "dynamic";
    }
    default:
      return "dynamic";
  }
}

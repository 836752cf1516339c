/**
 * Calls the evaluator implements itself because they need more than their argument values:
 * lazy conditionals (iff, case, coalesce), table context (toscalar, column_ifexists,
 * pack_all, bag_pack_columns) and row order (row_number, prev, next, row_cumsum, row_rank_*).
 */
import type { Arg, Call, Expr } from "../kql/ast.js";
import { type Compiled, constant, node } from "./compiled.js";
import { columnReader, compileExpr, isTabularExpr } from "./compile.js";
import { fail } from "./errors.js";
import { valueToString } from "./format.js";
import { isEmptyValue } from "./functions/logic.js";
import { binValue, SCALAR_FUNCTIONS } from "./functions/index.js";
import type { Scope } from "./scope.js";
import { type Dyn, dyn, isDynValue, type KqlType, timespan, type Value, bag } from "./values.js";
import { compareValues, valuesEqual } from "./compare.js";

type SpecialCompiler = (e: Call, args: readonly Expr[], scope: Scope) => Compiled;

function positional(e: Call): Expr[] {
  return e.args.map((a: Arg) => (a.kind === "NamedArg" ? fail(`named argument '${a.name}' is not accepted by ${e.name}()`, a) : a));
}

function arity(e: Call, args: readonly Expr[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(`${e.name}() expects ${expected} argument${max === 1 ? "" : "s"}, got ${args.length}`, e, "KQL2007");
  }
}

/** Common type of conditional branches: numbers widen, a null literal takes the other's type. */
function branchType(branches: readonly Compiled[], e: Call): KqlType {
  const f = SCALAR_FUNCTIONS.get(e.name === "case" ? "case" : "iff");
  const typed = branches.filter((b) => !(b.dep === null && b.value === null && b.type === "dynamic"));
  if (f && e.name !== "case") return f.returns(["bool", ...branches.map((b) => b.type)]);
  const types = typed.map((b) => b.type);
  const numeric = ["int", "long", "decimal", "real"];
  if (types.length > 0 && types.every((t) => numeric.includes(t))) {
    return types.reduce((a, b) => (numeric.indexOf(a) >= numeric.indexOf(b) ? a : b));
  }
  return types[0] ?? "dynamic";
}

function truthy(v: Value): boolean {
  return v === true || (isDynValue(v) && v.value === true);
}

const iff: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 3, 3);
  const [c, a, b] = args.map((x) => compileExpr(x, scope));
  return node(branchType([a, b], e), [c, a, b], ([cc, aa, bb]) => (r) => (truthy(cc.ev(r)) ? aa.ev(r) : bb.ev(r)));
};

const caseFn: SpecialCompiler = (e, args, scope) => {
  if (args.length < 3 || args.length % 2 === 0) fail("case() expects predicate/value pairs and an else value", e, "KQL2007");
  const kids = args.map((x) => compileExpr(x, scope));
  const values = kids.filter((_, i) => i % 2 === 1 || i === kids.length - 1);
  return node(branchType(values, e), kids, (k) => (r) => {
    for (let i = 0; i + 1 < k.length; i += 2) if (truthy(k[i].ev(r))) return k[i + 1].ev(r);
    return k[k.length - 1].ev(r);
  });
};

const coalesce: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 64);
  const kids = args.map((x) => compileExpr(x, scope));
  const type = branchType(kids, e);
  return node(type, kids, (k) => (r) => {
    for (const c of k) {
      const v = c.ev(r);
      if (v === null || (isDynValue(v) && v.value === null)) continue;
      if (type === "string" && v === "") continue;
      return v;
    }
    return type === "string" ? "" : null;
  });
};

const toscalar: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 1);
  const t = isTabularExpr(args[0], scope.env, scope.table)
    ? scope.ctx.evalTabular(args[0], scope.env)
    : null;
  if (t === null) {
    const c = compileExpr(args[0], scope);
    return c;
  }
  const col = t.columns[0];
  if (!col) fail("toscalar() of a table with no columns", e);
  return constant(col.data.type, t.rowCount > 0 ? col.data.get(0) : col.data.type === "string" ? "" : null);
};

const columnIfExists: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 2, 2);
  const nameArg = args[0];
  if (nameArg.kind !== "StringLit") fail("column_ifexists() expects a constant column name", nameArg);
  const col = scope.table.column(nameArg.value);
  if (col) return columnReader(col);
  return compileExpr(args[1], scope);
};

function rowBag(scope: Scope, names: readonly string[], skipEmpty: boolean): (r: number) => Value {
  const cols = names.map((n) => {
    const c = scope.table.column(n);
    if (!c) fail(`unknown column '${n}'`, null);
    return c;
  });
  return (r) => {
    const entries: [string, Dyn][] = [];
    cols.forEach((c) => {
      const v = c.data.get(r);
      if (skipEmpty && isEmptyValue(v)) return;
      entries.push([c.name, valueAsDyn(v)]);
    });
    return dyn(bag(entries));
  };
}

/** A value stored inside a dynamic bag or array. */
export function valueAsDyn(v: Value): Dyn {
  if (v === null) return null;
  if (isDynValue(v)) return v.value;
  return v as Dyn;
}

const packAll: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 0, 1);
  const skip = args.length === 1 ? compileExpr(args[0], scope).value === true : false;
  const ev = rowBag(scope, scope.packColumns ?? scope.table.columns.map((c) => c.name), skip);
  return { type: "dynamic", ev, dep: "many", leaf: true };
};

const bagPackColumns: SpecialCompiler = (_e, args, scope) => {
  const names = args.map((a) => (a.kind === "NameRef" ? a.name : fail("bag_pack_columns() expects column names", a)));
  return { type: "dynamic", ev: rowBag(scope, names, false), dep: "many", leaf: true };
};

/** Row functions read neighbouring rows; they are never memoized or folded. */
function rowFn(type: KqlType, ev: (r: number) => Value): Compiled {
  return { type, ev, dep: "impure", leaf: true };
}

const rowNumber: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 0, 2);
  const start = args.length > 0 ? Number(compileExpr(args[0], scope).ev(0) ?? 1) : 1;
  if (args.length < 2) return rowFn("long", (r) => r + start);
  const restart = compileExpr(args[1], scope);
  const numbers = lazyPrefix(scope, (r, prev) => (r === 0 || truthy(restart.ev(r)) ? start : (prev as number) + 1));
  return rowFn("long", numbers);
};

/** A per-row value computed in row order from the previous row's value (cached for the table). */
function lazyPrefix(scope: Scope, step: (r: number, prev: Value) => Value): (r: number) => Value {
  let cache: Value[] | null = null;
  return (r) => {
    if (cache === null) {
      cache = new Array(scope.table.rowCount);
      let prev: Value = null;
      for (let i = 0; i < scope.table.rowCount; i++) cache[i] = prev = step(i, prev);
    }
    return cache[r];
  };
}

function neighbour(direction: -1 | 1): SpecialCompiler {
  return (e, args, scope) => {
    arity(e, args, 1, 3);
    const inner = compileExpr(args[0], scope);
    const offset = args.length > 1 ? Number(compileExpr(args[1], scope).ev(0) ?? 1) : 1;
    const def = args.length > 2 ? compileExpr(args[2], scope) : null;
    const n = () => scope.table.rowCount;
    return rowFn(inner.type, (r) => {
      const k = r + direction * offset;
      if (k < 0 || k >= n()) return def ? def.ev(r) : inner.type === "string" ? "" : null;
      return inner.ev(k);
    });
  };
}

const rowCumsum: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 2);
  const term = compileExpr(args[0], scope);
  const restart = args.length > 1 ? compileExpr(args[1], scope) : null;
  const isSpan = term.type === "timespan";
  const f = lazyPrefix(scope, (r, prev) => {
    const v = term.ev(r);
    const base = r === 0 || (restart && truthy(restart.ev(r))) ? null : prev;
    if (isSpan) {
      const ticks = (v === null ? 0n : (v as { ticks: bigint }).ticks) + (base === null ? 0n : (base as { ticks: bigint }).ticks);
      return timespan(ticks);
    }
    return (typeof v === "number" ? v : 0) + (typeof base === "number" ? base : 0);
  });
  return rowFn(term.type === "int" ? "long" : term.type, f);
};

function rowRank(dense: boolean): SpecialCompiler {
  return (e, args, scope) => {
    arity(e, args, 1, 2);
    const term = compileExpr(args[0], scope);
    const restart = args.length > 1 ? compileExpr(args[1], scope) : null;
    let last: Value = null;
    let distinct = 0;
    let start = 0;
    const f = lazyPrefix(scope, (r, prev) => {
      const v = term.ev(r);
      if (r === 0 || (restart !== null && truthy(restart.ev(r)))) {
        distinct = 0;
        start = r;
        last = v;
        distinct++;
        return 1;
      }
      if (!valuesEqual(v, last)) {
        distinct++;
        last = v;
        return dense ? distinct : r - start + 1;
      }
      return prev;
    });
    return rowFn("long", f);
  };
}

/** row_window_session(value, maxFromFirst, maxBetweenNeighbours [, restart]): the session's first value. */
const rowWindowSession: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 3, 4);
  const [value, fromFirst, between] = args.slice(0, 3).map((a) => compileExpr(a, scope));
  const restart = args.length > 3 ? compileExpr(args[3], scope) : null;
  type T = { ticks: bigint } | null;
  let start: T = null;
  let last: T = null;
  const f = lazyPrefix(scope, (r) => {
    const v = value.ev(r) as T;
    const maxFirst = fromFirst.ev(r) as T;
    const maxGap = between.ev(r) as T;
    const fresh =
      r === 0 ||
      start === null ||
      last === null ||
      v === null ||
      (restart !== null && truthy(restart.ev(r))) ||
      (maxFirst !== null && v.ticks - start.ticks > maxFirst.ticks) ||
      (maxGap !== null && v.ticks - last.ticks > maxGap.ticks);
    if (fresh) start = v;
    last = v;
    return start as Value;
  });
  return rowFn(value.type, f);
};

/**
 * ingestion_time(): fixtures record no ingestion time, so it reads an `_IngestionTime` column
 * when the table has one and otherwise `TimeGenerated` (null when neither exists).
 */
const ingestionTime: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 0, 0);
  const col = scope.table.column("_IngestionTime") ?? scope.table.column("TimeGenerated");
  if (col && col.data.type === "datetime") return columnReader(col);
  return constant("datetime", null);
};

/** The [value, weight] pairs of a tdigest() result (see aggregates.ts). */
function digestPairs(v: Value): [Value, number][] {
  if (!isDynValue(v) || !Array.isArray(v.value)) return [];
  return (v.value as Dyn[][]).map((p) => [p[0] as Value, Number(p[1])]);
}

function digestPercentile(pairs: [Value, number][], p: number): Value {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, w] of pairs) {
    seen += w;
    if (seen >= rank) return v;
  }
  return pairs[pairs.length - 1][0];
}

const percentileTdigest: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 2, 3);
  const [t, p] = args.map((a) => compileExpr(a, scope));
  return node("real", [t, p], ([tt, pp]) => (r) => {
    const v = digestPercentile(digestPairs(tt.ev(r)), Number(pp.ev(r)));
    return typeof v === "number" ? v : isDynValue(v) && typeof v.value === "number" ? v.value : null;
  });
};

const rankTdigest: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 2, 2);
  const [t, x] = args.map((a) => compileExpr(a, scope));
  return node("long", [t, x], ([tt, xx]) => (r) => {
    const target = xx.ev(r);
    if (target === null) return null;
    let rank = 0;
    for (const [v, w] of digestPairs(tt.ev(r))) if (compareValues(v, target) <= 0) rank += w;
    return rank;
  });
};

const dcountHll: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 1);
  const h = compileExpr(args[0], scope);
  return node("long", [h], ([hh]) => (r) => {
    const v = hh.ev(r);
    return isDynValue(v) && Array.isArray(v.value) ? v.value.length : 0;
  });
};

/** bin_auto(x): bin() by the `set query_bin_auto_size` (and `query_bin_auto_at`) options. */
const binAuto: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 1);
  const size = scope.ctx.queryOptions?.get("query_bin_auto_size");
  if (size === undefined || size === null) fail("bin_auto() needs 'set query_bin_auto_size = <size>;' before the query", e);
  const at = scope.ctx.queryOptions?.get("query_bin_auto_at") ?? null;
  const x = compileExpr(args[0], scope);
  return node(x.type, [x], ([xx]) => (r) => binValue(xx.ev(r), size, at));
};

/** column_names_of(T): the names of a tabular expression's columns, as a dynamic array. */
const columnNamesOf: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 1);
  if (!isTabularExpr(args[0], scope.env, scope.table)) fail("column_names_of() expects a tabular expression", args[0]);
  const t = scope.ctx.evalTabular(args[0], scope.env);
  return constant("dynamic", dyn(t.columns.map((c) => c.name)));
};

/** Bytes per value of the fixed-width types; strings and dynamic values count their UTF-8 text. */
const FIXED_WIDTH: Readonly<Partial<Record<KqlType, number>>> = {
  bool: 1,
  int: 4,
  long: 8,
  real: 8,
  datetime: 8,
  timespan: 8,
  decimal: 16,
  guid: 16,
};

function estimatedSize(type: KqlType, v: Value): number {
  const width = FIXED_WIDTH[type];
  if (width !== undefined) return width;
  return Buffer.byteLength(valueToString(v), "utf8");
}

/** estimate_data_size(col, ... | *): the estimated bytes of the row's referenced columns. */
const estimateDataSize: SpecialCompiler = (e, args, scope) => {
  arity(e, args, 1, 1024);
  const names = args.some((a) => a.kind === "Star")
    ? (scope.packColumns ?? scope.table.columns.map((c) => c.name))
    : args.map((a) => (a.kind === "NameRef" ? a.name : fail("estimate_data_size() expects column names or *", a)));
  const cols = names.map((n) => scope.table.column(n) ?? fail(`unknown column '${n}'`, e));
  return {
    type: "long",
    ev: (r) => cols.reduce((sum, c) => sum + estimatedSize(c.data.type, c.data.get(r)), 0),
    dep: "many",
    leaf: true,
  };
};

const notInScalar: SpecialCompiler = (e) => fail(`${e.name}() returns a table; it cannot be used as a scalar`, e);

const SPECIAL: ReadonlyMap<string, SpecialCompiler> = new Map<string, SpecialCompiler>([
  ["iff", iff],
  ["iif", iff],
  ["case", caseFn],
  ["coalesce", coalesce],
  ["toscalar", toscalar],
  ["column_ifexists", columnIfExists],
  ["columnifexists", columnIfExists],
  ["ingestion_time", ingestionTime],
  ["percentile_tdigest", percentileTdigest],
  ["rank_tdigest", rankTdigest],
  ["dcount_hll", dcountHll],
  ["pack_all", packAll],
  ["bag_pack_columns", bagPackColumns],
  ["row_number", rowNumber],
  ["prev", neighbour(-1)],
  ["next", neighbour(1)],
  ["row_cumsum", rowCumsum],
  ["row_rank_dense", rowRank(true)],
  ["row_rank_min", rowRank(false)],
  ["materialize", notInScalar],
  ["table", notInScalar],
  ["row_window_session", rowWindowSession],
  ["column_names_of", columnNamesOf],
  ["bin_auto", binAuto],
  ["estimate_data_size", estimateDataSize],
]);

export const SPECIAL_CALLS: ReadonlySet<string> = new Set(SPECIAL.keys());

export function compileSpecialCall(e: Call, scope: Scope): Compiled {
  return SPECIAL.get(e.name)!(e, positional(e), scope);
}

export function textOf(v: Value): string {
  return valueToString(v);
}

/** `evaluate` plugins, as a registry: `bag_unpack` (the one Sentinel queries use most). */
import type { Call, Evaluate, Expr } from "../../kql/ast.js";
import { compileAggregate, isAggregateName } from "../aggregates.js";
import { valueToString } from "../format.js";
import { groupRows } from "../grouping.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { fail, unsupported } from "../errors.js";
import { SCALAR_FUNCTIONS } from "../functions/index.js";
import { type NamedColumn, Table } from "../table.js";
import { valueKey } from "../compare.js";
import { datetime, type Dyn, dyn, isBag, isDynValue, type KqlType, type Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";

type Plugin = (op: Evaluate, input: Table, oc: OpContext) => Table;

function namedArg(op: Evaluate, name: string): Expr | null {
  for (const a of op.plugin.args) if (a.kind === "NamedArg" && a.name === name) return a.value;
  return null;
}

const bagUnpack: Plugin = (op, input, oc) => {
  const positional = op.plugin.args.filter((a) => a.kind !== "NamedArg") as Expr[];
  if (positional.length < 1) fail("bag_unpack() expects a dynamic column", op.plugin);
  const scope = scopeOf(input, oc);
  const source = compileExpr(positional[0], scope);
  const prefix = positional[1] ? String(compileExpr(positional[1], scope).value ?? "") : "";
  const conflictExpr = namedArg(op, "columnsConflict") ?? positional[2] ?? null;
  const conflict = conflictExpr ? String(compileExpr(conflictExpr, scope).value) : "error";
  const ignoredExpr = namedArg(op, "ignoredProperties") ?? positional[3] ?? null;
  const ignoredValue = ignoredExpr ? compileExpr(ignoredExpr, scope).value : null;
  const ignored = new Set<string>(
    isDynValue(ignoredValue) && Array.isArray(ignoredValue.value) ? (ignoredValue.value as Dyn[]).map((x) => String(x)) : [],
  );
  const keys = new Set<string>();
  const bags: (ReadonlyMap<string, Dyn> | null)[] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const v = source.ev(r);
    const b = isDynValue(v) && isBag(v.value) ? v.value.entries : null;
    bags.push(b);
    if (b) for (const k of b.keys()) if (!ignored.has(k)) keys.add(k);
  }
  const sourceName = positional[0].kind === "NameRef" ? positional[0].name : null;
  let columns: NamedColumn[] = input.columns.filter((c) => c.name !== sourceName);
  for (const key of [...keys].sort()) {
    const name = prefix + key;
    const values: Value[] = bags.map((b) => {
      const d = b?.get(key);
      return d === undefined || d === null ? null : dyn(d);
    });
    const col = { name, data: new ArrayColumn("dynamic", values) };
    const existing = columns.findIndex((c) => c.name === name);
    if (existing >= 0) {
      if (conflict === "error") fail(`bag_unpack: property '${key}' collides with column '${name}' (use columnsConflict)`, op.plugin);
      if (conflict === "replace_source") columns = columns.map((c, i) => (i === existing ? col : c));
      continue;
    }
    columns.push(col);
  }
  return new Table(input.name, columns, input.rowCount);
};

function positionalArgs(op: Evaluate): Expr[] {
  return op.plugin.args.filter((a) => a.kind !== "NamedArg") as Expr[];
}

function constantBool(op: Evaluate, name: string, oc: OpContext, input: Table): boolean {
  const e = namedArg(op, name);
  return e !== null && compileExpr(e, scopeOf(input, oc)).value === true;
}

/**
 * ipv4_lookup / ipv6_lookup(LookupTable, SourceIp, LookupRange [, extra key pairs...] [, return_unmatched=true]):
 * each row joined with the lookup rows whose range (CIDR) holds its address.
 */
function ipLookup(inRange: string): Plugin {
  return (op, input, oc) => {
    const [tableExpr, sourceExpr, rangeExpr] = positionalArgs(op);
    if (!tableExpr || !sourceExpr || rangeExpr?.kind !== "NameRef") fail(`${op.plugin.name}() expects (LookupTable, SourceIPColumn, LookupRangeColumn)`, op.plugin);
    const lookup = oc.ctx.evalTabular(tableExpr, oc.env);
    const test = SCALAR_FUNCTIONS.get(inRange);
    if (!test) unsupported(`plugin '${op.plugin.name}'`, op.plugin);
    const source = compileExpr(sourceExpr, scopeOf(input, oc));
    const range = compileExpr(rangeExpr, scopeOf(lookup, oc));
    const unmatched = constantBool(op, "return_unmatched", oc, input);
    const fctx = { now: oc.ctx.now };
    const lRows: number[] = [];
    const rRows: number[] = [];
    for (let r = 0; r < input.rowCount; r++) {
      const ip = source.ev(r);
      let hit = -1;
      for (let k = 0; k < lookup.rowCount; k++) {
        if (test.call([ip, range.ev(k)], fctx) === true) {
          hit = k;
          break;
        }
      }
      if (hit >= 0 || unmatched) {
        lRows.push(r);
        rRows.push(hit);
      }
    }
    const left = input.take(Int32Array.from(lRows));
    const right = lookup.take(Int32Array.from(rRows));
    const columns: NamedColumn[] = [...left.columns];
    for (const c of right.columns) if (left.indexOf(c.name) < 0) columns.push(c);
    return new Table(input.name, columns, lRows.length);
  };
}

/** rows_near(predicate, before [, after]): the rows within that many rows of a matching one. */
const rowsNear: Plugin = (op, input, oc) => {
  const [predExpr, beforeExpr, afterExpr] = positionalArgs(op);
  if (!predExpr || !beforeExpr) fail("rows_near() expects (predicate, before [, after])", op.plugin);
  const scope = scopeOf(input, oc);
  const pred = compileExpr(predExpr, scope);
  const before = Number(compileExpr(beforeExpr, scope).value ?? 0);
  const after = afterExpr ? Number(compileExpr(afterExpr, scope).value ?? 0) : before;
  const keep = new Uint8Array(input.rowCount);
  for (let r = 0; r < input.rowCount; r++) {
    if (pred.ev(r) !== true) continue;
    for (let k = Math.max(0, r - before); k <= Math.min(input.rowCount - 1, r + after); k++) keep[k] = 1;
  }
  const rows: number[] = [];
  keep.forEach((x, i) => {
    if (x) rows.push(i);
  });
  return input.take(Int32Array.from(rows));
};

/**
 * activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Window [, dims...]): per time
 * window (aligned to Start) the record count, distinct ids, ids never seen in an earlier window,
 * and the running distinct count.
 */
const activityCountsMetrics: Plugin = (op, input, oc) => {
  const args = positionalArgs(op);
  if (args.length < 5) fail("activity_counts_metrics() expects (IdColumn, TimelineColumn, Start, End, Window [, dims...])", op.plugin);
  const scope = scopeOf(input, oc);
  const [id, time, startC, endC, windowC] = args.slice(0, 5).map((a) => compileExpr(a, scope));
  const dims = args.slice(5).map((a) => ({ name: a.kind === "NameRef" ? a.name : fail("dimensions must be column names", a), c: compileExpr(a, scope) }));
  type Ticks = { ticks: bigint } | null;
  const start = startC.ev(0) as Ticks;
  const end = endC.ev(0) as Ticks;
  const window = windowC.ev(0) as Ticks;
  if (start === null || end === null || window === null || window.ticks <= 0n) fail("activity_counts_metrics() needs constant Start, End and a positive Window", op.plugin);
  const windows = Number((end.ticks - start.ticks) / window.ticks) + 1;
  // Per dimension combination: per window the count and the ids seen.
  const groups = new Map<string, { dims: Value[]; counts: number[]; ids: Set<unknown>[] }>();
  for (let r = 0; r < input.rowCount; r++) {
    const t = time.ev(r) as Ticks;
    if (t === null || t.ticks < start.ticks) continue;
    // The last window is whole: rows up to its end count.
    const w = Number((t.ticks - start.ticks) / window.ticks);
    if (w >= windows) continue;
    const dimValues = dims.map((d) => d.c.ev(r));
    const key = JSON.stringify(dimValues.map((v) => String(valueKey(v))));
    let g = groups.get(key);
    if (!g) {
      g = { dims: dimValues, counts: new Array(windows).fill(0), ids: Array.from({ length: windows }, () => new Set()) };
      groups.set(key, g);
    }
    g.counts[w]++;
    const v = id.ev(r);
    if (v !== null) g.ids[w].add(valueKey(v));
  }
  const rows: Value[][] = [];
  for (const g of groups.values()) {
    const seen = new Set<unknown>();
    for (let w = 0; w < windows; w++) {
      let fresh = 0;
      for (const k of g.ids[w]) if (!seen.has(k)) fresh++;
      for (const k of g.ids[w]) seen.add(k);
      rows.push([datetime(start.ticks + BigInt(w) * window.ticks), ...g.dims, g.counts[w], g.ids[w].size, fresh, seen.size]);
    }
  }
  const names = ["Timestamp", ...dims.map((d) => d.name), "count", "dcount", "new_dcount", "aggregated_dcount"];
  const types: KqlType[] = ["datetime", ...dims.map((d) => d.c.type), "long", "long", "long", "long"];
  return new Table(
    input.name,
    names.map((name, j) => ({ name, data: new ArrayColumn(types[j], rows.map((r) => r[j])) })),
    rows.length,
  );
};

/**
 * pivot(PivotColumn [, Aggregation] [, GroupColumn...]): one output column per distinct value of
 * PivotColumn (sorted), holding the aggregation (default count()) for each group.
 */
const pivot: Plugin = (op, input, oc) => {
  const args = positionalArgs(op);
  if (args.length < 1) fail("pivot() expects (PivotColumn [, Aggregation] [, columns...])", op.plugin);
  const scope = scopeOf(input, oc);
  const pivotKey = compileExpr(args[0], scope);
  const aggCall: Call = args[1]?.kind === "Call" && isAggregateName(args[1].name) ? args[1] : { kind: "Call", name: "count", args: [], span: op.plugin.span };
  const groupExprs = args.slice(aggCall === args[1] ? 2 : 1);
  const groupCols = groupExprs.map((e) => ({ name: e.kind === "NameRef" ? e.name : fail("pivot() groups by column names", e), c: compileExpr(e, scope) }));
  const agg = compileAggregate(aggCall, scope, new Set());
  const g = groupRows([...groupCols.map((x) => x.c), pivotKey], input.rowCount);
  const values = agg.run(g.ids, g.count, input.rowCount)[0];
  const outer = groupRows(groupCols.map((x) => x.c), input.rowCount);
  const pivotNames = [...new Set(g.firstRow.map((r) => valueToString(pivotKey.ev(r))))].sort();
  const cells: Value[][] = Array.from({ length: outer.count }, () => new Array(pivotNames.length).fill(aggCall.name === "count" ? 0 : null));
  g.firstRow.forEach((r, gi) => {
    cells[outer.ids[r]][pivotNames.indexOf(valueToString(pivotKey.ev(r)))] = values[gi];
  });
  const columns: NamedColumn[] = groupCols.map((x) => ({ name: x.name, data: new ArrayColumn(x.c.type, outer.firstRow.map((r) => x.c.ev(r))) }));
  pivotNames.forEach((name, j) => {
    columns.push({ name, data: new ArrayColumn(agg.columns[0].type, cells.map((row) => row[j])) });
  });
  return new Table(input.name, columns, outer.count);
};

const PLUGINS: ReadonlyMap<string, Plugin> = new Map([
  ["pivot", pivot],
  ["activity_counts_metrics", activityCountsMetrics],
  ["bag_unpack", bagUnpack],
  ["ipv4_lookup", ipLookup("ipv4_is_in_range")],
  ["ipv6_lookup", ipLookup("ipv6_is_in_range")],
  ["rows_near", rowsNear],
]);

export const evaluatePlugin: OperatorEval<Evaluate> = (op, input, oc) => {
  const p = PLUGINS.get(op.plugin.name);
  if (!p) unsupported(`plugin '${op.plugin.name}'`, op.plugin);
  return p(op, input, oc);
};

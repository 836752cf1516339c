/** `evaluate` plugins, as a registry: `bag_unpack` (the one Sentinel queries use most). */
import type { Call, Evaluate, Expr } from "../../kql/ast.js";
import { compileAggregate, isAggregateName } from "../aggregates.js";
import { valueToString } from "../format.js";
import { groupRows } from "../grouping.js";
import { ArrayColumn, constantColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { fail, unsupported } from "../errors.js";
import { convertToType } from "../functions/convert-to-type.js";
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
  if (op.outputSchema) columns = applyUnpackSchema(op.outputSchema, columns, input, sourceName);
  return new Table(input.name, columns, input.rowCount);
};

/**
 * `bag_unpack(d) : (*, Name:string, Age:long)`: only the declared properties are unpacked, typed
 * as declared (missing ones are empty); `*` keeps the input's other columns in front of them.
 */
function applyUnpackSchema(
  schema: NonNullable<Evaluate["outputSchema"]>,
  unpacked: readonly NamedColumn[],
  input: Table,
  sourceName: string | null,
): NamedColumn[] {
  const declared = new Set(schema.columns.map((c) => c.name));
  const kept = schema.open ? input.columns.filter((c) => c.name !== sourceName && !declared.has(c.name)) : [];
  const typed = schema.columns.map((decl): NamedColumn => {
    const found = unpacked.find((c) => c.name === decl.name);
    if (!found) return { name: decl.name, data: constantColumn(decl.type, decl.type === "string" ? "" : null, input.rowCount) };
    const values: Value[] = [];
    for (let r = 0; r < input.rowCount; r++) values.push(convertToType(found.data.get(r), decl.type));
    return { name: decl.name, data: new ArrayColumn(decl.type, values) };
  });
  return [...kept, ...typed];
}

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
function ipLookup(inRange: string, lookupColumnsFirst: boolean): Plugin {
  return (op, input, oc) => {
    const positional = positionalArgs(op);
    const [tableExpr, sourceExpr, rangeExpr] = positional;
    if (!tableExpr || !sourceExpr || rangeExpr?.kind !== "NameRef") fail(`${op.plugin.name}() expects (LookupTable, SourceIPColumn, LookupRangeColumn)`, op.plugin);
    const lookup = oc.ctx.evalTabular(tableExpr, oc.env);
    const test = SCALAR_FUNCTIONS.get(inRange);
    if (!test) unsupported(`plugin '${op.plugin.name}'`, op.plugin);
    const source = compileExpr(sourceExpr, scopeOf(input, oc));
    const range = compileExpr(rangeExpr, scopeOf(lookup, oc));
    // return_unmatched is named or the trailing positional argument.
    const last = positional.length > 3 ? positional[positional.length - 1] : null;
    const unmatched = constantBool(op, "return_unmatched", oc, input) || (last?.kind === "BoolLit" && last.value === true);
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
    const rightOnly = right.columns.filter((c) => left.indexOf(c.name) < 0);
    // The documented outputs differ: ipv4_lookup keeps the source columns first, ipv6_lookup
    // puts the lookup table's columns first.
    const columns: NamedColumn[] = lookupColumnsFirst ? [...rightOnly, ...left.columns] : [...left.columns, ...rightOnly];
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

type Ticks = { ticks: bigint } | null;

/**
 * active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriods,
 * Bin [, dims...]): per Bin (aligned to Start) the distinct ids with an appearance in it that is
 * "active": within the lookback (appearance - LookbackWindow, appearance], the id appeared in at
 * least ActivePeriods distinct Periods. Appearances before Start still count in the lookback;
 * bins without active ids are left out.
 */
const activeUsersCount: Plugin = (op, input, oc) => {
  const args = positionalArgs(op);
  if (args.length < 8) fail("active_users_count() expects (IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount, Bin [, dims...])", op.plugin);
  const scope = scopeOf(input, oc);
  const [id, time, startC, endC, lookbackC, periodC, activeC, binC] = args.slice(0, 8).map((a) => compileExpr(a, scope));
  const dims = args.slice(8).map((a) => ({ name: a.kind === "NameRef" ? a.name : fail("dimensions must be column names", a), c: compileExpr(a, scope) }));
  const start = startC.ev(0) as Ticks;
  const end = endC.ev(0) as Ticks;
  const lookback = lookbackC.ev(0) as Ticks;
  const period = periodC.ev(0) as Ticks;
  const bin = binC.ev(0) as Ticks;
  const activePeriods = Number(activeC.ev(0));
  if (time.type !== "datetime" || start === null || end === null || lookback === null || period === null || bin === null || period.ticks <= 0n || bin.ticks <= 0n || !Number.isFinite(activePeriods)) {
    fail("active_users_count() needs a datetime timeline, constant Start/End, and positive timespan LookbackWindow, Period and Bin", op.plugin);
  }
  // Appearances per (dims, id), in time order.
  const byId = new Map<string, { dims: Value[]; dimKey: string; id: unknown; times: bigint[] }>();
  for (let r = 0; r < input.rowCount; r++) {
    const t = time.ev(r) as Ticks;
    const v = id.ev(r);
    if (t === null || v === null) continue;
    const dimValues = dims.map((d) => d.c.ev(r));
    const dimKey = JSON.stringify(dimValues.map((x) => String(valueKey(x))));
    const key = `${dimKey}\u0000${String(valueKey(v))}`;
    let e = byId.get(key);
    if (!e) {
      e = { dims: dimValues, dimKey, id: valueKey(v), times: [] };
      byId.set(key, e);
    }
    e.times.push(t.ticks);
  }
  const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  // Per (dims, bin start): the ids active in that bin.
  const bins = new Map<string, { dims: Value[]; bin: bigint; ids: Set<unknown> }>();
  for (const e of byId.values()) {
    e.times.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const t of e.times) {
      if (t < start.ticks || t > end.ticks) continue;
      const periods = new Set<bigint>();
      for (const u of e.times) if (u > t - lookback.ticks && u <= t) periods.add(floorDiv(u, period.ticks));
      if (periods.size < activePeriods) continue;
      const b = start.ticks + floorDiv(t - start.ticks, bin.ticks) * bin.ticks;
      const key = `${e.dimKey}\u0000${b}`;
      let g = bins.get(key);
      if (!g) {
        g = { dims: e.dims, bin: b, ids: new Set() };
        bins.set(key, g);
      }
      g.ids.add(e.id);
    }
  }
  const rows = [...bins.values()].sort((a, b) => (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : 0));
  const timeName = args[1].kind === "NameRef" ? args[1].name : "Timestamp";
  const columns: NamedColumn[] = [
    { name: timeName, data: new ArrayColumn("datetime", rows.map((g) => datetime(g.bin))) },
    ...dims.map((d, j) => ({ name: d.name, data: new ArrayColumn(d.c.type, rows.map((g) => g.dims[j])) })),
    { name: "dcount", data: new ArrayColumn("long", rows.map((g) => g.ids.size)) },
  ];
  return new Table(input.name, columns, rows.length);
};

/**
 * dcount_intersect(hll_1, hll_2 [, ...]): one row with s0..s(n-1), the distinct counts of
 * S1, S1 ∩ S2, ..., S1 ∩ ... ∩ Sn, each set merged over all input rows. The hll values here
 * are exact (the distinct values), so the counts are exact.
 */
const dcountIntersect: Plugin = (op, input, oc) => {
  const args = positionalArgs(op);
  if (args.length < 2 || args.length > 16) fail("dcount_intersect() expects 2 to 16 hll values", op.plugin);
  const scope = scopeOf(input, oc);
  const sets = args.map((a) => {
    const c = compileExpr(a, scope);
    const set = new Set<unknown>();
    for (let r = 0; r < input.rowCount; r++) {
      const v = c.ev(r);
      if (isDynValue(v) && Array.isArray(v.value)) for (const d of v.value as Dyn[]) set.add(valueKey(d));
    }
    return set;
  });
  let acc = sets[0];
  const counts = sets.map((s, i) => {
    if (i > 0) acc = new Set([...acc].filter((k) => s.has(k)));
    return acc.size;
  });
  return new Table(
    input.name,
    counts.map((n, i) => ({ name: `s${i}`, data: new ArrayColumn("long", [n]) })),
    1,
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
  ["ipv4_lookup", ipLookup("ipv4_is_in_range", false)],
  ["ipv6_lookup", ipLookup("ipv6_is_in_range", true)],
  ["rows_near", rowsNear],
  ["active_users_count", activeUsersCount],
  ["dcount_intersect", dcountIntersect],
]);

export const evaluatePlugin: OperatorEval<Evaluate> = (op, input, oc) => {
  const p = PLUGINS.get(op.plugin.name);
  if (!p) unsupported(`plugin '${op.plugin.name}'`, op.plugin);
  return p(op, input, oc);
};

/**
 * `make-series aggs [default = v] on Axis [from a] [to b] step s [by keys]`: per group, one array
 * per aggregation over the bins of the axis (missing bins take the default, 0 unless given),
 * plus the array of bin starts named as the axis column.
 */
import type { MakeSeries } from "../../kql/ast.js";
import { compileAggregate, isAggregateName } from "../aggregates.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { type Compiled, memoize } from "../compiled.js";
import { fail } from "../errors.js";
import { groupRows } from "../grouping.js";
import { derivedName, uniqueName } from "../naming.js";
import { valueAsDyn } from "../special-calls.js";
import { type NamedColumn, Table } from "../table.js";
import { datetime, type Dyn, dyn, isDateTime, isTimespan, timespan, type Value } from "../values.js";
import { type OperatorEval, scopeOf } from "./context.js";

type Axis = { kind: "ticks"; start: bigint; step: bigint; count: number; make: (t: bigint) => Value } | { kind: "number"; start: number; step: number; count: number };

export const makeSeries: OperatorEval<MakeSeries> = (op, input, oc) => {
  const scope = scopeOf(input, oc);
  const axisExpr = memoize(compileExpr(op.on, scope));
  const axisName = derivedName(op.on) ?? "Column1";
  const step = compileExpr(op.step, scope).value;
  const constant = (e: MakeSeries["from"]): Value => (e === null ? null : compileExpr(e, scope).value ?? null);
  let from = constant(op.from);
  let to = constant(op.to);
  // Without from/to the data's range decides (aligned to the step).
  if (from === null || to === null) {
    let lo: Value = null;
    let hi: Value = null;
    for (let r = 0; r < input.rowCount; r++) {
      const v = axisExpr.ev(r);
      if (v === null) continue;
      const k = isDateTime(v) || isTimespan(v) ? v.ticks : (v as number);
      const lk = lo === null ? null : isDateTime(lo) || isTimespan(lo) ? lo.ticks : (lo as number);
      const hk = hi === null ? null : isDateTime(hi) || isTimespan(hi) ? hi.ticks : (hi as number);
      if (lk === null || k < lk) lo = v;
      if (hk === null || k > hk) hi = v;
    }
    from ??= lo;
    if (to === null && hi !== null) to = isDateTime(hi) ? datetime(hi.ticks + 1n) : isTimespan(hi) ? timespan(hi.ticks + 1n) : (hi as number) + Number.EPSILON * Math.abs(hi as number) + 1e-9;
  }
  let axis: Axis;
  if ((isDateTime(from) || isTimespan(from) || from === null) && isTimespan(step)) {
    if (step.ticks <= 0n) fail("make-series step must be positive", op.step);
    const make = isTimespan(from) ? timespan : datetime;
    let start = from === null ? 0n : (from as { ticks: bigint }).ticks;
    // A start taken from the data is aligned like bin(axis, step).
    if (op.from === null) start = (start / step.ticks) * step.ticks;
    const end = to === null ? start : (to as { ticks: bigint }).ticks;
    const count = from === null ? 0 : Math.max(0, Number((end - start + step.ticks - 1n) / step.ticks));
    axis = { kind: "ticks", start, step: step.ticks, count, make };
  } else if (typeof step === "number" && (typeof from === "number" || from === null)) {
    if (step <= 0) fail("make-series step must be positive", op.step);
    let start = (from as number | null) ?? 0;
    if (op.from === null) start = Math.floor(start / step) * step;
    const count = from === null || typeof to !== "number" ? 0 : Math.max(0, Math.ceil((to - start) / step));
    axis = { kind: "number", start, step, count };
  } else {
    fail("make-series needs a datetime axis with a timespan step, or a numeric axis and step", op);
  }
  const bin: Compiled = {
    type: "long",
    dep: "many",
    leaf: true,
    ev: (r) => {
      const v = axisExpr.ev(r);
      if (v === null) return null;
      if (axis.kind === "ticks") {
        const t = (v as { ticks: bigint }).ticks;
        if (t < axis.start) return null;
        const i = Number((t - axis.start) / axis.step);
        return i < axis.count ? i : null;
      }
      const i = Math.floor(((v as number) - axis.start) / axis.step);
      return i >= 0 && i < axis.count ? i : null;
    },
  };
  // Only rows inside the axis range take part.
  const inside: number[] = [];
  for (let r = 0; r < input.rowCount; r++) if (bin.ev(r) !== null) inside.push(r);
  const rows = input.take(Int32Array.from(inside));
  const rowScope = scopeOf(rows, oc);
  const rowBin = { ...bin, ev: (r: number) => bin.ev(inside[r]) };
  const taken = new Set<string>();
  const keys = op.by.map((a, i) => {
    const name = uniqueName(a.names[0] ?? derivedName(a.value) ?? `Column${i + 1}`, taken);
    taken.add(name);
    return { name, c: memoize(compileExpr(a.value, rowScope)) };
  });
  const aggs = op.aggregates.map(({ assignment, default: def }) => {
    const call = assignment.value;
    if (call.kind !== "Call" || !isAggregateName(call.name)) fail("make-series expects aggregation calls", assignment.value);
    const agg = compileAggregate(call, rowScope, new Set());
    const name = uniqueName(assignment.names[0] ?? agg.columns[0].name, taken);
    taken.add(name);
    const defaultValue = def === null ? 0 : (compileExpr(def, scope).value ?? null);
    return { agg, name, defaultValue };
  });
  const grouped = groupRows(
    keys.map((k) => k.c),
    rows.rowCount,
  );
  // Without by-keys there is always one series, even over no rows.
  const outer = keys.length === 0 ? { ...grouped, count: 1, firstRow: [0] } : grouped;
  const inner = groupRows([...keys.map((k) => k.c), rowBin], rows.rowCount);
  const series: Dyn[][][] = aggs.map((a) => Array.from({ length: outer.count }, () => new Array<Dyn>(axis.count).fill(valueAsDyn(a.defaultValue))));
  aggs.forEach((a, j) => {
    const values = a.agg.run(inner.ids, inner.count, rows.rowCount)[0];
    inner.firstRow.forEach((r, gi) => {
      series[j][outer.ids[r]][rowBin.ev(r) as number] = valueAsDyn(values[gi]);
    });
  });
  const axisValues: Dyn = Array.from({ length: axis.count }, (_, i) =>
    axis.kind === "ticks" ? valueAsDyn(axis.make(axis.start + BigInt(i) * axis.step)) : axis.start + i * axis.step,
  );
  const columns: NamedColumn[] = keys.map((k) => ({ name: k.name, data: new ArrayColumn(k.c.type, outer.firstRow.map((r) => k.c.ev(r))) }));
  aggs.forEach((a, j) => {
    columns.push({ name: a.name, data: new ArrayColumn("dynamic", series[j].map((s) => dyn(s))) });
  });
  columns.push({ name: uniqueName(axisName, taken), data: new ArrayColumn("dynamic", outer.firstRow.map(() => dyn(axisValues))) });
  return new Table(input.name, columns, outer.count);
};

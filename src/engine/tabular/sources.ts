/** Pipeline sources that make rows from nothing: `datatable`, `print`, `range`. */
import type { DataTable, Print, Range } from "../../kql/ast.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { multiColumnNames, nthColumn } from "../multi-column.js";
import { coerce } from "../coerce.js";
import { fail } from "../errors.js";
import { type NamedColumn, Table } from "../table.js";
import { datetime, isDateTime, isDynValue, isTimespan, timespan, type KqlType, type Value } from "../values.js";
import type { OpContext } from "./context.js";

const NO_ROWS = new Table("", [], 1);

function constantScope(oc: OpContext) {
  return { table: NO_ROWS, env: oc.env, ctx: oc.ctx };
}

/** A literal in a datatable cell, converted to the column type where Kusto converts it. */
function cellValue(v: Value, from: KqlType, to: KqlType): Value | undefined {
  if (v === null) return to === "string" ? "" : null;
  if (from === to) return v;
  if (to === "dynamic") return isDynValue(v) ? v : coerce(v, "dynamic").ok ? (coerce(v, "dynamic") as { value: Value }).value : undefined;
  if ((to === "real" || to === "decimal" || to === "long" || to === "int") && typeof v === "number") return to === "int" || to === "long" ? Math.trunc(v) : v;
  if (to === "string" && typeof v === "string") return v;
  if (to === "bool" && typeof v === "boolean") return v;
  if (to === "datetime" && isDateTime(v)) return v;
  if (to === "timespan" && isTimespan(v)) return v;
  return undefined;
}

export function dataTable(op: DataTable, oc: OpContext): Table {
  const n = op.columns.length;
  if (n === 0) fail("datatable needs at least one column", op);
  if (op.values.length % n !== 0) fail(`datatable has ${op.values.length} values, not a multiple of its ${n} columns`, op);
  const scope = constantScope(oc);
  const values: Value[][] = op.columns.map(() => []);
  op.values.forEach((e, i) => {
    const col = op.columns[i % n];
    const c = compileExpr(e, scope);
    if (c.dep !== null) fail("datatable values must be constants", e);
    const v = cellValue(c.ev(0), c.type, col.type);
    if (v === undefined) fail(`value of type ${c.type} does not fit column '${col.name}' of type ${col.type}`, e, "KQL2004");
    values[i % n].push(v);
  });
  const rows = op.values.length / n;
  return new Table(
    "",
    op.columns.map((c, j) => ({ name: c.name, data: new ArrayColumn(c.type, values[j]) })),
    rows,
  );
}

export function print(op: Print, oc: OpContext): Table {
  const scope = constantScope(oc);
  const columns: NamedColumn[] = [];
  op.columns.forEach((a, i) => {
    const whole = compileExpr(a.value, scope);
    const names = multiColumnNames(a);
    const outputs = names === null ? [{ name: a.names[0] ?? `print_${i}`, c: whole }] : names.map((name, k) => ({ name, c: nthColumn(whole, k) }));
    for (const { name, c } of outputs) columns.push({ name, data: new ArrayColumn(c.type, [c.ev(0)]) });
  });
  return new Table("", columns, 1);
}

const MAX_RANGE_ROWS = 10_000_000;

export function range(op: Range, oc: OpContext): Table {
  const scope = constantScope(oc);
  const from = compileExpr(op.from, scope);
  const to = compileExpr(op.to, scope);
  const step = compileExpr(op.step, scope);
  const a = from.ev(0);
  const b = to.ev(0);
  const s = step.ev(0);
  const out: Value[] = [];
  let type: KqlType;
  if (isDateTime(a) && isDateTime(b) && isTimespan(s)) {
    type = "datetime";
    if (s.ticks === 0n) fail("range step must not be zero", op.step);
    for (let t = a.ticks; s.ticks > 0n ? t <= b.ticks : t >= b.ticks; t += s.ticks) {
      out.push(datetime(t));
      if (out.length > MAX_RANGE_ROWS) fail("range produces too many rows", op);
    }
  } else if (isTimespan(a) && isTimespan(b) && isTimespan(s)) {
    type = "timespan";
    if (s.ticks === 0n) fail("range step must not be zero", op.step);
    for (let t = a.ticks; s.ticks > 0n ? t <= b.ticks : t >= b.ticks; t += s.ticks) out.push(timespan(t));
  } else if (typeof a === "number" && typeof b === "number" && typeof s === "number") {
    type = from.type === "real" || to.type === "real" || step.type === "real" ? "real" : "long";
    if (s === 0) fail("range step must not be zero", op.step);
    for (let i = 0; ; i++) {
      const x = a + i * s;
      if (s > 0 ? x > b + 1e-12 * Math.abs(b) : x < b - 1e-12 * Math.abs(b)) break;
      out.push(x);
      if (out.length > MAX_RANGE_ROWS) fail("range produces too many rows", op);
    }
  } else if (a === null || b === null || s === null) {
    type = from.type;
  } else {
    fail(`range needs numbers, or datetimes/timespans with a timespan step`, op);
  }
  return new Table("", [{ name: op.name, data: new ArrayColumn(type, out) }], out.length);
}

/** Row-selecting operators: where, take, sort, top, distinct, count, sample, getschema. */
import type { Count, Distinct, Expr, GetSchema, Sample, SampleDistinct, Sort, SortKey, Take, Top, Where } from "../../kql/ast.js";
import { ArrayColumn, constantColumn } from "../column.js";
import { asBool, compileExpr } from "../compile.js";
import { memoize } from "../compiled.js";
import { compareValues } from "../compare.js";
import { fail } from "../errors.js";
import { groupRows } from "../grouping.js";
import { materializeColumn, selectRows } from "../materialize.js";
import { derivedName } from "../naming.js";
import { type NamedColumn, Table } from "../table.js";
import type { Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";

export const where: OperatorEval<Where> = (op, input, oc) => {
  const pred = memoize(asBool(compileExpr(op.predicate, scopeOf(input, oc))));
  if (pred.type !== "bool" && pred.type !== "dynamic") fail(`where expects a bool predicate, got ${pred.type}`, op.predicate, "KQL2004");
  return input.take(selectRows(pred, input.rowCount));
};

function constantCount(e: Expr, oc: OpContext, input: Table): number {
  const c = compileExpr(e, scopeOf(input, oc));
  if (c.dep !== null || typeof c.value !== "number") fail("expected a constant number", e);
  return Math.max(0, Math.trunc(c.value));
}

function firstRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

export const take: OperatorEval<Take> = (op, input, oc) => {
  const n = Math.min(constantCount(op.count, oc, input), input.rowCount);
  return n === input.rowCount ? input : input.take(firstRows(n));
};

export const sample: OperatorEval<Sample> = (op, input, oc) => {
  const n = Math.min(constantCount(op.count, oc, input), input.rowCount);
  return input.take(firstRows(n));
};

export const sampleDistinct: OperatorEval<SampleDistinct> = (op, input, oc) => {
  const n = constantCount(op.count, oc, input);
  const c = memoize(compileExpr(op.of, scopeOf(input, oc)));
  const g = groupRows([c], input.rowCount);
  const name = derivedName(op.of) ?? "Column1";
  const rows = g.firstRow.slice(0, n);
  return new Table(input.name, [{ name, data: new ArrayColumn(c.type, rows.map((r) => c.ev(r))) }], rows.length);
};

export const count: OperatorEval<Count> = (op, input) =>
  new Table(input.name, [{ name: op.as ?? "Count", data: constantColumn("long", input.rowCount, 1) }], 1);

/** Row order for sort keys: Kusto sorts descending by default; nulls last when descending. */
export function sortOrder(keys: readonly SortKey[], input: Table, oc: OpContext): Int32Array {
  const scope = scopeOf(input, oc);
  const cols = keys.map((k) => {
    const c = memoize(compileExpr(k.expr, scope));
    const data = materializeColumn(c, input.rowCount);
    const values: Value[] = new Array(input.rowCount);
    for (let r = 0; r < input.rowCount; r++) values[r] = data.get(r);
    const desc = (k.order ?? "desc") === "desc";
    const nullsFirst = k.nulls === null ? !desc : k.nulls === "first";
    return { values, desc, nullsFirst };
  });
  const idx = Array.from({ length: input.rowCount }, (_, i) => i);
  idx.sort((a, b) => {
    for (const k of cols) {
      const x = k.values[a];
      const y = k.values[b];
      const xn = x === null;
      const yn = y === null;
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a - b;
  });
  return Int32Array.from(idx);
}

export const sort: OperatorEval<Sort> = (op, input, oc) => input.take(sortOrder(op.by, input, oc));

export const top: OperatorEval<Top> = (op, input, oc) => {
  const n = constantCount(op.count, oc, input);
  const order = sortOrder([op.by], input, oc);
  return input.take(order.subarray(0, Math.min(n, order.length)));
};

export const distinct: OperatorEval<Distinct> = (op, input, oc) => {
  const scope = scopeOf(input, oc);
  const star = op.columns.length === 1 && op.columns[0].kind === "Star";
  const exprs: Expr[] = star ? input.columns.map((c) => ({ kind: "NameRef", name: c.name, span: op.span })) : [...op.columns];
  const keys = exprs.map((e) => memoize(compileExpr(e, scope)));
  const g = groupRows(keys, input.rowCount);
  const rows = Int32Array.from(g.firstRow);
  const columns: NamedColumn[] = keys.map((k, i) => {
    const name = derivedName(exprs[i]) ?? `Column${i + 1}`;
    return { name, data: materializeColumn(k, input.rowCount).take(rows) };
  });
  return new Table(input.name, columns, rows.length);
};

const DOTNET_TYPES: Readonly<Record<string, string>> = {
  bool: "System.SByte",
  int: "System.Int32",
  long: "System.Int64",
  real: "System.Double",
  decimal: "System.Data.SqlTypes.SqlDecimal",
  string: "System.String",
  datetime: "System.DateTime",
  timespan: "System.TimeSpan",
  guid: "System.Guid",
  dynamic: "System.Object",
};

export const getschema: OperatorEval<GetSchema> = (_op, input) => {
  const s = input.schema;
  return new Table(
    input.name,
    [
      { name: "ColumnName", data: new ArrayColumn("string", s.map((c) => c.name)) },
      { name: "ColumnOrdinal", data: new ArrayColumn("int", s.map((_, i) => i)) },
      { name: "DataType", data: new ArrayColumn("string", s.map((c) => DOTNET_TYPES[c.type])) },
      { name: "ColumnType", data: new ArrayColumn("string", s.map((c) => c.type)) },
    ],
    s.length,
  );
};

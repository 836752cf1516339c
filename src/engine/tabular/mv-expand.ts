/** `mv-expand` and `mv-apply`: one output row per element of dynamic arrays (or bag entries). */
import type { MvApply, MvExpand, MvExpandItem, OperatorOption, TabularOperator } from "../../kql/ast.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { memoize } from "../compiled.js";
import { fail } from "../errors.js";
import { SCALAR_FUNCTIONS } from "../functions/index.js";
import { derivedName } from "../naming.js";
import { type NamedColumn, Table } from "../table.js";
import { type Dyn, dyn, bag, isBag, isDynValue, type KqlType, type Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";
import { unionTables } from "./union.js";
import { optionText } from "./options.js";


function elements(v: Value, bagAsArray: boolean): Value[] {
  if (!isDynValue(v)) return v === null ? [] : [v];
  const d = v.value;
  const wrap = (x: Dyn): Value => (x === null ? null : dyn(x));
  if (Array.isArray(d)) return (d as Dyn[]).map(wrap);
  if (isBag(d)) return [...d.entries].map(([k, x]) => (bagAsArray ? dyn([k, x]) : dyn(bag([[k, x]]))));
  return [v];
}

const CONVERT: Readonly<Record<string, string>> = {
  string: "tostring",
  long: "tolong",
  int: "toint",
  real: "toreal",
  bool: "tobool",
  datetime: "todatetime",
  timespan: "totimespan",
  guid: "toguid",
  decimal: "todecimal",
  dynamic: "todynamic",
};

function converter(type: KqlType | null, now: import("../values.js").KDateTime): (v: Value) => Value {
  if (type === null || type === "dynamic") return (v) => v;
  const f = SCALAR_FUNCTIONS.get(CONVERT[type]);
  if (!f) return (v) => v;
  return (v) => f.call([v], { now }, ["dynamic"]);
}

/** Expands `items` over `input`; returns the table and, per output row, its input row. */
export function expand(
  items: readonly MvExpandItem[],
  options: readonly OperatorOption[],
  limitExpr: MvExpand["limit"],
  input: Table,
  oc: OpContext,
): Table {
  const scope = scopeOf(input, oc);
  const bagAsArray = (optionText(options, "bagexpansion") ?? optionText(options, "kind") ?? "bag").toLowerCase() === "array";
  const indexName = optionText(options, "with_itemindex");
  const limit = limitExpr ? Number(compileExpr(limitExpr, scope).value ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const specs = items.map((it) => {
    const name = it.name ?? derivedName(it.value);
    if (name === null) fail("mv-expand needs a column name for this expression (name = expr)", it);
    const c = memoize(compileExpr(it.value, scope));
    return { name, c, type: (it.toType ?? "dynamic") as KqlType, convert: converter(it.toType, oc.ctx.now) };
  });
  const srcRows: number[] = [];
  const outValues: Value[][] = specs.map(() => []);
  const itemIndex: number[] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const lists = specs.map((s) => elements(s.c.ev(r), bagAsArray));
    const n = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
    for (let i = 0; i < n; i++) {
      srcRows.push(r);
      itemIndex.push(i);
      lists.forEach((l, j) => {
        const v = i < l.length ? l[i] : null;
        outValues[j].push(specs[j].convert(v));
      });
    }
  }
  const rows = Int32Array.from(srcRows);
  const columns: NamedColumn[] = input.columns.map((c) => ({ name: c.name, data: c.data.take(rows) }));
  specs.forEach((s, j) => {
    const col = { name: s.name, data: new ArrayColumn(s.type, s.type === "string" ? outValues[j].map((v) => v ?? "") : outValues[j]) };
    const i = columns.findIndex((c) => c.name === s.name);
    if (i >= 0) columns[i] = col;
    else columns.push(col);
  });
  if (indexName) columns.push({ name: indexName, data: new ArrayColumn("long", itemIndex) });
  return new Table(input.name, columns, rows.length);
}

export const mvExpand: OperatorEval<MvExpand> = (op, input, oc) => expand(op.columns, op.options, op.limit, input, oc);

/** Runs the operators of a subquery over a table. */
export type RunOperators = (ops: readonly TabularOperator[], input: Table, oc: OpContext) => Table;

export function mvApply(run: RunOperators): OperatorEval<MvApply> {
  return (op, input, oc) => {
    const parts: Table[] = [];
    const rowsToRun = input.rowCount === 0 ? [-1] : Array.from({ length: input.rowCount }, (_, i) => i);
    for (const r of rowsToRun) {
      const one = r < 0 ? input : input.take(Int32Array.of(r));
      const expanded = expand(op.columns, op.options, op.limit, one, oc);
      const result = run(op.body, expanded, oc);
      // The input row's columns come first, then what the subquery added.
      const repeat = new Int32Array(result.rowCount);
      const columns: NamedColumn[] = one.columns.map((c) => ({ name: c.name, data: c.data.take(repeat) }));
      for (const c of result.columns) if (one.indexOf(c.name) < 0) columns.push(c);
      parts.push(new Table(input.name, columns, result.rowCount));
    }
    return unionTables(parts, [], op);
  };
}

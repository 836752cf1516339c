/**
 * `top-nested [N] of Expr by Aggregation [asc|desc], ...`: hierarchical top-N. Each level groups
 * the rows of one parent group by its `of` expression, aggregates, and keeps the best N groups;
 * the output has one row per leaf with each level's key and aggregate.
 */
import type { TopNested } from "../../kql/ast.js";
import { compileAggregate } from "../aggregates.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { memoize } from "../compiled.js";
import { compareValues } from "../compare.js";
import { fail, unsupported } from "../errors.js";
import { groupRows } from "../grouping.js";
import { derivedName } from "../naming.js";
import { Table } from "../table.js";
import type { KqlType, Value } from "../values.js";
import { type OperatorEval, scopeOf } from "./context.js";

export const topNested: OperatorEval<TopNested> = (op, input, oc) => {
  const levels = op.levels.map((l, i) => {
    if (l.withOthers !== null) unsupported("top-nested 'with others'", l);
    if (l.by.value.kind !== "Call") fail("top-nested expects an aggregation after 'by'", l.by);
    const ofName = l.of.names[0] ?? derivedName(l.of.value) ?? `Column${i + 1}`;
    const count = l.count === null ? Number.POSITIVE_INFINITY : Number(compileExpr(l.count, scopeOf(input, oc)).value);
    return { level: l, ofName, count, byCall: l.by.value, byName: l.by.names[0] ?? `aggregated_${ofName}` };
  });
  const keyTypes: KqlType[] = [];
  const aggTypes: KqlType[] = [];
  const out: Value[][] = [];
  const expand = (table: Table, depth: number, prefix: Value[]): void => {
    const spec = levels[depth];
    const scope = scopeOf(table, oc);
    const key = memoize(compileExpr(spec.level.of.value, scope));
    const agg = compileAggregate(spec.byCall, scope, new Set());
    keyTypes[depth] = key.type;
    aggTypes[depth] = agg.columns[0].type;
    const g = groupRows([key], table.rowCount);
    const values = agg.run(g.ids, g.count, table.rowCount)[0];
    const desc = spec.level.order !== "asc";
    const order = g.firstRow.map((_, i) => i).sort((a, b) => {
      const c = compareValues(values[a], values[b]);
      return (desc ? -c : c) || a - b;
    });
    const members: number[][] = Array.from({ length: g.count }, () => []);
    for (let r = 0; r < table.rowCount; r++) members[g.ids[r]].push(r);
    for (const gi of order.slice(0, spec.count)) {
      const row = [...prefix, key.ev(g.firstRow[gi]), values[gi]];
      if (depth === levels.length - 1) out.push(row);
      else expand(table.take(Int32Array.from(members[gi])), depth + 1, row);
    }
  };
  expand(input, 0, []);
  if (input.rowCount === 0) {
    // Types still come from compiling each level over the empty input.
    levels.forEach((spec, d) => {
      const scope = scopeOf(input, oc);
      keyTypes[d] = compileExpr(spec.level.of.value, scope).type;
      aggTypes[d] = compileAggregate(spec.byCall, scope, new Set()).columns[0].type;
    });
  }
  const columns = levels.flatMap((spec, d) => [
    { name: spec.ofName, data: new ArrayColumn(keyTypes[d], out.map((r) => r[2 * d])) },
    { name: spec.byName, data: new ArrayColumn(aggTypes[d], out.map((r) => r[2 * d + 1])) },
  ]);
  return new Table(input.name, columns, out.length);
};

/**
 * `summarize aggregates by keys`: hash grouping plus the aggregation registry. An aggregate
 * assignment may also be a scalar expression over aggregations (`x = tohex(binary_all_and(n))`):
 * the aggregations become hidden columns and the expression is computed over the result.
 */
import type { Arg, Call, Expr, Summarize } from "../../kql/ast.js";
import { type CompiledAggregate, compileAggregate, isAggregateName } from "../aggregates.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { memoize } from "../compiled.js";
import { fail } from "../errors.js";
import { groupRows } from "../grouping.js";
import { materializeColumn } from "../materialize.js";
import { ColumnNamer, derivedName, uniqueName } from "../naming.js";
import { type NamedColumn, Table } from "../table.js";
import { type OperatorEval, scopeOf } from "./context.js";

const HIDDEN = "\u0000agg";

/** Replaces aggregation calls inside `e` by references to hidden result columns. */
function liftAggregates(e: Expr, found: Call[], base: number): Expr {
  const lift = (x: Expr): Expr => liftAggregates(x, found, base);
  const liftArg = (a: Arg): Arg => (a.kind === "NamedArg" ? { ...a, value: lift(a.value) } : lift(a));
  switch (e.kind) {
    case "Call":
      if (isAggregateName(e.name)) {
        found.push(e);
        return { kind: "NameRef", name: `${HIDDEN}${base + found.length - 1}`, span: e.span };
      }
      return { ...e, args: e.args.map(liftArg) };
    case "Binary":
      return { ...e, left: lift(e.left), right: lift(e.right) };
    case "Unary":
      return { ...e, operand: lift(e.operand) };
    case "Member":
      return { ...e, target: lift(e.target) };
    case "Index":
      return { ...e, target: lift(e.target), index: lift(e.index) };
    case "InExpr":
      return { ...e, left: lift(e.left), values: e.values.map(lift) };
    case "Between":
      return { ...e, left: lift(e.left), low: lift(e.low), high: lift(e.high) };
    default:
      return e;
  }
}

interface DirectAggregate {
  readonly kind: "direct";
  readonly agg: CompiledAggregate;
  readonly names: string[];
}

interface ComputedAggregate {
  readonly kind: "computed";
  readonly hidden: { agg: CompiledAggregate; name: string }[];
  readonly expr: Expr;
  readonly name: string;
}

export const summarize: OperatorEval<Summarize> = (op, input, oc) => {
  const scope = scopeOf(input, oc);
  const namer = new ColumnNamer();
  const taken = new Set<string>();
  const keys = op.by.map((a) => {
    const c = memoize(compileExpr(a.value, scope));
    const base = a.names[0] ?? derivedName(a.value) ?? namer.fresh(new Set([...taken, ...input.columns.map((x) => x.name)]));
    const name = a.names[0] ?? uniqueName(base, taken);
    taken.add(name);
    return { name, compiled: c };
  });
  const byNames = new Set(keys.map((k) => k.name));
  let hiddenCount = 0;
  const aggregates: (DirectAggregate | ComputedAggregate)[] = op.aggregates.map((a) => {
    if (a.value.kind !== "Call" || !isAggregateName(a.value.name)) {
      const calls: Call[] = [];
      const expr = liftAggregates(a.value, calls, hiddenCount);
      if (calls.length === 0) fail("summarize expects an aggregation (count(), sum(x), ...)", a.value, "KQL2005");
      const hidden = calls.map((call) => ({ agg: compileAggregate(call, scope, byNames), name: `${HIDDEN}${hiddenCount++}` }));
      const name = uniqueName(a.names[0] ?? derivedName(a.value) ?? namer.fresh(taken), taken);
      taken.add(name);
      return { kind: "computed", hidden, expr, name };
    }
    const agg = compileAggregate(a.value, scope, byNames);
    let names: string[];
    if (a.names.length > 0) {
      if (a.names.length > agg.columns.length) fail(`${a.names.length} names given for ${agg.columns.length} result columns`, a);
      names = agg.columns.map((c, i) => a.names[i] ?? c.name);
    } else {
      names = agg.columns.map((c) => c.name);
    }
    names = names.map((n) => {
      const u = uniqueName(n, taken);
      taken.add(u);
      return u;
    });
    return { kind: "direct", agg, names };
  });
  const g = groupRows(
    keys.map((k) => k.compiled),
    input.rowCount,
  );
  const groups = op.by.length === 0 ? 1 : g.count;
  const reps = Int32Array.from(g.firstRow);
  const columns: NamedColumn[] = keys.map((k) => ({
    name: k.name,
    data: materializeColumn(k.compiled, input.rowCount).take(reps),
  }));
  const hiddenColumns: NamedColumn[] = [];
  for (const a of aggregates) {
    const list = a.kind === "direct" ? [{ agg: a.agg, names: a.names }] : a.hidden.map((h) => ({ agg: h.agg, names: [h.name] }));
    for (const { agg, names } of list) {
      const results = agg.run(g.ids, groups, input.rowCount);
      const target = a.kind === "direct" ? columns : hiddenColumns;
      names.forEach((name, i) => {
        target.push({ name, data: new ArrayColumn(agg.columns[i].type, results[i]) });
      });
    }
  }
  if (hiddenColumns.length === 0) return new Table(input.name, columns, groups);
  // Compute expressions over aggregations, then drop the hidden columns.
  const withHidden = new Table(input.name, [...columns, ...hiddenColumns], groups);
  const out: NamedColumn[] = [];
  let direct = keys.length;
  out.push(...columns.slice(0, keys.length));
  for (const a of aggregates) {
    if (a.kind === "direct") {
      out.push(...columns.slice(direct, direct + a.names.length));
      direct += a.names.length;
    } else {
      const c = compileExpr(a.expr, scopeOf(withHidden, oc));
      out.push({ name: a.name, data: materializeColumn(c, groups) });
    }
  }
  return new Table(input.name, out, groups);
};


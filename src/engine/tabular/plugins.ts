/** `evaluate` plugins, as a registry: `bag_unpack` (the one Sentinel queries use most). */
import type { Evaluate, Expr } from "../../kql/ast.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { fail, unsupported } from "../errors.js";
import { type NamedColumn, Table } from "../table.js";
import { type Dyn, dyn, isBag, isDynValue, type Value } from "../values.js";
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

const PLUGINS: ReadonlyMap<string, Plugin> = new Map([["bag_unpack", bagUnpack]]);

export const evaluatePlugin: OperatorEval<Evaluate> = (op, input, oc) => {
  const p = PLUGINS.get(op.plugin.name);
  if (!p) unsupported(`plugin '${op.plugin.name}'`, op.plugin);
  return p(op, input, oc);
};

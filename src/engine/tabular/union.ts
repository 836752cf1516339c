/** `union` (as source and operator): columns merged by name; `withsource`, `kind=inner|outer`. */
import type { Expr, OperatorOption } from "../../kql/ast.js";
import { ArrayColumn, concatColumns, constantColumn, type Column } from "../column.js";
import { EvalFailure, fail } from "../errors.js";
import { type NamedColumn, Table } from "../table.js";
import type { KqlType } from "../values.js";
import type { OpContext } from "./context.js";
import { optionText } from "./options.js";


function missing(type: KqlType, n: number): Column {
  return constantColumn(type, type === "string" ? "" : null, n);
}

/** Union of tables; a name used with different types becomes `name_type` columns, as in Kusto. */
export function unionTables(tables: readonly Table[], options: readonly OperatorOption[], at: { span: import("../../kql/ast.js").Span }): Table {
  const kind = (optionText(options, "kind") ?? "outer").toLowerCase();
  const withsource = optionText(options, "withsource");
  if (kind !== "outer" && kind !== "inner") fail(`unknown union kind '${kind}'`, at);
  // Column names and their types across inputs.
  const typesByName = new Map<string, Set<KqlType>>();
  for (const t of tables) for (const c of t.columns) {
    const s = typesByName.get(c.name) ?? new Set();
    s.add(c.data.type);
    typesByName.set(c.name, s);
  }
  // A renamed column whose `name_type` is already another input column's name gets a number
  // suffix (`x_long1`), as Kusto does.
  const taken = new Set([...typesByName].filter(([, types]) => types.size === 1).map(([n]) => n));
  const renamed = new Map<string, string>();
  for (const [name, types] of typesByName) {
    if (types.size === 1) continue;
    for (const type of types) {
      let out = `${name}_${type}`;
      for (let i = 1; taken.has(out); i++) out = `${name}_${type}${i}`;
      taken.add(out);
      renamed.set(`${name}\u0000${type}`, out);
    }
  }
  const outName = (name: string, type: KqlType): string => renamed.get(`${name}\u0000${type}`) ?? name;
  const order: { name: string; type: KqlType }[] = [];
  const seen = new Set<string>();
  for (const t of tables) for (const c of t.columns) {
    const n = outName(c.name, c.data.type);
    if (seen.has(n)) continue;
    if (kind === "inner" && !tables.every((x) => x.columns.some((y) => outName(y.name, y.data.type) === n))) continue;
    seen.add(n);
    order.push({ name: n, type: c.data.type });
  }
  const total = tables.reduce((s, t) => s + t.rowCount, 0);
  const columns: NamedColumn[] = order.map(({ name, type }) => {
    const parts = tables.map((t) => {
      const c = t.columns.find((x) => outName(x.name, x.data.type) === name);
      return c ? c.data : missing(type, t.rowCount);
    });
    return { name, data: concatColumns(type, parts) };
  });
  if (withsource) {
    const names: string[] = [];
    tables.forEach((t) => {
      for (let i = 0; i < t.rowCount; i++) names.push(t.name);
    });
    columns.unshift({ name: withsource, data: new ArrayColumn("string", names) });
  }
  return new Table(tables[0]?.name ?? "union", columns, total);
}

/** The union's inputs; with `isfuzzy=true` unknown tables are left out, as Kusto does. */
export function evalUnionInputs(exprs: readonly Expr[], oc: OpContext, options: readonly OperatorOption[] = []): Table[] {
  const fuzzy = (optionText(options, "isfuzzy") ?? "false").toLowerCase() === "true";
  const out: Table[] = [];
  exprs.forEach((e, i) => {
    if (e.kind === "NameRef" && e.name.includes("*")) {
      for (const name of matchingTableNames(e.name, oc, e)) out.push(oc.ctx.evalTabular({ ...e, name }, oc.env).withName(name));
      return;
    }
    let t: Table;
    try {
      t = oc.ctx.evalTabular(e, oc.env);
    } catch (err) {
      if (fuzzy && err instanceof EvalFailure && err.code === "KQL2009") return;
      throw err;
    }
    out.push(e.kind === "NameRef" ? t.withName(t.name || e.name) : t.name ? t : t.withName(`union_arg${i}`));
  });
  if (out.length === 0) fail("union: none of the tables exist", exprs[0] ?? null);
  return out;
}

/** Stored tables a wildcard name (`SigninLog*`) matches, sorted so results are deterministic. */
export function matchingTableNames(pattern: string, oc: OpContext, at: Expr): string[] {
  const names = oc.ctx.tableNames;
  if (!names) fail(`wildcard table name '${pattern}' needs the list of stored tables (EvaluateOptions.tableNames)`, at);
  const parts = pattern.split("*");
  const matches = (name: string): boolean => {
    if (!name.startsWith(parts[0]) || !name.endsWith(parts[parts.length - 1])) return false;
    let from = parts[0].length;
    for (const part of parts.slice(1, -1)) {
      const k = name.indexOf(part, from);
      if (k < 0) return false;
      from = k + part.length;
    }
    return from <= name.length - parts[parts.length - 1].length;
  };
  return [...new Set(names())].filter(matches).sort();
}

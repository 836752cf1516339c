/** Column-shaping operators: project, project-away/keep/rename/reorder, extend, serialize. */
import type { Assignment, Extend, Project, ProjectAway, ProjectByNames, ProjectKeep, ProjectRename, ProjectReorder, Serialize } from "../../kql/ast.js";
import { compileExpr } from "../compile.js";
import { type Compiled, memoize } from "../compiled.js";
import { fail } from "../errors.js";
import { materializeColumn } from "../materialize.js";
import { multiColumnNames, nthColumn } from "../multi-column.js";
import { ColumnNamer, derivedName } from "../naming.js";
import { type NamedColumn, Table } from "../table.js";
import { type Dyn, isDynValue } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";

/** `*` wildcards in column names (`project-away Temp*`). */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (n) => n === pattern;
  const parts = pattern.split("*");
  return (n) => {
    if (!n.startsWith(parts[0]) || !n.endsWith(parts[parts.length - 1])) return false;
    let at = parts[0].length;
    for (let i = 1; i < parts.length - 1; i++) {
      const k = n.indexOf(parts[i], at);
      if (k < 0) return false;
      at = k + parts[i].length;
    }
    return at <= n.length - parts[parts.length - 1].length;
  };
}

/** The name a one-column assignment produces: explicit, derived from the expression, or `Column1`... */
function assignmentName(a: Assignment, namer: ColumnNamer, taken: ReadonlySet<string>): string {
  return a.names[0] ?? derivedName(a.value) ?? namer.fresh(taken);
}

/** An assignment's output columns (several for a multi-column call such as `array_sort_asc(a, b)`). */
function assignmentColumns(a: Assignment, c: Compiled, name: () => string): { name: string; c: Compiled }[] {
  const names = multiColumnNames(a);
  if (names === null) return [{ name: name(), c }];
  return names.map((n, i) => ({ name: n, c: nthColumn(c, i) }));
}

/** Adds or replaces columns, each computed over the table as it is after the previous ones. */
function extendWith(assignments: readonly Assignment[], input: Table, oc: OpContext): Table {
  let table = input;
  const namer = new ColumnNamer();
  const packColumns = input.columns.map((c) => c.name);
  for (const a of assignments) {
    const compiled = memoize(compileExpr(a.value, { ...scopeOf(table, oc), packColumns }));
    const current = table;
    const outputs = assignmentColumns(a, compiled, () => assignmentName(a, namer, new Set(current.columns.map((c) => c.name))));
    const columns = [...table.columns];
    for (const { name, c } of outputs) {
      const data = materializeColumn(c, table.rowCount);
      const i = columns.findIndex((x) => x.name === name);
      if (i >= 0) columns[i] = { name, data };
      else columns.push({ name, data });
    }
    table = new Table(table.name, columns, table.rowCount);
  }
  return table;
}

export const extend: OperatorEval<Extend> = (op, input, oc) => extendWith(op.columns, input, oc);

export const serialize: OperatorEval<Serialize> = (op, input, oc) => extendWith(op.columns, input, oc);

export const project: OperatorEval<Project> = (op, input, oc) => {
  const scope = scopeOf(input, oc);
  const namer = new ColumnNamer();
  const out: NamedColumn[] = [];
  const taken = new Set<string>();
  for (const a of op.columns) {
    if (a.value.kind === "Star" && a.names.length === 0) {
      for (const c of input.columns) if (!taken.has(c.name)) {
        out.push(c);
        taken.add(c.name);
      }
      continue;
    }
    const compiled = memoize(compileExpr(a.value, scope));
    const outputs = assignmentColumns(a, compiled, () => assignmentName(a, namer, new Set([...taken, ...input.columns.map((c) => c.name)])));
    for (const { name, c } of outputs) {
      if (taken.has(name)) fail(`column '${name}' is projected twice`, a);
      out.push({ name, data: materializeColumn(c, input.rowCount) });
      taken.add(name);
    }
  }
  return new Table(input.name, out, input.rowCount);
};

function matchAny(patterns: readonly string[]): (name: string) => boolean {
  const ms = patterns.map(wildcardMatcher);
  return (n) => ms.some((m) => m(n));
}

function requireMatches(patterns: readonly string[], input: Table, at: ProjectAway | ProjectKeep | ProjectReorder): void {
  for (const p of patterns) {
    if (!p.includes("*") && input.indexOf(p) < 0) fail(`unknown column '${p}'`, at, "KQL2003");
  }
}

export const projectAway: OperatorEval<ProjectAway> = (op, input) => {
  requireMatches(op.columns, input, op);
  const drop = matchAny(op.columns);
  return new Table(input.name, input.columns.filter((c) => !drop(c.name)), input.rowCount);
};

export const projectKeep: OperatorEval<ProjectKeep> = (op, input) => {
  requireMatches(op.columns, input, op);
  const keep = matchAny(op.columns);
  return new Table(input.name, input.columns.filter((c) => keep(c.name)), input.rowCount);
};

export const projectRename: OperatorEval<ProjectRename> = (op, input) => {
  const columns = [...input.columns];
  for (const r of op.renames) {
    const i = columns.findIndex((c) => c.name === r.oldName);
    if (i < 0) fail(`unknown column '${r.oldName}'`, op, "KQL2003");
    columns[i] = { name: r.newName, data: columns[i].data };
  }
  return new Table(input.name, columns, input.rowCount);
};

export const projectReorder: OperatorEval<ProjectReorder> = (op, input) => {
  const placed = new Set<string>();
  const first: NamedColumn[] = [];
  for (const spec of op.columns) {
    const m = wildcardMatcher(spec.pattern);
    let matched = input.columns.filter((c) => m(c.name) && !placed.has(c.name));
    if (spec.order !== null) {
      const desc = spec.order === "desc" || spec.order === "granny-desc";
      const granny = spec.order.startsWith("granny");
      matched = [...matched].sort((a, b) => {
        const c = granny ? a.name.localeCompare(b.name, "en", { numeric: true }) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
        return desc ? -c : c;
      });
    }
    if (matched.length === 0 && !spec.pattern.includes("*")) fail(`unknown column '${spec.pattern}'`, op, "KQL2003");
    for (const c of matched) {
      placed.add(c.name);
      first.push(c);
    }
  }
  return new Table(input.name, [...first, ...input.columns.filter((c) => !placed.has(c.name))], input.rowCount);
};

/**
 * `project-by-names "Name", "C*", names_array`: the columns named by each specifier's value (a
 * string or a dynamic array of strings, `*` wildcards allowed), in the order named or matched;
 * names matching no column are ignored.
 */
export const projectByNames: OperatorEval<ProjectByNames> = (op, input, oc) => {
  const scope = scopeOf(input, oc);
  const patterns: string[] = [];
  for (const e of op.names) {
    const c = compileExpr(e, scope);
    if (c.value === undefined) fail("project-by-names expects constant column names (a string or a dynamic array of strings)", e);
    const v = c.value;
    if (typeof v === "string") patterns.push(v);
    else if (isDynValue(v) && Array.isArray(v.value)) {
      for (const item of v.value as readonly Dyn[]) if (typeof item === "string") patterns.push(item);
    } else if (!(isDynValue(v) && v.value === null) && v !== null) {
      fail("project-by-names expects a string or a dynamic array of column names", e);
    }
  }
  const out: NamedColumn[] = [];
  const chosen = new Set<string>();
  for (const p of patterns) {
    const matches = wildcardMatcher(p);
    for (const col of input.columns) {
      if (chosen.has(col.name) || !matches(col.name)) continue;
      out.push(col);
      chosen.add(col.name);
    }
  }
  return new Table(input.name, out, input.rowCount);
};

/**
 * `search` (as operator and as source with `in (T1, T2)`): string literals in the predicate match
 * when any column has the term (`has`; `*` wildcards give prefix/suffix/contains matching;
 * kind=case_sensitive for `_cs`); other expressions are ordinary predicates. The output starts
 * with a `$table` column naming each row's table.
 */
import type { Expr, OperatorOption, Search, SearchOp } from "../../kql/ast.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { type Compiled, memoize } from "../compiled.js";
import { unsupported } from "../errors.js";
import { valueToString } from "../format.js";
import { containsText, endsWithText, hasPrefixTerm, hasSuffixTerm, hasTerm } from "../functions/string-ops.js";
import { selectRows } from "../materialize.js";
import { type NamedColumn, Table } from "../table.js";
import { type OpContext, scopeOf } from "./context.js";
import { evalUnionInputs, unionTables } from "./union.js";

function caseSensitive(options: readonly OperatorOption[]): boolean {
  const o = options.find((x) => x.name === "kind");
  return o?.value.kind === "NameRef" && o.value.name === "case_sensitive";
}

function termMatcher(term: string, cs: boolean): (text: string) => boolean {
  const starts = term.startsWith("*");
  const ends = term.endsWith("*") && term.length > 1;
  const core = term.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return (t) => containsText(t, core, cs);
  if (ends) return (t) => hasPrefixTerm(t, core, cs);
  if (starts) return (t) => hasSuffixTerm(t, core, cs) || endsWithText(t, core, cs);
  return (t) => hasTerm(t, core, cs);
}

function compileSearch(e: Expr, table: Table, oc: OpContext, cs: boolean): Compiled {
  if (e.kind === "StringLit") {
    const match = termMatcher(e.value, cs);
    const cols = table.columns.filter((c) => c.name !== "$table").map((c) => c.data);
    return { type: "bool", dep: "many", leaf: true, ev: (r) => cols.some((c) => match(valueToString(c.get(r)))) };
  }
  if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) {
    const l = compileSearch(e.left, table, oc, cs);
    const r = compileSearch(e.right, table, oc, cs);
    const and = e.op === "and";
    return { type: "bool", dep: "many", leaf: true, ev: (i) => (and ? l.ev(i) === true && r.ev(i) === true : l.ev(i) === true || r.ev(i) === true) };
  }
  if (e.kind === "Call" && e.name === "not" && e.args.length === 1 && e.args[0].kind !== "NamedArg") {
    const inner = compileSearch(e.args[0], table, oc, cs);
    return { type: "bool", dep: "many", leaf: true, ev: (i) => inner.ev(i) !== true };
  }
  return memoize(compileExpr(e, scopeOf(table, oc)));
}

function searchTable(table: Table, predicate: Expr, options: readonly OperatorOption[], oc: OpContext): Table {
  const withSource =
    table.indexOf("$table") >= 0
      ? table
      : new Table(
          table.name,
          [{ name: "$table", data: new ArrayColumn("string", new Array(table.rowCount).fill(table.name)) } as NamedColumn, ...table.columns],
          table.rowCount,
        );
  const pred = compileSearch(predicate, withSource, oc, caseSensitive(options));
  return withSource.take(selectRows(pred, withSource.rowCount));
}

export function searchOperator(op: SearchOp, input: Table, oc: OpContext): Table {
  return searchTable(input, op.predicate, op.options, oc);
}

export function searchSource(e: Search, oc: OpContext): Table {
  if (e.tables.length === 0 && !oc.ctx.tableNames) unsupported("search without 'in (tables)' when the list of stored tables is unknown (EvaluateOptions.tableNames)", e);
  const every: Expr[] = e.tables.length > 0 ? [] : [{ kind: "NameRef", name: "*", span: e.span }];
  const tables = evalUnionInputs(e.tables.length > 0 ? e.tables : every, oc);
  const union = unionTables(tables, [{ kind: "OperatorOption", name: "withsource", value: { kind: "NameRef", name: "$table", span: e.span }, span: e.span }], e);
  return searchTable(union, e.predicate, e.options, oc);
}

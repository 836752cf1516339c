/**
 * KQL the live room sends, built as AST and printed by the one printer (no string splicing of
 * values): `let Table = datatable(...)[...];` lets that shadow workspace tables with a case's
 * rows, the clock pinned to a run's instant, and the stored tables a query reads.
 */
import { formatDateTime, formatTimespan } from "../engine/format.js";
import { dynToJson } from "../engine/format.js";
import { isDateTime, isDynValue, isGuid, isTimespan, type KqlType, type Value } from "../engine/values.js";
import { type Expr, type Let, mapChildren, NO_SPAN, type Node, type ScalarTypeName, type Script, walk } from "../kql/index.js";

export interface ColumnLike {
  readonly name: string;
  readonly type: KqlType;
}

/** `let Name = datatable(c1:type, ...) [v, ...];` holding `rows` (typed values in column order). */
export function datatableLet(name: string, columns: readonly ColumnLike[], rows: readonly (readonly Value[])[]): Let {
  const values: Expr[] = [];
  for (const row of rows) {
    for (const [i, c] of columns.entries()) values.push(valueLiteral(row[i] ?? null, c.type));
  }
  return {
    kind: "Let",
    span: NO_SPAN,
    name,
    view: false,
    value: {
      kind: "DataTable",
      span: NO_SPAN,
      options: [],
      columns: columns.map((c) => ({ kind: "ColumnDecl", span: NO_SPAN, name: c.name, type: c.type as ScalarTypeName })),
      values,
    },
  };
}

/** A value as a KQL literal of the column's type (typed `type(...)` forms keep the type exact). */
export function valueLiteral(v: Value, type: KqlType): Expr {
  if (type === "string") return { kind: "StringLit", span: NO_SPAN, value: v === null ? "" : String(v), obfuscated: false };
  if (type === "dynamic") {
    const json = v === null ? "null" : isDynValue(v) ? dynToJson(v.value) : JSON.stringify(v);
    return { kind: "DynamicLit", span: NO_SPAN, json };
  }
  if (v === null) return typed(type, null);
  switch (type) {
    case "bool":
      return { kind: "BoolLit", span: NO_SPAN, value: Boolean(v) };
    case "int":
    case "long":
    case "real":
    case "decimal":
      return typed(type, numberText(v as number));
    case "datetime":
      return typed("datetime", isDateTime(v) ? formatDateTime(v) : String(v));
    case "timespan":
      return typed("timespan", isTimespan(v) ? formatTimespan(v) : String(v));
    case "guid":
      return typed("guid", isGuid(v) ? v.value : String(v));
  }
}

function typed(type: Exclude<KqlType, "dynamic" | "string">, text: string | null): Expr {
  return { kind: "TypedLit", span: NO_SPAN, type, text };
}

function numberText(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "+inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  return String(x);
}

/**
 * `now()`, `now(offset)` and `ago(span)` replaced by `instant` (a datetime literal, or the name
 * of a run-time parameter), so the service, whose clock is the real one, evaluates the query
 * as of the run being reproduced.
 */
export function pinClock(script: Script, instant: Expr): Script {
  const visit = (node: Node): Node => {
    const mapped = mapChildren(node, visit);
    if (mapped.kind !== "Call") return mapped;
    const name = mapped.name.toLowerCase();
    if (name === "now" && mapped.args.length === 0) return instant;
    if (name === "now" && mapped.args.length === 1 && mapped.args[0].kind !== "NamedArg") {
      return { kind: "Binary", span: NO_SPAN, op: "+", left: instant, right: mapped.args[0] as Expr };
    }
    if (name === "ago" && mapped.args.length === 1 && mapped.args[0].kind !== "NamedArg") {
      return { kind: "Binary", span: NO_SPAN, op: "-", left: instant, right: mapped.args[0] as Expr };
    }
    return mapped;
  };
  return visit(script) as Script;
}

/** Names the query mentions that `isTable` accepts (stored tables), minus names the query binds with `let`. */
export function tablesRead(script: Script, isTable: (name: string) => string | undefined): string[] {
  const bound = new Set<string>();
  const found = new Map<string, string>();
  for (const st of script.statements) if (st.kind === "Let") bound.add(st.name.toLowerCase());
  walk(script, (n) => {
    if (n.kind === "Let") bound.add(n.name.toLowerCase());
    if (n.kind !== "NameRef") return;
    const canonical = isTable(n.name);
    if (canonical !== undefined) found.set(canonical.toLowerCase(), canonical);
  });
  return [...found.entries()].filter(([k]) => !bound.has(k)).map(([, v]) => v).sort();
}

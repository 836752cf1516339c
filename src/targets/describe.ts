/**
 * Logic in words: a visitor that reads the query AST aloud for the docs page, one sentence per
 * step ("Reads AuditLogs.", "Keeps rows where OperationName equals "Set domain authentication".").
 * Anything it has no phrase for is quoted as printed KQL, so the page is never wrong, only terse.
 */
import type * as A from "../kql/ast.js";
import { print } from "../kql/printer.js";

const COMPARISONS: Readonly<Record<string, string>> = {
  "==": "equals",
  "!=": "does not equal",
  "<>": "does not equal",
  "=~": "equals (any case)",
  "!~": "does not equal (any case)",
  "<": "is less than",
  "<=": "is at most",
  ">": "is greater than",
  ">=": "is at least",
  has: "has the term",
  "!has": "does not have the term",
  has_cs: "has the term (case-sensitive)",
  contains: "contains",
  "!contains": "does not contain",
  contains_cs: "contains (case-sensitive)",
  startswith: "starts with",
  "!startswith": "does not start with",
  endswith: "ends with",
  "!endswith": "does not end with",
  hasprefix: "has a term starting with",
  hassuffix: "has a term ending with",
  "matches regex": "matches the regular expression",
};
const LISTS: Readonly<Record<string, string>> = {
  in: "is one of",
  "!in": "is none of",
  "in~": "is one of (any case)",
  "!in~": "is none of (any case)",
  has_any: "has any of the terms",
  has_all: "has all of the terms",
};

function kql(node: A.Expr | A.TabularOperator): string {
  return print(node).replace(/\s*\n\s*/g, " ");
}

function value(e: A.Expr): string {
  if (e.kind === "StringLit") return JSON.stringify(e.value);
  if (e.kind === "Call" && e.name === "ago" && e.args.length === 1 && e.args[0].kind === "TimespanLit") return `${e.args[0].text} ago`;
  if (e.kind === "Call" && e.name === "now" && e.args.length === 0) return "now";
  return kql(e);
}

export function predicate(e: A.Expr): string {
  switch (e.kind) {
    case "Binary":
      if (e.op === "and" || e.op === "or") {
        const side = (x: A.Expr) => (x.kind === "Binary" && (x.op === "and" || x.op === "or") && x.op !== e.op ? `(${predicate(x)})` : predicate(x));
        return `${side(e.left)} ${e.op} ${side(e.right)}`;
      }
      if (COMPARISONS[e.op]) return `${value(e.left)} ${COMPARISONS[e.op]} ${value(e.right)}`;
      return kql(e);
    case "InExpr":
      return `${value(e.left)} ${LISTS[e.op] ?? e.op} ${e.values.map(value).join(", ")}`;
    case "Between":
      return `${value(e.left)} is ${e.negated ? "not " : ""}between ${value(e.low)} and ${value(e.high)}`;
    case "Call":
      if (e.name === "not" && e.args.length === 1 && e.args[0].kind !== "NamedArg") return `not (${predicate(e.args[0])})`;
      if ((e.name === "isnotempty" || e.name === "isempty") && e.args.length === 1 && e.args[0].kind !== "NamedArg") {
        return `${value(e.args[0])} is ${e.name === "isempty" ? "" : "not "}empty`;
      }
      return kql(e);
    default:
      return kql(e);
  }
}

function names(assignments: readonly A.Assignment[]): string {
  return assignments.map((a) => (a.names.length ? `${a.names.join(", ")}${a.value.kind === "NameRef" && a.value.name === a.names[0] ? "" : ` = ${kql(a.value)}`}` : kql(a.value))).join("; ");
}

function operator(op: A.TabularOperator): string {
  switch (op.kind) {
    case "Where":
      return `Keeps rows where ${predicate(op.predicate)}.`;
    case "Extend":
      return `Computes ${names(op.columns)}.`;
    case "Project":
      return `Keeps the columns ${names(op.columns)}.`;
    case "ProjectAway":
      return `Drops the columns ${op.columns.join(", ")}.`;
    case "ProjectRename":
      return `Renames ${op.renames.map((r) => `${r.oldName} to ${r.newName}`).join(", ")}.`;
    case "Summarize":
      return `Aggregates ${names(op.aggregates) || "rows"}${op.by.length ? ` per ${names(op.by)}` : ""}.`;
    case "Join":
    case "Lookup": {
      const kind = op.options.find((o) => o.name === "kind");
      return `${op.kind === "Join" ? "Joins" : "Looks up"}${kind ? ` (${kql(kind.value)})` : ""} ${source(op.right)}${op.on.length ? ` on ${op.on.map(kql).join(", ")}` : ""}.`;
    }
    case "Sort":
      return `Sorts by ${op.by.map((k) => `${kql(k.expr)}${k.order ? ` ${k.order}` : ""}`).join(", ")}.`;
    case "Take":
      return `Keeps at most ${kql(op.count)} rows.`;
    case "Distinct":
      return `Keeps distinct ${op.columns.map(kql).join(", ")}.`;
    case "MvExpand":
      return `Expands ${op.columns.map((c) => kql(c.value)).join(", ")} into one row per element.`;
    default:
      return `Applies ${kql(op)}.`;
  }
}

function source(e: A.Expr): string {
  if (e.kind === "NameRef") return e.name;
  if (e.kind === "Pipeline") return `(${[source(e.source), ...e.operators.map((o) => operator(o).replace(/\.$/, "").toLowerCase())].join(", then ")})`;
  return kql(e);
}

/** The query as sentences, in execution order. */
export function describeQuery(script: A.Script): string[] {
  const out: string[] = [];
  for (const s of script.statements) {
    if (s.kind === "Let") out.push(`Defines ${s.name} as ${s.value.kind === "Pipeline" ? source(s.value) : kql(s.value)}.`);
    else if (s.kind === "QueryStatement") {
      const e = s.expr;
      if (e.kind === "Pipeline") {
        out.push(`Reads ${source(e.source)}.`);
        for (const op of e.operators) out.push(operator(op));
      } else out.push(`Evaluates ${kql(e)}.`);
    }
  }
  return out;
}

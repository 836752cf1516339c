/**
 * The canonical KQL printer. One layout for every AST, so `kustodian fmt` output is stable
 * and the evaluator runs exactly the text that ships:
 *
 * - statements on their own lines, `let x = ...;`;
 * - one tabular operator per line (`T\n| where ...`);
 * - subqueries inside parentheses indented 4 spaces;
 * - parentheses only where precedence needs them;
 * - literals re-escaped through `kqlString` (never raw newlines, so indenting is safe).
 */
import type * as A from "./ast.js";
import { PREC, TYPE_ALIASES, binaryChains, binaryPrecedence } from "./operators.js";
import { TABULAR_ARG_FUNCTIONS } from "./parser.js";
import { isReservedAsCall, isReservedName } from "./keywords.js";
import { kqlString, quoteIdentifier } from "./strings.js";

const INDENT = "    ";

export type Printable = A.Script | A.Statement | A.Expr | A.TabularOperator;

export function print(node: Printable): string {
  switch (node.kind) {
    case "Script":
      return printScript(node);
    case "Let":
    case "SetOption":
    case "DeclareQueryParameters":
    case "QueryStatement":
      return printStatement(node, true);
    default:
      if (isOperator(node)) return printOperator(node);
      return expr(node as A.Expr, PREC.pipe);
  }
}

const OPERATOR_KINDS = new Set<string>([
  "Where", "Project", "ProjectAway", "ProjectKeep", "ProjectRename", "ProjectReorder", "Extend",
  "Summarize", "Join", "Lookup", "UnionOp", "MvExpand", "MvApply", "Parse", "ParseKv", "Evaluate",
  "Top", "TopNested", "Sort", "Take", "Distinct", "Count", "As", "Invoke", "Serialize", "Sample",
  "SampleDistinct", "SearchOp", "Render", "MakeSeries", "GetSchema", "Fork", "Facet", "Scan",
  "Partition", "Reduce", "Consume", "ProjectByNames",
]);

export function isOperator(node: { kind: string }): node is A.TabularOperator {
  return OPERATOR_KINDS.has(node.kind);
}

function printScript(s: A.Script): string {
  const lines = new Lines();
  s.statements.forEach((st, i) => {
    lines.add(st.span, () => printStatement(st, i === s.statements.length - 1));
  });
  return lines.finish();
}

// ------------------------------------------------------------------ comments

/** Where `//` comments of the source go: `take` hands out those before an offset. */
export interface CommentSource {
  /**
   * Comments that start before `before`, not yet placed. The first goes on the previous
   * line (`trailing`) when nothing but spaces separated it from `prevEnd` in the source.
   */
  take(before: number, prevEnd: number): { readonly leading: readonly string[]; readonly trailing: string | null };
}

/** Set only while `printWithComments` runs (printing is synchronous). */
let activeComments: CommentSource | null = null;

/** `print`, with the source's comments placed before the statement or operator that follows them. */
export function printWithComments(node: A.Script, comments: CommentSource): string {
  activeComments = comments;
  try {
    return printScript(node);
  } finally {
    activeComments = null;
  }
}

/** The lines of a layout; in comment mode, comments are woven in before each element. */
class Lines {
  private readonly out: string[] = [];
  private prevEnd = -1;

  /** Adds an element; `text` is computed after the comments before `span` are placed. */
  add(span: A.Span, text: () => string): void {
    this.placeComments(span.start);
    this.out.push(text());
    this.prevEnd = span.end;
  }

  private placeComments(before: number): void {
    if (activeComments === null || before < 0) return;
    const { leading, trailing } = activeComments.take(before, this.out.length ? this.prevEnd : -1);
    if (trailing !== null) this.out[this.out.length - 1] += ` ${trailing}`;
    this.out.push(...leading);
  }

  join(): string {
    return this.out.join("\n");
  }

  /** The comments before `end` (a block's closing bracket) stay inside the block. */
  close(end: number): string {
    this.placeComments(end);
    return this.join();
  }

  /** Top level only: the comments after the last element, then the text. */
  finish(): string {
    this.placeComments(Number.MAX_SAFE_INTEGER);
    return this.join();
  }
}

export function printStatement(s: A.Statement, last: boolean): string {
  switch (s.kind) {
    case "Let":
      return `let ${quoteIdentifier(s.name)} = ${s.view ? "view " : ""}${expr(s.value, PREC.pipe)};`;
    case "SetOption":
      return `set ${s.name.split(".").map(quoteIdentifier).join(".")}${s.value ? ` = ${expr(s.value, PREC.or)}` : ""};`;
    case "DeclareQueryParameters":
      return `declare query_parameters(${s.params.map(param).join(", ")});`;
    case "QueryStatement":
      return expr(s.expr, PREC.pipe) + (last ? "" : ";");
  }
}

function indent(text: string): string {
  return INDENT + text.replace(/\n/g, `\n${INDENT}`);
}

/** `(\n    inner\n)` when `inner` spans lines, else `(inner)`. */
function parenBlock(inner: string): string {
  return inner.includes("\n") ? `(\n${indent(inner)}\n)` : `(${inner})`;
}

/** A comma list in parentheses; one item per line when any item spans lines. */
function parenList(items: readonly string[]): string {
  if (items.some((s) => s.includes("\n"))) return `(\n${items.map(indent).join(",\n")}\n)`;
  return `(${items.join(", ")})`;
}

// ------------------------------------------------------------------ names

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Pieces of a bare wildcard pattern: a name before the first `*`, names or digits after. */
const WILDCARD_HEAD = /^([A-Za-z_][A-Za-z0-9_]*)?$/;
const WILDCARD_TAIL = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+)?$/;

/** Names in keyword positions (chart types, property names): written as they are when plain. */
function rawName(name: string): string {
  return PLAIN.test(name) ? name : quoteIdentifier(name);
}

/** Function names: bare unless the word is reserved in call position. */
function callName(name: string): string {
  return PLAIN.test(name) && !isReservedAsCall(name) ? name : quoteIdentifier(name);
}

/** Column patterns with `*` wildcards stay bare when they read back as the same pattern. */
function patternName(name: string): string {
  if (!name.includes("*")) return quoteIdentifier(name);
  const [first, ...rest] = name.split("*");
  const readable =
    WILDCARD_HEAD.test(first) && rest.every((seg) => WILDCARD_TAIL.test(seg)) && /[A-Za-z0-9_]/.test(name) && !isReservedName(first);
  return readable ? name : quoteIdentifier(name);
}

function nameRef(name: string): string {
  if (name === "$left" || name === "$right") return name;
  return quoteIdentifier(name);
}

// ------------------------------------------------------------ expressions

function precedenceOf(e: A.Expr): number {
  switch (e.kind) {
    case "Binary":
      return binaryPrecedence(e.op);
    case "InExpr":
    case "Between":
      return PREC.equality;
    case "Unary":
      return PREC.unary;
    case "Pipeline":
    case "Print":
    case "Range":
    case "Union":
    case "Search":
    case "Find":
    case "EvaluateSource":
      return PREC.pipe;
    default:
      return PREC.postfix;
  }
}

/** Sources whose syntax ends in a comma list: parenthesised inside other comma lists. */
function absorbsCommas(e: A.Expr): boolean {
  return e.kind === "Union" || e.kind === "Print" || e.kind === "Find";
}

/** An element of a comma-separated list (arguments, `in` values): pipelines allowed. */
function listItem(e: A.Expr): string {
  if (absorbsCommas(e)) return parenBlock(expr(e, PREC.pipe));
  return expr(e, PREC.pipe);
}

export function expr(e: A.Expr, prec: number): string {
  const own = precedenceOf(e);
  if (own < prec) return parenBlock(exprBare(e));
  return exprBare(e);
}

/** Arguments: whole queries only where the function takes one (`toscalar`), else parenthesised. */
function args(list: readonly A.Arg[], tabular: boolean): string {
  const item = (e: A.Expr) => (tabular ? listItem(e) : e.kind === "Star" ? "*" : expr(e, PREC.or));
  return parenList(list.map((a) => (a.kind === "NamedArg" ? `${a.name} = ${item(a.value)}` : item(a))));
}

function call(name: string, list: readonly A.Arg[]): string {
  const only = list[0];
  if (name === "typeof" && list.length === 1 && only.kind === "NameRef" && TYPE_ALIASES.has(only.name)) return `typeof(${only.name})`;
  return `${callName(name)}${args(list, TABULAR_ARG_FUNCTIONS.has(name))}`;
}

function exprBare(e: A.Expr): string {
  switch (e.kind) {
    case "StringLit":
      return (e.obfuscated ? "h" : "") + kqlString(e.value);
    case "NumberLit":
      return e.text;
    case "BoolLit":
      return e.value ? "true" : "false";
    case "TimespanLit":
      return e.text;
    case "TypedLit":
      return `${e.type}(${e.text ?? "null"})`;
    case "DynamicLit":
      return `dynamic(${e.json})`;
    case "NameRef":
      return nameRef(e.name);
    case "Star":
      return "*";
    case "Member":
      return `${target(e.target)}.${quoteIdentifier(e.name)}`;
    case "Index":
      return `${target(e.target)}[${expr(e.index, PREC.or)}]`;
    case "Call":
      return call(e.name, e.args);
    case "MethodCall":
      return `${target(e.target)}.${callName(e.name)}${args(e.args, false)}`;
    case "Binary": {
      // left-associative levels chain on the left; the others take one operator per level
      const p = binaryPrecedence(e.op);
      return `${expr(e.left, binaryChains(e.op) ? p : p + 1)} ${e.op} ${expr(e.right, p + 1)}`;
    }
    case "Unary":
      return `${e.op}${expr(e.operand, PREC.postfix)}`;
    case "InExpr":
      return `${expr(e.left, PREC.equality + 1)} ${e.op} ${parenList(e.values.map(listItem))}`;
    case "Between":
      return `${expr(e.left, PREC.equality + 1)} ${e.negated ? "!between" : "between"} (${expr(e.low, PREC.or)} .. ${expr(e.high, PREC.or)})`;
    case "Lambda":
      return lambda(e);
    case "Pipeline":
      return pipeline(e);
    case "DataTable":
      return dataTable(e);
    case "Print":
      return `print ${assignments(e.columns)}`;
    case "Range":
      return `range ${quoteIdentifier(e.name)} from ${expr(e.from, PREC.or)} to ${expr(e.to, PREC.or)} step ${expr(e.step, PREC.or)}`;
    case "Union":
      return join(["union", options(e.options), tableList(e.tables)]);
    case "ExternalData": {
      const urls = e.urls.map((u) => expr(u, PREC.or));
      const props = e.properties.length ? ` with ${properties(e.properties)}` : "";
      return `externaldata${columnDecls(e.columns)} [${urls.join(", ")}]${props}`;
    }
    case "Search":
      return join(["search", options(e.options), e.tables.length ? `in ${parenList(e.tables.map((t) => tableOperand(t)))}` : "", expr(e.predicate, PREC.or)]);
    case "Find": {
      const project = e.project === "smart" ? "project-smart" : e.project ? `project ${e.project.map((x) => expr(x, PREC.or)).join(", ")}` : "";
      return join(["find", options(e.options), e.tables.length ? `in ${parenList(e.tables.map((t) => tableOperand(t)))}` : "", `where ${expr(e.predicate, PREC.or)}`, project]);
    }
    case "EvaluateSource":
      return join(["evaluate", options(e.options), exprBare(e.plugin)]);
  }
}

/** Target of `.name`, `[i]`, `.f()`: postfix precedence, and never a bare number (`1.x`). */
function target(e: A.Expr): string {
  if (e.kind === "NumberLit" || e.kind === "TimespanLit") return `(${exprBare(e)})`;
  return expr(e, PREC.postfix);
}

function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join(" ");
}

function pipeline(p: A.Pipeline): string {
  if (p.operators.length === 0) return expr(p.source, PREC.pipe);
  const lines = new Lines();
  lines.add(p.source.span, () => (p.source.kind === "Pipeline" ? parenBlock(pipeline(p.source)) : expr(p.source, PREC.pipe)));
  for (const op of p.operators) lines.add(op.span, () => `| ${printOperator(op)}`);
  return lines.join();
}

/** A subquery without source: `where x\n| take 1`. */
function operatorBody(ops: readonly A.TabularOperator[]): string {
  const lines = new Lines();
  ops.forEach((op, i) => {
    lines.add(op.span, () => (i === 0 ? printOperator(op) : `| ${printOperator(op)}`));
  });
  return lines.join();
}

function lambda(l: A.Lambda): string {
  const lines = new Lines();
  for (const s of l.body) lines.add(s.span, () => printStatement(s, false));
  lines.add(l.result.span, () => expr(l.result, PREC.pipe));
  return `(${l.params.map(param).join(", ")}) {\n${indent(lines.close(l.span.end - 1))}\n}`;
}

function param(p: A.Param): string {
  const type = p.type.kind === "ScalarParam" ? p.type.type : `(${[...p.type.columns.map(columnDecl), ...(p.type.open ? ["*"] : [])].join(", ")})`;
  return `${quoteIdentifier(p.name)}: ${type}${p.default ? ` = ${expr(p.default, PREC.unary)}` : ""}`;
}

function columnDecl(c: A.ColumnDecl): string {
  return `${quoteIdentifier(c.name)}: ${c.type}`;
}

function columnDecls(cols: readonly A.ColumnDecl[]): string {
  return `(${cols.map(columnDecl).join(", ")})`;
}

function dataTable(d: A.DataTable): string {
  const opts = options(d.options);
  const head = `datatable${opts ? ` ${opts}` : ""}${columnDecls(d.columns)}`;
  if (d.values.length === 0) return `${head} []`;
  const width = Math.max(1, d.columns.length);
  const rows: string[] = [];
  for (let i = 0; i < d.values.length; i += width) {
    rows.push(
      d.values
        .slice(i, i + width)
        .map((v) => expr(v, PREC.or))
        .join(", "),
    );
  }
  return `${head} [\n${indent(rows.join(",\n"))}\n]`;
}

function optionValue(v: A.Expr): string {
  if (v.kind === "NameRef" && PLAIN.test(v.name)) return v.name;
  return expr(v, PREC.unary);
}

function options(opts: readonly A.OperatorOption[]): string {
  return opts.map((o) => `${o.name}=${optionValue(o.value)}`).join(" ");
}

function propertyValue(v: A.Expr): string {
  return v.kind === "NameRef" && PLAIN.test(v.name) ? v.name : expr(v, PREC.or);
}

function properties(props: readonly A.OperatorOption[]): string {
  return `(${props.map((o) => `${rawName(o.name)}=${[o.value, ...(o.more ?? [])].map(propertyValue).join(", ")}`).join(", ")})`;
}

function assignment(a: A.Assignment): string {
  const value = expr(a.value, PREC.or);
  if (a.names.length === 0) return value;
  if (a.names.length === 1) return `${quoteIdentifier(a.names[0])} = ${value}`;
  return `(${a.names.map(quoteIdentifier).join(", ")}) = ${value}`;
}

function assignments(list: readonly A.Assignment[]): string {
  return list.map(assignment).join(", ");
}

/** A table operand of join/lookup/union: names and calls bare, anything else in parentheses. */
function tableOperand(e: A.Expr, wildcards = true): string {
  switch (e.kind) {
    case "NameRef":
      return wildcards ? patternName(e.name) : quoteIdentifier(e.name);
    case "Call":
    case "MethodCall":
    case "Member":
    case "Index":
      return exprBare(e);
    default:
      return parenBlock(expr(e, PREC.pipe));
  }
}

function tableList(tables: readonly A.Expr[]): string {
  return tables.map((t) => tableOperand(t)).join(", ");
}

function sortKey(k: A.SortKey): string {
  return join([expr(k.expr, PREC.or), k.order ?? "", k.nulls ? `nulls ${k.nulls}` : ""]);
}

function mvItem(m: A.MvExpandItem): string {
  return `${m.name !== null ? `${quoteIdentifier(m.name)} = ` : ""}${expr(m.value, PREC.or)}${m.toType ? ` to typeof(${m.toType})` : ""}`;
}

function parsePattern(parts: readonly A.ParsePart[]): string {
  return parts
    .map((p) => {
      if (p.kind === "ParseText") return kqlString(p.value);
      if (p.kind === "ParseWildcard") return "*";
      return `${quoteIdentifier(p.name)}${p.type ? `:${p.type}` : ""}`;
    })
    .join(" ");
}

export function printOperator(op: A.TabularOperator): string {
  switch (op.kind) {
    case "Where":
      return `where ${expr(op.predicate, PREC.or)}`;
    case "Project":
      return `project ${assignments(op.columns)}`;
    case "ProjectAway":
      return `project-away ${op.columns.map(patternName).join(", ")}`;
    case "ProjectKeep":
      return `project-keep ${op.columns.map(patternName).join(", ")}`;
    case "ProjectRename":
      return `project-rename ${op.renames.map((r) => `${quoteIdentifier(r.newName)} = ${quoteIdentifier(r.oldName)}`).join(", ")}`;
    case "ProjectReorder":
      return `project-reorder ${op.columns.map((c) => join([patternName(c.pattern), c.order ?? ""])).join(", ")}`;
    case "Extend":
      return `extend ${assignments(op.columns)}`;
    case "Summarize":
      return join(["summarize", options(op.options), assignments(op.aggregates), op.by.length ? `by ${assignments(op.by)}` : ""]);
    case "Join":
      return join(["join", options(op.options), tableOperand(op.right, false), op.on.length ? `on ${op.on.map((e) => expr(e, PREC.or)).join(", ")}` : ""]);
    case "Lookup":
      return join(["lookup", options(op.options), tableOperand(op.right, false), `on ${op.on.map((e) => expr(e, PREC.or)).join(", ")}`]);
    case "UnionOp":
      return join(["union", options(op.options), tableList(op.tables)]);
    case "MvExpand":
      return join(["mv-expand", options(op.options), op.columns.map(mvItem).join(", "), op.limit ? `limit ${expr(op.limit, PREC.or)}` : ""]);
    case "MvApply":
      return join([
        "mv-apply",
        options(op.options),
        op.columns.map(mvItem).join(", "),
        op.limit ? `limit ${expr(op.limit, PREC.or)}` : "",
        `on ${parenBlock(operatorBody(op.body))}`,
      ]);
    case "Parse":
      return join([op.where ? "parse-where" : "parse", options(op.options), expr(op.source, PREC.or), "with", parsePattern(op.pattern)]);
    case "ParseKv":
      return join(["parse-kv", expr(op.source, PREC.or), `as ${columnDecls(op.columns)}`, op.properties.length ? `with ${properties(op.properties)}` : ""]);
    case "Evaluate": {
      const schema = op.outputSchema
        ? `: (${[...(op.outputSchema.open ? ["*"] : []), ...op.outputSchema.columns.map(columnDecl)].join(", ")})`
        : "";
      return join(["evaluate", options(op.options), exprBare(op.plugin) + schema]);
    }
    case "Top":
      return join(["top", options(op.options), expr(op.count, PREC.or), "by", sortKey(op.by)]);
    case "TopNested":
      return op.levels
        .map((l) =>
          join([
            "top-nested",
            l.count ? expr(l.count, PREC.or) : "",
            "of",
            assignment(l.of),
            l.withOthers ? `with others = ${expr(l.withOthers, PREC.or)}` : "",
            "by",
            assignment(l.by),
            l.order ?? "",
          ]),
        )
        .join(", ");
    case "Sort":
      return join(["sort", options(op.options), "by", op.by.map(sortKey).join(", ")]);
    case "Take":
      return join(["take", options(op.options), expr(op.count, PREC.or)]);
    case "Distinct":
      return join(["distinct", options(op.options), op.columns.map((c) => expr(c, PREC.or)).join(", ")]);
    case "Count":
      return op.as ? `count as ${quoteIdentifier(op.as)}` : "count";
    case "As":
      return join(["as", options(op.options), quoteIdentifier(op.name)]);
    case "Invoke":
      return `invoke ${exprBare(op.call)}`;
    case "Serialize":
      return join(["serialize", assignments(op.columns)]);
    case "Sample":
      return `sample ${expr(op.count, PREC.or)}`;
    case "SampleDistinct":
      return `sample-distinct ${expr(op.count, PREC.or)} of ${expr(op.of, PREC.or)}`;
    case "SearchOp":
      return join(["search", options(op.options), expr(op.predicate, PREC.or)]);
    case "Render":
      return join(["render", rawName(op.chart), op.properties.length ? `with ${properties(op.properties)}` : ""]);
    case "MakeSeries": {
      const aggs = op.aggregates.map((a) => join([assignment(a.assignment), a.default ? `default = ${expr(a.default, PREC.or)}` : ""])).join(", ");
      const axis = op.inRange
        ? `in range(${[op.from, op.to, op.step].map((x) => (x ? expr(x, PREC.or) : "")).join(", ")})`
        : join([op.from ? `from ${expr(op.from, PREC.or)}` : "", op.to ? `to ${expr(op.to, PREC.or)}` : "", `step ${expr(op.step, PREC.or)}`]);
      return join(["make-series", options(op.options), aggs, `on ${expr(op.on, PREC.additive)}`, axis, op.by.length ? `by ${assignments(op.by)}` : ""]);
    }
    case "GetSchema":
      return "getschema";
    case "Fork":
      return `fork ${op.branches.map((b) => `${b.name !== null ? `${quoteIdentifier(b.name)} = ` : ""}${parenBlock(operatorBody(b.body))}`).join(" ")}`;
    case "Facet":
      return join(["facet by", op.columns.map(quoteIdentifier).join(", "), op.with ? `with ${parenBlock(operatorBody(op.with))}` : ""]);
    case "Scan": {
      const declare = op.declare.length
        ? `declare (${op.declare.map((d) => `${columnDecl(d)}${d.default ? ` = ${expr(d.default, PREC.or)}` : ""}`).join(", ")})`
        : "";
      const steps = op.steps.map(
        (s) =>
          `step ${quoteIdentifier(s.name)}${s.output ? ` output=${s.output}` : ""}: ${expr(s.predicate, PREC.or)}${s.assignments.length ? ` => ${assignments(s.assignments)}` : ""};`,
      );
      return join([
        "scan",
        options(op.options),
        op.orderBy.length ? `order by ${op.orderBy.map(sortKey).join(", ")}` : "",
        op.partitionBy.length ? `partition by ${op.partitionBy.map((x) => expr(x, PREC.or)).join(", ")}` : "",
        declare,
        `with (\n${indent(steps.join("\n"))}\n)`,
      ]);
    }
    case "Partition": {
      const body = Array.isArray(op.body)
        ? parenBlock(operatorBody(op.body as readonly A.TabularOperator[]))
        : bracedBlock(expr(op.body as A.Expr, PREC.pipe));
      return join(["partition", options(op.options), `by ${expr(op.by, PREC.or)}`, body]);
    }
    case "Reduce":
      return join([
        "reduce",
        options(op.options),
        `by ${expr(op.by, PREC.or)}`,
        op.with.length ? `with ${op.with.map((o) => `${rawName(o.name)}=${optionValue(o.value)}`).join(", ")}` : "",
      ]);
    case "Consume":
      return join(["consume", options(op.options)]);
    case "ProjectByNames":
      return `project-by-names ${op.names.map((e) => expr(e, PREC.or)).join(", ")}`;
  }
}

function bracedBlock(inner: string): string {
  return inner.includes("\n") ? `{\n${indent(inner)}\n}` : `{ ${inner} }`;
}

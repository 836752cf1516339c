/**
 * The Sigma compiler: a visitor over the query AST that keeps only what Sigma can say exactly.
 *
 * Expressible: one table, `where` filters built from equality (`==` as `|cased`, `=~` plain),
 * `in`/`in~`, `contains`/`startswith`/`endswith` (and `_cs`), `matches regex` within Sigma's
 * regex subset, numeric comparisons, `between`, `and`/`or`/`not`; time-window filters on
 * `TimeGenerated` (the schedule already bounds them); output shaping after the filters
 * (`extend`, `project*`, `sort`); and a `summarize count()`/`dcount(x)` by columns followed by a
 * threshold, which becomes an `event_count`/`value_count` correlation. Anything else is
 * reported with the reason instead of being emitted half-right.
 */
import type * as A from "../../kql/ast.js";
import type { CompiledDetection } from "../../dsl/model.js";
import type { SchemaRegistry } from "../../schema/registry.js";
import { DEFAULT_SCHEDULE, DEFAULT_TRIGGER, ruleKind } from "../defaults.js";
import { sigmaEscape } from "../escape/sigma.js";
import type { YamlValue } from "../escape/yaml.js";
import { type TableMapping, tableMapping } from "./logsources.js";

/** Sigma's `null` value (a field with no value), kept apart from strings. */
export const NULL: unique symbol = Symbol("null");
export type Scalar = string | number | boolean | typeof NULL;

/** A boolean filter over raw table columns. */
export type Filter =
  | { readonly kind: "and"; readonly items: readonly Filter[] }
  | { readonly kind: "or"; readonly items: readonly Filter[] }
  | { readonly kind: "not"; readonly item: Filter }
  | { readonly kind: "match"; readonly field: string; readonly modifiers: readonly string[]; readonly values: readonly Scalar[] };

export interface SigmaCorrelation {
  readonly type: "event_count" | "value_count";
  readonly groupBy: readonly string[];
  readonly timespan: string;
  readonly condition: Readonly<Record<string, number | string>>;
}

export type SigmaCompilation =
  | {
      readonly status: "ok";
      readonly table: string;
      readonly mapping: TableMapping;
      readonly detection: Readonly<Record<string, YamlValue>>;
      readonly correlation: SigmaCorrelation | null;
    }
  | { readonly status: "unsupported"; readonly reason: string };

class Unsupported extends Error {}

function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

const TIME_COLUMNS = new Set(["TimeGenerated", "Timestamp"]);
const SHAPING = new Set(["Extend", "Project", "ProjectAway", "ProjectKeep", "ProjectRename", "ProjectReorder", "Sort"]);

export interface SigmaOptions {
  /** Table schemas, so `isempty()` knows a string column (empty value) from others (null). */
  readonly tables?: Pick<SchemaRegistry, "get">;
}

/** What a filter may read: raw table columns (not ones the query computed), with their types. */
interface Scope {
  readonly computed: ReadonlySet<string>;
  typeOf(column: string): string | undefined;
}

export function compileSigma(d: CompiledDetection, options: SigmaOptions = {}): SigmaCompilation {
  try {
    return compile(d, options);
  } catch (e) {
    if (e instanceof Unsupported) return { status: "unsupported", reason: e.message };
    throw e;
  }
}

const LITERAL_KINDS = new Set(["StringLit", "NumberLit", "BoolLit", "TimespanLit", "TypedLit", "DynamicLit"]);

/**
 * Inlines `let`s: literal values (`let ops = dynamic([...]);`) are substituted where they are
 * used, and a query that starts from a let-bound pipeline continues that pipeline.
 */
function inlineLets(statements: readonly A.Statement[]): A.Expr {
  const scalars = new Map<string, A.Expr>();
  const tabular = new Map<string, A.Expr>();
  let query: A.Expr | null = null;
  for (const s of statements) {
    if (s.kind === "Let") {
      const value = substitute(s.value, scalars);
      if (LITERAL_KINDS.has(value.kind)) scalars.set(s.name, value);
      else if (value.kind === "Pipeline" || value.kind === "NameRef") tabular.set(s.name, value);
      else unsupported(`the query defines \`${s.name}\` with a ${value.kind === "Union" ? "union of tables" : "computed value"}; a Sigma rule is one filter on one table`);
    } else if (s.kind === "QueryStatement") {
      if (query) unsupported("the query has several statements");
      query = substitute(s.expr, scalars);
    } else unsupported("the query uses set/declare statements");
  }
  if (!query) return unsupported("the query has no query statement");
  // Follow `X | ...` where X is a let-bound query, until the real source.
  for (let guard = 0; guard < 32; guard++) {
    const current: A.Expr = query;
    const source: A.Expr = current.kind === "Pipeline" ? current.source : current;
    if (source.kind !== "NameRef" || !tabular.has(source.name)) break;
    const bound = tabular.get(source.name) as A.Expr;
    const rest: readonly A.TabularOperator[] = current.kind === "Pipeline" ? current.operators : [];
    query =
      bound.kind === "Pipeline"
        ? { ...bound, operators: [...bound.operators, ...rest] }
        : current.kind === "Pipeline"
          ? { ...current, source: bound }
          : bound;
  }
  return query;
}

/** `value` with every reference to a literal `let` replaced by the literal. */
function substitute<T>(value: T, scalars: ReadonlyMap<string, A.Expr>): T {
  if (scalars.size === 0) return value;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (typeof v !== "object" || v === null) return v;
    const node = v as A.Node;
    if (node.kind === "NameRef" && scalars.has(node.name)) return scalars.get(node.name);
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(node)) out[k] = k === "span" ? child : visit(child);
    return out;
  };
  return visit(value) as T;
}

function compile(d: CompiledDetection, options: SigmaOptions): SigmaCompilation {
  const query = inlineLets(d.ast.statements);
  if (query.kind !== "Pipeline" || query.source.kind !== "NameRef") {
    unsupported(query.kind === "NameRef" ? "the query has no filter" : `the query source is a ${describeKind(query.kind === "Pipeline" ? query.source.kind : query.kind)}, not a single table`);
  }
  const pipeline = query as A.Pipeline;
  const { table, mapping } = tableMapping((pipeline.source as A.NameRef).name);

  const computed = new Set<string>();
  const columns = options.tables?.get(table)?.columns;
  const scope: Scope = { computed, typeOf: (name) => columns?.find((c) => c.name === name)?.type };
  const filters: Filter[] = [];
  let summary: { aggregates: Map<string, { fn: "count" | "dcount"; column: string | null }>; by: string[]; bin: string | null } | null = null;
  const thresholds: { column: string; op: string; value: number }[] = [];

  for (const op of pipeline.operators) {
    if (op.kind === "Where") {
      if (summary) thresholds.push(...postSummaryFilter(op.predicate, summary, filters, scope));
      else filters.push(...topLevelConjuncts(op.predicate).flatMap((c) => (isTimeWindow(c) ? [] : [filter(c, scope)])));
      continue;
    }
    if (SHAPING.has(op.kind)) {
      for (const name of introducedColumns(op)) computed.add(name);
      continue;
    }
    if (op.kind === "Summarize") {
      if (summary) unsupported("the query summarizes twice");
      summary = summarizeShape(op, scope);
      for (const name of [...summary.aggregates.keys()]) computed.add(name);
      continue;
    }
    unsupported(`the ${operatorName(op.kind)} operator has no Sigma equivalent`);
  }

  if (filters.length === 0) unsupported("the query has no filter on table columns; a Sigma rule needs a detection");
  const lookback = (d.spec.schedule ?? DEFAULT_SCHEDULE).lookback;
  const trigger = ruleKind(d.spec) === "Scheduled" ? (d.spec.trigger ?? DEFAULT_TRIGGER) : DEFAULT_TRIGGER;
  const defaultTrigger = trigger.operator === "gt" && trigger.threshold === 0;
  const field = (column: string) => mapping.fields[column] ?? column;

  let correlation: SigmaCorrelation | null = null;
  if (summary && thresholds.length > 0) {
    if (!defaultTrigger) unsupported(`the trigger (${trigger.operator} ${trigger.threshold}) counts summarized groups`);
    const targets = new Set(thresholds.map((t) => t.column));
    if (targets.size > 1) unsupported("thresholds on more than one aggregate");
    const agg = summary.aggregates.get(thresholds[0].column);
    if (!agg) unsupported(`the threshold is on ${thresholds[0].column}, not on count() or dcount()`);
    const condition: Record<string, number | string> = {};
    for (const t of thresholds) condition[t.op] = t.value;
    if (agg.fn === "dcount") condition.field = field(agg.column as string);
    correlation = {
      type: agg.fn === "count" ? "event_count" : "value_count",
      groupBy: summary.by.map(field),
      timespan: summary.bin ?? lookback,
      condition,
    };
  } else if (!defaultTrigger) {
    // A trigger on the number of result rows is a count of matching events over the lookback.
    if (summary) unsupported(`the trigger (${trigger.operator} ${trigger.threshold}) counts summarized groups`);
    if (trigger.operator === "ne") unsupported("the trigger operator ne has no correlation equivalent");
    const op = { gt: "gt", lt: "lt", eq: "eq" }[trigger.operator];
    correlation = { type: "event_count", groupBy: [], timespan: lookback, condition: { [op]: trigger.threshold } };
  }

  return { status: "ok", table, mapping, detection: buildDetection(simplify({ kind: "and", items: filters }), field), correlation };
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

function operatorName(kind: string): string {
  const names: Record<string, string> = {
    Join: "join", Lookup: "lookup", UnionOp: "union", MvExpand: "mv-expand", MvApply: "mv-apply", Parse: "parse",
    ParseKv: "parse-kv", Evaluate: "evaluate", Top: "top", TopNested: "top-nested", Take: "take", Distinct: "distinct",
    Count: "count", As: "as", Invoke: "invoke", Serialize: "serialize", Sample: "sample", SampleDistinct: "sample-distinct",
    SearchOp: "search", Render: "render", MakeSeries: "make-series", GetSchema: "getschema", Fork: "fork", Facet: "facet",
    Scan: "scan", Partition: "partition", Reduce: "reduce", Consume: "consume",
  };
  return `\`${names[kind] ?? kind}\``;
}

function describeKind(kind: string): string {
  return kind === "Union" ? "union of tables" : kind === "Pipeline" ? "nested query" : `${kind} expression`;
}

function introducedColumns(op: A.TabularOperator): string[] {
  switch (op.kind) {
    case "Extend":
    case "Project":
      return op.columns.flatMap((c) => (c.names.length > 0 && !(c.value.kind === "NameRef" && c.names[0] === c.value.name) ? c.names : []));
    case "ProjectRename":
      return op.renames.map((r) => r.newName);
    default:
      return [];
  }
}

function summarizeShape(op: A.Summarize, scope: Scope) {
  const aggregates = new Map<string, { fn: "count" | "dcount"; column: string | null }>();
  for (const a of op.aggregates) {
    if (a.value.kind !== "Call") continue;
    const call = a.value;
    if (call.name === "count" && (call.args.length === 0 || (call.args.length === 1 && call.args[0].kind === "Star"))) {
      aggregates.set(a.names[0] ?? "count_", { fn: "count", column: null });
    } else if (call.name === "dcount" && call.args.length === 1 && call.args[0].kind === "NameRef") {
      const column = call.args[0].name;
      if (scope.computed.has(column)) unsupported(`dcount() of the computed column ${column}`);
      aggregates.set(a.names[0] ?? `dcount_${column}`, { fn: "dcount", column });
    }
  }
  const by: string[] = [];
  let bin: string | null = null;
  for (const key of op.by) {
    const v = key.value;
    if (v.kind === "NameRef" && (key.names.length === 0 || key.names[0] === v.name)) {
      if (scope.computed.has(v.name)) unsupported(`grouping by the computed column ${v.name}`);
      by.push(v.name);
    } else if (v.kind === "Call" && (v.name === "bin" || v.name === "floor") && v.args.length === 2 && v.args[0].kind === "NameRef" && TIME_COLUMNS.has(v.args[0].name) && v.args[1].kind === "TimespanLit" && /^\d+[mhd]$/.test(v.args[1].text)) {
      bin = v.args[1].text;
    } else unsupported("grouping by an expression");
  }
  return { aggregates, by, bin };
}

/** A `where` after `summarize`: thresholds on count/dcount, or filters on group keys (same as before summarize). */
function postSummaryFilter(
  predicate: A.Expr,
  summary: { aggregates: ReadonlyMap<string, unknown>; by: readonly string[] },
  filters: Filter[],
  scope: Scope,
): { column: string; op: string; value: number }[] {
  const out: { column: string; op: string; value: number }[] = [];
  for (const c of topLevelConjuncts(predicate)) {
    const t = threshold(c);
    if (t && summary.aggregates.has(t.column)) out.push(t);
    else if (columnsOf(c).every((col) => summary.by.includes(col))) filters.push(filter(c, scope));
    else unsupported("a filter after summarize that is not a count() or dcount() threshold");
  }
  return out;
}

const THRESHOLD_OPS: Readonly<Record<string, string>> = { ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "==": "eq", "!=": "neq" };
const FLIPPED: Readonly<Record<string, string>> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!=" };

function threshold(e: A.Expr): { column: string; op: string; value: number } | null {
  if (e.kind !== "Binary" || !(e.op in THRESHOLD_OPS)) return null;
  const [col, lit, op] =
    e.left.kind === "NameRef" ? [e.left, e.right, e.op] : e.right.kind === "NameRef" ? [e.right, e.left, FLIPPED[e.op]] : [null, null, null];
  if (!col || !lit || lit.kind !== "NumberLit" || lit.type !== "long") return null;
  return { column: (col as A.NameRef).name, op: THRESHOLD_OPS[op as string], value: Number(lit.text) };
}

function columnsOf(e: unknown): string[] {
  if (Array.isArray(e)) return e.flatMap(columnsOf);
  if (typeof e !== "object" || e === null) return [];
  const n = e as A.Node;
  if (n.kind === "NameRef") return [n.name];
  if (n.kind === "Call") return n.args.flatMap(columnsOf);
  return Object.entries(n).flatMap(([k, v]) => (k === "span" ? [] : columnsOf(v)));
}

// ---------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------

function topLevelConjuncts(e: A.Expr): A.Expr[] {
  return e.kind === "Binary" && e.op === "and" ? [...topLevelConjuncts(e.left), ...topLevelConjuncts(e.right)] : [e];
}

/** `TimeGenerated > ago(1h)` and friends: the rule's schedule already bounds the events. */
function isTimeWindow(e: A.Expr): boolean {
  const isTime = (x: A.Expr) => x.kind === "NameRef" && TIME_COLUMNS.has(x.name);
  const isRelative = (x: A.Expr): boolean =>
    (x.kind === "Call" && (x.name === "ago" || x.name === "now")) || (x.kind === "Binary" && (x.op === "-" || x.op === "+") && isRelative(x.left));
  if (e.kind === "Binary" && [">", ">="].includes(e.op)) return isTime(e.left) && isRelative(e.right);
  if (e.kind === "Between" && !e.negated) return isTime(e.left) && isRelative(e.low) && isRelative(e.high);
  return false;
}

const STRING_MODIFIERS: Record<string, { modifiers: string[]; negated: boolean }> = {};
for (const [op, modifier] of [["contains", "contains"], ["startswith", "startswith"], ["endswith", "endswith"]] as const) {
  STRING_MODIFIERS[op] = { modifiers: [modifier], negated: false };
  STRING_MODIFIERS[`${op}_cs`] = { modifiers: [modifier, "cased"], negated: false };
  STRING_MODIFIERS[`!${op}`] = { modifiers: [modifier], negated: true };
  STRING_MODIFIERS[`!${op}_cs`] = { modifiers: [modifier, "cased"], negated: true };
}
const EQUALITY: Readonly<Record<string, { modifiers: string[]; negated: boolean }>> = {
  "==": { modifiers: ["cased"], negated: false },
  "!=": { modifiers: ["cased"], negated: true },
  "<>": { modifiers: ["cased"], negated: true },
  "=~": { modifiers: [], negated: false },
  "!~": { modifiers: [], negated: true },
};
const LIST_OPS: Readonly<Record<string, { modifiers: string[]; negated: boolean }>> = {
  in: { modifiers: ["cased"], negated: false },
  "!in": { modifiers: ["cased"], negated: true },
  "in~": { modifiers: [], negated: false },
  "!in~": { modifiers: [], negated: true },
};
const NUMERIC: Readonly<Record<string, string>> = { "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };

function negate(f: Filter, negated: boolean): Filter {
  return negated ? { kind: "not", item: f } : f;
}

function column(e: A.Expr, scope: Scope): string {
  if (e.kind === "NameRef") {
    if (scope.computed.has(e.name)) unsupported(`the filter on ${e.name} uses a column the query computes`);
    return e.name;
  }
  if (e.kind === "Member" || e.kind === "Index") unsupported("the filter reads a dynamic path; Sigma fields are flat");
  if (e.kind === "Call") unsupported(`the filter applies ${e.name}() to a column`);
  return unsupported("the filter compares an expression, not a column");
}

function filter(e: A.Expr, scope: Scope): Filter {
  switch (e.kind) {
    case "Binary":
      return binaryFilter(e, scope);
    case "Call":
      if (e.name === "not" && e.args.length === 1 && e.args[0].kind !== "NamedArg") return { kind: "not", item: filter(e.args[0], scope) };
      if ((e.name === "isempty" || e.name === "isnotempty") && e.args.length === 1 && e.args[0].kind !== "NamedArg") {
        return negate(emptiness(column(e.args[0], scope), scope), e.name === "isnotempty");
      }
      return unsupported(`the filter calls ${e.name}()`);
    case "InExpr": {
      const op = LIST_OPS[e.op];
      if (!op) unsupported(`\`${e.op}\` is a whole-term match; Sigma has no term-match modifier`);
      const field = column(e.left, scope);
      const values = e.values.flatMap((v) => listValues(v));
      const numeric = values.every((v) => typeof v === "number");
      return negate({ kind: "match", field, modifiers: numeric ? [] : op.modifiers, values: values.map((v) => (typeof v === "string" ? sigmaEscape(v) : v)) }, op.negated);
    }
    case "Between": {
      const field = column(e.left, scope);
      const low = numberValue(e.low);
      const high = numberValue(e.high);
      if (low === null || high === null) unsupported("`between` over non-numeric bounds");
      const f: Filter = {
        kind: "and",
        items: [
          { kind: "match", field, modifiers: ["gte"], values: [low] },
          { kind: "match", field, modifiers: ["lte"], values: [high] },
        ],
      };
      return negate(f, e.negated);
    }
    case "NameRef":
      return { kind: "match", field: column(e, scope), modifiers: [], values: [true] };
    default:
      return unsupported(`the filter uses a ${e.kind} expression`);
  }
}

/** `isempty(c)`: an empty string for string columns (never null in KQL), null for the others. */
function emptiness(field: string, scope: Scope): Filter {
  const type = scope.typeOf(field);
  if (type === undefined) unsupported(`isempty()/isnotempty() on ${field}, a column of unknown type (string: empty value; others: null)`);
  if (type === "dynamic") unsupported(`isempty()/isnotempty() on the dynamic column ${field}`);
  return { kind: "match", field, modifiers: [], values: [type === "string" ? "" : NULL] };
}

function binaryFilter(e: A.Binary, scope: Scope): Filter {
  if (e.op === "and" || e.op === "or") return { kind: e.op, items: [filter(e.left, scope), filter(e.right, scope)] };
  if (e.op.startsWith("has") || e.op.startsWith("!has")) unsupported(`\`${e.op}\` is a whole-term match; Sigma has no term-match modifier (contains would widen it)`);
  if (["like", "notlike", "likecs", "notlikecs"].includes(e.op)) unsupported(`\`${e.op}\` has no Sigma equivalent`);
  const field = column(e.left, scope);
  const right = e.right;
  if (right.kind === "NameRef" || right.kind === "Member" || right.kind === "Index") unsupported("the filter compares two columns");
  if (e.op === "matches regex") {
    if (right.kind !== "StringLit") unsupported("a regex that is not a literal");
    return regexFilter(field, right.value);
  }
  const str = STRING_MODIFIERS[e.op];
  if (str) {
    if (right.kind !== "StringLit") unsupported(`\`${e.op}\` with a non-literal operand`);
    return negate({ kind: "match", field, modifiers: str.modifiers, values: [sigmaEscape(right.value)] }, str.negated);
  }
  const eq = EQUALITY[e.op];
  if (eq) {
    if (right.kind === "StringLit") return negate({ kind: "match", field, modifiers: eq.modifiers, values: [sigmaEscape(right.value)] }, eq.negated);
    if (right.kind === "BoolLit" && (e.op === "==" || e.op === "!=")) return negate({ kind: "match", field, modifiers: [], values: [right.value] }, eq.negated);
    const n = numberValue(right);
    if (n !== null && (e.op === "==" || e.op === "!=" || e.op === "<>")) return negate({ kind: "match", field, modifiers: [], values: [n] }, eq.negated);
    unsupported("an equality with a value that is not a string, number or bool literal");
  }
  const numeric = NUMERIC[e.op];
  if (numeric) {
    const n = numberValue(right);
    if (n === null) unsupported(`\`${e.op}\` with a value that is not a number literal`);
    return { kind: "match", field, modifiers: [numeric], values: [n] };
  }
  return unsupported(`the \`${e.op}\` operator in a filter`);
}

function numberValue(e: A.Expr): number | null {
  if (e.kind === "NumberLit" && /^\d+(\.\d+)?$/.test(e.text)) return Number(e.text);
  if (e.kind === "Unary" && e.op === "-") {
    const n = numberValue(e.operand);
    return n === null ? null : -n;
  }
  return null;
}

function listValues(e: A.Expr): Scalar[] {
  if (e.kind === "StringLit") return [e.value];
  const n = numberValue(e);
  if (n !== null) return [n];
  if (e.kind === "DynamicLit") {
    const parsed: unknown = JSON.parse(e.json);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === "string" || typeof v === "number")) return parsed as Scalar[];
  }
  return unsupported("a list with values that are not string or number literals");
}

/** Sigma's regex subset (sigma.md §4): `. ^ $ * + ? {n,m} [..] | ()` and escaped punctuation. */
function regexFilter(field: string, pattern: string): Filter {
  let body = pattern;
  const modifiers = ["re"];
  const flags = /^\(\?([ims]+)\)/.exec(body);
  if (flags) {
    body = body.slice(flags[0].length);
    for (const f of new Set(flags[1])) modifiers.push(f);
  }
  const bad = /\\[A-Za-z0-9]|\(\?/.exec(body);
  if (bad) unsupported(`the regex uses ${bad[0]}, outside Sigma's regex subset`);
  return { kind: "match", field, modifiers, values: [body] };
}

// ---------------------------------------------------------------------------
// Detection section: filters -> search identifiers + condition
// ---------------------------------------------------------------------------

function simplify(f: Filter): Filter {
  if (f.kind === "not") {
    const inner = simplify(f.item);
    return inner.kind === "not" ? inner.item : { kind: "not", item: inner };
  }
  if (f.kind === "and" || f.kind === "or") {
    const items = f.items.map(simplify).flatMap((i) => (i.kind === f.kind ? (i as { items: readonly Filter[] }).items : [i]));
    return items.length === 1 ? items[0] : { kind: f.kind, items };
  }
  return f;
}

const PATTERN_MODIFIERS = new Set(["contains", "startswith", "endswith"]);

function buildDetection(root: Filter, field: (column: string) => string): Record<string, YamlValue> {
  const detection: Record<string, YamlValue> = {};
  let selections = 0;
  let filters = 0;
  const keyOf = (m: Extract<Filter, { kind: "match" }>, all = false) => {
    const mods = [...m.modifiers];
    if (all) mods.splice(mods.findIndex((x) => PATTERN_MODIFIERS.has(x)) + 1, 0, "all");
    return [field(m.field), ...mods].join("|");
  };
  const yamlOf = (v: Scalar): YamlValue => (v === NULL ? null : v);
  const listOrScalar = (values: readonly Scalar[]): YamlValue => (values.length === 1 ? yamlOf(values[0]) : values.map(yamlOf));
  const add = (map: Record<string, YamlValue>, negated: boolean) => {
    const name = negated ? (filters++ === 0 ? "filter" : `filter_${filters}`) : selections++ === 0 ? "selection" : `selection_${selections}`;
    detection[name] = map;
    return name;
  };

  const emit = (f: Filter, negated: boolean): string => {
    switch (f.kind) {
      case "match":
        return add({ [keyOf(f)]: listOrScalar(f.values) }, negated);
      case "not": {
        const inner = emit(f.item, !negated);
        return f.item.kind === "match" || f.item.kind === "not" ? `not ${inner}` : `not (${inner})`;
      }
      case "or": {
        // Same field and modifiers: one value list (Sigma ORs list items).
        const groups = new Map<string, Extract<Filter, { kind: "match" }>[]>();
        const rest: Filter[] = [];
        for (const item of f.items) {
          // Sigma forbids null inside a value list, so a null match keeps its own identifier.
          if (item.kind === "match" && !item.values.includes(NULL)) {
            const k = keyOf(item);
            groups.set(k, [...(groups.get(k) ?? []), item]);
          } else rest.push(item);
        }
        const parts = [...groups.values()].map((ms) => add({ [keyOf(ms[0])]: listOrScalar(ms.flatMap((m) => m.values)) }, negated));
        parts.push(...rest.map((r) => (r.kind === "and" ? `(${emit(r, negated)})` : emit(r, negated))));
        return parts.join(" or ");
      }
      case "and": {
        // Plain matches share one search identifier; repeated pattern keys become `|all` lists.
        const map: Record<string, YamlValue> = {};
        const byKey = new Map<string, Extract<Filter, { kind: "match" }>[]>();
        const rest: Filter[] = [];
        for (const item of f.items) {
          if (item.kind === "match" && item.values.length === 1) {
            const k = keyOf(item);
            byKey.set(k, [...(byKey.get(k) ?? []), item]);
          } else rest.push(item);
        }
        for (const [k, ms] of byKey) {
          if (ms.length === 1) map[k] = listOrScalar(ms[0].values);
          else if (ms[0].modifiers.some((m) => PATTERN_MODIFIERS.has(m))) map[keyOf(ms[0], true)] = ms.map((m) => yamlOf(m.values[0]));
          else {
            map[k] = listOrScalar(ms[0].values);
            rest.push(...ms.slice(1));
          }
        }
        const parts: string[] = [];
        if (Object.keys(map).length > 0) parts.push(add(map, negated));
        rest.sort((a, b) => Number(a.kind === "not") - Number(b.kind === "not"));
        parts.push(...rest.map((r) => (r.kind === "or" ? `(${emit(r, negated)})` : emit(r, negated))));
        return parts.join(" and ");
      }
    }
  };
  const condition = emit(root, false);
  return { ...detection, condition };
}

/**
 * The typed query builder: `from(Table).where(...).extend(...).summarize(...)`.
 *
 * Like Kysely's builders, a `Query<C>` is immutable and carries its row type `C` (column name to
 * KQL type) at the type level and at run time. Each step returns a new query whose row type is
 * what KQL would produce (`extend` adds columns, `project` keeps some, `summarize` replaces
 * them), so later steps and the detection's entity mappings are checked against real columns.
 */
import { closeNames } from "../util/did-you-mean.js";
import {
  type Assignment,
  type Expr,
  NO_SPAN,
  type ParsePart,
  type ScalarTypeName,
  type Script,
  type TabularOperator,
} from "../kql/ast.js";
import { type Agg, isAgg } from "./aggregates.js";
import {
  type BoolExpr,
  type DynamicExpr,
  type StringExpr,
  ExprImpl,
  type ExprOf,
  type Lets,
  type Row,
  type Scalar,
  type TypeOfScalar,
  isExpr,
  mergeLets,
  operand,
} from "./expr.js";
import { typeOfScalar } from "./functions.js";
import { assignment, binary, call, member, nameRef, numberLit, option, sortKey } from "./nodes.js";
import type { Table } from "./table.js";
import type { ColumnName, Columns, KqlType, Simplify } from "./types.js";

/** The row type produced by an object of named values (`extend`, `project`, by-keys). */
export type ColumnsOf<E> = { readonly [K in keyof E]: TypeOfScalar<E[K]> };
/** The row type produced by named aggregations. */
export type AggColumns<A> = { readonly [K in keyof A]: A[K] extends Agg<infer T> ? T : never };

export type JoinKind =
  | "inner"
  | "innerunique"
  | "leftouter"
  | "rightouter"
  | "fullouter"
  | "leftanti"
  | "rightanti"
  | "leftsemi"
  | "rightsemi"
  | "leftantisemi"
  | "rightantisemi";

const JOIN_KINDS: readonly string[] = [
  "inner",
  "innerunique",
  "leftouter",
  "rightouter",
  "fullouter",
  "leftanti",
  "rightanti",
  "leftsemi",
  "rightsemi",
  "leftantisemi",
  "rightantisemi",
] satisfies readonly JoinKind[];

type LeftOnlyJoin = "leftanti" | "leftsemi" | "leftantisemi";
type RightOnlyJoin = "rightanti" | "rightsemi" | "rightantisemi";

/** Right-side columns whose names clash with the left get Kusto's suffix (`Key` -> `Key1`, or `Key2` when `Key1` is taken). */
type Suffixed<L extends Columns, R extends Columns> = {
  readonly [P in keyof R as P extends keyof L ? FreeName<P & string, L> : P]: R[P];
};

/** The first of `P1`, `P2`, ... `P9` that is not a column of `L`. */
type FreeName<P extends string, L, N extends unknown[] = [unknown]> = `${P}${N["length"]}` extends keyof L
  ? N["length"] extends 9
    ? never
    : FreeName<P, L, [...N, unknown]>
  : `${P}${N["length"]}`;

export type JoinColumns<K extends JoinKind, L extends Columns, R extends Columns> = K extends LeftOnlyJoin
  ? L
  : K extends RightOnlyJoin
    ? R
    : Simplify<L & Suffixed<L, R>>;

/** A join key: a column both sides have, or `[leftColumn, rightColumn]` for `$left.a == $right.b`. */
export type JoinKey<L extends Columns, R extends Columns> =
  | (ColumnName<L> & ColumnName<R>)
  | readonly [ColumnName<L>, ColumnName<R>];

/** The right-side column names of join keys. */
type RightKeys<Keys extends readonly unknown[]> = Keys[number] extends infer E
  ? E extends readonly [string, infer Rk]
    ? Rk
    : E
  : never;

/** A piece of a `parse` pattern: literal text, `"*"` (skip), or `{ Name: "type" }` (capture). */
export type ParsePatternPart = string | Readonly<Record<string, KqlType>>;

/** The columns a `parse` pattern captures. */
export type ParsedColumns<P extends readonly ParsePatternPart[]> = UnionToIntersection<
  P[number] extends infer E ? (E extends string ? never : { readonly [K in keyof E]: E[K] }) : never
> extends infer I
  ? { readonly [K in keyof I]: I[K] }
  : never;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

type Values = Readonly<Record<string, Scalar>>;
type Aggregates = Readonly<Record<string, Agg>>;

export interface Query<C extends Columns = Columns> {
  readonly kind: "kustodian.query";
  /** The output columns at run time: name to KQL type, in output order. */
  readonly columns: C;
  /** The tabular expression (a pipeline, or a bare table/let name). */
  readonly node: Expr;
  /** The `let` statements the query needs, in dependency order. */
  readonly lets: Lets;

  /** `| where predicate` */
  where(predicate: (r: Row<C>) => BoolExpr): Query<C>;
  /** `| extend Name = expr, ...`: adds (or replaces) columns. */
  extend<E extends Values>(columns: (r: Row<C>) => E): Query<Simplify<Omit<C, keyof E> & ColumnsOf<E>>>;
  /** `| project a, b`: keeps the listed columns, in that order. */
  project<K extends ColumnName<C>>(...columns: K[]): Query<Simplify<Pick<C, K>>>;
  /** `| project Name = expr, ...`: computed output columns (a value that is the same-named column prints bare). */
  project<E extends Values>(columns: (r: Row<C>) => E): Query<Simplify<ColumnsOf<E>>>;
  /** `| project-away a, b` */
  projectAway<K extends ColumnName<C>>(...columns: K[]): Query<Simplify<Omit<C, K>>>;
  /** `| project-rename New = Old, ...` */
  projectRename<const M extends Readonly<Record<string, ColumnName<C>>>>(
    renames: M,
  ): Query<Simplify<Omit<C, M[keyof M]> & { readonly [N in keyof M]: C[M[N]] }>>;
  /** `| summarize Name = agg(...), ... by a, b`: by-columns first, then the aggregates. */
  summarize<const A extends Aggregates, const K extends ColumnName<C> = never>(
    aggregates: A | ((r: Row<C>) => A),
    by?: readonly K[],
  ): Query<Simplify<Pick<C, K> & AggColumns<A>>>;
  /** `| summarize ... by Name = expr, ...` with computed by-keys (e.g. `bin(TimeGenerated, 1h)`). */
  summarize<const A extends Aggregates, const B extends Values>(
    aggregates: A | ((r: Row<C>) => A),
    by: (r: Row<C>) => B,
  ): Query<Simplify<ColumnsOf<B> & AggColumns<A>>>;
  /** `| summarize arg_max(column, *) by keys`: the latest row per key. */
  argMax<K extends ColumnName<C>>(column: ColumnName<C>, by: readonly K[]): Query<C>;
  /** `| summarize arg_min(column, *) by keys`: the earliest row per key. */
  argMin<K extends ColumnName<C>>(column: ColumnName<C>, by: readonly K[]): Query<C>;
  /**
   * `| parse source with "text" Name:type ...`: split a string into columns. The pattern lists
   * literal texts, `{ Name: "type" }` captures and `"*"` (skip anything):
   * `.parse((r) => r.SyslogMessage, "user=", { User: "string" }, " ip=", { Ip: "string" })`.
   * Rows that do not match keep empty captures; `parseWhere` drops them.
   */
  parse<const P extends readonly ParsePatternPart[]>(
    source: (r: Row<C>) => StringExpr,
    ...pattern: P
  ): Query<Simplify<Omit<C, keyof ParsedColumns<P>> & ParsedColumns<P>>>;
  /** `| parse-where ...`: like `parse`, keeping only the rows that match. */
  parseWhere<const P extends readonly ParsePatternPart[]>(
    source: (r: Row<C>) => StringExpr,
    ...pattern: P
  ): Query<Simplify<Omit<C, keyof ParsedColumns<P>> & ParsedColumns<P>>>;
  /** `| join kind=... (right) on keys` */
  join<const K extends JoinKind, R extends Columns>(
    kind: K,
    right: Query<R>,
    on: readonly JoinKey<C, R>[],
  ): Query<JoinColumns<K, C, R>>;
  /**
   * `| lookup kind=... (right) on keys`: enrich rows from a (small) dimension table; the right
   * side's key columns are dropped. `kind` is `leftouter` (keep unmatched rows) or `inner`.
   */
  lookup<R extends Columns, const Keys extends readonly JoinKey<C, R>[]>(
    kind: "leftouter" | "inner",
    right: Query<R>,
    on: Keys,
  ): Query<Simplify<C & Suffixed<C, Omit<R, RightKeys<Keys> & string>>>>;
  /** `| distinct a, b` */
  distinct<K extends ColumnName<C>>(...columns: K[]): Query<Simplify<Pick<C, K>>>;
  /** `| mv-expand column`: one row per element of a dynamic array column. */
  mvExpand(column: { [K in keyof C]: C[K] extends "dynamic" ? K : never }[keyof C] & string): Query<C>;
  /** `| mv-expand Name = <dynamic expr>`: one row per element, the element in column `Name` (dynamic). */
  mvExpand<const N extends string>(
    expand: (r: Row<C>) => { readonly [K in N]: DynamicExpr },
  ): Query<Simplify<Omit<C, N> & { readonly [K in N]: "dynamic" }>>;
  /** `| sort by column [asc|desc]` */
  sort(column: ColumnName<C>, order?: "asc" | "desc"): Query<C>;
  /** `| top n by column [asc|desc]` */
  top(n: number, column: ColumnName<C>, order?: "asc" | "desc"): Query<C>;
  /** `| take n` */
  take(n: number): Query<C>;
  /** `| count`: one row, one column `Count`. */
  count(): Query<{ readonly Count: "long" }>;
  /** The query as a KQL script: its `let` statements, then the query. */
  toScript(): Script;
}

/** Starts a query over a table (a built-in table object or one from `defineTable`). */
export function from<const N extends string, const C extends Columns>(table: Table<N, C>): Query<C> {
  if (typeof table !== "object" || table === null || (table as { kind?: unknown }).kind !== "kustodian.table") {
    throw new Error("from() expects a table object, e.g. from(AuditLogs) or from(defineTable(...))");
  }
  return new QueryImpl(nameRef(table.name), [], table.columns, [], table.name) as unknown as Query<C>;
}

/**
 * `let name = <query>;`: a named tabular expression, hoisted to the top of every script that
 * uses it. Returns a query that starts from the name.
 */
export function letTable<C extends Columns>(name: string, query: Query<C>): Query<C> {
  checkName(name);
  const lets = mergeLets(query.lets, [{ name, value: query.node }]);
  return new QueryImpl(nameRef(name), [], query.columns, lets, name) as unknown as Query<C>;
}

/** `let name = <value>;`: a named scalar or list (arrays become `dynamic([...])`). */
export function letValue<V extends Scalar | readonly unknown[]>(
  name: string,
  value: V,
): V extends readonly unknown[] ? DynamicExpr : ExprOf<TypeOfScalar<V>> {
  checkName(name);
  const type: KqlType = Array.isArray(value) ? "dynamic" : typeOfScalar(value);
  const o = operand(value, type);
  const e = new ExprImpl(type, nameRef(name), mergeLets(o.lets, [{ name, value: o.node }]));
  return e as never;
}

/** `union A, B, ...`: rows of every query; a column's type comes from the first query that has it. */
export function union<const Q extends readonly Query[]>(...queries: Q): Query<Simplify<UnionColumns<Q>>> {
  if (queries.length < 2) throw new Error("union() needs at least two queries");
  const columns: Record<string, KqlType> = {};
  for (const q of queries) for (const [c, t] of Object.entries(q.columns)) columns[c] ??= t;
  const source: Expr = { kind: "Union", span: NO_SPAN, options: [], tables: queries.map((q) => q.node) };
  return new QueryImpl(source, [], columns, mergeLets(...queries.map((q) => q.lets)), "union") as never;
}

type UnionColumns<Q extends readonly Query[]> = {
  readonly [K in ColumnsOfQueries<Q>]: FirstType<Q, K>;
};
type ColumnsOfQueries<Q extends readonly Query[]> = Q[number] extends Query<infer C> ? keyof C & string : never;
type FirstType<Q extends readonly Query[], K extends string> = Q extends readonly [
  Query<infer C>,
  ...infer Rest extends readonly Query[],
]
  ? K extends keyof C
    ? C[K]
    : FirstType<Rest, K>
  : KqlType;

const PARSE_TYPES: readonly KqlType[] = ["string", "long", "int", "real", "decimal", "bool", "datetime", "timespan", "guid", "dynamic"];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`'${name}' is not a valid let name (letters, digits, _)`);
}

/** The runtime query: one class, immutable; every step returns a new instance. */
class QueryImpl {
  readonly kind = "kustodian.query";
  constructor(
    readonly source: Expr,
    readonly operators: readonly TabularOperator[],
    readonly columns: Readonly<Record<string, KqlType>>,
    readonly lets: Lets,
    /** For messages: the table (or let) the query starts from. */
    readonly origin: string,
  ) {}

  get node(): Expr {
    return this.operators.length === 0
      ? this.source
      : { kind: "Pipeline", span: NO_SPAN, source: this.source, operators: this.operators };
  }

  toScript(): Script {
    return {
      kind: "Script",
      span: NO_SPAN,
      statements: [
        ...this.lets.map((b) => ({ kind: "Let" as const, span: NO_SPAN, name: b.name, value: b.value, view: false })),
        { kind: "QueryStatement", span: NO_SPAN, expr: this.node },
      ],
    };
  }

  private next(op: TabularOperator, columns: Readonly<Record<string, KqlType>>, lets: Lets = this.lets): QueryImpl {
    return new QueryImpl(this.source, [...this.operators, op], columns, lets, this.origin);
  }

  private row(): unknown {
    return rowProxy(this.columns, this.origin);
  }

  /**
   * Named values to assignments, output columns and merged lets. `project` and by-keys print a
   * same-named column bare (`project A`); `extend` always names it (`extend A = A`).
   */
  private assign(values: Readonly<Record<string, unknown>>, what: string, bare = true) {
    const assignments: Assignment[] = [];
    const columns: Record<string, KqlType> = {};
    const lets: Lets[] = [];
    for (const [name, value] of Object.entries(values)) {
      if (isAgg(value)) throw new Error(`${what}: '${name}' is an aggregation; aggregations belong in summarize()`);
      const type = typeOfScalar(value);
      const o = operand(value, type);
      assignments.push(bare ? assignment(name, o.node) : { kind: "Assignment", span: NO_SPAN, names: [name], value: o.node });
      columns[name] = type;
      lets.push(o.lets);
    }
    return { assignments, columns, lets: mergeLets(this.lets, ...lets) };
  }

  where(predicate: (r: unknown) => unknown): QueryImpl {
    const p = predicate(this.row());
    if (!isExpr(p) || p.kqlType !== "bool") throw new Error("where() needs a predicate (a bool expression)");
    return this.next({ kind: "Where", span: NO_SPAN, predicate: p.node }, this.columns, mergeLets(this.lets, p.lets));
  }

  extend(f: (r: unknown) => Readonly<Record<string, unknown>>): QueryImpl {
    const a = this.assign(f(this.row()), "extend()", false);
    const columns = { ...this.columns };
    for (const [c, t] of Object.entries(a.columns)) columns[c] = t;
    return this.next({ kind: "Extend", span: NO_SPAN, columns: a.assignments }, columns, a.lets);
  }

  project(...args: unknown[]): QueryImpl {
    if (typeof args[0] === "function") {
      const a = this.assign((args[0] as (r: unknown) => Readonly<Record<string, unknown>>)(this.row()), "project()");
      return this.next({ kind: "Project", span: NO_SPAN, columns: a.assignments }, a.columns, a.lets);
    }
    const names = this.known(args, "project()");
    const columns: Record<string, KqlType> = {};
    for (const n of names) columns[n] = this.columns[n];
    const assignments = names.map((n) => assignment(n, nameRef(n)));
    return this.next({ kind: "Project", span: NO_SPAN, columns: assignments }, columns);
  }

  projectAway(...names: string[]): QueryImpl {
    this.known(names, "projectAway()");
    const columns = { ...this.columns };
    for (const n of names) delete columns[n];
    return this.next({ kind: "ProjectAway", span: NO_SPAN, columns: names }, columns);
  }

  projectRename(renames: Readonly<Record<string, string>>): QueryImpl {
    const pairs = Object.entries(renames);
    this.known(
      pairs.map(([, old]) => old),
      "projectRename()",
    );
    const columns: Record<string, KqlType> = {};
    const renamed = new Map(pairs.map(([n, o]) => [o, n]));
    for (const [c, t] of Object.entries(this.columns)) columns[renamed.get(c) ?? c] = t;
    const op: TabularOperator = {
      kind: "ProjectRename",
      span: NO_SPAN,
      renames: pairs.map(([newName, oldName]) => ({ newName, oldName })),
    };
    return this.next(op, columns);
  }

  summarize(aggregates: unknown, by?: unknown): QueryImpl {
    const aggs = (typeof aggregates === "function" ? aggregates(this.row()) : aggregates) as Record<string, unknown>;
    const byAssignments: Assignment[] = [];
    const columns: Record<string, KqlType> = {};
    const lets: Lets[] = [this.lets];
    if (typeof by === "function") {
      const a = this.assign(by(this.row()) as Record<string, unknown>, "summarize() by");
      byAssignments.push(...a.assignments);
      Object.assign(columns, a.columns);
      lets.push(a.lets);
    } else if (by !== undefined) {
      for (const n of this.known(by as unknown[], "summarize() by")) {
        byAssignments.push(assignment(n, nameRef(n)));
        columns[n] = this.columns[n];
      }
    }
    const aggAssignments: Assignment[] = [];
    for (const [name, a] of Object.entries(aggs)) {
      if (!isAgg(a)) throw new Error(`summarize(): '${name}' must be an aggregation such as count() or dcount(x)`);
      aggAssignments.push({ kind: "Assignment", span: NO_SPAN, names: [name], value: a.node });
      columns[name] = a.kqlType;
      lets.push(a.lets);
    }
    const op: TabularOperator = { kind: "Summarize", span: NO_SPAN, options: [], aggregates: aggAssignments, by: byAssignments };
    return this.next(op, columns, mergeLets(...lets));
  }

  argMax(column: string, by: readonly string[]): QueryImpl {
    return this.argExtreme("arg_max", column, by);
  }

  argMin(column: string, by: readonly string[]): QueryImpl {
    return this.argExtreme("arg_min", column, by);
  }

  private argExtreme(fn: "arg_max" | "arg_min", column: string, by: readonly string[]): QueryImpl {
    this.known([column, ...by], fn === "arg_max" ? "argMax()" : "argMin()");
    const star: Expr = { kind: "Star", span: NO_SPAN };
    const aggregate: Assignment = { kind: "Assignment", span: NO_SPAN, names: [], value: call(fn, [nameRef(column), star]) };
    const columns: Record<string, KqlType> = {};
    // Kusto's order: the by-keys, the arg_max column, then the other columns.
    for (const k of [...by, column]) columns[k] = this.columns[k];
    for (const [c, t] of Object.entries(this.columns)) if (!(c in columns)) columns[c] = t;
    const op: TabularOperator = {
      kind: "Summarize",
      span: NO_SPAN,
      options: [],
      aggregates: [aggregate],
      by: by.map((k) => assignment(k, nameRef(k))),
    };
    return this.next(op, columns);
  }

  join(kind: string, right: QueryImpl, on: readonly (string | readonly [string, string])[]): QueryImpl {
    if (!JOIN_KINDS.includes(kind)) throw new Error(`join(): unknown kind '${kind}' (expected ${JOIN_KINDS.join(", ")})`);
    const keys = this.joinKeys(right, on, "join()");
    const columns = joinColumns(kind, this.columns, right.columns);
    const op: TabularOperator = { kind: "Join", span: NO_SPAN, options: [option("kind", kind)], right: right.node, on: keys };
    return this.next(op, columns, mergeLets(this.lets, right.lets));
  }

  lookup(kind: string, right: QueryImpl, on: readonly (string | readonly [string, string])[]): QueryImpl {
    if (kind !== "leftouter" && kind !== "inner") throw new Error(`lookup(): kind must be leftouter or inner, not '${kind}'`);
    const keys = this.joinKeys(right, on, "lookup()");
    const rightKeys = new Set(on.map((k) => (typeof k === "string" ? k : k[1])));
    const rightColumns = Object.fromEntries(Object.entries(right.columns).filter(([c]) => !rightKeys.has(c)));
    const columns = joinColumns("leftouter", this.columns, rightColumns);
    const op: TabularOperator = { kind: "Lookup", span: NO_SPAN, options: [option("kind", kind)], right: right.node, on: keys };
    return this.next(op, columns, mergeLets(this.lets, right.lets));
  }

  /** `on` keys: `a` (both sides) or `$left.a == $right.b`, checked against both sides' columns. */
  private joinKeys(right: QueryImpl, on: readonly (string | readonly [string, string])[], what: string): Expr[] {
    if (on.length === 0) throw new Error(`${what} needs at least one key`);
    return on.map((k): Expr => {
      if (typeof k === "string") {
        this.known([k], `${what} on`);
        right.known([k], `${what} on (right side)`);
        return nameRef(k);
      }
      this.known([k[0]], `${what} on`);
      right.known([k[1]], `${what} on (right side)`);
      return binary("==", member(nameRef("$left"), k[0]), member(nameRef("$right"), k[1]));
    });
  }

  parse(source: (r: unknown) => unknown, ...pattern: unknown[]): QueryImpl {
    return this.parseOp(false, source, pattern);
  }

  parseWhere(source: (r: unknown) => unknown, ...pattern: unknown[]): QueryImpl {
    return this.parseOp(true, source, pattern);
  }

  private parseOp(where: boolean, source: (r: unknown) => unknown, pattern: unknown[]): QueryImpl {
    const what = where ? "parseWhere()" : "parse()";
    const src = source(this.row());
    if (!isExpr(src) || src.kqlType !== "string") throw new Error(`${what} parses a string expression`);
    const parts: ParsePart[] = [];
    const columns = { ...this.columns };
    for (const p of pattern) {
      if (p === "*") parts.push({ kind: "ParseWildcard" });
      else if (typeof p === "string") parts.push({ kind: "ParseText", value: p });
      else if (typeof p === "object" && p !== null) {
        for (const [name, type] of Object.entries(p)) {
          if (!(PARSE_TYPES as readonly unknown[]).includes(type)) throw new Error(`${what}: '${name}' has unknown type ${String(type)}`);
          parts.push({ kind: "ParseColumn", name, type: type as ScalarTypeName });
          columns[name] = type as KqlType; // an existing column keeps its place, as in Kusto
        }
      } else throw new Error(`${what}: a pattern part is a text, "*" or { Name: "type" }`);
    }
    if (!parts.some((p) => p.kind === "ParseColumn")) throw new Error(`${what} needs at least one { Name: "type" } capture`);
    const op: TabularOperator = { kind: "Parse", span: NO_SPAN, where, options: [], source: src.node, pattern: parts };
    return this.next(op, columns, mergeLets(this.lets, src.lets));
  }

  distinct(...names: string[]): QueryImpl {
    this.known(names, "distinct()");
    const columns: Record<string, KqlType> = {};
    for (const n of names) columns[n] = this.columns[n];
    return this.next({ kind: "Distinct", span: NO_SPAN, options: [], columns: names.map(nameRef) }, columns);
  }

  mvExpand(expand: string | ((r: unknown) => Readonly<Record<string, unknown>>)): QueryImpl {
    const items: { name: string | null; value: Expr }[] = [];
    const columns = { ...this.columns };
    let lets = this.lets;
    if (typeof expand === "string") {
      this.known([expand], "mvExpand()");
      if (this.columns[expand] !== "dynamic") throw new Error(`mvExpand(): '${expand}' is ${this.columns[expand]}, not dynamic`);
      items.push({ name: null, value: nameRef(expand) });
    } else {
      for (const [name, value] of Object.entries(expand(this.row()))) {
        if (!isExpr(value) || value.kqlType !== "dynamic") throw new Error(`mvExpand(): '${name}' must be a dynamic expression`);
        items.push({ name, value: value.node });
        columns[name] = "dynamic";
        lets = mergeLets(lets, value.lets);
      }
    }
    const op: TabularOperator = {
      kind: "MvExpand",
      span: NO_SPAN,
      options: [],
      columns: items.map((i) => ({ kind: "MvExpandItem", span: NO_SPAN, name: i.name, value: i.value, toType: null })),
      limit: null,
    };
    return this.next(op, columns, lets);
  }

  sort(column: string, order: "asc" | "desc" = "desc"): QueryImpl {
    this.known([column], "sort()");
    return this.next({ kind: "Sort", span: NO_SPAN, options: [], by: [sortKey(nameRef(column), order)] }, this.columns);
  }

  top(n: number, column: string, order: "asc" | "desc" = "desc"): QueryImpl {
    this.known([column], "top()");
    const op: TabularOperator = { kind: "Top", span: NO_SPAN, options: [], count: numberLit(n), by: sortKey(nameRef(column), order) };
    return this.next(op, this.columns);
  }

  take(n: number): QueryImpl {
    return this.next({ kind: "Take", span: NO_SPAN, options: [], count: numberLit(n) }, this.columns);
  }

  count(): QueryImpl {
    return this.next({ kind: "Count", span: NO_SPAN, as: null }, { Count: "long" });
  }

  /** Checks column names at run time too (for authors without `tsc` in the loop). */
  known(names: readonly unknown[], what: string): string[] {
    for (const n of names) {
      if (typeof n !== "string" || !(n in this.columns)) throw unknownColumn(String(n), this.columns, `${what}`);
    }
    return names as string[];
  }
}

/** Kusto's join output: left columns, then right columns with clashing names suffixed `1`, `2`, ... */
function joinColumns(
  kind: string,
  left: Readonly<Record<string, KqlType>>,
  right: Readonly<Record<string, KqlType>>,
): Record<string, KqlType> {
  if (kind === "leftanti" || kind === "leftsemi" || kind === "leftantisemi") return { ...left };
  if (kind === "rightanti" || kind === "rightsemi" || kind === "rightantisemi") return { ...right };
  const out: Record<string, KqlType> = { ...left };
  for (const [c, t] of Object.entries(right)) {
    let name = c;
    for (let i = 1; name in out; i++) name = `${c}${i}`;
    out[name] = t;
  }
  return out;
}

/** The `r` of builder callbacks: a typed expression per column; unknown names fail with suggestions. */
function rowProxy(columns: Readonly<Record<string, KqlType>>, origin: string): unknown {
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (typeof key !== "string" || key === "then") return undefined;
      const type = columns[key];
      if (type === undefined) throw unknownColumn(key, columns, origin);
      return new ExprImpl(type, nameRef(key));
    },
    has: (_target, key) => typeof key === "string" && key in columns,
    ownKeys: () => Object.keys(columns),
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === "string" && key in columns ? { enumerable: true, configurable: true } : undefined,
  });
}

function unknownColumn(name: string, columns: Readonly<Record<string, KqlType>>, where: string): Error {
  const close = closeNames(name, Object.keys(columns));
  const hint = close.length > 0 ? `; did you mean ${close.map((c) => `'${c}'`).join(", ")}?` : "";
  return new Error(`${where}: no column '${name}'${hint}`);
}

/** Structural check. */
export function isQuery(value: unknown): value is Query {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kustodian.query" &&
    typeof (value as { columns?: unknown }).columns === "object"
  );
}

/** Re-exported for `kustodian new` and the loader. */
export { closeNames };

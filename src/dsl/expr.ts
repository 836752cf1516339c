/**
 * Typed scalar expressions: what `r.Column` gives inside a builder callback.
 *
 * Each KQL type has its own interface, so only the operators that make sense for a column's
 * type autocomplete and type-check (`has` on strings, `gt` on numbers and datetimes, `prop` on
 * dynamic). One runtime class implements them all; the interfaces are the API. Every
 * expression is immutable and wraps a KQL AST node plus the `let` bindings it depends on.
 */
import type { Expr, ListOp, StringOp } from "../kql/ast.js";
import {
  between,
  bigintLit,
  binary,
  boolLit,
  call,
  dynamicLit,
  index,
  inExpr,
  member,
  numberLit,
  stringLit,
  timespanLit,
  typedLit,
} from "./nodes.js";
import type { Columns, KqlType, NumericType } from "./types.js";

/** A `let` statement a query or expression depends on; hoisted to the top of the script. */
export interface LetBinding {
  readonly name: string;
  readonly value: Expr;
}

export type Lets = readonly LetBinding[];

/** A timespan as KQL writes it: `30s`, `5m`, `1h`, `14d`, `100ms`. */
export type TimespanText = `${number}${"d" | "h" | "m" | "s" | "ms"}`;

// ---------------------------------------------------------------------------
// The typed interfaces (the API authors see)
// ---------------------------------------------------------------------------

interface ExprBase<T extends KqlType> {
  readonly kind: "kustodian.expr";
  /** The expression's KQL type. */
  readonly kqlType: T;
  /** The KQL AST of the expression. */
  readonly node: Expr;
  /** `let` bindings the expression refers to. */
  readonly lets: Lets;
  /** `isempty(x)`: empty string or null. */
  isEmpty(): BoolExpr;
  /** `isnotempty(x)` */
  isNotEmpty(): BoolExpr;
  /** `tostring(x)` */
  asString(): StringExpr;
}

/** A single-column query usable as the right side of `in`: `x in (T | project y)`. */
export interface SubqueryOperand<T extends KqlType> {
  readonly kind: "kustodian.query";
  readonly columns: { readonly [c: string]: T };
  readonly node: Expr;
  readonly lets: Lets;
}

export type StringOperand = string | StringExpr;
export type StringList = readonly string[] | DynamicExpr | SubqueryOperand<"string">;
export type NumberOperand = number | bigint | NumberExpr<NumericType>;
export type NumberList = readonly (number | bigint)[] | DynamicExpr | SubqueryOperand<NumericType>;
export type DatetimeOperand = Date | DatetimeExpr;
export type TimespanOperand = TimespanText | TimespanExpr;
export type BoolOperand = boolean | BoolExpr;
export type GuidOperand = string | GuidExpr;
export type DynamicOperand = string | number | boolean | null | DynamicExpr;

export interface StringExpr extends ExprBase<"string"> {
  /** `==` (case-sensitive) */
  eq(value: StringOperand): BoolExpr;
  /** `!=` (case-sensitive) */
  ne(value: StringOperand): BoolExpr;
  /** `=~` (case-insensitive equality) */
  eqCi(value: StringOperand): BoolExpr;
  /** `!~` */
  neCi(value: StringOperand): BoolExpr;
  /** `in (...)` (case-sensitive) */
  in(values: StringList): BoolExpr;
  /** `!in (...)` */
  notIn(values: StringList): BoolExpr;
  /** `in~ (...)` (case-insensitive) */
  inCi(values: StringList): BoolExpr;
  /** `!in~ (...)` */
  notInCi(values: StringList): BoolExpr;
  /** `has`: whole term, case-insensitive. */
  has(term: StringOperand): BoolExpr;
  notHas(term: StringOperand): BoolExpr;
  hasCs(term: StringOperand): BoolExpr;
  notHasCs(term: StringOperand): BoolExpr;
  /** `has_any (...)`: any of the terms. */
  hasAny(terms: StringList): BoolExpr;
  /** `has_all (...)` */
  hasAll(terms: StringList): BoolExpr;
  hasPrefix(term: StringOperand): BoolExpr;
  notHasPrefix(term: StringOperand): BoolExpr;
  hasSuffix(term: StringOperand): BoolExpr;
  notHasSuffix(term: StringOperand): BoolExpr;
  /** `contains`: substring, case-insensitive. */
  contains(text: StringOperand): BoolExpr;
  notContains(text: StringOperand): BoolExpr;
  containsCs(text: StringOperand): BoolExpr;
  notContainsCs(text: StringOperand): BoolExpr;
  startsWith(text: StringOperand): BoolExpr;
  notStartsWith(text: StringOperand): BoolExpr;
  startsWithCs(text: StringOperand): BoolExpr;
  endsWith(text: StringOperand): BoolExpr;
  notEndsWith(text: StringOperand): BoolExpr;
  endsWithCs(text: StringOperand): BoolExpr;
  /** `matches regex` (RE2 syntax). */
  matchesRegex(pattern: StringOperand): BoolExpr;
  /** `tolower(x)` */
  toLower(): StringExpr;
  /** `toupper(x)` */
  toUpper(): StringExpr;
  /** `strlen(x)` */
  length(): NumberExpr<"long">;
  /** `substring(x, start[, length])` */
  substring(start: number, length?: number): StringExpr;
  /** `split(x, separator)`: a dynamic array. */
  split(separator: string): DynamicExpr;
  /** `extract(regex, group, x)` */
  extract(regex: string, group: number): StringExpr;
  /** `extract_all(regex, x)`: every match (or the capture groups of each) as a dynamic array. */
  extractAll(regex: string): DynamicExpr;
  /** `parse_json(x)` */
  parseJson(): DynamicExpr;
}

export interface NumberExpr<T extends NumericType = NumericType> extends ExprBase<T> {
  eq(value: NumberOperand): BoolExpr;
  ne(value: NumberOperand): BoolExpr;
  gt(value: NumberOperand): BoolExpr;
  ge(value: NumberOperand): BoolExpr;
  lt(value: NumberOperand): BoolExpr;
  le(value: NumberOperand): BoolExpr;
  /** `x between (low .. high)` (inclusive) */
  between(low: NumberOperand, high: NumberOperand): BoolExpr;
  notBetween(low: NumberOperand, high: NumberOperand): BoolExpr;
  in(values: NumberList): BoolExpr;
  notIn(values: NumberList): BoolExpr;
  plus(value: NumberOperand): NumberExpr<T>;
  minus(value: NumberOperand): NumberExpr<T>;
  times(value: NumberOperand): NumberExpr<T>;
  div(value: NumberOperand): NumberExpr<T>;
  mod(value: NumberOperand): NumberExpr<T>;
  /** `bin(x, size)` */
  bin(size: number): NumberExpr<T>;
  /** `isnull(x)` */
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

export interface DatetimeExpr extends ExprBase<"datetime"> {
  eq(value: DatetimeOperand): BoolExpr;
  ne(value: DatetimeOperand): BoolExpr;
  gt(value: DatetimeOperand): BoolExpr;
  ge(value: DatetimeOperand): BoolExpr;
  lt(value: DatetimeOperand): BoolExpr;
  le(value: DatetimeOperand): BoolExpr;
  between(low: DatetimeOperand, high: DatetimeOperand): BoolExpr;
  /** `x + span` */
  plus(span: TimespanOperand): DatetimeExpr;
  /** `x - span` */
  minus(span: TimespanOperand): DatetimeExpr;
  /** `x - other`: the timespan between two datetimes. */
  since(other: DatetimeOperand): TimespanExpr;
  /** `bin(x, span)` */
  bin(span: TimespanOperand): DatetimeExpr;
  /** `startofday(x)` */
  startOfDay(): DatetimeExpr;
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

export interface TimespanExpr extends ExprBase<"timespan"> {
  eq(value: TimespanOperand): BoolExpr;
  ne(value: TimespanOperand): BoolExpr;
  gt(value: TimespanOperand): BoolExpr;
  ge(value: TimespanOperand): BoolExpr;
  lt(value: TimespanOperand): BoolExpr;
  le(value: TimespanOperand): BoolExpr;
  between(low: TimespanOperand, high: TimespanOperand): BoolExpr;
  plus(span: TimespanOperand): TimespanExpr;
  minus(span: TimespanOperand): TimespanExpr;
  bin(span: TimespanOperand): TimespanExpr;
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

export interface BoolExpr extends ExprBase<"bool"> {
  /** `x and y and ...` */
  and(...others: BoolOperand[]): BoolExpr;
  /** `x or y or ...` */
  or(...others: BoolOperand[]): BoolExpr;
  /** `not(x)` */
  not(): BoolExpr;
  eq(value: BoolOperand): BoolExpr;
  ne(value: BoolOperand): BoolExpr;
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

export interface GuidExpr extends ExprBase<"guid"> {
  eq(value: GuidOperand): BoolExpr;
  ne(value: GuidOperand): BoolExpr;
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

export interface DynamicExpr extends ExprBase<"dynamic"> {
  /** `x[i]`: an array element (negative counts from the end). */
  at(i: number): DynamicExpr;
  /** `x.name` / `x['odd name']`: a property of a bag. */
  prop(name: string): DynamicExpr;
  /** A path of properties and indexes: `path("user", "userPrincipalName")`. */
  path(...steps: (string | number)[]): DynamicExpr;
  /** `tolong(x)` */
  asLong(): NumberExpr<"long">;
  /** `toint(x)` */
  asInt(): NumberExpr<"int">;
  /** `toreal(x)` */
  asReal(): NumberExpr<"real">;
  /** `tobool(x)` */
  asBool(): BoolExpr;
  /** `todatetime(x)` */
  asDatetime(): DatetimeExpr;
  /** `toguid(x)` */
  asGuid(): GuidExpr;
  /** `array_length(x)` */
  length(): NumberExpr<"long">;
  /** `set_has_element(x, value)`: the array holds the value (a literal or an expression). */
  hasElement(value: Scalar): BoolExpr;
  /** `bag_keys(x)` */
  keys(): DynamicExpr;
  eq(value: DynamicOperand): BoolExpr;
  ne(value: DynamicOperand): BoolExpr;
  isNull(): BoolExpr;
  isNotNull(): BoolExpr;
}

/** The expression interface of a KQL type. */
export type ExprOf<T extends KqlType> = T extends "string"
  ? StringExpr
  : T extends "bool"
    ? BoolExpr
    : T extends "datetime"
      ? DatetimeExpr
      : T extends "timespan"
        ? TimespanExpr
        : T extends "dynamic"
          ? DynamicExpr
          : T extends "guid"
            ? GuidExpr
            : T extends NumericType
              ? NumberExpr<T>
              : never;

export type AnyExpr = StringExpr | NumberExpr | DatetimeExpr | TimespanExpr | BoolExpr | GuidExpr | DynamicExpr;

/** What a builder callback sees: one typed expression per column. */
export type Row<C extends Columns> = { readonly [K in keyof C]: ExprOf<C[K]> };

/** A value allowed where an expression is expected: an expression or a plain JS literal. */
export type Scalar = AnyExpr | string | number | boolean | Date;

/** The KQL type of a scalar value. */
export type TypeOfScalar<V> = V extends { readonly kqlType: infer T extends KqlType }
  ? T
  : V extends string
    ? "string"
    : V extends boolean
      ? "bool"
      : V extends number
        ? "long" | "real"
        : V extends Date
          ? "datetime"
          : never;

// ---------------------------------------------------------------------------
// Runtime
// ---------------------------------------------------------------------------

/** Merges `let` dependencies, keeping first-seen order; the same name bound twice differently is an error. */
export function mergeLets(...lists: Lets[]): Lets {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0];
  const out: LetBinding[] = [];
  const seen = new Map<string, LetBinding>();
  for (const list of nonEmpty) {
    for (const b of list) {
      const prior = seen.get(b.name);
      if (prior === undefined) {
        seen.set(b.name, b);
        out.push(b);
      } else if (prior !== b && JSON.stringify(prior.value) !== JSON.stringify(b.value)) {
        throw new Error(`let '${b.name}' is bound to two different values; give one of them another name`);
      }
    }
  }
  return out;
}

const EMPTY: Lets = Object.freeze([]);

/** Structural check (detections may come from another module instance). */
export function isExpr(value: unknown): value is AnyExpr {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "kustodian.expr";
}

function isSubquery(value: unknown): value is SubqueryOperand<KqlType> {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "kustodian.query";
}

const TIMESPAN_TEXT = /^\d+(\.\d+)?(d|h|m|s|ms|microsecond|tick)$/i;

/** Converts an operand (expression or JS value) to a node, given the type it should have. */
export function operand(value: unknown, hint: KqlType): { node: Expr; lets: Lets } {
  if (isExpr(value)) return { node: value.node, lets: value.lets };
  return { node: literal(value, hint), lets: EMPTY };
}

/** A JS value as a KQL literal node. */
export function literal(value: unknown, hint: KqlType = "dynamic"): Expr {
  if (typeof value === "string") {
    if (hint === "timespan") {
      if (!TIMESPAN_TEXT.test(value)) throw new Error(`'${value}' is not a timespan such as 5m, 1h or 14d`);
      return timespanLit(value);
    }
    if (hint === "guid") return typedLit("guid", value);
    return stringLit(value);
  }
  if (typeof value === "number") return numberLit(value);
  if (typeof value === "bigint") return bigintLit(value);
  if (typeof value === "boolean") return boolLit(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("invalid Date");
    return typedLit("datetime", value.toISOString());
  }
  if (value === null) return hint === "dynamic" ? dynamicLit("null") : typedLit(nullableType(hint), null);
  if (Array.isArray(value) || typeof value === "object") return dynamicLit(JSON.stringify(value));
  throw new Error(`cannot use ${typeof value} as a KQL value`);
}

function nullableType(t: KqlType): Exclude<KqlType, "dynamic" | "string"> {
  return t === "string" || t === "dynamic" ? "long" : t;
}

/** The values of an `in`-style list: JS arrays become literal lists, dynamic values and subqueries stay whole. */
function listOperand(values: unknown, hint: KqlType): { nodes: Expr[]; lets: Lets } {
  if (Array.isArray(values)) {
    if (values.length === 0) return { nodes: [dynamicLit("[]")], lets: EMPTY };
    return { nodes: values.map((v) => literal(v, hint)), lets: EMPTY };
  }
  if (isSubquery(values)) {
    const types = Object.values(values.columns);
    const numeric = (t: KqlType | undefined) => t !== undefined && NUMERIC.includes(t);
    if (types.length !== 1) throw new Error(`an in() subquery needs exactly one column (it has ${types.length})`);
    if (types[0] !== hint && !(numeric(types[0]) && numeric(hint))) {
      throw new Error(`an in() subquery of ${types[0]} values cannot match a ${hint} expression`);
    }
    return { nodes: [values.node], lets: values.lets };
  }
  if (isExpr(values)) return { nodes: [values.node], lets: values.lets };
  throw new Error("expected an array, a dynamic expression or a one-column query");
}

export class ExprImpl {
  readonly kind = "kustodian.expr";
  constructor(
    readonly kqlType: KqlType,
    readonly node: Expr,
    readonly lets: Lets = EMPTY,
  ) {}

  /** `this op value`, the value converted to the operand type `hint`. */
  op(op: Parameters<typeof binary>[0], value: unknown, hint: KqlType, type: KqlType = "bool"): ExprImpl {
    const o = operand(value, hint);
    return new ExprImpl(type, binary(op, this.node, o.node), mergeLets(this.lets, o.lets));
  }

  private list(op: ListOp, values: unknown, hint: KqlType): ExprImpl {
    const l = listOperand(values, hint);
    return new ExprImpl("bool", inExpr(op, this.node, l.nodes), mergeLets(this.lets, l.lets));
  }

  private fn(name: string, type: KqlType, ...args: unknown[]): ExprImpl {
    const ops = args.map((a) => operand(a, "dynamic"));
    return new ExprImpl(
      type,
      call(name, [this.node, ...ops.map((o) => o.node)]),
      mergeLets(this.lets, ...ops.map((o) => o.lets)),
    );
  }

  eq(v: unknown) {
    return this.op("==", v, this.kqlType);
  }
  ne(v: unknown) {
    return this.op("!=", v, this.kqlType);
  }
  gt(v: unknown) {
    return this.op(">", v, this.kqlType);
  }
  ge(v: unknown) {
    return this.op(">=", v, this.kqlType);
  }
  lt(v: unknown) {
    return this.op("<", v, this.kqlType);
  }
  le(v: unknown) {
    return this.op("<=", v, this.kqlType);
  }
  eqCi(v: unknown) {
    return this.op("=~", v, "string");
  }
  neCi(v: unknown) {
    return this.op("!~", v, "string");
  }
  in(values: unknown) {
    return this.list("in", values, this.kqlType);
  }
  notIn(values: unknown) {
    return this.list("!in", values, this.kqlType);
  }
  inCi(values: unknown) {
    return this.list("in~", values, "string");
  }
  notInCi(values: unknown) {
    return this.list("!in~", values, "string");
  }
  hasAny(values: unknown) {
    return this.list("has_any", values, "string");
  }
  hasAll(values: unknown) {
    return this.list("has_all", values, "string");
  }
  between(low: unknown, high: unknown) {
    return this.range(false, low, high);
  }
  notBetween(low: unknown, high: unknown) {
    return this.range(true, low, high);
  }
  private range(negated: boolean, low: unknown, high: unknown) {
    const lo = operand(low, this.kqlType);
    const hi = operand(high, this.kqlType);
    return new ExprImpl("bool", between(negated, this.node, lo.node, hi.node), mergeLets(this.lets, lo.lets, hi.lets));
  }
  matchesRegex(pattern: unknown) {
    return this.op("matches regex", pattern, "string");
  }

  plus(v: unknown) {
    return this.arith("+", v);
  }
  minus(v: unknown) {
    return this.arith("-", v);
  }
  times(v: unknown) {
    return this.op("*", v, this.kqlType, this.kqlType);
  }
  div(v: unknown) {
    return this.op("/", v, this.kqlType, this.kqlType);
  }
  mod(v: unknown) {
    return this.op("%", v, this.kqlType, this.kqlType);
  }
  /** Datetime and timespan arithmetic takes timespans; numbers take numbers. */
  private arith(op: "+" | "-", v: unknown) {
    const temporal = this.kqlType === "datetime" || this.kqlType === "timespan";
    return this.op(op, v, temporal ? "timespan" : this.kqlType, this.kqlType);
  }
  since(other: unknown) {
    return this.op("-", other, "datetime", "timespan");
  }
  bin(size: unknown) {
    const temporal = this.kqlType === "datetime" || this.kqlType === "timespan";
    const o = operand(size, temporal ? "timespan" : "real");
    return new ExprImpl(this.kqlType, call("bin", [this.node, o.node]), mergeLets(this.lets, o.lets));
  }
  startOfDay() {
    return this.fn("startofday", "datetime");
  }

  and(...others: unknown[]) {
    return this.chain("and", others);
  }
  or(...others: unknown[]) {
    return this.chain("or", others);
  }
  private chain(op: "and" | "or", others: unknown[]): ExprImpl {
    let acc: ExprImpl = this;
    for (const o of others) acc = acc.op(op, o, "bool");
    return acc;
  }
  not() {
    return new ExprImpl("bool", call("not", [this.node]), this.lets);
  }

  isEmpty() {
    return new ExprImpl("bool", call("isempty", [this.node]), this.lets);
  }
  isNotEmpty() {
    return new ExprImpl("bool", call("isnotempty", [this.node]), this.lets);
  }
  isNull() {
    return new ExprImpl("bool", call("isnull", [this.node]), this.lets);
  }
  isNotNull() {
    return new ExprImpl("bool", call("isnotnull", [this.node]), this.lets);
  }

  asString() {
    return this.fn("tostring", "string");
  }
  asLong() {
    return this.fn("tolong", "long");
  }
  asInt() {
    return this.fn("toint", "int");
  }
  asReal() {
    return this.fn("toreal", "real");
  }
  asBool() {
    return this.fn("tobool", "bool");
  }
  asDatetime() {
    return this.fn("todatetime", "datetime");
  }
  asGuid() {
    return this.fn("toguid", "guid");
  }
  toLower() {
    return this.fn("tolower", "string");
  }
  toUpper() {
    return this.fn("toupper", "string");
  }
  length() {
    return this.fn(this.kqlType === "dynamic" ? "array_length" : "strlen", "long");
  }
  substring(start: number, length?: number) {
    return length === undefined ? this.fn("substring", "string", start) : this.fn("substring", "string", start, length);
  }
  split(separator: string) {
    return this.fn("split", "dynamic", separator);
  }
  extract(regex: string, group: number) {
    const args = [stringLit(regex), numberLit(group), this.node];
    return new ExprImpl("string", call("extract", args), this.lets);
  }
  parseJson() {
    return this.fn("parse_json", "dynamic");
  }
  extractAll(regex: string) {
    return new ExprImpl("dynamic", call("extract_all", [stringLit(regex), this.node]), this.lets);
  }
  keys() {
    return this.fn("bag_keys", "dynamic");
  }
  hasElement(value: unknown) {
    return this.fn("set_has_element", "bool", value);
  }

  at(i: number) {
    return new ExprImpl("dynamic", index(this.node, numberLit(i)), this.lets);
  }
  prop(name: string) {
    return new ExprImpl("dynamic", member(this.node, name), this.lets);
  }
  path(...steps: (string | number)[]) {
    let acc: ExprImpl = this;
    for (const s of steps) acc = typeof s === "number" ? acc.at(s) : acc.prop(s);
    return acc;
  }
}

/** String operators installed from a table: method name to KQL operator. */
const STRING_OPERATORS: Readonly<Record<string, StringOp>> = {
  has: "has",
  notHas: "!has",
  hasCs: "has_cs",
  notHasCs: "!has_cs",
  hasPrefix: "hasprefix",
  notHasPrefix: "!hasprefix",
  hasSuffix: "hassuffix",
  notHasSuffix: "!hassuffix",
  contains: "contains",
  notContains: "!contains",
  containsCs: "contains_cs",
  notContainsCs: "!contains_cs",
  startsWith: "startswith",
  notStartsWith: "!startswith",
  startsWithCs: "startswith_cs",
  endsWith: "endswith",
  notEndsWith: "!endswith",
  endsWithCs: "endswith_cs",
};

const proto = ExprImpl.prototype as unknown as Record<string, unknown>;
for (const [method, op] of Object.entries(STRING_OPERATORS)) {
  proto[method] = function (this: ExprImpl, v: unknown) {
    return this.op(op, v, "string");
  };
}

const NUMERIC: readonly KqlType[] = ["int", "long", "real", "decimal"];
const ORDERED: readonly KqlType[] = [...NUMERIC, "datetime", "timespan"];
const NULLABLE: readonly KqlType[] = [...ORDERED, "bool", "guid", "dynamic"];
const STRING_ONLY: readonly KqlType[] = ["string"];

/**
 * Which types each method applies to, mirroring the typed interfaces above, so the same misuse
 * that fails `tsc` also fails at run time (for plain-JS authors and `as never` escapes).
 */
const METHOD_TYPES: Readonly<Record<string, readonly KqlType[]>> = {
  ...Object.fromEntries(Object.keys(STRING_OPERATORS).map((m) => [m, STRING_ONLY])),
  eqCi: STRING_ONLY,
  neCi: STRING_ONLY,
  inCi: STRING_ONLY,
  notInCi: STRING_ONLY,
  hasAny: STRING_ONLY,
  hasAll: STRING_ONLY,
  matchesRegex: STRING_ONLY,
  toLower: STRING_ONLY,
  toUpper: STRING_ONLY,
  substring: STRING_ONLY,
  split: STRING_ONLY,
  extract: STRING_ONLY,
  extractAll: STRING_ONLY,
  parseJson: STRING_ONLY,
  in: ["string", ...NUMERIC],
  notIn: ["string", ...NUMERIC],
  gt: ORDERED,
  ge: ORDERED,
  lt: ORDERED,
  le: ORDERED,
  between: ORDERED,
  notBetween: ORDERED,
  plus: ORDERED,
  minus: ORDERED,
  times: NUMERIC,
  div: NUMERIC,
  mod: NUMERIC,
  bin: ORDERED,
  since: ["datetime"],
  startOfDay: ["datetime"],
  and: ["bool"],
  or: ["bool"],
  not: ["bool"],
  isNull: NULLABLE,
  isNotNull: NULLABLE,
  length: ["string", "dynamic"],
  at: ["dynamic"],
  prop: ["dynamic"],
  path: ["dynamic"],
  asLong: ["dynamic"],
  asInt: ["dynamic"],
  asReal: ["dynamic"],
  asBool: ["dynamic"],
  asDatetime: ["dynamic"],
  asGuid: ["dynamic"],
  keys: ["dynamic"],
  hasElement: ["dynamic"],
};

for (const [method, types] of Object.entries(METHOD_TYPES)) {
  const impl = proto[method] as (this: ExprImpl, ...args: unknown[]) => ExprImpl;
  proto[method] = function (this: ExprImpl, ...args: unknown[]) {
    if (!types.includes(this.kqlType)) {
      throw new Error(`${method}() does not apply to a ${this.kqlType} expression (it needs ${types.join(" or ")})`);
    }
    return impl.apply(this, args);
  };
}

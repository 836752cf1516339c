/**
 * Free-standing scalar functions of the DSL: time (`ago`, `now`, `datetime`, `timespan`),
 * literals (`dynamic`), logic (`and`, `or`, `not`, `iff`), strings (`strcat`) and an escape
 * hatch (`fn`) for any KQL function the builder does not model.
 */
import { call, dynamicLit, typedLit } from "./nodes.js";
import {
  type AnyExpr,
  type BoolExpr,
  type BoolOperand,
  type DatetimeExpr,
  type DynamicExpr,
  type ExprOf,
  ExprImpl,
  type Scalar,
  type StringExpr,
  type TimespanExpr,
  type TimespanText,
  type TypeOfScalar,
  literal,
  mergeLets,
  operand,
} from "./expr.js";
import type { KqlType } from "./types.js";

const wrap = <T extends KqlType>(e: ExprImpl): ExprOf<T> => e as unknown as ExprOf<T>;

/** `ago(span)`: the query's run time minus `span`. */
export function ago(span: TimespanText | TimespanExpr): DatetimeExpr {
  const o = operand(span, "timespan");
  return wrap<"datetime">(new ExprImpl("datetime", call("ago", [o.node]), o.lets));
}

/** `now()`, optionally offset: `now("-1h")` is not KQL; use `ago("1h")`. */
export function now(): DatetimeExpr {
  return wrap<"datetime">(new ExprImpl("datetime", call("now", [])));
}

/** `datetime(2024-01-01T00:00:00Z)` from a `Date` or an ISO 8601 text. */
export function datetime(value: Date | string): DatetimeExpr {
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw new Error(`'${String(value)}' is not an ISO 8601 datetime`);
  return wrap<"datetime">(new ExprImpl("datetime", typedLit("datetime", d.toISOString())));
}

/** A timespan literal: `timespan("5m")` prints `5m`. */
export function timespan(text: TimespanText): TimespanExpr {
  return wrap<"timespan">(new ExprImpl("timespan", literal(text, "timespan")));
}

/** A JSON value as `dynamic(...)`: arrays for `in`/`has_any` lists, bags for lookups. */
export function dynamic(value: unknown): DynamicExpr {
  return wrap<"dynamic">(new ExprImpl("dynamic", dynamicLit(JSON.stringify(value))));
}

/** `a and b and ...` */
export function and(...terms: BoolOperand[]): BoolExpr {
  return chain("and", terms);
}

/** `a or b or ...` */
export function or(...terms: BoolOperand[]): BoolExpr {
  return chain("or", terms);
}

function chain(op: "and" | "or", terms: BoolOperand[]): BoolExpr {
  if (terms.length === 0) throw new Error(`${op}() needs at least one term`);
  const [first, ...rest] = terms.map((t) => operand(t, "bool"));
  let acc = new ExprImpl("bool", first.node, first.lets);
  for (const t of rest) acc = acc.op(op, new ExprImpl("bool", t.node, t.lets), "bool");
  return wrap<"bool">(acc);
}

/** `not(x)` */
export function not(term: BoolOperand): BoolExpr {
  const o = operand(term, "bool");
  return wrap<"bool">(new ExprImpl("bool", call("not", [o.node]), o.lets));
}

/** `iff(condition, then, else)`; both branches have the same type. */
export function iff<V extends Scalar>(condition: BoolOperand, then: V, otherwise: V): ExprOf<TypeOfScalar<V>> {
  const type = typeOfScalar(then);
  const parts = [operand(condition, "bool"), operand(then, type), operand(otherwise, type)];
  const node = call(
    "iff",
    parts.map((p) => p.node),
  );
  return wrap<TypeOfScalar<V>>(new ExprImpl(type, node, mergeLets(...parts.map((p) => p.lets))));
}

/**
 * `case(c1, v1, c2, v2, ..., otherwise)`: the value of the first true condition.
 * `caseOf([[r.X.has("a"), "A"], [r.X.has("b"), "B"]], "other")`
 */
export function caseOf<V extends Scalar>(
  branches: readonly (readonly [BoolOperand, V])[],
  otherwise: V,
): ExprOf<TypeOfScalar<V>> {
  if (branches.length === 0) throw new Error("caseOf() needs at least one [condition, value] branch");
  const type = typeOfScalar(otherwise);
  const parts = [...branches.flatMap(([c, v]) => [operand(c, "bool"), operand(v, type)]), operand(otherwise, type)];
  return wrap<TypeOfScalar<V>>(
    new ExprImpl(
      type,
      call(
        "case",
        parts.map((p) => p.node),
      ),
      mergeLets(...parts.map((p) => p.lets)),
    ),
  );
}

/** `strcat(a, b, ...)` */
export function strcat(...parts: Scalar[]): StringExpr {
  const ops = parts.map((p) => operand(p, "string"));
  return wrap<"string">(
    new ExprImpl(
      "string",
      call(
        "strcat",
        ops.map((o) => o.node),
      ),
      mergeLets(...ops.map((o) => o.lets)),
    ),
  );
}

/** `coalesce(a, b, ...)`: the first non-null (non-empty) value. */
export function coalesce<V extends AnyExpr>(first: V, ...rest: (V | Scalar)[]): ExprOf<TypeOfScalar<V>> {
  const ops = [first, ...rest].map((p) => operand(p, first.kqlType));
  return wrap<TypeOfScalar<V>>(
    new ExprImpl(
      first.kqlType,
      call(
        "coalesce",
        ops.map((o) => o.node),
      ),
      mergeLets(...ops.map((o) => o.lets)),
    ),
  );
}

/** `bag_pack("k1", v1, "k2", v2, ...)` from an object of values. */
export function bagPack(entries: Readonly<Record<string, Scalar>>): DynamicExpr {
  const args = Object.entries(entries).flatMap(([k, v]) => [operand(k, "string"), operand(v, "dynamic")]);
  return wrap<"dynamic">(
    new ExprImpl(
      "dynamic",
      call(
        "bag_pack",
        args.map((a) => a.node),
      ),
      mergeLets(...args.map((a) => a.lets)),
    ),
  );
}

/**
 * Any KQL function the DSL does not model, with its result type:
 * `fn("ipv4_is_private", "bool", r.IPAddress)`.
 */
export function fn<T extends KqlType>(name: string, type: T, ...args: Scalar[]): ExprOf<T> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`'${name}' is not a function name`);
  const ops = args.map((a) => operand(a, "dynamic"));
  return wrap<T>(
    new ExprImpl(
      type,
      call(
        name,
        ops.map((o) => o.node),
      ),
      mergeLets(...ops.map((o) => o.lets)),
    ),
  );
}

/** The KQL type of a JS value or expression. */
export function typeOfScalar(v: unknown): KqlType {
  if (typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "kustodian.expr") {
    return (v as { kqlType: KqlType }).kqlType;
  }
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "long" : "real";
  if (typeof v === "bigint") return "long";
  if (v instanceof Date) return "datetime";
  return "dynamic";
}

/**
 * Aggregation functions for `summarize`. An aggregation is its own kind of value (`Agg<T>`),
 * so it is accepted by `summarize` and rejected by `where` and `extend`, and vice versa.
 */
import type { Expr } from "../kql/ast.js";
import { call, numberLit } from "./nodes.js";
import { type AnyExpr, type BoolExpr, type Lets, type NumberExpr, mergeLets } from "./expr.js";
import type { KqlType, NumericType } from "./types.js";

export interface Agg<T extends KqlType = KqlType> {
  readonly kind: "kustodian.agg";
  readonly kqlType: T;
  readonly node: Expr;
  readonly lets: Lets;
}

type TypeOf<E> = E extends { readonly kqlType: infer T extends KqlType } ? T : never;

function agg<T extends KqlType>(type: T, name: string, args: readonly { node: Expr; lets: Lets }[]): Agg<T> {
  return Object.freeze({
    kind: "kustodian.agg",
    kqlType: type,
    node: call(
      name,
      args.map((a) => a.node),
    ),
    lets: mergeLets(...args.map((a) => a.lets)),
  });
}

const maxSize = (n: number | undefined) => (n === undefined ? [] : [{ node: numberLit(Math.trunc(n)), lets: [] }]);

/** `count()` */
export const count = (): Agg<"long"> => agg("long", "count", []);
/** `countif(predicate)` */
export const countIf = (predicate: BoolExpr): Agg<"long"> => agg("long", "countif", [predicate]);
/** `dcount(x)`: distinct count (Kusto's is an estimate; exact here and in tests). */
export const dcount = (e: AnyExpr): Agg<"long"> => agg("long", "dcount", [e]);
/** `dcountif(x, predicate)` */
export const dcountIf = (e: AnyExpr, predicate: BoolExpr): Agg<"long"> => agg("long", "dcountif", [e, predicate]);
/** `sum(x)` */
export const sum = <T extends NumericType>(e: NumberExpr<T>): Agg<T> => agg(e.kqlType, "sum", [e]);
/** `sumif(x, predicate)` */
export const sumIf = <T extends NumericType>(e: NumberExpr<T>, predicate: BoolExpr): Agg<T> =>
  agg(e.kqlType, "sumif", [e, predicate]);
/** `avg(x)` */
export const avg = (e: NumberExpr): Agg<"real"> => agg("real", "avg", [e]);
/** `min(x)` */
export const min = <E extends AnyExpr>(e: E): Agg<TypeOf<E>> => agg(e.kqlType as TypeOf<E>, "min", [e]);
/** `max(x)` */
export const max = <E extends AnyExpr>(e: E): Agg<TypeOf<E>> => agg(e.kqlType as TypeOf<E>, "max", [e]);
/** `minif(x, predicate)` */
export const minIf = <E extends AnyExpr>(e: E, predicate: BoolExpr): Agg<TypeOf<E>> =>
  agg(e.kqlType as TypeOf<E>, "minif", [e, predicate]);
/** `maxif(x, predicate)` */
export const maxIf = <E extends AnyExpr>(e: E, predicate: BoolExpr): Agg<TypeOf<E>> =>
  agg(e.kqlType as TypeOf<E>, "maxif", [e, predicate]);
/** `take_any(x)`: any one value. */
export const takeAny = <E extends AnyExpr>(e: E): Agg<TypeOf<E>> => agg(e.kqlType as TypeOf<E>, "take_any", [e]);
/** `make_set(x[, maxSize])`: distinct values as a dynamic array. */
export const makeSet = (e: AnyExpr, maxSizeLimit?: number): Agg<"dynamic"> =>
  agg("dynamic", "make_set", [e, ...maxSize(maxSizeLimit)]);
/** `make_set_if(x, predicate[, maxSize])` */
export const makeSetIf = (e: AnyExpr, predicate: BoolExpr, maxSizeLimit?: number): Agg<"dynamic"> =>
  agg("dynamic", "make_set_if", [e, predicate, ...maxSize(maxSizeLimit)]);
/** `make_list(x[, maxSize])` */
export const makeList = (e: AnyExpr, maxSizeLimit?: number): Agg<"dynamic"> =>
  agg("dynamic", "make_list", [e, ...maxSize(maxSizeLimit)]);
/** `make_bag(x)` */
export const makeBag = (e: AnyExpr): Agg<"dynamic"> => agg("dynamic", "make_bag", [e]);

/** Structural check. */
export function isAgg(value: unknown): value is Agg {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "kustodian.agg";
}

/**
 * AST node constructors for the DSL. Every node the builder makes carries `NO_SPAN`, as the
 * AST contract asks for nodes that come from no source text.
 */
import {
  type Arg,
  type Assignment,
  type BinaryOp,
  type Expr,
  type ListOp,
  NO_SPAN,
  type OperatorOption,
  type SortKey,
  type SortOrder,
  type TypedLit,
} from "../kql/ast.js";

export const nameRef = (name: string): Expr => ({ kind: "NameRef", span: NO_SPAN, name });

export const stringLit = (value: string): Expr => ({ kind: "StringLit", span: NO_SPAN, value, obfuscated: false });

export const boolLit = (value: boolean): Expr => ({ kind: "BoolLit", span: NO_SPAN, value });

export const timespanLit = (text: string): Expr => ({ kind: "TimespanLit", span: NO_SPAN, text: text.toLowerCase() });

export const typedLit = (type: TypedLit["type"], text: string | null): Expr => ({ kind: "TypedLit", span: NO_SPAN, type, text });

export const dynamicLit = (json: string): Expr => ({ kind: "DynamicLit", span: NO_SPAN, json });

/** A JS number as a KQL literal: integers are `long`, others `real`; negatives as unary minus. */
export function numberLit(n: number): Expr {
  if (Number.isNaN(n)) return typedLit("real", "nan");
  if (!Number.isFinite(n)) return n > 0 ? typedLit("real", "+inf") : typedLit("real", "-inf");
  if (n < 0 || Object.is(n, -0)) return { kind: "Unary", span: NO_SPAN, op: "-", operand: numberLit(-n) };
  if (Number.isInteger(n)) {
    if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer; use a bigint`);
    return { kind: "NumberLit", span: NO_SPAN, type: "long", text: String(n) };
  }
  return { kind: "NumberLit", span: NO_SPAN, type: "real", text: String(n) };
}

export function bigintLit(n: bigint): Expr {
  if (n < 0n) return { kind: "Unary", span: NO_SPAN, op: "-", operand: bigintLit(-n) };
  return { kind: "NumberLit", span: NO_SPAN, type: "long", text: n.toString() };
}

export const call = (name: string, args: readonly Arg[]): Expr => ({ kind: "Call", span: NO_SPAN, name, args });

export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: "Binary", span: NO_SPAN, op, left, right });

export const inExpr = (op: ListOp, left: Expr, values: readonly Expr[]): Expr => ({
  kind: "InExpr",
  span: NO_SPAN,
  op,
  left,
  values,
});

export const between = (negated: boolean, left: Expr, low: Expr, high: Expr): Expr => ({
  kind: "Between",
  span: NO_SPAN,
  negated,
  left,
  low,
  high,
});

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `d.name` when `name` is a plain identifier, `d['odd name']` otherwise. */
export function member(target: Expr, name: string): Expr {
  return SIMPLE_NAME.test(name)
    ? { kind: "Member", span: NO_SPAN, target, name }
    : { kind: "Index", span: NO_SPAN, target, index: stringLit(name) };
}

export const index = (target: Expr, i: Expr): Expr => ({ kind: "Index", span: NO_SPAN, target, index: i });

/** `name = value`, or a bare column reference when the value is that very column. */
export function assignment(name: string, value: Expr): Assignment {
  const bare = value.kind === "NameRef" && value.name === name;
  return { kind: "Assignment", span: NO_SPAN, names: bare ? [] : [name], value };
}

export const option = (name: string, value: string): OperatorOption => ({
  kind: "OperatorOption",
  span: NO_SPAN,
  name,
  value: nameRef(value),
});

export const sortKey = (expr: Expr, order: SortOrder | null): SortKey => ({
  kind: "SortKey",
  span: NO_SPAN,
  expr,
  order,
  nulls: null,
});

/**
 * Operator tables shared by the parser and the printer: binary-operator precedence, and the
 * canonical spelling of type names.
 */
import type { BinaryOp, ListOp, ScalarTypeName } from "./ast.js";

/** Binding strength; higher binds tighter. Postfix (member, index, call) and unary are above all. */
export const PREC = {
  pipe: 0,
  or: 1,
  and: 2,
  compare: 3,
  additive: 4,
  multiplicative: 5,
  unary: 6,
  postfix: 7,
} as const;

export type InfixKind = "binary" | "list" | "between";

export interface InfixInfo {
  readonly kind: InfixKind;
  readonly prec: number;
  /** Binary op, list op or `between` / `!between`. */
  readonly op: string;
}

const table = new Map<string, InfixInfo>();
function add(kind: InfixKind, prec: number, ops: readonly string[]): void {
  for (const op of ops) table.set(op, { kind, prec, op });
}
add("binary", PREC.or, ["or"]);
add("binary", PREC.and, ["and"]);
add("binary", PREC.compare, ["==", "!=", "<", "<=", ">", ">=", "=~", "!~", "<>"]);
const STRING_OPS = [
  "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
  "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs", "contains", "!contains",
  "contains_cs", "!contains_cs", "startswith", "!startswith", "startswith_cs", "!startswith_cs",
  "endswith", "!endswith", "endswith_cs", "!endswith_cs", "like", "notlike", "likecs", "notlikecs",
];
add("binary", PREC.compare, STRING_OPS);
add("list", PREC.compare, ["in", "!in", "in~", "!in~", "has_any", "has_all"]);
add("between", PREC.compare, ["between", "!between"]);
add("binary", PREC.additive, ["+", "-"]);
add("binary", PREC.multiplicative, ["*", "/", "%"]);

/** The infix operator a token spells (`matches regex` is handled by the parser). */
export function infixInfo(text: string): InfixInfo | undefined {
  return table.get(text);
}

const binaryPrec = new Map<string, number>();
for (const [op, info] of table) if (info.kind === "binary") binaryPrec.set(op, info.prec);
binaryPrec.set("matches regex", PREC.compare);

export function binaryPrecedence(op: BinaryOp): number {
  return binaryPrec.get(op) ?? PREC.compare;
}

export const LIST_OPS: ReadonlySet<ListOp> = new Set<ListOp>(["in", "!in", "in~", "!in~", "has_any", "has_all"]);

/** Type names as written -> canonical `ScalarTypeName`. */
export const TYPE_ALIASES: ReadonlyMap<string, ScalarTypeName> = new Map<string, ScalarTypeName>([
  ["bool", "bool"],
  ["boolean", "bool"],
  ["int", "int"],
  ["int32", "int"],
  ["long", "long"],
  ["int64", "long"],
  ["real", "real"],
  ["double", "real"],
  ["decimal", "decimal"],
  ["string", "string"],
  ["datetime", "datetime"],
  ["date", "datetime"],
  ["timespan", "timespan"],
  ["time", "timespan"],
  ["guid", "guid"],
  ["uniqueid", "guid"],
  ["dynamic", "dynamic"],
]);

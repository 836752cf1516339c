/**
 * Operator tables shared by the parser and the printer: binary-operator precedence, and the
 * canonical spelling of type names.
 */
import type { BinaryOp, ListOp, ScalarTypeName } from "./ast.js";

/**
 * Binding strength, loosest first; higher binds tighter. This is Kusto's own grammar, which
 * differs from most languages: string operators (`has`, `contains`, `=~`, ...) bind tighter
 * than arithmetic (`a + b has "x"` is `a + (b has "x")`), and the comparison levels do not
 * chain (`a == b == c` is a syntax error).
 */
export const PREC = {
  pipe: 0,
  or: 1,
  and: 2,
  /** `==`, `!=`, `<>`, `in` and the other list operators, `between`: non-associative */
  equality: 3,
  /** `<`, `<=`, `>`, `>=`: non-associative */
  relational: 4,
  additive: 5,
  multiplicative: 6,
  /** `=~`, `!~`, `has`, `contains`, `startswith`, `matches regex`, `like`, ...: non-associative */
  string: 7,
  unary: 8,
  postfix: 9,
} as const;

export type InfixKind = "binary" | "list" | "between";

export interface InfixInfo {
  readonly kind: InfixKind;
  readonly prec: number;
  /** Binary op, list op or `between` / `!between`. */
  readonly op: string;
  /** Non-associative levels take one operator: `a < b < c` is an error. */
  readonly chains: boolean;
}

const table = new Map<string, InfixInfo>();
function add(kind: InfixKind, prec: number, chains: boolean, ops: readonly string[]): void {
  for (const op of ops) table.set(op, { kind, prec, op, chains });
}
add("binary", PREC.or, true, ["or"]);
add("binary", PREC.and, true, ["and"]);
add("binary", PREC.equality, false, ["==", "!=", "<>"]);
add("list", PREC.equality, false, ["in", "!in", "in~", "!in~", "has_any", "has_all"]);
add("between", PREC.equality, false, ["between", "!between"]);
add("binary", PREC.relational, false, ["<", "<=", ">", ">="]);
add("binary", PREC.additive, true, ["+", "-"]);
add("binary", PREC.multiplicative, true, ["*", "/", "%"]);
/** The string operators, as the parser reads them (`matches regex` is two words, handled apart). */
export const STRING_OPERATORS: readonly string[] = [
  "=~", "!~", "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
  "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs", "contains", "!contains", "contains_cs", "!contains_cs",
  "startswith", "!startswith", "startswith_cs", "!startswith_cs", "endswith", "!endswith", "endswith_cs", "!endswith_cs",
  "like", "notlike", "likecs", "notlikecs",
];
add("binary", PREC.string, false, STRING_OPERATORS);

/** The infix operator a token spells (`matches regex` is handled by the parser). */
export function infixInfo(text: string): InfixInfo | undefined {
  return table.get(text);
}

export const MATCHES_REGEX: InfixInfo = { kind: "binary", prec: PREC.string, op: "matches regex", chains: false };

const binaryInfo = new Map<string, InfixInfo>();
for (const [op, info] of table) if (info.kind === "binary") binaryInfo.set(op, info);
binaryInfo.set("matches regex", MATCHES_REGEX);

export function binaryPrecedence(op: BinaryOp): number {
  return binaryInfo.get(op)?.prec ?? PREC.equality;
}

/** True for left-associative levels (or, and, + -, * / %). */
export function binaryChains(op: BinaryOp): boolean {
  return binaryInfo.get(op)?.chains ?? false;
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

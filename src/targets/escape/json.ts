/**
 * JSON and ARM escaping: the one way a value becomes JSON text in Kustodian's outputs.
 *
 * ARM templates are JSON with one extra rule: a string that starts with `[` and ends with `]`
 * is evaluated as a template expression. A literal string of that shape is written with a
 * doubled opening bracket (`[[x]` deploys as `[x]`), so titles such as `[Tier0] ...]` stay text.
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** JSON text for any value; `undefined` object members are dropped, as JSON.stringify does. */
export function jsonValue(value: JsonValue, indent?: number): string {
  return JSON.stringify(value, null, indent);
}

/** A literal string as ARM reads it: expression-shaped strings get the `[[` escape. */
export function armLiteral(value: string): string {
  return value.startsWith("[") && value.endsWith("]") ? `[${value}` : value;
}

/** What ARM makes of a string in a template: the literal, or null when it is an expression. */
export function armReadString(value: string): string | null {
  if (value.startsWith("[[") && value.endsWith("]")) return value.slice(1);
  if (value.startsWith("[") && value.endsWith("]")) return null;
  return value;
}

/** An ARM expression, written as is (only compilers build these, never from user text). */
export interface ArmExpression {
  readonly armExpression: string;
}

export type ArmValue = JsonValue | ArmExpression | readonly ArmValue[] | { readonly [key: string]: ArmValue | undefined };

function isExpression(value: unknown): value is ArmExpression {
  return typeof value === "object" && value !== null && typeof (value as ArmExpression).armExpression === "string";
}

/** Deep copy of `value` with every string literal ARM-escaped and expressions unwrapped. */
export function armEscape(value: ArmValue): JsonValue {
  if (typeof value === "string") return armLiteral(value);
  if (value === null || typeof value !== "object") return value;
  if (isExpression(value)) return value.armExpression;
  if (Array.isArray(value)) return value.map((v: ArmValue) => armEscape(v));
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value as Record<string, ArmValue | undefined>)) {
    if (v !== undefined) out[k] = armEscape(v);
  }
  return out;
}

/** JSON text for an ARM template fragment. */
export function armValue(value: ArmValue, indent?: number): string {
  return jsonValue(armEscape(value), indent);
}

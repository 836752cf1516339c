/**
 * Raw KQL in a detection: kql`AuditLogs | where OperationName == ${op}`.
 *
 * The text is taken as written (like `String.raw`: backslashes are KQL's, not JavaScript's).
 * Interpolated values never become query text: each is recorded as a typed value and turned
 * into an escaped KQL literal at load time by the front end's escaping function. The loader
 * parses the result and maps error positions back to the detection file.
 */
import type { Expr } from "../kql/ast.js";

/** One interpolated value, recorded structurally. */
export type KqlTemplateValue =
  | { readonly kind: "string"; readonly value: string }
  /** Already-safe literal text: numbers, booleans, datetimes, timespans. */
  | { readonly kind: "text"; readonly text: string }
  /** A table or let name (printed bracket-quoted when it is not a plain identifier). */
  | { readonly kind: "name"; readonly name: string }
  /** An array: printed as `dynamic([...])`. */
  | { readonly kind: "list"; readonly items: readonly KqlTemplateValue[] }
  /** A builder expression or query: printed by the KQL printer. */
  | { readonly kind: "node"; readonly node: Expr };

export interface KqlQuery {
  readonly kind: "kustodian.kql";
  /** The literal parts as written in the source (raw), one more than `values`. */
  readonly strings: readonly string[];
  readonly values: readonly KqlTemplateValue[];
}

/** What may be interpolated: JS scalars, arrays of them, tables, builder expressions. */
export type KqlInterpolation =
  | string
  | number
  | bigint
  | boolean
  | Date
  | readonly (string | number | boolean)[]
  | { readonly kind: "kustodian.table"; readonly name: string }
  | { readonly kind: "kustodian.expr"; readonly node: Expr }
  | { readonly kind: "kustodian.query"; readonly node: Expr };

/** The `kql` tag. */
export function kql(strings: TemplateStringsArray, ...values: KqlInterpolation[]): KqlQuery {
  return Object.freeze({
    kind: "kustodian.kql",
    strings: Object.freeze([...strings.raw]),
    values: Object.freeze(values.map((v, i) => templateValue(v, i))),
  });
}

function templateValue(v: unknown, i: number): KqlTemplateValue {
  if (typeof v === "string") return { kind: "string", value: v };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { kind: "text", text: Number.isNaN(v) ? "real(nan)" : v > 0 ? "real(+inf)" : "real(-inf)" };
    return { kind: "text", text: Number.isInteger(v) ? BigInt(v).toString() : String(v) };
  }
  if (typeof v === "bigint") return { kind: "text", text: v.toString() };
  if (typeof v === "boolean") return { kind: "text", text: String(v) };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error(`kql: value #${i + 1} is an invalid Date`);
    return { kind: "text", text: `datetime(${v.toISOString()})` };
  }
  if (Array.isArray(v)) return { kind: "list", items: v.map((x, j) => templateValue(x, j)) };
  if (typeof v === "object" && v !== null) {
    const o = v as { kind?: unknown; name?: unknown; node?: unknown };
    if (o.kind === "kustodian.table" && typeof o.name === "string") return { kind: "name", name: o.name };
    if ((o.kind === "kustodian.expr" || o.kind === "kustodian.query") && typeof o.node === "object" && o.node !== null) {
      return { kind: "node", node: o.node as Expr };
    }
  }
  throw new Error(`kql: cannot interpolate value #${i + 1} (${v === null ? "null" : typeof v})`);
}

/** Structural check. */
export function isKqlQuery(value: unknown): value is KqlQuery {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kustodian.kql" &&
    Array.isArray((value as { strings?: unknown }).strings)
  );
}

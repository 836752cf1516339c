/**
 * How Kusto scalar values live in JavaScript inside the evaluator.
 *
 * | KQL type  | JS representation                                              | null      |
 * |-----------|----------------------------------------------------------------|-----------|
 * | bool      | `boolean`                                                      | `null`    |
 * | int, long | `number` (integral; exact up to 2^53, Kusto's long is 2^63)    | `null`    |
 * | real      | `number` (NaN and ±Infinity allowed)                           | `null`    |
 * | decimal   | `number` (documented approximation: no 128-bit decimal)        | `null`    |
 * | string    | `string`                                                       | never: `""` |
 * | datetime  | `KDateTime`: ticks (100 ns) since 0001-01-01T00:00:00Z, bigint | `null`    |
 * | timespan  | `KTimespan`: ticks (100 ns), bigint                            | `null`    |
 * | guid      | `KGuid`: lower-case canonical text                             | `null`    |
 * | dynamic   | `Dyn`: a JSON-like tree (see below)                            | `null` (JSON null) |
 *
 * Datetime and timespan use bigint ticks so that 100 ns precision is exact over Kusto's whole
 * range; wrapping them in tagged objects keeps them apart from numbers and from each other.
 */

export type KqlType = "bool" | "int" | "long" | "real" | "decimal" | "string" | "datetime" | "timespan" | "guid" | "dynamic";

export interface KDateTime {
  readonly t: "datetime";
  readonly ticks: bigint;
}

export interface KTimespan {
  readonly t: "timespan";
  readonly ticks: bigint;
}

export interface KGuid {
  readonly t: "guid";
  readonly value: string;
}

/**
 * A dynamic value: JSON null, boolean, number, string, array, property bag, or a datetime /
 * timespan / guid stored inside a bag (Kusto keeps those typed inside dynamic).
 * Property bags are `DynBag` objects: an ordered `Map` so that key order survives printing.
 */
export type Dyn = null | boolean | number | string | readonly Dyn[] | DynBag | KDateTime | KTimespan | KGuid;

export interface DynBag {
  readonly t: "bag";
  readonly entries: ReadonlyMap<string, Dyn>;
}

/** Any evaluator value of any type; `null` is Kusto's null. */
export type Value = null | boolean | number | string | KDateTime | KTimespan | KGuid | DynValue;

/** A dynamic value at the top level of a column is wrapped so it is never confused with a scalar. */
export interface DynValue {
  readonly t: "dynamic";
  readonly value: Dyn;
}

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** Ticks from 0001-01-01 to 1970-01-01. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

export function datetime(ticks: bigint): KDateTime {
  return { t: "datetime", ticks };
}

export function timespan(ticks: bigint): KTimespan {
  return { t: "timespan", ticks };
}

export function guid(value: string): KGuid {
  return { t: "guid", value: value.toLowerCase() };
}

export function dyn(value: Dyn): DynValue {
  return { t: "dynamic", value };
}

export function bag(entries: Iterable<readonly [string, Dyn]>): DynBag {
  return { t: "bag", entries: new Map(entries) };
}

export function datetimeFromUnixMs(ms: number): KDateTime {
  return datetime(UNIX_EPOCH_TICKS + BigInt(Math.round(ms)) * TICKS_PER_MILLISECOND);
}

export function unixMsOf(value: KDateTime): number {
  return Number((value.ticks - UNIX_EPOCH_TICKS) / TICKS_PER_MILLISECOND);
}

export function isDateTime(v: unknown): v is KDateTime {
  return typeof v === "object" && v !== null && (v as { t?: unknown }).t === "datetime";
}

export function isTimespan(v: unknown): v is KTimespan {
  return typeof v === "object" && v !== null && (v as { t?: unknown }).t === "timespan";
}

export function isGuid(v: unknown): v is KGuid {
  return typeof v === "object" && v !== null && (v as { t?: unknown }).t === "guid";
}

export function isDynValue(v: unknown): v is DynValue {
  return typeof v === "object" && v !== null && (v as { t?: unknown }).t === "dynamic";
}

export function isBag(v: unknown): v is DynBag {
  return typeof v === "object" && v !== null && (v as { t?: unknown }).t === "bag";
}

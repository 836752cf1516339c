/**
 * Table objects: what `from(...)` starts a query with. The built-in tables are generated from the
 * JSON schemas (`src/schema/tables.generated.ts`); users declare their own (`*_CL` tables,
 * watchlists) with `defineTable`, in either of two shapes:
 *
 *   defineTable("MyApp_CL", { TimeGenerated: "datetime", User_s: "string" })
 *   defineTable({ Name: "MyApp_CL", Properties: [{ Name: "User_s", Type: "String" }] } as const)
 */
import { normaliseType } from "../schema/type-names.js";
import type { Columns, KqlType } from "./types.js";

export interface Table<N extends string = string, C extends Columns = Columns> {
  readonly kind: "kustodian.table";
  readonly name: N;
  readonly columns: C;
}

/** Type names as schema files spell them, normalised as `src/schema/registry.ts` does at run time. */
type TypeAlias = {
  string: "string";
  int: "int";
  int32: "int";
  long: "long";
  int64: "long";
  real: "real";
  double: "real";
  float: "real";
  bool: "bool";
  boolean: "bool";
  datetime: "datetime";
  date: "datetime";
  timespan: "timespan";
  time: "timespan";
  guid: "guid";
  uniqueid: "guid";
  dynamic: "dynamic";
  decimal: "decimal";
};

/** `"DateTime"` -> `"datetime"`, `"System.Int64"` -> `"long"`. */
export type NormaliseType<T extends string> = Lowercase<T> extends `system.${infer R}`
  ? R extends keyof TypeAlias
    ? TypeAlias[R]
    : never
  : Lowercase<T> extends keyof TypeAlias
    ? TypeAlias[Lowercase<T>]
    : never;

/** The Azure-Sentinel custom-table JSON shape, as a literal type (`as const`). */
export interface SchemaJson {
  readonly Name: string;
  readonly Properties: readonly { readonly Name: string; readonly Type: string }[];
}

export type ColumnsOfSchema<S extends SchemaJson> = {
  readonly [P in S["Properties"][number] as P["Name"]]: NormaliseType<P["Type"]>;
};

function normalise(table: string, column: string, type: string): KqlType {
  const t = normaliseType(type);
  if (t === undefined) throw new Error(`table ${table}: column ${column} has unknown type ${JSON.stringify(type)}`);
  return t;
}

/** Declares a table so queries over it are typed. */
export function defineTable<const N extends string, const C extends Columns>(name: N, columns: C): Table<N, C>;
export function defineTable<const S extends SchemaJson>(schema: S): Table<S["Name"], ColumnsOfSchema<S>>;
export function defineTable(nameOrSchema: string | SchemaJson, columns?: Columns): Table {
  if (typeof nameOrSchema === "string") {
    const cols: Record<string, KqlType> = {};
    for (const [c, t] of Object.entries(columns ?? {})) cols[c] = normalise(nameOrSchema, c, t);
    return Object.freeze({ kind: "kustodian.table", name: nameOrSchema, columns: Object.freeze(cols) });
  }
  const cols: Record<string, KqlType> = {};
  for (const p of nameOrSchema.Properties) cols[p.Name] = normalise(nameOrSchema.Name, p.Name, p.Type);
  return Object.freeze({ kind: "kustodian.table", name: nameOrSchema.Name, columns: Object.freeze(cols) });
}

/** Structural check (no `instanceof`: tables may come from another module instance). */
export function isTable(value: unknown): value is Table {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "kustodian.table" &&
    typeof (value as { name?: unknown }).name === "string"
  );
}

/**
 * Type-level vocabulary of the DSL: KQL scalar types, the column record a table or a query step
 * produces (column name to KQL type), and the helpers that map between them.
 */
import type { KqlType } from "../engine/values.js";

export type { KqlType };

/** A row type: column name to KQL type, e.g. `{ OperationName: "string"; TimeGenerated: "datetime" }`. */
export type Columns = { readonly [column: string]: KqlType };

/** The numeric KQL types: they compare and add among themselves. */
export type NumericType = "int" | "long" | "real" | "decimal";

/** Column names of a row type, as strings (what entity mappings and `project` accept). */
export type ColumnName<C extends Columns> = keyof C & string;

/** Flattens an intersection so hovers and errors show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

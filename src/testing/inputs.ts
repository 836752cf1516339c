/**
 * Input tables of a test case: raw records checked against the table's schema and turned into
 * typed rows, then limited to the rule's lookback window the way Sentinel limits every table a
 * scheduled query reads.
 */
import { didYouMean } from "../util/did-you-mean.js";
import { coerce } from "../engine/coerce.js";
import { columnFromValues } from "../engine/column.js";
import { Table } from "../engine/table.js";
import type { KqlType, Value } from "../engine/values.js";
import type { ColumnSchema, TableSchema } from "../schema/registry.js";
import type { RawRecords } from "./fixture-file.js";
import { TestInputError } from "./source.js";

/** A table of typed rows in schema column order; every schema column is present. */
export interface TypedTable {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  readonly rows: readonly (readonly Value[])[];
  /** Position of `TimeGenerated` (the column the service's time range applies to), or -1. */
  readonly timeIndex: number;
}

export const TIME_COLUMN = "TimeGenerated";

/**
 * Checks every record against the schema (unknown columns and badly typed values are errors
 * naming the file and line) and converts cells to evaluator values.
 */
export function typeRecords(raw: RawRecords, schema: TableSchema): TypedTable {
  const byName = new Map(schema.columns.map((c, i) => [c.name, i] as const));
  const rows: Value[][] = [];
  raw.records.forEach((record, r) => {
    const row: Value[] = schema.columns.map((c) => emptyOf(c.type));
    for (const [key, cell] of Object.entries(record)) {
      const index = byName.get(key);
      if (index === undefined) {
        throw new TestInputError(
          raw.locate([r, key], "key"),
          `column '${key}' is not in the ${schema.name} schema${didYouMean(key, schema.columns.map((c) => c.name))}`,
          "fixture-column",
        );
      }
      const column = schema.columns[index];
      const problem = strictTypeProblem(cell, column.type);
      const converted = problem === null ? coerce(cell, column.type) : ({ ok: false, expected: problem } as const);
      if (!converted.ok) {
        throw new TestInputError(
          raw.locate([r, key]),
          `${schema.name}.${key} is ${column.type}: expected ${converted.expected}, got ${describe(cell)}`,
          "fixture-type",
        );
      }
      row[index] = converted.value;
    }
    rows.push(row);
  });
  return { name: schema.name, columns: schema.columns, rows, timeIndex: byName.get(TIME_COLUMN) ?? -1 };
}

/**
 * Rejections stricter than the loader's coercion, where accepting the value would hide a
 * mistake in a hand-written case (an object in a string column, 1.5 in a long column).
 */
function strictTypeProblem(cell: unknown, type: KqlType): string | null {
  if (cell === null || cell === undefined) return null;
  const isObject = typeof cell === "object" && !(cell instanceof Date);
  switch (type) {
    case "string":
      return isObject ? "a string" : null;
    case "int":
    case "long":
      if (typeof cell === "number" && !Number.isInteger(cell)) return "an integer";
      return isObject ? "an integer" : null;
    case "dynamic":
      return null;
    default:
      return isObject ? `a ${type}` : null;
  }
}

function emptyOf(type: KqlType): Value {
  return type === "string" ? "" : null;
}

function describe(cell: unknown): string {
  if (Array.isArray(cell)) return "a list";
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === "object" && cell !== null) return "an object";
  return JSON.stringify(cell);
}

/**
 * The rows whose `TimeGenerated` lies in (from, to]: Sentinel's lookback window for a run at `to`.
 * Tables without a `TimeGenerated` column are not time-filtered; rows with a null
 * `TimeGenerated` fall outside every window.
 */
export function windowTable(table: TypedTable, from: bigint, to: bigint): TypedTable {
  if (table.timeIndex < 0) return table;
  const rows = table.rows.filter((row) => {
    const t = row[table.timeIndex];
    if (t === null || typeof t !== "object" || t.t !== "datetime") return false;
    return t.ticks > from && t.ticks <= to;
  });
  return rows.length === table.rows.length ? table : { ...table, rows };
}

/** The earliest and latest `TimeGenerated` of a set of tables, or null when none has one. */
export function timeRange(tables: readonly TypedTable[]): { readonly min: bigint; readonly max: bigint } | null {
  let min: bigint | null = null;
  let max: bigint | null = null;
  for (const table of tables) {
    if (table.timeIndex < 0) continue;
    for (const row of table.rows) {
      const t = row[table.timeIndex];
      if (t === null || typeof t !== "object" || t.t !== "datetime") continue;
      if (min === null || t.ticks < min) min = t.ticks;
      if (max === null || t.ticks > max) max = t.ticks;
    }
  }
  return min === null || max === null ? null : { min, max };
}

/** The evaluator's table for typed rows. */
export function toEngineTable(table: TypedTable): Table {
  const columns = table.columns.map((c, i) => ({
    name: c.name,
    data: columnFromValues(
      c.type,
      table.rows.map((row) => row[i]),
    ),
  }));
  return new Table(table.name, columns, table.rows.length);
}

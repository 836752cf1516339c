/** Shared helpers for engine tests: a fixed clock and a one-call query runner. */
import { evaluate, type QueryResult, rowsAsRecords, type Table } from "../../src/engine/index.js";
import { parseDateTime } from "../../src/engine/literals.js";

export const NOW = parseDateTime("2024-05-01T12:00:00Z")!;

export function run(query: string, tables: Record<string, Table> = {}): QueryResult {
  return evaluate(query, { tables: (n) => tables[n], now: NOW });
}

/** The primary result as plain records (JSON-friendly values). */
export function records(query: string, tables: Record<string, Table> = {}): Record<string, unknown>[] {
  return rowsAsRecords(run(query, tables).tables[0]);
}

/** The primary result's column names and types. */
export function schemaOf(query: string, tables: Record<string, Table> = {}): string[] {
  return run(query, tables).tables[0].columns.map((c) => `${c.name}:${c.type}`);
}

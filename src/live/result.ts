/**
 * Service result tables (`{name, columns:[{name,type}], rows}` as the API sends them) to the
 * evaluator's `QueryResult`, so live results print with `kustodian run`'s formatters and
 * compare with local results value by value. Dynamic cells arrive as JSON text; `NaN` and
 * infinities as strings.
 */
import { coerce } from "../engine/coerce.js";
import type { QueryResult, ResultTable } from "../engine/index.js";
import type { KqlType, Value } from "../engine/values.js";

const TYPES: Readonly<Record<string, KqlType>> = {
  bool: "bool", boolean: "bool", int: "int", long: "long", real: "real", double: "real", decimal: "decimal",
  string: "string", datetime: "datetime", timespan: "timespan", guid: "guid", uniqueid: "guid", dynamic: "dynamic",
};

export function resultFromServiceTables(tables: readonly unknown[]): QueryResult {
  return { tables: tables.map(tableOf) };
}

function tableOf(raw: unknown, index: number): ResultTable {
  const t = (raw ?? {}) as { name?: unknown; columns?: unknown; rows?: unknown };
  const columns = (Array.isArray(t.columns) ? t.columns : []).map((c: { name?: unknown; type?: unknown }) => ({
    name: String(c?.name ?? ""),
    type: TYPES[String(c?.type ?? "string").toLowerCase()] ?? ("string" as KqlType),
  }));
  const rows = (Array.isArray(t.rows) ? t.rows : []).map((row: unknown) =>
    columns.map((c, i) => cellOf(Array.isArray(row) ? row[i] : null, c.type)),
  );
  return { name: typeof t.name === "string" ? t.name : `Table_${index}`, columns, rows };
}

function cellOf(cell: unknown, type: KqlType): Value {
  if (cell === null || cell === undefined) return type === "string" ? "" : null;
  let x = cell;
  if (type === "dynamic" && typeof cell === "string") {
    try {
      x = JSON.parse(cell);
    } catch {
      x = cell;
    }
  }
  if ((type === "real" || type === "decimal") && typeof cell === "string") {
    const special: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };
    if (cell in special) return special[cell];
  }
  const converted = coerce(x, type);
  return converted.ok ? converted.value : typeof cell === "string" ? cell : JSON.stringify(cell);
}

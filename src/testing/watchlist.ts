/**
 * Watchlists a case provides (`watchlists: {VIPs: rows | file}`) for `_GetWatchlist('VIPs')`.
 * Watchlists have no schema: each column's type is inferred from its values, except the columns
 * every Sentinel watchlist has (`SearchKey` is a string, `WatchlistItem` the row as a bag), which
 * come first, as the service returns them. Watchlists have no `TimeGenerated`: never windowed.
 */
import { coerce, inferType } from "../engine/coerce.js";
import { columnFromValues } from "../engine/column.js";
import { Table } from "../engine/table.js";
import type { KqlType, Value } from "../engine/values.js";
import type { ColumnSchema } from "../schema/registry.js";
import type { RawRecords } from "./fixture-file.js";
import { TestInputError } from "./source.js";

/** The columns `_GetWatchlist` returns for every watchlist, before the watchlist's own. */
export const WATCHLIST_COLUMNS: readonly { readonly name: string; readonly type: KqlType }[] = [
  { name: "_DTItemId", type: "string" },
  { name: "LastUpdatedTimeUTC", type: "datetime" },
  { name: "SearchKey", type: "string" },
  { name: "WatchlistItem", type: "dynamic" },
];

const STANDARD = new Map(WATCHLIST_COLUMNS.map((c) => [c.name, c.type] as const));

/**
 * The evaluator table for a watchlist's rows. `fromText`: cells are text (CSV), so numbers and
 * booleans are recognised in it. `declared`: a custom schema named like the alias, if any (its
 * columns exist even when no row sets them, with their declared types). A cell its column's
 * type cannot hold is an error at the cell.
 */
export function watchlistTable(alias: string, raw: RawRecords, fromText: boolean, declared?: readonly ColumnSchema[]): Table {
  const types = new Map<string, KqlType>();
  for (const c of declared ?? []) if (!STANDARD.has(c.name)) types.set(c.name, c.type);
  for (const record of raw.records) {
    for (const key of Object.keys(record)) {
      if (!STANDARD.has(key) && !types.has(key)) types.set(key, inferType(raw.records.map((r) => r[key]), fromText));
    }
  }
  const columns = [...WATCHLIST_COLUMNS, ...[...types].map(([name, type]) => ({ name, type }))];
  const cells = (name: string, type: KqlType): Value[] =>
    raw.records.map((record, r) => {
      const cell = name === "WatchlistItem" && record.WatchlistItem === undefined ? ownItem(record) : record[name];
      if (cell === undefined || cell === null) return type === "string" ? "" : null;
      const converted = coerce(cell, type);
      if (!converted.ok) {
        throw new TestInputError(
          raw.locate([r, name]),
          `watchlist '${alias}' column ${name} is ${type}${STANDARD.has(name) || declared?.some((c) => c.name === name) ? "" : " (inferred from its values)"}: expected ${converted.expected}, got ${JSON.stringify(cell)}`,
          "fixture-type",
        );
      }
      return converted.value;
    });
  return new Table(
    alias,
    columns.map((c) => ({ name: c.name, data: columnFromValues(c.type, cells(c.name, c.type)) })),
    raw.records.length,
  );
}

/** `WatchlistItem`: the row's own columns as a bag, as the service stores a watchlist item. */
function ownItem(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !STANDARD.has(k)));
}

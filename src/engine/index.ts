/**
 * The local KQL evaluator: load tables, evaluate queries with Kusto's semantics, print results.
 * This is the engine's public API; other rooms import only from here.
 */
export { ArrayColumn, type Column, DictColumn } from "./column.js";
export { KqlError, TableLoadError } from "./errors.js";
export { evaluate, type EvaluateOptions, type QueryResult, type ResultColumn, type ResultTable, type WatchlistProvider } from "./evaluate.js";
export { type LoadOptions, loadTableFile, tableFromCsvText, tableFromJsonText, tableFromRecords, type TableSchemaLike } from "./load.js";
export { formatTextTable, jsonCell, rowsAsRecords, toCsv, toLogAnalyticsJson } from "./output.js";
export { type ColumnInfo, emptyTable, type NamedColumn, Table } from "./table.js";
export type { KDateTime, KqlType, Value } from "./values.js";

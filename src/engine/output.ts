/**
 * Result formats: the Log Analytics API JSON shape, aligned text for people, CSV, and plain
 * records for tests. Values print as Kusto prints them (datetime ISO with 7 digits and `Z`,
 * timespan `[-][d.]hh:mm:ss[.fffffff]`, dynamic as compact JSON).
 */
import type { QueryResult, ResultTable } from "./evaluate.js";
import { dynToJson, formatDateTime, formatReal, formatTimespan, valueToString } from "./format.js";
import { isDateTime, isDynValue, isGuid, isTimespan, type KqlType, type Value } from "./values.js";

/** A cell as a JSON-compatible value (what the Log Analytics API returns). */
export function jsonCell(v: Value, type: KqlType): unknown {
  if (v === null) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    return v;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isDateTime(v)) return formatDateTime(v);
  if (isTimespan(v)) return formatTimespan(v);
  if (isGuid(v)) return v.value;
  if (isDynValue(v)) return JSON.parse(dynToJson(v.value));
  return valueToString(v, type);
}

export function toLogAnalyticsJson(result: QueryResult): string {
  const tables = result.tables.map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: t.rows.map((r) => r.map((v, i) => jsonCell(v, t.columns[i].type))),
  }));
  return JSON.stringify({ tables });
}

/** A cell as text, as Kusto tools show it. */
export function cellText(v: Value, type: KqlType): string {
  if (v === null) return "";
  if (typeof v === "number" && (type === "real" || type === "decimal")) return formatReal(v);
  if (isDynValue(v)) return dynToJson(v.value);
  return valueToString(v, type);
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text for a terminal: control characters (C0, DEL, C1), line/paragraph separators and bidi
 * overrides are shown escaped (`\n`, `\t`, `\x1b`, `\u202e`), so data can neither break the
 * table layout nor send escape sequences to the terminal.
 */
export function escapeForTerminal(s: string): string {
  return s.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const named = NAMED_ESCAPES[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

function tableText(t: ResultTable): string {
  const header = t.columns.map((c) => escapeForTerminal(c.name));
  const body = t.rows.map((r) => r.map((v, i) => escapeForTerminal(cellText(v, t.columns[i].type))));
  // A loop, not Math.max(...column): spreading 100k+ rows overflows the stack.
  const widths = header.map((h, i) => body.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  const count = `(${t.rows.length} row${t.rows.length === 1 ? "" : "s"})`;
  return [line(header), rule, ...body.map(line), count].join("\n");
}

/** Aligned text tables, one per result, for people. */
export function formatTextTable(result: QueryResult): string {
  return `${result.tables.map((t) => (result.tables.length > 1 ? `${escapeForTerminal(t.name)}\n${tableText(t)}` : tableText(t))).join("\n\n")}\n`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of the primary result (header row, then one line per row). */
export function toCsv(result: QueryResult): string {
  const t = result.tables[0];
  if (!t) return "";
  const lines = [t.columns.map((c) => csvField(c.name)).join(",")];
  for (const r of t.rows) lines.push(r.map((v, i) => csvField(cellText(v, t.columns[i].type))).join(","));
  return `${lines.join("\n")}\n`;
}

/** Rows as plain objects with JSON-friendly values (for test assertions). */
export function rowsAsRecords(table: ResultTable): Record<string, unknown>[] {
  return table.rows.map((r) => {
    const o: Record<string, unknown> = {};
    table.columns.forEach((c, i) => {
      o[c.name] = jsonCell(r[i], c.type);
    });
    return o;
  });
}

/** Live errors as positioned diagnostics on the query text, and the result formats of `kustodian run`. */
import { type Diagnostic, caretSnippet } from "../diagnostics.js";
import type { QueryResult } from "../engine/index.js";
import type { LiveError } from "./errors.js";

export const FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof FORMATS)[number];

/**
 * The service's error position (line, pos) mapped onto the text we sent, minus `prefixLines`
 * lines we added in front of the user's query (the `datatable` lets of `test --live`).
 */
export function liveDiagnostics(error: LiveError, query: string, file: string, prefixLines = 0): Diagnostic[] {
  const at = error.position();
  if (!at) return [];
  const lines = query.split("\n");
  const line = at.line - prefixLines;
  if (line < 1 || line > lines.length) return [{ severity: "error", message: at.message, file, code: "live-query" }];
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  const column = Math.min(at.column, lines[line - 1].length + 1);
  return [{ severity: "error", message: at.message, file, line, column, code: "live-query", snippet: caretSnippet(query, offset + column - 1) }];
}

export async function formatResult(result: QueryResult, format: OutputFormat): Promise<string> {
  const engine = await import("../engine/index.js");
  if (format === "json") return `${engine.toLogAnalyticsJson(result)}\n`;
  if (format === "csv") return engine.toCsv(result);
  return engine.formatTextTable(result);
}

/** Live errors as positioned diagnostics on the query text, and the result formats of `kustodian run`. */
import { type Diagnostic, caretSnippet, lineColAt } from "../diagnostics.js";
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
  offset += Math.min(at.column, lines[line - 1].length + 1) - 1;
  // An error at the end of input ("expected an expression") is reported past the trailing
  // line break, on an empty line: point just after the last thing written instead.
  const written = query.trimEnd().length;
  if (offset > written && written > 0) offset = written;
  const where = lineColAt(query, offset);
  return [{ severity: "error", message: at.message, file, line: where.line, column: where.column, code: "live-query", snippet: caretSnippet(query, offset) }];
}

export async function formatResult(result: QueryResult, format: OutputFormat): Promise<string> {
  const engine = await import("../engine/index.js");
  if (format === "json") return `${engine.toLogAnalyticsJson(result)}\n`;
  if (format === "csv") return engine.toCsv(result);
  return engine.formatTextTable(result);
}

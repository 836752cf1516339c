/**
 * Points a query error at the detection file. The evaluator runs (and positions its errors in)
 * the printed KQL. For a raw `kql` query the text sits in the file from `queryOrigin`, so the
 * position maps back there (the same token-occurrence mapping `validate` uses); a builder query
 * has no KQL in the file, so the error points at the `query` property and shows the printed KQL.
 */
import { caretSnippet, type Diagnostic, type LineCol, lineColAt } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import { SourceLocator } from "../validate/locate.js";
import { mapPrintedRange, offsetOf } from "../validate/query-map.js";

/** The caret width of an evaluator snippet (`^^^^` under the offending text), at least 1. */
function caretWidth(snippet: string | undefined): number {
  const last = snippet?.split("\n").at(-1) ?? "";
  const carets = last.trim();
  return /^\^+$/.test(carets) ? carets.length : 1;
}

/**
 * The diagnostics of a query error, positioned in `detection.file` (shown as `shownFile`).
 * Diagnostics without a line (not positioned in the query) keep their own file.
 */
export function diagnosticsInDetection(
  diagnostics: readonly Diagnostic[],
  detection: CompiledDetection,
  shownFile: string,
): Diagnostic[] {
  const locator = new SourceLocator();
  return diagnostics.map((d) => {
    if (d.line === undefined) return { ...d, file: d.file ?? shownFile };
    const start = offsetOf(detection.kql, { line: d.line, column: d.column ?? 1 });
    const width = caretWidth(d.snippet);
    const mapped = mapPrintedRange(detection, locator, start, width);
    if (mapped) {
      const text = locator.text(detection.file);
      const raw = quotedLiteral(detection, text, start, width) ?? mapped;
      return { ...d, file: shownFile, ...raw, snippet: caretSnippet(text, offsetOf(text, raw), width) };
    }
    const at = detection.queryOrigin === null ? locator.locate(detection.file, { path: ["query"] }) : undefined;
    const printed = lineColAt(detection.kql, start);
    return {
      ...d,
      file: shownFile,
      line: at?.line,
      column: at?.column,
      snippet: `printed KQL, line ${printed.line}:\n${caretSnippet(detection.kql, start, width)}`,
    };
  });
}

/**
 * A string literal the printer re-quoted (`'VIPs'` is printed `"VIPs"`, which token matching
 * cannot find in the file): the k-th printed occurrence is the k-th in the raw query, in either quote.
 */
function quotedLiteral(detection: CompiledDetection, text: string, start: number, width: number): LineCol | undefined {
  const token = detection.kql.slice(start, start + width);
  const m = /^(["'])(.*)\1$/s.exec(token);
  if (!m || detection.queryOrigin === null) return undefined;
  const inner = m[2].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const literal = new RegExp(`(["'])${inner}\\1`, "g");
  let index = 0;
  for (const hit of detection.kql.matchAll(literal)) {
    if (hit.index >= start) break;
    index++;
  }
  const origin = offsetOf(text, detection.queryOrigin);
  const end = text.indexOf("`", origin);
  const region = text.slice(origin, end < 0 ? text.length : end);
  const hits = [...region.matchAll(literal)];
  return hits[index] ? lineColAt(text, origin + hits[index].index) : undefined;
}

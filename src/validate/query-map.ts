/**
 * Maps places in a detection's query back to its file. For raw KQL (`queryOrigin` set) the
 * query text sits in the file; the analyzer reports offsets into the printed (canonical) KQL,
 * which differs from the raw text only in layout. Tokens survive printing, so the k-th
 * occurrence of the offending token in the printed query is the k-th occurrence in the raw
 * query. Builder queries have no KQL in the file: their findings point at the `query` property.
 */
import { type LineCol, lineColAt } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import type { SourceLocator } from "./locate.js";

/** Offset in `text` of a 1-based line and column. */
export function offsetOf(text: string, pos: LineCol): number {
  let offset = 0;
  for (let line = 1; line < pos.line; line++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + pos.column - 1);
}

/** The raw query region in the file: from its origin to the closing backtick of the template. */
function rawRegion(d: CompiledDetection, text: string): { start: number; end: number } | undefined {
  if (!d.queryOrigin || text === "") return undefined;
  const start = offsetOf(text, d.queryOrigin);
  let end = start;
  while (end < text.length && !(text[end] === "`" && text[end - 1] !== "\\")) end++;
  return { start, end };
}

const WORD = /^[A-Za-z_$][\w$]*$/;

function occurrencePattern(token: string): RegExp {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return WORD.test(token) ? new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, "g") : new RegExp(escaped, "g");
}

/** The token at an offset of the printed KQL: the analyzer's range, widened to a word when empty. */
function tokenAt(kql: string, start: number, length: number): { token: string; start: number } {
  if (length > 0) return { token: kql.slice(start, start + length), start };
  let s = Math.min(start, kql.length);
  while (s > 0 && /\s/.test(kql[s - 1])) s--;
  let b = s;
  while (b > 0 && /[\w$]/.test(kql[b - 1])) b--;
  return b < s ? { token: kql.slice(b, s), start: b } : { token: kql.slice(Math.max(0, s - 1), s), start: Math.max(0, s - 1) };
}

/** File position of a range of the printed KQL, for raw-KQL detections; undefined for builder ones. */
export function mapPrintedRange(d: CompiledDetection, locator: SourceLocator, start: number, length: number): LineCol | undefined {
  const text = locator.text(d.file);
  const region = rawRegion(d, text);
  if (!region) return undefined;
  const { token, start: tokenStart } = tokenAt(d.kql, start, length);
  if (token.trim() === "") return lineColAt(text, region.start);
  const pattern = occurrencePattern(token);
  let index = 0;
  for (const m of d.kql.matchAll(pattern)) {
    if (m.index >= tokenStart) break;
    index++;
  }
  const raw = text.slice(region.start, region.end);
  let seen = 0;
  for (const m of raw.matchAll(pattern)) {
    if (seen === index) return lineColAt(text, region.start + m.index);
    seen++;
  }
  return lineColAt(text, region.start);
}

/** File position of an AST node's span in a raw-KQL detection, checked against the expected text. */
export function mapAstSpan(
  d: CompiledDetection,
  locator: SourceLocator,
  span: { readonly start: number; readonly end: number },
  expected: string,
): LineCol | undefined {
  const text = locator.text(d.file);
  const region = rawRegion(d, text);
  if (!region || span.start < 0) return undefined;
  const offset = region.start + span.start;
  if (text.startsWith(expected, offset)) return lineColAt(text, offset);
  const at = text.indexOf(expected, region.start);
  return lineColAt(text, at >= 0 && at < region.end ? at : region.start);
}

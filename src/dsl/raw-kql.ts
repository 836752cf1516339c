/**
 * Turns a `kql` template into query text, and maps positions in that text back to the
 * detection file: literal parts map one to one (the text is taken raw), an interpolated value
 * maps to its `${`.
 */
import { type Diagnostic, caretSnippet, lineColAt } from "../diagnostics.js";
import type { Expr } from "../kql/ast.js";
import type { KqlQuery, KqlTemplateValue } from "./kql-template.js";

/** The front-end functions composing needs (passed in, so this module stays light). */
export interface Printer {
  kqlString(value: string): string;
  quoteIdentifier(name: string): string;
  print(node: Expr): string;
}

interface Segment {
  /** [start, end) in the composed text. */
  readonly start: number;
  readonly end: number;
  /** Offset in the file of the segment's first character (literal) or of its `${` (value); null when unknown. */
  readonly fileOffset: number | null;
  readonly literal: boolean;
}

export interface ComposedKql {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Where the query text starts in the file, when the template was found there. */
  readonly originOffset: number | null;
}

export function composeKql(query: KqlQuery, source: string | null, p: Printer): ComposedKql {
  const fileStarts = source === null ? null : locateTemplate(query.strings, source);
  const segments: Segment[] = [];
  let text = "";
  query.strings.forEach((part, i) => {
    segments.push({ start: text.length, end: text.length + part.length, fileOffset: fileStarts?.[i]?.literal ?? null, literal: true });
    text += part;
    if (i < query.values.length) {
      const rendered = renderValue(query.values[i], p);
      segments.push({ start: text.length, end: text.length + rendered.length, fileOffset: fileStarts?.[i]?.value ?? null, literal: false });
      text += rendered;
    }
  });
  return { text, segments, originOffset: fileStarts?.[0]?.literal ?? null };
}

function renderValue(v: KqlTemplateValue, p: Printer): string {
  switch (v.kind) {
    case "string":
      return p.kqlString(v.value);
    case "text":
      return v.text;
    case "name":
      return p.quoteIdentifier(v.name);
    case "list":
      return `dynamic([${v.items.map((item) => renderValue(item, p)).join(", ")}])`;
    case "node":
      return `(${p.print(v.node)})`;
  }
}

/**
 * Finds the template in the file: the offset of each literal part and of each `${`.
 * Returns null when the text is not in this file (e.g. the query comes from a helper).
 */
function locateTemplate(
  strings: readonly string[],
  source: string,
): { literal: number; value: number | null }[] | null {
  const tag = /\bkql\s*`/g;
  for (let m = tag.exec(source); m !== null; m = tag.exec(source)) {
    const start = m.index + m[0].length;
    if (!source.startsWith(strings[0], start)) continue;
    const out: { literal: number; value: number | null }[] = [];
    let pos = start;
    let ok = true;
    for (let i = 0; i < strings.length; i++) {
      if (!source.startsWith(strings[i], pos)) {
        ok = false;
        break;
      }
      const valueAt = pos + strings[i].length;
      out.push({ literal: pos, value: i < strings.length - 1 ? valueAt : null });
      if (i < strings.length - 1) {
        const close = matchingBrace(source, valueAt + 2);
        if (close < 0) {
          ok = false;
          break;
        }
        pos = close + 1;
      }
    }
    if (ok) return out;
  }
  return null;
}

/** The `}` closing a `${` whose content starts at `from` (skips nested braces and simple strings). */
function matchingBrace(source: string, from: number): number {
  let depth = 1;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** A diagnostic from the composed text, moved to the detection file. */
export function mapDiagnostic(d: Diagnostic, composed: ComposedKql, file: string, source: string | null): Diagnostic {
  const offset = offsetOf(composed.text, d.line ?? 1, d.column ?? 1);
  const seg = composed.segments.find((s) => offset >= s.start && offset < s.end) ?? composed.segments.at(-1);
  if (source !== null && seg !== undefined && seg.fileOffset !== null) {
    const fileOffset = seg.literal ? seg.fileOffset + (offset - seg.start) : seg.fileOffset;
    const { line, column } = lineColAt(source, fileOffset);
    return { ...d, file, line, column, snippet: caretSnippet(source, fileOffset) };
  }
  // The template is not in this file: keep the position inside the query text.
  return {
    ...d,
    file,
    message: `in the kql query (line ${d.line ?? 1}, column ${d.column ?? 1} of the query text): ${d.message}`,
    line: 1,
    column: 1,
  };
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return offset + column - 1;
}

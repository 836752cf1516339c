/**
 * Positioned diagnostics: the one shape every room reports problems in, and the one
 * format (`path:line:col: message`) the CLI prints them in.
 */

import { isAbsolute, relative } from "node:path";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  /** Path as the user gave it (or relative to the working directory); `<stdin>` for standard input. */
  readonly file?: string;
  /** 1-based line and column. */
  readonly line?: number;
  readonly column?: number;
  /** A stable identifier of the check or error kind, e.g. `KQL1001`, `entity-identifier`. */
  readonly code?: string;
  /** Optional source excerpt with a caret under the column. */
  readonly snippet?: string;
}

export interface LineCol {
  readonly line: number;
  readonly column: number;
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineColAt(text: string, offset: number): LineCol {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The source line holding `offset`, with a caret under it. */
export function caretSnippet(text: string, offset: number, length = 1): string {
  const { column } = lineColAt(text, offset);
  const start = offset - (column - 1);
  let stop = text.indexOf("\n", start);
  if (stop < 0) stop = text.length;
  const lineText = text.slice(start, stop).replace(/\t/g, " ");
  const width = Math.max(1, Math.min(length, stop - offset));
  return `${lineText}\n${" ".repeat(column - 1)}${"^".repeat(width)}`;
}

/** `path:line:col: severity: message` (parts that are unknown are left out). */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? "";
  if (d.line !== undefined) where += `${where ? ":" : ""}${d.line}:${d.column ?? 1}`;
  const head = `${where ? `${where}: ` : ""}${d.severity}: ${d.message}${d.code ? ` [${d.code}]` : ""}`;
  return d.snippet ? `${head}\n${indent(d.snippet)}` : head;
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

/** A path as messages show it: relative to `from` when inside it (`.` for `from` itself), else as given. */
export function displayPath(file: string, from: string = process.cwd()): string {
  const rel = relative(from, file);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

/** The same diagnostics with absolute file paths shown relative to the working directory. */
export function withDisplayPaths(diagnostics: readonly Diagnostic[], from: string = process.cwd()): Diagnostic[] {
  return diagnostics.map((d) => (d.file !== undefined && isAbsolute(d.file) ? { ...d, file: displayPath(d.file, from) } : d));
}

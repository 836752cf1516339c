/**
 * Errors the evaluator and the table loaders throw. Both carry positioned `Diagnostic`s so the
 * CLI prints `file:line:col: error: message` and programs can read them.
 */
import { caretSnippet, type Diagnostic, lineColAt } from "../diagnostics.js";
import type { Span } from "../kql/ast.js";

/** A query that cannot be evaluated: syntax, unknown names, type errors, unsupported features. */
export class KqlError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = "KqlError";
    this.diagnostics = diagnostics;
  }
}

/** A table file that cannot be loaded: the diagnostic names file, line, column and the problem. */
export class TableLoadError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = "TableLoadError";
    this.diagnostics = diagnostics;
  }
}

/**
 * Thrown inside the evaluator where only the node is at hand; `evaluate` turns it into a
 * `KqlError` with line/column once it knows the source text.
 */
export class EvalFailure extends Error {
  readonly span: Span | null;
  readonly code: string;
  constructor(message: string, span: Span | null, code = "KQL2000") {
    super(message);
    this.name = "EvalFailure";
    this.span = span;
    this.code = code;
  }
}

export function fail(message: string, at: { readonly span: Span } | Span | null, code?: string): never {
  const span = at === null ? null : "span" in at ? at.span : at;
  throw new EvalFailure(message, span, code);
}

export function unsupported(what: string, at: { readonly span: Span } | null): never {
  fail(`unsupported: ${what}`, at, "KQL2001");
}

/** Positions an evaluation failure in the query text. */
export function toDiagnostic(e: EvalFailure, text: string | null, file: string | undefined): Diagnostic {
  if (text === null || e.span === null || e.span.start < 0) {
    return { severity: "error", message: e.message, code: e.code, ...(file ? { file } : {}) };
  }
  const { line, column } = lineColAt(text, e.span.start);
  return {
    severity: "error",
    message: e.message,
    code: e.code,
    line,
    column,
    snippet: caretSnippet(text, e.span.start, Math.max(1, e.span.end - e.span.start)),
    ...(file ? { file } : {}),
  };
}

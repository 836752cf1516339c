/**
 * The KQL front end: `parse` text into the AST (`ast.ts`), `print` it back as canonical
 * KQL, and the helpers every room needs to build or walk KQL safely.
 */
import { type Diagnostic, caretSnippet, lineColAt } from "../diagnostics.js";
import type { Expr, Script } from "./ast.js";
import { type SyntaxProblem, parseExpressionText, parseScriptText } from "./parser.js";

export * from "./ast.js";
export { astEquals, firstDifference, resetSpans, stripSpans } from "./equality.js";
export { MAX_CHAIN, MAX_NESTING } from "./parser.js";
export { type Printable, isOperator, print } from "./printer.js";
export { isPlainIdentifier, kqlString, quoteIdentifier } from "./strings.js";
export { CHILDREN, forEachChild, isNode, mapChildren, walk } from "./traverse.js";

export interface ParseOptions {
  /** File name reported in diagnostics. */
  readonly file?: string;
}

export interface ParseResult {
  /** The statements that parsed; partial when `diagnostics` is not empty. */
  readonly script: Script;
  readonly diagnostics: Diagnostic[];
}

/** Parses a KQL text (statements separated by `;`). Never throws on bad input. */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const { node, errors } = parseScriptText(text);
  return { script: node, diagnostics: errors.map((e) => toDiagnostic(text, e, options.file)) };
}

export interface ExpressionResult {
  readonly expr: Expr | null;
  readonly diagnostics: Diagnostic[];
}

/** Parses one expression (scalar or tabular); `expr` is null when it has errors. */
export function parseExpression(text: string, options: ParseOptions = {}): ExpressionResult {
  const { node, errors } = parseExpressionText(text);
  return { expr: errors.length ? null : node, diagnostics: errors.map((e) => toDiagnostic(text, e, options.file)) };
}

function toDiagnostic(text: string, e: SyntaxProblem, file: string | undefined): Diagnostic {
  const { line, column } = lineColAt(text, e.start);
  return {
    severity: "error",
    message: e.message,
    ...(file !== undefined ? { file } : {}),
    line,
    column,
    code: e.code,
    snippet: caretSnippet(text, e.start, Math.max(1, e.end - e.start)),
  };
}

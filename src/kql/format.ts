/**
 * `kustodian fmt`: canonical layout of a KQL text that keeps its `//` comments.
 *
 * The AST has no comments, so the printer asks a `CommentSource` for the comments that come
 * before each statement and each `| operator` (at any depth) and writes them on their own
 * lines there; a comment that ended a line in the source stays at the end of that line. A
 * comment written inside an expression moves to the end of the operator or statement holding
 * it: its text is kept, its exact column cannot be.
 */
import type { Diagnostic } from "../diagnostics.js";
import { astEquals } from "./equality.js";
import { parse } from "./index.js";
import type { Comment } from "./lexer.js";
import { parseScriptText } from "./parser.js";
import { type CommentSource, printWithComments } from "./printer.js";

export interface FormatResult {
  /** The formatted text (ends with a newline unless empty); null when the input has syntax errors. */
  readonly output: string | null;
  readonly diagnostics: Diagnostic[];
}

export function formatKql(text: string, file?: string): FormatResult {
  const checked = parse(text, file === undefined ? {} : { file });
  if (checked.diagnostics.length) return { output: null, diagnostics: checked.diagnostics };
  const comments: Comment[] = [];
  const { node: script } = parseScriptText(text, comments);
  const body = printWithComments(script, commentSource(text, comments));
  const output = body === "" ? "" : `${body}\n`;
  // the layout must never change meaning: re-read it and compare
  const again = parse(output);
  if (again.diagnostics.length || !astEquals(again.script, script)) {
    throw new Error("internal error: formatted KQL does not read back as the same query");
  }
  return { output, diagnostics: [] };
}

/** Hands out comments in source order. */
function commentSource(text: string, comments: readonly Comment[]): CommentSource {
  let next = 0;
  return {
    take(before, prevEnd) {
      const leading: string[] = [];
      let trailing: string | null = null;
      while (next < comments.length && comments[next].start < before) {
        const c = comments[next++];
        const sameLine = prevEnd >= 0 && !/[\r\n]/.test(text.slice(prevEnd, c.start));
        if (sameLine && trailing === null && leading.length === 0) trailing = c.text;
        else leading.push(c.text);
      }
      return { leading, trailing };
    },
  };
}

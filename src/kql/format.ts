/**
 * `kustodian fmt`: canonical layout of a KQL text that keeps its `//` comments.
 *
 * The printer works on the AST, which has no comments, so formatting cuts the script into
 * units (statements, and each `| operator` of a top-level pipeline), prints each unit, and
 * puts every comment back before the unit that follows it, or after the unit it trails on
 * the same line. A comment written inside a unit (e.g. within a join subquery) moves to the
 * line before that unit: its text is kept, its exact position cannot be.
 */
import type { Diagnostic } from "../diagnostics.js";
import type * as A from "./ast.js";
import { astEquals } from "./equality.js";
import { parse } from "./index.js";
import type { Comment } from "./lexer.js";
import { PREC } from "./operators.js";
import { parseScriptText } from "./parser.js";
import { expr, printOperator, printStatement } from "./printer.js";
import { quoteIdentifier } from "./strings.js";

export interface FormatResult {
  /** The formatted text (ends with a newline); null when the input has syntax errors. */
  readonly output: string | null;
  readonly diagnostics: Diagnostic[];
}

interface Unit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  leading: string[];
  trailing: string | null;
}

export function formatKql(text: string, file?: string): FormatResult {
  const checked = parse(text, file === undefined ? {} : { file });
  if (checked.diagnostics.length) return { output: null, diagnostics: checked.diagnostics };
  const comments: Comment[] = [];
  const { node: script } = parseScriptText(text, comments);
  const units = cutIntoUnits(script);
  const rest = placeComments(text, units, comments);
  const lines: string[] = [];
  for (const u of units) {
    lines.push(...u.leading);
    lines.push(u.trailing ? `${u.text} ${u.trailing}` : u.text);
  }
  lines.push(...rest);
  const output = `${lines.join("\n")}\n`;
  // the layout must never change meaning: re-read it and compare
  const again = parse(output);
  if (again.diagnostics.length || !astEquals(again.script, script)) {
    throw new Error("internal error: formatted KQL does not read back as the same query");
  }
  return { output: output === "\n" ? "" : output, diagnostics: [] };
}

function cutIntoUnits(script: A.Script): Unit[] {
  const units: Unit[] = [];
  const add = (start: number, end: number, text: string) => units.push({ start, end, text, leading: [], trailing: null });
  script.statements.forEach((st, i) => {
    const last = i === script.statements.length - 1;
    const pipe = pipelineOf(st);
    if (pipe === null) {
      add(st.span.start, st.span.end, printStatement(st, last));
      return;
    }
    const head = st.kind === "Let" ? `let ${quoteIdentifier(st.name)} = ${expr(pipe.source, PREC.pipe)}` : expr(pipe.source, PREC.pipe);
    add(st.span.start, pipe.source.span.end, head);
    pipe.operators.forEach((op, j) => {
      const isLast = j === pipe.operators.length - 1;
      const end = st.kind === "Let" || !last ? ";" : "";
      add(op.span.start, op.span.end, `| ${printOperator(op)}${isLast ? end : ""}`);
    });
  });
  return units;
}

/** The top-level pipeline a statement is laid out around, if any. */
function pipelineOf(st: A.Statement): A.Pipeline | null {
  if (st.kind === "QueryStatement" && st.expr.kind === "Pipeline") return st.expr;
  if (st.kind === "Let" && !st.view && st.value.kind === "Pipeline") return st.value;
  return null;
}

/** Attaches comments to units; returns those after the last unit. */
function placeComments(text: string, units: Unit[], comments: readonly Comment[]): string[] {
  const rest: string[] = [];
  let u = 0;
  for (const c of comments) {
    while (u < units.length && units[u].end <= c.start) u++;
    const prev = units[u - 1];
    if (prev && !/[\r\n]/.test(text.slice(prev.end, c.start)) && prev.trailing === null && (u === units.length || c.end <= units[u].start)) {
      prev.trailing = c.text;
      continue;
    }
    if (u < units.length) units[u].leading.push(c.text);
    else rest.push(c.text);
  }
  return rest;
}

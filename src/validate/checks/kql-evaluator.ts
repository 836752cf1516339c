/**
 * The compiled query runs on Kustodian's evaluator (over empty tables of the known schemas). Kusto
 * raises some errors only when a query runs, which its analyzer (`kql-semantic`) does not flag:
 * `SigninLogs | where ResultType != 0` compares a string with a long. The evaluator follows the
 * engine, so such a rule would fail in Sentinel and in `kustodian test`; this check says so before.
 */
import { caretSnippet, type Diagnostic } from "../../diagnostics.js";
import type { CompiledDetection } from "../../dsl/model.js";
import type { CheckContext, Finding, RuleCheck } from "../check.js";
import { mapPrintedRange, offsetOf } from "../query-map.js";

/** What the evaluator said about a query; undefined when it did not run (no schemas). */
export type EvaluatorOutcome =
  | { readonly kind: "ok" }
  | { readonly kind: "failed"; readonly diagnostics: readonly Diagnostic[] }
  /** The evaluator itself broke (not a KqlError): nothing to tell the author. */
  | { readonly kind: "crashed" };

/** Codes that depend on the workspace (functions, watchlists, tables the evaluator has no schema for): `kql-semantic` covers them. */
const ENVIRONMENT_CODES = new Set(["KQL2006", "KQL2009"]);
/** The evaluator cannot run the query: not an error in the rule, but `kustodian test` cannot prove it. */
const LIMIT_CODES = new Set(["KQL2001", "KQL2010"]);

/** The token at an offset of the printed KQL (a word, a quoted string, or one character). */
function tokenLength(kql: string, offset: number): number {
  const m = /^(?:[A-Za-z_$][\w$]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S)/.exec(kql.slice(offset));
  return m ? m[0].length : 1;
}

function toFinding(d: CompiledDetection, ctx: CheckContext, diag: Diagnostic): Finding | null {
  const code = diag.code ?? "KQL2000";
  if (ENVIRONMENT_CODES.has(code)) return null;
  const severity = LIMIT_CODES.has(code) ? ("info" as const) : undefined;
  const message = severity
    ? `Kustodian's evaluator cannot run this query, so \`kustodian test\` cannot prove it: ${diag.message} [${code}]`
    : `${diag.message} [${code}]`;
  if (diag.line === undefined) return { message, ...(severity ? { severity } : {}), at: { path: ["query"] } };
  const offset = offsetOf(d.kql, { line: diag.line, column: diag.column ?? 1 });
  const length = tokenLength(d.kql, offset);
  const position = mapPrintedRange(d, ctx.locator, offset, length);
  return {
    message,
    ...(severity ? { severity } : {}),
    snippet: caretSnippet(d.kql, offset, length),
    ...(position ? { position } : { at: { path: ["query"] } }),
  };
}

export const KQL_EVALUATOR_CHECKS: readonly RuleCheck[] = [
  {
    id: "kql-evaluator",
    group: "kql",
    severity: "error",
    title: "The query runs: no type errors Kusto raises at run time",
    help: "The compiled KQL is run by Kustodian's evaluator over empty tables of the known schemas. Kusto's engine rejects some queries only when they run (comparing a string column with a number, `SigninLogs | where ResultType != 0`); the analyzer lets them through. Convert explicitly (`ResultType != \"0\"`, `toint(ResultType) != 0`).",
    check: (d, ctx) => {
      const outcome = ctx.evaluatorOf(d);
      if (outcome?.kind !== "failed") return [];
      // The evaluator stops at the first error; when Kusto's analyzer reports errors, that is
      // almost always the same problem (`ResultType > 0`): one finding per problem is enough.
      if (ctx.semanticOf(d)?.diagnostics.some((s) => s.severity === "error")) return [];
      return outcome.diagnostics.flatMap((diag) => toFinding(d, ctx, diag) ?? []);
    },
  },
];

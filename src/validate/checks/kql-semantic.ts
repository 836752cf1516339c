/** Microsoft's KQL analyzer over the compiled query: unknown tables, columns, functions, type errors. */
import { caretSnippet } from "../../diagnostics.js";
import type { RuleCheck } from "../check.js";
import { mapPrintedRange } from "../query-map.js";

export const KQL_SEMANTIC_CHECKS: readonly RuleCheck[] = [
  {
    id: "kql-semantic",
    group: "kql",
    severity: "error",
    title: "The query passes Kusto's semantic analysis against the workspace schemas",
    help: "The compiled KQL is analyzed with Microsoft's Kusto.Language against the built-in and custom table schemas, the functions declared in config and watchlists. Add a custom schema (schemas folder) or a function declaration (config `functions`) for tables and parsers the workspace has.",
    check: (d, ctx) => {
      const analysis = ctx.semanticOf(d);
      if (!analysis) return [];
      return analysis.diagnostics.map((sd) => {
        const position = mapPrintedRange(d, ctx.locator, sd.start, sd.length);
        return {
          severity: sd.severity,
          message: `${sd.message} [${sd.code}]`,
          snippet: caretSnippet(d.kql, sd.start, Math.max(1, sd.length)),
          ...(position ? { position } : { at: { path: ["query"] } }),
        };
      });
    },
  },
];

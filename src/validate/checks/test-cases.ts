/**
 * Test cases are well formed: the rule's `tests` and its case files `<fixtures>/<slug>/*.test.yaml`
 * are read by the test runner's own loader (`src/testing/cases.ts`), so validate reports exactly
 * what `kustodian test` would reject: invalid YAML, unknown keys, bad `now`/`alerts`/`tables`.
 */
import { join } from "node:path";
import { loadCases } from "../../testing/cases.js";
import type { Finding, RuleCheck } from "../check.js";

export const TEST_CASE_CHECKS: readonly RuleCheck[] = [
  {
    id: "test-case-invalid",
    group: "tests",
    severity: "error",
    waivable: false,
    title: "Test cases and case files are well formed",
    help: "Each case needs a name, `now` (ISO 8601), `tables` (fixture files or rows) and `alerts` (a count or a comparison); case files must be valid YAML. `kustodian test` cannot run a malformed case.",
    check: (d, ctx) => {
      // Without a fixtures folder only the rule's own `tests` are read: a folder inside the
      // detection *file's* path never exists.
      const root = ctx.fixturesDir ?? join(d.file, "no-fixtures");
      let problems: ReturnType<typeof loadCases>["problems"];
      try {
        problems = loadCases(d, root).problems;
      } catch (e) {
        return [{ message: `cannot read the test cases: ${(e as Error).message}`, at: { path: ["tests"] } }];
      }
      return problems.map((p): Finding => ({
        message: p.message,
        ...(p.file ? { file: p.file } : {}),
        ...(p.line !== undefined ? { position: { line: p.line, column: p.column ?? 1 } } : { at: { path: ["tests"] } }),
      }));
    },
  },
];

/**
 * Every detection proves itself: at least `tests.minAlerting` cases that must alert and
 * `tests.minQuiet` cases that must stay quiet, counted over `spec.tests` and the case files
 * `<fixtures>/<slug>/*.test.yaml` (a case with `alerts: 0` is quiet, any other is alerting).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { AlertCountExpectation, CompiledDetection } from "../../dsl/model.js";
import type { CheckContext, RuleCheck } from "../check.js";

/** Whether an expected alert count means "no alert". */
export function expectsQuiet(alerts: AlertCountExpectation | unknown): boolean {
  if (typeof alerts === "number") return alerts === 0;
  if (typeof alerts !== "string") return false;
  const s = alerts.replace(/\s+/g, "");
  return s === "0" || s === "==0" || s === "<1" || s === "<=0";
}

/** The `alerts` values of the case files in a detection's fixture folder. */
function caseFileExpectations(dir: string): unknown[] {
  if (!existsSync(dir)) return [];
  const out: unknown[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".test.yaml")) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(join(dir, name), "utf8"));
    } catch {
      continue; // malformed case files are reported by `kustodian test`
    }
    const cases = Array.isArray(doc) ? doc : [doc];
    for (const c of cases) if (typeof c === "object" && c !== null && "alerts" in c) out.push((c as { alerts: unknown }).alerts);
  }
  return out;
}

export function countCases(d: CompiledDetection, ctx: Pick<CheckContext, "fixturesDir">): { alerting: number; quiet: number } {
  const expectations: unknown[] = (d.spec.tests ?? []).map((t) => t.alerts);
  if (ctx.fixturesDir !== null) expectations.push(...caseFileExpectations(join(ctx.fixturesDir, d.slug)));
  let quiet = 0;
  for (const e of expectations) if (expectsQuiet(e)) quiet++;
  return { alerting: expectations.length - quiet, quiet };
}

export const TESTS_REQUIRED_CHECKS: readonly RuleCheck[] = [
  {
    id: "tests-required",
    group: "tests",
    severity: "error",
    title: "Each detection has must-alert and must-stay-quiet test cases",
    help: "Declare cases in the detection's `tests` or as `fixtures/<slug>/*.test.yaml` files: at least tests.minAlerting that must alert and tests.minQuiet with `alerts: 0` (see kustodian.config).",
    check: (d, ctx) => {
      const { alerting, quiet } = countCases(d, ctx);
      const { minAlerting, minQuiet } = ctx.tests;
      const missing: string[] = [];
      if (alerting < minAlerting) missing.push(`${minAlerting} must-alert (has ${alerting})`);
      if (quiet < minQuiet) missing.push(`${minQuiet} must-stay-quiet (has ${quiet})`);
      if (missing.length === 0) return [];
      return [{
        message: `needs at least ${missing.join(" and ")} test cases, in \`tests\` or fixtures/${d.slug}/*.test.yaml`,
        at: { path: d.spec.tests ? ["tests"] : ["id"] },
      }];
    },
  },
];

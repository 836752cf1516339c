/**
 * Checks one case's outcome (the alerts and query results of its run, or of every run of a
 * replay) against what the case expects. Each unmet expectation is one `Failure`, with a table
 * diff for rows.
 */
import type { TestCase } from "../dsl/model.js";
import type { ResultSet, SimAlert, SimEntity } from "./alerts.js";
import { alertCountMatcher } from "./cases.js";
import type { Locator, SourceRef } from "./source.js";
import { matchRows, renderRowDiff } from "./table-diff.js";

export interface Failure {
  readonly message: string;
  /** A multi-line explanation: a table diff, the alerts that were produced. */
  readonly detail?: string;
  readonly at?: SourceRef;
}

export interface RunOutcome {
  /** The scheduled run's instant (ISO 8601). */
  readonly at: string;
  /** The lookback window: (from, to]. */
  readonly window: { readonly from: string; readonly to: string };
  /** `suppressed`: the rule was still suppressed by an earlier alert, so the query did not run. */
  readonly status: "ran" | "suppressed";
  readonly result: ResultSet | null;
  readonly fired: boolean;
  readonly alerts: readonly SimAlert[];
}

export interface CaseOutcome {
  readonly runs: readonly RunOutcome[];
  readonly alerts: readonly SimAlert[];
}

/**
 * `windowHints`: lines saying which fixture rows no run could see (outside the lookback
 * window); shown under failures that too few rows can explain. Computed only for failures.
 */
export function checkExpectations(
  expected: TestCase,
  outcome: CaseOutcome,
  locate: Locator,
  windowHints: () => readonly string[] = () => [],
): Failure[] {
  const failures: Failure[] = [];
  const count = outcome.alerts.length;
  let hintText: string | undefined;
  const hintOf = () => {
    hintText ??= windowHints().map((h) => `  hint: ${h}`).join("\n");
    return hintText;
  };
  if (!alertCountMatcher(expected.alerts)(count)) {
    const rows = outcome.runs.reduce((n, r) => n + (r.result?.rows.length ?? 0), 0);
    const detail = [count > 0 ? describeAlerts(outcome.alerts) : "", wantsMore(expected.alerts, count) ? hintOf() : ""].filter((d) => d !== "");
    failures.push({
      message: `expected ${describeCount(expected.alerts)}, got ${count} (query returned ${rows} row${rows === 1 ? "" : "s"}${outcome.runs.length > 1 ? ` over ${outcome.runs.length} runs` : ""})`,
      ...(detail.length > 0 ? { detail: detail.join("\n") } : {}),
      at: locate(["alerts"]),
    });
  }
  if (expected.rows && expected.rows.length > 0) {
    const rowFailures = checkRows(expected, outcome, locate);
    failures.push(...rowFailures.map((f) => (hintOf() === "" ? f : { ...f, detail: [f.detail, hintOf()].filter(Boolean).join("\n") })));
  }
  for (const [i, entity] of (expected.entities ?? []).entries()) {
    if (!outcome.alerts.some((a) => a.entities.some((e) => entityMatches(entity, e)))) {
      failures.push({
        message: `no alert carries the entity ${describeEntity(entity)}`,
        detail: `  entities found:\n${entityList(outcome.alerts)}`,
        at: locate(["entities", i]),
      });
    }
  }
  for (const [key, want] of Object.entries(expected.customDetails ?? {})) {
    const wanted = (Array.isArray(want) ? want : [want]).map(String);
    const ok = outcome.alerts.some((a) => wanted.every((w) => (a.customDetails[key] ?? []).includes(w)));
    if (!ok) {
      const seen = [...new Set(outcome.alerts.flatMap((a) => a.customDetails[key] ?? []))];
      failures.push({
        message: `custom detail '${key}': expected ${JSON.stringify(Array.isArray(want) ? wanted : wanted[0])}, got ${seen.length === 0 ? "no value" : JSON.stringify(seen)}`,
        at: locate(["customDetails", key]),
      });
    }
  }
  for (const key of ["title", "description"] as const) {
    const want = expected[key];
    if (want === undefined) continue;
    const seen = [...new Set(outcome.alerts.map((a) => (key === "title" ? a.title : a.description)))];
    if (!seen.includes(want)) {
      const got = seen.length === 0 ? "no alert" : seen.length === 1 ? JSON.stringify(seen[0]) : JSON.stringify(seen);
      failures.push({ message: `alert ${key}: expected ${JSON.stringify(want)}, got ${got}`, at: locate([key]) });
    }
  }
  return failures;
}

function checkRows(expected: TestCase, outcome: CaseOutcome, locate: Locator): Failure[] {
  const wanted = expected.rows ?? [];
  const results = outcome.runs.flatMap((r) => (r.result ? [r.result] : []));
  const combined = {
    columns: results[0]?.columns ?? [],
    rows: results.flatMap((r) => r.rows),
  };
  const match = matchRows(wanted, combined);
  if (match.missingColumns.length > 0) {
    return [
      {
        message: `rows: column${match.missingColumns.length > 1 ? "s" : ""} ${match.missingColumns.map((c) => `'${c}'`).join(", ")} not in the query output (columns: ${combined.columns.map((c) => c.name).join(", ") || "none"})`,
        at: locate(["rows"]),
      },
    ];
  }
  const missing = match.matches.filter((m) => m < 0).length;
  if (missing === 0) return [];
  return [
    {
      message: `rows: ${missing} of ${wanted.length} expected row${wanted.length === 1 ? "" : "s"} not found in ${combined.rows.length} result row${combined.rows.length === 1 ? "" : "s"}`,
      detail: renderRowDiff(wanted, combined, match),
      at: locate(["rows", match.matches.indexOf(-1)]),
    },
  ];
}

/** Whether a failed alert-count expectation wanted more alerts than `count` (rows may be missing). */
function wantsMore(expectation: TestCase["alerts"], count: number): boolean {
  if (typeof expectation === "number") return expectation > count;
  const m = /^\s*(>=|<=|==|>|<)?\s*(\d+)\s*$/.exec(expectation);
  if (!m) return false;
  if (m[1] === ">" || m[1] === ">=") return true;
  return (m[1] === undefined || m[1] === "==") && Number(m[2]) > count;
}

function describeCount(expectation: TestCase["alerts"]): string {
  if (typeof expectation === "number") return expectation === 0 ? "no alert (quiet case)" : `${expectation} alert${expectation === 1 ? "" : "s"}`;
  return `${expectation.trim()} alerts`;
}

type ExpectedEntity = NonNullable<TestCase["entities"]>[number];

function entityMatches(want: ExpectedEntity, got: SimEntity): boolean {
  if (String(want.type).toLowerCase() !== got.type.toLowerCase()) return false;
  return Object.entries(want).every(([k, v]) => k === "type" || got.identifiers[k] === String(v));
}

function describeEntity(e: ExpectedEntity): string {
  const ids = Object.entries(e)
    .filter(([k]) => k !== "type")
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${e.type}(${ids.join(", ")})`;
}

function entityList(alerts: readonly SimAlert[]): string {
  const all = [...new Set(alerts.flatMap((a) => a.entities.map((e) => describeEntity({ type: e.type, ...e.identifiers }))))];
  return all.length === 0 ? "    (none)" : all.map((e) => `    ${e}`).join("\n");
}

function describeAlerts(alerts: readonly SimAlert[]): string {
  const shown = alerts.slice(0, 5).map((a, i) => `    alert ${i + 1}: ${a.title}${a.summary ? " (summary)" : ""} [${a.rows.length} row${a.rows.length === 1 ? "" : "s"}]`);
  if (alerts.length > 5) shown.push(`    ... ${alerts.length - 5} more`);
  return `  alerts produced:\n${shown.join("\n")}`;
}

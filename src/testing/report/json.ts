/**
 * The machine report (`--reporter json`): deterministic (no timings, no timestamps), every
 * detection with its cases, failures, alerts as Sentinel would raise them, runs and mutants.
 */
import type { TestReport } from "../suite.js";

export const JSON_REPORT_VERSION = 1;

export function renderJson(report: TestReport): string {
  const body = {
    version: JSON_REPORT_VERSION,
    ok: report.ok,
    totals: report.totals,
    ...(report.mutation ? { mutation: report.mutation } : {}),
    detections: report.detections.map((d) => ({
      slug: d.slug,
      id: d.id,
      name: d.name,
      file: d.file,
      status: d.status,
      problems: d.problems,
      cases: d.cases.map((c) => ({
        name: c.name,
        origin: c.origin,
        form: c.form,
        kind: c.kind,
        status: c.status,
        failures: c.failures,
        alerts: c.alerts.map((a) => ({
          title: a.title,
          description: a.description,
          severity: a.severity,
          tactics: a.tactics,
          entities: a.entities,
          customDetails: a.customDetails,
          rowCount: a.rows.length,
          summary: a.summary,
        })),
        runs: c.runs,
        ...(c.backtest ? { backtest: c.backtest } : {}),
      })),
      ...(d.mutation ? { mutation: d.mutation } : {}),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

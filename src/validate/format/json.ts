/** Machine-readable report: the whole result as JSON (stable key order, no timestamps). */
import type { ValidationResult } from "../validate.js";
import { summaryCounts } from "./text.js";

export function formatJson(result: ValidationResult): string {
  const report = {
    detections: result.detections,
    summary: summaryCounts(result),
    diagnostics: result.diagnostics,
    waived: result.waived,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The readable report: one `path:line:col: severity: message [check]` line per finding, then waivers and a summary. */
import { formatDiagnostic } from "../../diagnostics.js";
import type { ValidationResult } from "../validate.js";

export interface TextOptions {
  readonly color?: (text: string, style: "red" | "yellow" | "cyan" | "gray" | "bold" | "green") => string;
}

export function summaryCounts(result: ValidationResult): { errors: number; warnings: number; infos: number; waived: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of result.diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, waived: result.waived.reduce((n, w) => n + w.suppressed.length, 0) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatText(result: ValidationResult, options: TextOptions = {}): string {
  const paint = options.color ?? ((t: string) => t);
  const lines: string[] = [];
  for (const d of result.diagnostics) {
    const text = formatDiagnostic(d);
    const style = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "cyan";
    const [head, ...rest] = text.split("\n");
    lines.push(head.replace(`${d.severity}:`, paint(`${d.severity}:`, style)), ...rest);
  }
  if (result.waived.length > 0) {
    lines.push("", paint("Waived checks:", "bold"));
    for (const w of result.waived) {
      const hid = w.suppressed.length === 0 ? "nothing to waive" : `waives ${plural(w.suppressed.length, "finding")}`;
      lines.push(`  ${w.file}:${w.line}:${w.column}: ${w.slug}: ${w.check} (${hid}): ${w.reason}`);
    }
  }
  const c = summaryCounts(result);
  const summary = `${plural(result.detections, "detection")} checked: ${plural(c.errors, "error")}, ${plural(c.warnings, "warning")}, ${c.waived} waived`;
  if (lines.length > 0) lines.push("");
  lines.push(c.errors > 0 ? paint(summary, "red") : paint(summary, c.warnings > 0 ? "yellow" : "green"));
  return `${lines.join("\n")}\n`;
}

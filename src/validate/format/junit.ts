/**
 * JUnit XML for CI test reports: one test case per detection (failed when it has errors), plus
 * one for project-level findings such as the lock file. Warnings and waivers go to system-out.
 */
import type { ValidationDiagnostic, ValidationResult } from "../validate.js";
import { formatDiagnostic } from "../../diagnostics.js";
import { compareText } from "../compare.js";

/** Characters XML 1.0 does not allow at all; replaced by U+FFFD. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;" };

/** Escapes text for XML attribute values and character data (the one XML escaper). */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, "\uFFFD").replace(/[&<>"'\r\n\t]/g, (c) => ENTITIES[c]);
}

/** Escapes character data, keeping line breaks readable. */
function escapeXmlText(text: string): string {
  return escapeXml(text).replace(/&#10;/g, "\n");
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly diagnostics: ValidationDiagnostic[];
  readonly notes: string[];
}

export function formatJunit(result: ValidationResult): string {
  const cases = new Map<string, Case>();
  const caseFor = (slug: string | undefined, file: string | undefined): Case => {
    const key = slug ?? file ?? "project";
    let c = cases.get(key);
    if (!c) cases.set(key, (c = { name: key, classname: file ?? "project", diagnostics: [], notes: [] }));
    return c;
  };
  for (const c of result.checked) caseFor(c.slug, c.file);
  for (const d of result.diagnostics) caseFor(d.slug, d.file).diagnostics.push(d);
  for (const w of result.waived) caseFor(w.slug, w.file).notes.push(`waived ${w.check} (${w.suppressed.length} finding(s)): ${w.reason}`);
  const sorted = [...cases.values()].sort((a, b) => compareText(a.name, b.name));
  const failures = sorted.filter((c) => c.diagnostics.some((d) => d.severity === "error")).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kustodian validate" tests="${sorted.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="kustodian validate" tests="${sorted.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const c of sorted) {
    const errors = c.diagnostics.filter((d) => d.severity === "error");
    const others = c.diagnostics.filter((d) => d.severity !== "error");
    const attrs = `classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"`;
    if (errors.length === 0 && others.length === 0 && c.notes.length === 0) {
      lines.push(`    <testcase ${attrs}/>`);
      continue;
    }
    lines.push(`    <testcase ${attrs}>`);
    if (errors.length > 0) {
      const message = `${errors.length} validation error${errors.length === 1 ? "" : "s"}: ${errors[0].message}`;
      lines.push(`      <failure type="validation" message="${escapeXml(message)}">${escapeXmlText(errors.map(formatDiagnostic).join("\n"))}</failure>`);
    }
    const out = [...others.map(formatDiagnostic), ...c.notes];
    if (out.length > 0) lines.push(`      <system-out>${escapeXmlText(out.join("\n"))}</system-out>`);
    lines.push("    </testcase>");
  }
  lines.push("  </testsuite>", "</testsuites>");
  return `${lines.join("\n")}\n`;
}

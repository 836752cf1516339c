/**
 * JUnit XML (`--reporter junit --output file.xml`), as CI systems read it: one `<testsuite>` per
 * detection, one `<testcase>` per case, plus a `(detection)` test case for detection-level
 * problems (too few cases, unreadable case files). No timings, so the file is deterministic.
 */
import { formatRef } from "../source.js";
import type { Failure } from "../expect.js";
import type { TestReport } from "../suite.js";

/**
 * Escapes text for XML attribute values and character data. Characters XML 1.0 cannot carry
 * at all (most C0 controls such as ESC, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
 */
export function xmlEscape(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      } else out += "\ufffd";
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += "\ufffd";
      continue;
    }
    switch (text[i]) {
      case "&":
        out += "&amp;";
        continue;
      case "<":
        out += "&lt;";
        continue;
      case ">":
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case "'":
        out += "&apos;";
        continue;
    }
    // Tab and line breaks as references so attributes keep them; DEL and C1 controls too, so the
    // file holds no raw control character (XML allows them, a terminal showing the file would act on them).
    if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x7f && c <= 0x9f)) out += `&#${c};`;
    else if (c < 0x20 || c === 0xfffe || c === 0xffff) out += "\ufffd";
    else out += text[i];
  }
  return out;
}

function failureText(f: Failure): string {
  return [f.at ? `${formatRef(f.at)}: ${f.message}` : f.message, f.detail].filter(Boolean).join("\n");
}

export function renderJunit(report: TestReport): string {
  const t = report.totals;
  const problems = report.detections.filter((d) => d.problems.length > 0).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kustodian test" tests="${t.cases + problems}" failures="${t.failed + problems}">`,
  ];
  for (const d of report.detections) {
    const failed = d.cases.filter((c) => c.status === "failed").length + (d.problems.length > 0 ? 1 : 0);
    const tests = d.cases.length + (d.problems.length > 0 ? 1 : 0);
    lines.push(`  <testsuite name="${xmlEscape(d.slug)}" tests="${tests}" failures="${failed}" file="${xmlEscape(d.file)}">`);
    lines.push("    <properties>");
    lines.push(`      <property name="id" value="${xmlEscape(d.id)}"/>`);
    lines.push(`      <property name="name" value="${xmlEscape(d.name)}"/>`);
    if (d.mutation && d.mutation.score !== null) lines.push(`      <property name="mutationScore" value="${d.mutation.score}"/>`);
    lines.push("    </properties>");
    if (d.problems.length > 0) {
      lines.push(`    <testcase name="(detection)" classname="${xmlEscape(d.slug)}" file="${xmlEscape(d.file)}">`);
      const text = d.problems.map(failureText).join("\n");
      lines.push(`      <failure message="${xmlEscape(d.problems[0].message)}">${xmlEscape(text)}</failure>`);
      lines.push("    </testcase>");
    }
    for (const c of d.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(d.slug)}" file="${xmlEscape(c.origin.file)}"${c.origin.line ? ` line="${c.origin.line}"` : ""}`;
      if (c.status === "passed") {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const text = c.failures.map(failureText).join("\n\n");
      lines.push(`      <failure message="${xmlEscape(c.failures[0]?.message ?? "failed")}">${xmlEscape(text)}</failure>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

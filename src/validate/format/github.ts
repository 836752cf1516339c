/**
 * GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::message`):
 * findings show up as annotations on the pull request's diff without a SARIF upload.
 */
import type { ValidationResult } from "../validate.js";

/** Escapes a workflow command's message (data). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value (file, title). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

export function formatGithub(result: ValidationResult): string {
  const lines = result.diagnostics.map((d) => {
    const props = [
      d.file !== undefined ? `file=${escapeGithubProperty(d.file)}` : "",
      d.line !== undefined ? `line=${d.line}` : "",
      d.column !== undefined ? `col=${d.column}` : "",
      `title=${escapeGithubProperty(`kustodian ${d.code}`)}`,
    ].filter(Boolean);
    return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeGithubData(d.message)}`;
  });
  for (const w of result.waived)
    lines.push(`::notice file=${escapeGithubProperty(w.file)},line=${w.line},col=${w.column},title=${escapeGithubProperty(`kustodian waiver ${w.check}`)}::${escapeGithubData(`${w.check} waived: ${w.reason}`)}`);
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

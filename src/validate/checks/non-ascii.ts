/** Non-ASCII characters in what ships: Azure-Sentinel's CI rejects them (smart quotes and dashes pasted from documents). */
import type { Finding, RuleCheck } from "../check.js";

const NON_ASCII = /[^\x00-\x7F]/;

function describeChar(text: string): string {
  const m = NON_ASCII.exec(text);
  if (!m) return "";
  const code = m[0].codePointAt(0) ?? 0;
  return `'${m[0]}' (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
}

export const NON_ASCII_CHECKS: readonly RuleCheck[] = [
  {
    id: "non-ascii",
    group: "sentinel",
    severity: "warning",
    title: "Shipped text is ASCII",
    help: "Azure-Sentinel's CI rejects non-ASCII characters in rule files; they are usually smart quotes or dashes pasted from a document.",
    check: (d) => {
      const fields: [string, string | undefined, readonly string[]][] = [
        ["name", d.spec.name, ["name"]],
        ["description", d.spec.description, ["description"]],
        ["alertDisplayNameFormat", d.spec.alertDetailsOverride?.alertDisplayNameFormat, ["alertDisplayNameFormat"]],
        ["alertDescriptionFormat", d.spec.alertDetailsOverride?.alertDescriptionFormat, ["alertDescriptionFormat"]],
        ["query", d.kql, ["query"]],
      ];
      return fields.flatMap(([what, text, path]): Finding[] =>
        typeof text === "string" && NON_ASCII.test(text) ? [{ message: `${what} contains the non-ASCII character ${describeChar(text)}`, at: { path } }] : [],
      );
    },
  },
];

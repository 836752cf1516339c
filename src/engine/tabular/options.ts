/** Reading operator options (`kind=inner`, `withsource=T`, `bagexpansion=array`) as text. */
import type { OperatorOption } from "../../kql/ast.js";

/** The option's value as text (a bare name, a string or a bool), case-insensitive on the name; null when absent. */
export function optionText(options: readonly OperatorOption[], name: string): string | null {
  const lower = name.toLowerCase();
  const o = options.find((x) => x.name.toLowerCase() === lower);
  if (!o) return null;
  const v = o.value;
  if (v.kind === "NameRef") return v.name;
  if (v.kind === "StringLit") return v.value;
  if (v.kind === "BoolLit") return String(v.value);
  return null;
}

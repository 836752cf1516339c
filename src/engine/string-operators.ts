/**
 * The string operators (`has`, `contains`, `startswith`, `matches regex`... and their `_cs` and
 * `!` forms) as a table from operator to predicate. Term matching and case folding come from
 * the function library (`functions/string-ops.ts`); regexes are RE2 (`functions/regex.ts`).
 */
import type { Node } from "../kql/ast.js";
import type { Compiled } from "./compiled.js";
import { fail, unsupported } from "./errors.js";
import { valueToString } from "./format.js";
import { compileRegex } from "./functions/regex.js";
import { containsText, endsWithText, hasPrefixTerm, hasSuffixTerm, hasTerm, startsWithText } from "./functions/string-ops.js";
import type { Value } from "./values.js";

type TextPredicate = (haystack: string, needle: string, caseSensitive: boolean) => boolean;

const BASE: Readonly<Record<string, TextPredicate>> = {
  has: hasTerm,
  hasprefix: hasPrefixTerm,
  hassuffix: hasSuffixTerm,
  contains: containsText,
  startswith: startsWithText,
  endswith: endsWithText,
};

function text(v: Value): string {
  return typeof v === "string" ? v : valueToString(v);
}

/** The predicate for a string operator; `right` (when constant) lets a regex compile once. */
export function stringOperator(op: string, at: Node, right: Compiled | null): (a: Value, b: Value) => boolean | null {
  if (op === "matches regex") {
    if (right?.value !== undefined && typeof right.value === "string") {
      let re: ReturnType<typeof compileRegex>;
      try {
        re = compileRegex(right.value, "", "matches regex");
      } catch (e) {
        fail((e as Error).message, at);
      }
      return (a) => re.matcher(text(a)).find();
    }
    return (a, b) => compileRegex(text(b), "", "matches regex").matcher(text(a)).find();
  }
  if (op === "like" || op === "notlike" || op === "likecs" || op === "notlikecs") unsupported(`operator '${op}'`, at);
  const negated = op.startsWith("!");
  const bare = negated ? op.slice(1) : op;
  const cs = bare.endsWith("_cs");
  const name = cs ? bare.slice(0, -3) : bare;
  const pred = BASE[name];
  if (pred === undefined) unsupported(`operator '${op}'`, at);
  if (negated) return (a, b) => !pred(text(a), text(b), cs);
  return (a, b) => pred(text(a), text(b), cs);
}

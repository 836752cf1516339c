/**
 * Functions that return several columns at once: `array_sort_asc(a, b)` in `print`, `extend` or
 * `project` yields one column per array (`a_sorted`, `b_sorted`), or the names given with
 * `(x, y) = array_sort_asc(a, b)`. As a plain scalar (`array_sort_asc(a, b)[1]`) the same call
 * is one dynamic array of the arrays.
 */
import type { Assignment, Expr } from "../kql/ast.js";
import { type Compiled, node } from "./compiled.js";
import { fail } from "./errors.js";
import { derivedName } from "./naming.js";
import { type Dyn, dyn, isDynValue } from "./values.js";

/** Default output names per function, from its arguments; null when the call is single-valued. */
const MULTI_COLUMN: Readonly<Record<string, (args: readonly Expr[]) => string[] | null>> = {
  array_sort_asc: sortedNames,
  array_sort_desc: sortedNames,
};

function sortedNames(args: readonly Expr[]): string[] | null {
  const arrays = args.length > 1 && args[args.length - 1].kind === "BoolLit" ? args.slice(0, -1) : args;
  if (arrays.length < 2) return null;
  return arrays.map((a, i) => `${derivedName(a) ?? `array${i + 1}`}_sorted`);
}

/** The column names an assignment expands to, or null when it makes one column. */
export function multiColumnNames(a: Assignment): string[] | null {
  const v = a.value;
  if (v.kind !== "Call") return null;
  const rule = MULTI_COLUMN[v.name];
  const args = v.args.filter((x): x is Expr => x.kind !== "NamedArg");
  const names = rule ? rule(args) : null;
  if (names === null) {
    if (a.names.length > 1) fail("multiple names on the left are only allowed for functions returning several columns", a);
    return null;
  }
  if (a.names.length === 0) return names;
  if (a.names.length !== names.length) fail(`${v.name}() returns ${names.length} columns but ${a.names.length} names are given`, a);
  return [...a.names];
}

/** Column `i` of a multi-column call compiled as one dynamic array of its results. */
export function nthColumn(whole: Compiled, i: number): Compiled {
  return node("dynamic", [whole], ([w]) => (r) => {
    const v = w.ev(r);
    return dyn(isDynValue(v) && Array.isArray(v.value) ? ((v.value as readonly Dyn[])[i] ?? null) : null);
  });
}

/**
 * Kusto's rules for naming result columns that the query does not name: `project d.a` is
 * `d_a`, `extend tostring(x)` keeps `x`, `summarize count()` is `count_`, `max(x)` is `max_x`,
 * unnamed expressions are `Column1`, `print` columns are `print_0`.
 */
import type { Expr } from "../kql/ast.js";

/** Functions whose result keeps the name of their first argument. */
const NAME_PRESERVING: ReadonlySet<string> = new Set([
  "tostring",
  "toint",
  "tolong",
  "toreal",
  "todouble",
  "todecimal",
  "tobool",
  "toboolean",
  "todatetime",
  "totimespan",
  "toguid",
  "todynamic",
  "toobject",
  "bin",
  "bin_at",
  "bin_auto",
  "floor",
]);

/** The name Kusto derives from an expression, or null when it would invent one. */
export function derivedName(e: Expr): string | null {
  switch (e.kind) {
    case "NameRef":
      return e.name;
    case "Member": {
      const base = derivedName(e.target);
      return base === null ? null : `${base}_${e.name}`;
    }
    case "Index": {
      const base = derivedName(e.target);
      if (base === null) return null;
      if (e.index.kind === "StringLit") return `${base}_${e.index.value}`;
      if (e.index.kind === "NumberLit") return `${base}_${e.index.text}`;
      return null;
    }
    case "Call":
      if (NAME_PRESERVING.has(e.name) && e.args.length > 0 && e.args[0].kind !== "NamedArg") return derivedName(e.args[0]);
      return null;
    default:
      return null;
  }
}

/** Picks `base`, or `base1`, `base2`... when taken (Kusto's suffixing of duplicate names). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) {
    const candidate = `${base}${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Hands out `Column1`, `Column2`... skipping names already in use. */
export class ColumnNamer {
  private next = 1;
  constructor(private readonly prefix = "Column") {}
  fresh(taken: ReadonlySet<string>): string {
    for (;;) {
      const n = `${this.prefix}${this.next++}`;
      if (!taken.has(n)) return n;
    }
  }
}

/**
 * A compiled scalar expression: its static type and a closure computing its value at a row.
 *
 * `dep` records which columns the value depends on. An expression that reads exactly one
 * dictionary-encoded column (and nothing row-dependent besides) is computed once per distinct
 * value of that column (`memoize`), which is what makes predicates on low-cardinality columns
 * cheap.
 */
import { DictColumn } from "./column.js";
import type { KqlType, Value } from "./values.js";

/** null: constant; a DictColumn: reads only that column; "many": anything else; "impure": row functions. */
export type Dep = null | DictColumn | "many" | "impure";

export interface Compiled {
  readonly type: KqlType;
  readonly ev: (row: number) => Value;
  readonly dep: Dep;
  /** Already as cheap as it gets (a column read, a constant, a memoized node). */
  readonly leaf: boolean;
  /** Set on constants: the value. */
  readonly value?: Value;
  /** Set on plain reads of a dictionary column: that column. */
  readonly source?: DictColumn;
}

export function constant(type: KqlType, value: Value): Compiled {
  return { type, ev: () => value, dep: null, leaf: true, value };
}

export function combineDeps(deps: readonly Dep[]): Dep {
  let out: Dep = null;
  for (const d of deps) {
    if (d === null) continue;
    if (d === "impure" || out === "impure") out = "impure";
    else if (out === null) out = d;
    else if (out !== d) out = "many";
  }
  return out;
}

const UNSET: unique symbol = Symbol("unset");

/** Computes `c` once per distinct code of its single dictionary column. */
export function memoize(c: Compiled): Compiled {
  if (c.leaf || !(c.dep instanceof DictColumn)) return c;
  const col = c.dep;
  const codes = col.codes;
  const memo: (Value | typeof UNSET)[] = new Array(col.dict.length).fill(UNSET);
  const inner = c.ev;
  const ev = (row: number): Value => {
    const code = codes[row];
    const v = memo[code];
    if (v !== UNSET) return v;
    const computed = inner(row);
    memo[code] = computed;
    return computed;
  };
  return { type: c.type, ev, dep: c.dep, leaf: true };
}

/** Children of a node that mixes columns are memoized on their own. */
export function memoizeAll(children: readonly Compiled[], combined: Dep): Compiled[] {
  if (combined instanceof DictColumn || combined === null) return [...children];
  return children.map(memoize);
}

/** A node over `children`: folds constants, otherwise records the combined dependency. */
export function node(type: KqlType, children: readonly Compiled[], make: (kids: Compiled[]) => (row: number) => Value, pure = true): Compiled {
  const dep = pure ? combineDeps(children.map((c) => c.dep)) : "impure";
  if (dep === null && pure) {
    const ev = make([...children]);
    const value = ev(0);
    return { type, ev: () => value, dep: null, leaf: true, value };
  }
  const kids = memoizeAll(children, dep);
  return { type, ev: make(kids), dep, leaf: false };
}

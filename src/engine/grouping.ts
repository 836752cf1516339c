/**
 * Hash grouping of rows by key expressions: every row gets a dense group id. Each key is first
 * mapped to a small integer per distinct value (dictionary columns map codes, without hashing
 * each row); the ids of several keys are then combined into one number.
 */
import { DictColumn } from "./column.js";
import type { Compiled } from "./compiled.js";
import { valueKey } from "./compare.js";

export interface Grouping {
  /** Group id per row. */
  readonly ids: Int32Array;
  readonly count: number;
  /** The first row of each group (its key values are read there). */
  readonly firstRow: number[];
}

/** Distinct-value ids of one key over `rows` rows. */
function keyIds(key: Compiled, rows: number): { ids: Int32Array; cardinality: number } {
  const ids = new Int32Array(rows);
  const dep = key.dep;
  if (key.source !== undefined && dep instanceof DictColumn) {
    const byCode = new Int32Array(dep.dict.length).fill(-1);
    const byValue = new Map<unknown, number>();
    const codes = dep.codes;
    for (let r = 0; r < rows; r++) {
      const c = codes[r];
      let id = byCode[c];
      if (id < 0) {
        const k = valueKey(dep.dict[c]);
        id = byValue.get(k) ?? -1;
        if (id < 0) {
          id = byValue.size;
          byValue.set(k, id);
        }
        byCode[c] = id;
      }
      ids[r] = id;
    }
    return { ids, cardinality: byValue.size };
  }
  const byValue = new Map<unknown, number>();
  for (let r = 0; r < rows; r++) {
    const k = valueKey(key.ev(r));
    let id = byValue.get(k);
    if (id === undefined) {
      id = byValue.size;
      byValue.set(k, id);
    }
    ids[r] = id;
  }
  return { ids, cardinality: byValue.size };
}

export function groupRows(keys: readonly Compiled[], rows: number): Grouping {
  if (keys.length === 0) {
    return { ids: new Int32Array(rows), count: rows > 0 ? 1 : 0, firstRow: rows > 0 ? [0] : [] };
  }
  const perKey = keys.map((k) => keyIds(k, rows));
  const ids = new Int32Array(rows);
  const firstRow: number[] = [];
  if (perKey.length === 1) {
    const only = perKey[0].ids;
    const seen = new Int32Array(perKey[0].cardinality).fill(-1);
    for (let r = 0; r < rows; r++) {
      const k = only[r];
      let g = seen[k];
      if (g < 0) {
        g = seen[k] = firstRow.length;
        firstRow.push(r);
      }
      ids[r] = g;
    }
    return { ids, count: firstRow.length, firstRow };
  }
  const product = perKey.reduce((p, k) => p * Math.max(1, k.cardinality), 1);
  const groups = new Map<number | string, number>();
  for (let r = 0; r < rows; r++) {
    let key: number | string;
    if (product < 2 ** 52) {
      key = 0;
      for (const k of perKey) key = key * Math.max(1, k.cardinality) + k.ids[r];
    } else {
      key = perKey.map((k) => k.ids[r]).join(",");
    }
    let g = groups.get(key);
    if (g === undefined) {
      g = firstRow.length;
      groups.set(key, g);
      firstRow.push(r);
    }
    ids[r] = g;
  }
  return { ids, count: firstRow.length, firstRow };
}

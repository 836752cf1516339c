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
  if (product < 2 ** 52) {
    const table = new NumberIds(1024);
    const idArrays = perKey.map((k) => k.ids);
    const cards = perKey.map((k) => Math.max(1, k.cardinality));
    if (idArrays.length === 2) {
      // The common two-key case (distinct user, IP) without the inner loop.
      const a = idArrays[0];
      const b = idArrays[1];
      const cb = cards[1];
      for (let r = 0; r < rows; r++) {
        const g = table.idOf(a[r] * cb + b[r]);
        if (g === firstRow.length) firstRow.push(r);
        ids[r] = g;
      }
      return { ids, count: firstRow.length, firstRow };
    }
    for (let r = 0; r < rows; r++) {
      let key = 0;
      for (let k = 0; k < idArrays.length; k++) key = key * cards[k] + idArrays[k][r];
      const g = table.idOf(key);
      if (g === firstRow.length) firstRow.push(r);
      ids[r] = g;
    }
    return { ids, count: firstRow.length, firstRow };
  }
  const groups = new Map<number | string, number>();
  for (let r = 0; r < rows; r++) {
    const key = perKey.map((k) => k.ids[r]).join(",");
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

/**
 * Dense ids for non-negative integer keys (below 2^52): an open-addressing hash table on typed
 * arrays, several times faster than a Map for millions of rows.
 */
export class NumberIds {
  private keys: Float64Array;
  private vals: Int32Array;
  private size = 0;
  constructor(capacity: number) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n).fill(-1);
    this.vals = new Int32Array(n);
  }
  /** The id of `key`, assigning the next id (the current size) when it is new. */
  idOf(key: number): number {
    const mask = this.keys.length - 1;
    let p = hashNumber(key) & mask;
    for (;;) {
      const k = this.keys[p];
      if (k === key) return this.vals[p];
      if (k === -1) {
        const id = this.size++;
        this.keys[p] = key;
        this.vals[p] = id;
        if (this.size * 2 > this.keys.length) this.grow();
        return id;
      }
      p = (p + 1) & mask;
    }
  }
  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.vals = new Int32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k === -1) continue;
      let p = hashNumber(k) & mask;
      while (this.keys[p] !== -1) p = (p + 1) & mask;
      this.keys[p] = k;
      this.vals[p] = oldVals[i];
    }
  }
}

function hashNumber(x: number): number {
  const lo = x | 0;
  const hi = x < 2147483648 ? 0 : (x / 4294967296) | 0;
  let h = Math.imul(lo ^ (hi * 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}

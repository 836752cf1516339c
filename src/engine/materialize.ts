/** Turning a compiled expression into a column over all rows of its table. */
import { ArrayColumn, type Column, constantColumn, DictColumn } from "./column.js";
import type { Compiled } from "./compiled.js";
import type { Value } from "./values.js";

/**
 * The value of `c` at every row. An expression over a single dictionary column yields a
 * dictionary column sharing that column's codes (computed once per distinct value).
 */
export function materializeColumn(c: Compiled, rows: number): Column {
  if (c.dep === null) return constantColumn(c.type, c.ev(0), rows);
  if (c.source !== undefined && c.source.length === rows && c.source.type === c.type) return c.source;
  const dep = c.dep;
  if (dep instanceof DictColumn && dep.length === rows) {
    const codes = dep.codes;
    const dict: Value[] = new Array(dep.dict.length).fill(null);
    const done = new Uint8Array(dep.dict.length);
    for (let r = 0; r < rows; r++) {
      const code = codes[r];
      if (done[code] === 0) {
        done[code] = 1;
        dict[code] = c.ev(r);
      }
    }
    return new DictColumn(c.type, codes, dict, false);
  }
  const out = new Array<Value>(rows);
  for (let r = 0; r < rows; r++) out[r] = c.ev(r);
  return new ArrayColumn(c.type, out);
}

/** Row indices where `pred` is true. */
export function selectRows(pred: Compiled, rows: number): Int32Array {
  const out = new Int32Array(rows);
  let n = 0;
  const dep = pred.dep;
  if (dep instanceof DictColumn && dep.length === rows) {
    const codes = dep.codes;
    const verdict = new Int8Array(dep.dict.length); // 0 unknown, 1 true, 2 false
    for (let r = 0; r < rows; r++) {
      const code = codes[r];
      let v = verdict[code];
      if (v === 0) v = verdict[code] = pred.ev(r) === true ? 1 : 2;
      if (v === 1) out[n++] = r;
    }
    return out.subarray(0, n);
  }
  if (pred.dep === null) return pred.ev(0) === true ? out.map((_, i) => i) : out.subarray(0, 0);
  const ev = pred.ev;
  for (let r = 0; r < rows; r++) if (ev(r) === true) out[n++] = r;
  return out.subarray(0, n);
}

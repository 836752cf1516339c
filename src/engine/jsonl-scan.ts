/**
 * A fast path for JSON Lines records: scans one flat JSON object per line without building JS
 * objects. Nested objects and arrays stay raw text (`RawJson`), so a dynamic column is keyed by
 * its text and parsed once per distinct value (in key order, with `parseJsonToDyn`).
 * Anything unusual returns false and the caller uses `JSON.parse` (which reports errors).
 */

/** A nested JSON value kept as its source text. */
export class RawJson {
  constructor(readonly text: string) {}
}

export interface ScannedRecord {
  readonly keys: string[];
  readonly values: unknown[];
  count: number;
  /**
   * The scanned line and, for string values without escapes, their span in it: `values[k]` is
   * then `SPAN` and the text is `line.slice(starts[k], ends[k])`, so a dictionary can look it up
   * without creating the string.
   */
  line?: string;
  starts?: number[];
  ends?: number[];
  /** Position of the next backslash in `line` at or after the last query (-1: none left). */
  backslash?: number;
}

/** Marks a string value given by its span in the line (the text between the quotes). */
export const SPAN: unique symbol = Symbol("span");
/** Marks a nested object/array given by its span in the line (the JSON text). */
export const NESTED: unique symbol = Symbol("nested");

/** The text of value `k` of a scanned record (materialising a span). */
export function valueAt(rec: ScannedRecord, k: number): unknown {
  const v = rec.values[k];
  if (v === SPAN) return detached(rec.line!.slice(rec.starts![k], rec.ends![k]));
  if (v === NESTED) return new RawJson(detached(rec.line!.slice(rec.starts![k], rec.ends![k])));
  return v;
}

function skipWs(s: string, i: number, to: number): number {
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) i++;
    else return i;
  }
  return i;
}

/** Index just past the closing quote of the string starting at `i` (a quote), or -1. */
function stringEnd(s: string, i: number, to: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0 || q >= to) return -1;
    // A quote preceded by an odd number of backslashes is escaped.
    let b = q - 1;
    while (b > i && s.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past a balanced object/array starting at `i`, or -1. */
function nestedEnd(s: string, i: number, to: number): number {
  let depth = 0;
  for (let j = i; j < to; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) {
      const e = stringEnd(s, j, to);
      if (e < 0) return -1;
      j = e - 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/**
 * A copy of `s` that does not keep the whole chunk of the file alive: V8 makes longer slices
 * views into their parent string, and a table holds its strings for its lifetime.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

function readString(s: string, start: number, end: number): string {
  const body = s.slice(start + 1, end - 1);
  return body.includes("\\") ? (JSON.parse(s.slice(start, end)) as string) : detached(body);
}

/**
 * Scans `line` into `out`; reuses the key strings of `previous` keys when they repeat (so
 * lookups by key hit cached hashes). Returns false when the full parser must be used.
 */
export function scanFlatObject(line: string, out: ScannedRecord, from = 0, to = line.length): boolean {
  let i = skipWs(line, from, to);
  if (line.charCodeAt(i) !== 123) return false;
  if (out.line !== line) out.backslash = -2;
  out.line = line;
  out.starts ??= [];
  out.ends ??= [];
  i = skipWs(line, i + 1, to);
  let n = 0;
  if (line.charCodeAt(i) === 125) {
    out.count = 0;
    return skipWs(line, i + 1, to) === to;
  }
  for (;;) {
    if (line.charCodeAt(i) !== 34) return false;
    const keyEnd = stringEnd(line, i, to);
    if (keyEnd < 0) return false;
    const prev = out.keys[n];
    let key: string;
    if (prev !== undefined && keyEnd - i - 2 === prev.length && line.startsWith(prev, i + 1)) key = prev;
    else key = readString(line, i, keyEnd);
    i = skipWs(line, keyEnd, to);
    if (line.charCodeAt(i) !== 58) return false;
    i = skipWs(line, i + 1, to);
    const c = line.charCodeAt(i);
    let value: unknown;
    if (c === 34) {
      const e = stringEnd(line, i, to);
      if (e < 0) return false;
      // The next backslash is looked up once per stretch, so scanning a chunk stays linear.
      let backslash = out.backslash ?? -2;
      if (backslash !== -1 && backslash < i + 1) out.backslash = backslash = line.indexOf("\\", i + 1);
      if (backslash < 0 || backslash >= e) {
        value = SPAN;
        out.starts![n] = i + 1;
        out.ends![n] = e - 1;
      } else value = readString(line, i, e);
      i = e;
    } else if (c === 123 || c === 91) {
      const e = nestedEnd(line, i, to);
      if (e < 0) return false;
      value = NESTED;
      out.starts![n] = i;
      out.ends![n] = e;
      i = e;
    } else if (i + 4 <= to && line.startsWith("true", i)) {
      value = true;
      i += 4;
    } else if (i + 5 <= to && line.startsWith("false", i)) {
      value = false;
      i += 5;
    } else if (i + 4 <= to && line.startsWith("null", i)) {
      value = null;
      i += 4;
    } else {
      let j = i;
      while (j < to) {
        const d = line.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69) j++;
        else break;
      }
      if (j === i) return false;
      const num = Number(line.slice(i, j));
      if (Number.isNaN(num)) return false;
      value = num;
      i = j;
    }
    out.keys[n] = key;
    out.values[n] = value;
    n++;
    i = skipWs(line, i, to);
    const sep = i < to ? line.charCodeAt(i) : -1;
    if (sep === 44) {
      i = skipWs(line, i + 1, to);
      continue;
    }
    if (sep === 125) {
      out.count = n;
      return skipWs(line, i + 1, to) === to;
    }
    return false;
  }
}

/**
 * Comparing an evaluator result with a documentation table, with the corpus README's
 * normalising rules: empty cell = null or "", datetimes by instant, reals with a tolerance,
 * dynamic values as JSON ignoring key order, rows as a multiset unless ordered.
 */
import type { ResultTable } from "../evaluate.js";
import { dynToJson, formatReal } from "../format.js";
import { parseDateTime, parseTimespan } from "../literals.js";
import { isDateTime, isDynValue, isTimespan, type KqlType, type Value } from "../values.js";
import { cellText } from "../output.js";

export interface Expected {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function cleanExpected(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/&nbsp;/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\\\|/g, "|")
    .replace(/^<(https?:[^>]*)>$/, "$1")
    .trim();
}

/** JSON-ish text compared loosely: no quotes, no whitespace, booleans in lower case. */
function loose(s: string): string {
  return s.replace(/["'\s]/g, "").replace(/\b(TRUE|True)\b/g, "true").replace(/\b(FALSE|False)\b/g, "false");
}

function numberOf(s: string): number | null {
  const t = s.replace(/,/g, "").trim();
  if (t === "NaN") return Number.NaN;
  if (t === "∞" || t === "Infinity" || t === "+∞") return Number.POSITIVE_INFINITY;
  if (t === "-∞" || t === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function numbersClose(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  const diff = Math.abs(a - b);
  return diff <= 1e-9 || diff <= 1e-4 * Math.max(Math.abs(a), Math.abs(b));
}

function jsonClose(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return numbersClose(a, b);
  if (typeof a === "string" && typeof b === "string") {
    if (a === b) return true;
    const da = parseDateTime(a);
    const db = parseDateTime(b);
    if (da && db && /\d{4}-\d\d-\d\d/.test(a) && /\d{4}-\d\d-\d\d/.test(b)) return da.ticks === db.ticks;
    return false;
  }
  if (typeof a === "number" && typeof b === "string") return numberOf(b) !== null && numbersClose(a, numberOf(b)!);
  if (typeof b === "number" && typeof a === "string") return jsonClose(b, a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonClose(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.hasOwn(b as object, k) && jsonClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

function tryJson(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    // The docs sometimes print JSON with single quotes.
    try {
      return { ok: true, value: JSON.parse(s.replace(/'/g, '"')) };
    } catch {
      return { ok: false };
    }
  }
}

/** Whether one evaluator cell matches one documentation cell. */
export function cellMatches(v: Value, type: KqlType, expectedRaw: string, partial: boolean): boolean {
  const expected = cleanExpected(expectedRaw);
  if (partial && expected.includes("...")) {
    const prefix = expected.slice(0, expected.indexOf("...")).trim();
    const actual = v === null ? "" : isDynValue(v) ? dynToJson(v.value) : cellText(v, type);
    return actual.replace(/\s+/g, "").startsWith(prefix.replace(/\s+/g, ""));
  }
  if (isDynValue(v) && v.value === null) v = null;
  if (v === null || v === "") return expected === "" || expected === "null" || expected === '""';
  if (isDynValue(v)) {
    const d = v.value;
    if (typeof d === "string" && d === expected) return true;
    const parsed = tryJson(expected);
    if (parsed.ok) return jsonClose(JSON.parse(dynToJson(d)), parsed.value);
    return loose(dynToJson(d)) === loose(expected);
  }
  if (typeof v === "number") {
    const n = numberOf(expected);
    return n !== null && numbersClose(v, n);
  }
  if (typeof v === "boolean") return expected.toLowerCase() === String(v);
  if (isDateTime(v)) {
    const e = parseDateTime(expected);
    return e !== null && e.ticks === v.ticks;
  }
  if (isTimespan(v)) {
    const e = parseTimespan(expected);
    return (e !== null && e.ticks === v.ticks) || cellText(v, type) === expected;
  }
  const actual = cellText(v, type);
  if (actual === expected || actual.trim() === expected || `"${actual}"` === expected) return true;
  if (type === "guid") return actual.toLowerCase() === expected.toLowerCase();
  // A string holding JSON (tostring of dynamic) printed pretty in the docs.
  if (type === "string" && (actual.startsWith("{") || actual.startsWith("["))) {
    const a = tryJson(actual);
    const b = tryJson(expected);
    if (a.ok && b.ok) return jsonClose(a.value, b.value);
  }
  return actual.replace(/\s+/g, " ").trim() === expected.replace(/\s+/g, " ").trim();
}

export interface Comparison {
  readonly pass: boolean;
  readonly reason?: string;
}

function rowMatches(actual: readonly Value[], types: readonly KqlType[], expected: readonly string[], partial: boolean): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((v, i) => cellMatches(v, types[i], expected[i], partial));
}

export function compareResult(
  actual: ResultTable,
  expected: Expected,
  opts: { ordered: boolean; partial: boolean; rowsOnlyCount: boolean },
): Comparison {
  const names = actual.columns.map((c) => c.name);
  const wanted = expected.columns.map((c) => c.replace(/`/g, "").trim());
  if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) {
    return { pass: false, reason: `columns differ: got [${names.join(", ")}], expected [${wanted.join(", ")}]` };
  }
  if (actual.rows.length !== expected.rows.length) {
    return { pass: false, reason: `row count differs: got ${actual.rows.length}, expected ${expected.rows.length}` };
  }
  if (opts.rowsOnlyCount) return { pass: true };
  const types = actual.columns.map((c) => c.type);
  if (opts.ordered) {
    for (let i = 0; i < actual.rows.length; i++) {
      if (!rowMatches(actual.rows[i], types, expected.rows[i], opts.partial)) {
        return { pass: false, reason: `row ${i + 1} differs: got [${show(actual.rows[i], types)}], expected [${expected.rows[i].join(", ")}]` };
      }
    }
    return { pass: true };
  }
  const used = new Uint8Array(actual.rows.length);
  for (const e of expected.rows) {
    let found = -1;
    for (let i = 0; i < actual.rows.length; i++) {
      if (!used[i] && rowMatches(actual.rows[i], types, e, opts.partial)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      const first = actual.rows.findIndex((_, i) => !used[i]);
      return { pass: false, reason: `expected row [${e.join(", ")}] not found${first >= 0 ? ` (e.g. got [${show(actual.rows[first], types)}])` : ""}` };
    }
    used[found] = 1;
  }
  return { pass: true };
}

function show(row: readonly Value[], types: readonly KqlType[]): string {
  return row.map((v, i) => (typeof v === "number" && types[i] === "real" ? formatReal(v) : cellText(v, types[i]))).join(", ");
}

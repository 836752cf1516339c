/**
 * Comparing two query results (the local evaluator's against a live workspace's, or any two
 * runs): same columns, same rows as a multiset (order ignored unless asked), values compared by
 * meaning: numbers by value whatever their width, instants by tick, bags regardless of key order.
 */
import { dynToJson } from "../engine/format.js";
import { type Dyn, isBag, isDateTime, isDynValue, isGuid, isTimespan, type Value } from "../engine/values.js";
import { type ResultSet, valueText } from "./alerts.js";

export interface ResultComparison {
  readonly equal: boolean;
  /** One line per difference: columns, then rows only in one side. */
  readonly differences: readonly string[];
}

export interface CompareOptions {
  /** Compare rows in order (default: as a multiset). */
  readonly ordered?: boolean;
  /** Compare only these columns (default: all, and the column sets must match). */
  readonly columns?: readonly string[];
  /** Rows listed per side at most (default 10). */
  readonly maxRows?: number;
}

export function compareResultSets(expected: ResultSet, actual: ResultSet, options: CompareOptions = {}): ResultComparison {
  const differences: string[] = [];
  const names = options.columns ?? expected.columns.map((c) => c.name);
  if (!options.columns) {
    const a = expected.columns.map((c) => c.name);
    const b = actual.columns.map((c) => c.name);
    const missing = a.filter((n) => !b.includes(n));
    const extra = b.filter((n) => !a.includes(n));
    if (missing.length > 0) differences.push(`columns missing: ${missing.join(", ")}`);
    if (extra.length > 0) differences.push(`columns not expected: ${extra.join(", ")}`);
  }
  const keyed = (set: ResultSet) => {
    const index = names.map((n) => set.columns.findIndex((c) => c.name === n));
    return set.rows.map((row) => ({ key: JSON.stringify(index.map((i) => (i < 0 ? null : canonical(row[i])))), row, index }));
  };
  const left = keyed(expected);
  const right = keyed(actual);
  const max = options.maxRows ?? 10;
  const show = (entry: { row: readonly Value[]; index: number[] }, side: ResultSet) =>
    names.map((n, k) => `${n}=${entry.index[k] < 0 ? "(absent)" : valueText(entry.row[entry.index[k]], side.columns[entry.index[k]].type)}`).join(", ");
  if (options.ordered) {
    const n = Math.max(left.length, right.length);
    let shown = 0;
    for (let i = 0; i < n && shown < max; i++) {
      if (left[i]?.key === right[i]?.key) continue;
      shown++;
      differences.push(`row ${i + 1}: expected ${left[i] ? show(left[i], expected) : "(none)"}; got ${right[i] ? show(right[i], actual) : "(none)"}`);
    }
  } else {
    const counts = new Map<string, number>();
    for (const r of right) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
    const onlyLeft = left.filter((r) => {
      const c = counts.get(r.key) ?? 0;
      if (c === 0) return true;
      counts.set(r.key, c - 1);
      return false;
    });
    const remaining = new Map(counts);
    const onlyRight = right.filter((r) => {
      const c = remaining.get(r.key) ?? 0;
      if (c === 0) return false;
      remaining.set(r.key, c - 1);
      return true;
    });
    for (const r of onlyLeft.slice(0, max)) differences.push(`missing row: ${show(r, expected)}`);
    if (onlyLeft.length > max) differences.push(`... ${onlyLeft.length - max} more missing rows`);
    for (const r of onlyRight.slice(0, max)) differences.push(`unexpected row: ${show(r, actual)}`);
    if (onlyRight.length > max) differences.push(`... ${onlyRight.length - max} more unexpected rows`);
  }
  if (left.length !== right.length) differences.push(`row count: expected ${left.length}, got ${right.length}`);
  return { equal: differences.length === 0, differences };
}

/** A text key under which equal values (by meaning) coincide. */
function canonical(v: Value): string | number | boolean | null {
  if (v === null || v === "") return null;
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isDateTime(v)) return `dt:${v.ticks}`;
  if (isTimespan(v)) return `ts:${v.ticks}`;
  if (isGuid(v)) return `g:${v.value}`;
  if (isDynValue(v)) return `d:${sortedJson(v.value)}`;
  return null;
}

function sortedJson(d: Dyn): string {
  if (Array.isArray(d)) return `[${d.map(sortedJson).join(",")}]`;
  if (isBag(d)) {
    const keys = [...d.entries.keys()].sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(d.entries.get(k)!)}`).join(",")}}`;
  }
  return dynToJson(d);
}

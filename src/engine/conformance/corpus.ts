/**
 * The KQL conformance corpus (documentation examples with their printed results): loading the
 * cases, running each through the evaluator, and grouping pass rates by topic.
 */
import { readFileSync } from "node:fs";
import { evaluate } from "../evaluate.js";
import { parseDateTime } from "../literals.js";
import { compareResult, type Expected } from "./compare.js";

export interface ConformanceCase {
  readonly id: string;
  readonly operator_or_function: string;
  readonly query: string;
  readonly expected: Expected;
  readonly ordered: boolean;
  readonly flags: readonly string[];
}

export type Category = "core" | "geo" | "series" | "graph";

export interface CaseResult {
  readonly id: string;
  readonly topic: string;
  readonly category: Category;
  readonly pass: boolean;
  readonly reason?: string;
}

export function loadCases(path: string): ConformanceCase[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ConformanceCase);
}

/** Geo, time-series and graph cases are counted apart (outside what detections need). */
export function categoryOf(c: ConformanceCase): Category {
  const topic = c.operator_or_function.toLowerCase();
  const q = c.query;
  if (topic.startsWith("geo_") || /\bgeo_\w+\s*\(/.test(q)) return "geo";
  if (topic.includes("graph") || /\b(make-graph|graph-match|graph-to-table|graph-shortest-paths|graph-mark-components)\b/.test(q)) return "graph";
  if (topic.startsWith("series_") || topic.includes("make-series") || /\bmake-series\b|\bseries_\w+\s*\(/.test(q)) return "series";
  return "core";
}

/** A fixed clock for the corpus, so `now()` cases are at least deterministic. */
const CORPUS_NOW = parseDateTime("2024-01-01T00:00:00Z")!;

export function runCase(c: ConformanceCase): CaseResult {
  const base = { id: c.id, topic: c.operator_or_function, category: categoryOf(c) };
  try {
    const result = evaluate(c.query, { tables: () => undefined, now: CORPUS_NOW });
    const primary = result.tables[0];
    const cmp = compareResult(primary, c.expected, {
      ordered: c.ordered,
      partial: c.flags.includes("cell-ellipsis"),
      rowsOnlyCount: c.flags.some((f) => f.startsWith("nondeterministic")),
    });
    return { ...base, pass: cmp.pass, ...(cmp.reason ? { reason: cmp.reason } : {}) };
  } catch (e) {
    return { ...base, pass: false, reason: `error: ${(e as Error).message.split("\n")[0]}` };
  }
}

export interface Summary {
  readonly byTopic: Map<string, { pass: number; total: number; category: Category }>;
  readonly byCategory: Map<Category, { pass: number; total: number }>;
}

export function summarise(results: readonly CaseResult[]): Summary {
  const byTopic = new Map<string, { pass: number; total: number; category: Category }>();
  const byCategory = new Map<Category, { pass: number; total: number }>();
  for (const r of results) {
    const t = byTopic.get(r.topic) ?? { pass: 0, total: 0, category: r.category };
    t.total++;
    if (r.pass) t.pass++;
    byTopic.set(r.topic, t);
    const c = byCategory.get(r.category) ?? { pass: 0, total: 0 };
    c.total++;
    if (r.pass) c.pass++;
    byCategory.set(r.category, c);
  }
  return { byTopic, byCategory };
}

/** Structural equality ignoring spans: the round-trip contract parse(print(ast)) == ast. */
import type * as A from "./ast.js";
import { NO_SPAN } from "./ast.js";

type Plain = Record<string, unknown>;

/** A deep copy of `node` without `span` fields (for snapshots and comparisons). */
export function stripSpans<T>(node: T): T {
  if (node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map(stripSpans) as T;
  const out: Plain = {};
  for (const [k, v] of Object.entries(node as Plain)) {
    if (k === "span") continue;
    out[k] = stripSpans(v);
  }
  return out as T;
}

/** A deep copy of `node` with every span replaced by `NO_SPAN` (what DSL-built nodes carry). */
export function resetSpans<T>(node: T): T {
  if (node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map(resetSpans) as T;
  const out: Plain = {};
  for (const [k, v] of Object.entries(node as Plain)) out[k] = k === "span" ? NO_SPAN : resetSpans(v);
  return out as T;
}

/** True when `a` and `b` are the same tree, ignoring `span` fields and key order. */
export function astEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!astEquals(a[i], bb[i])) return false;
    return true;
  }
  const pa = a as Plain;
  const pb = b as Plain;
  const ka = Object.keys(pa).filter((k) => k !== "span" && pa[k] !== undefined);
  const kb = Object.keys(pb).filter((k) => k !== "span" && pb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!astEquals(pa[k], pb[k])) return false;
  return true;
}

/** The first path where `a` and `b` differ (for test messages), or null. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (astEquals(a, b)) return null;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
  const keys = new Set([...Object.keys(a as Plain), ...Object.keys(b as Plain)]);
  for (const k of keys) {
    if (k === "span") continue;
    const d = firstDifference((a as Plain)[k], (b as Plain)[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: differs`;
}

export type { A };

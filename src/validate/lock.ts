/**
 * The version lock (`detections.lock.json`): for each rule its id, version and the sha256 of its
 * normalized compiled form (canonical KQL plus the metadata that ships). A rule whose hash
 * changes must change its version; its id never changes. Rules are matched by slug.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../cli/errors.js";
import type { CompiledDetection, DetectionSpec } from "../dsl/model.js";
import { JsonSyntaxError, parseJson } from "../util/json.js";
import { DEFAULT_SCHEDULE, DEFAULT_TRIGGER, effectiveKind } from "./effective.js";

export const LOCK_FILE_NAME = "detections.lock.json";
export const LOCK_FORMAT = 1;

export interface LockEntry {
  readonly id: string;
  readonly version: string;
  /** `sha256:<hex>` of the normalized compiled form. */
  readonly hash: string;
}

export interface LockFile {
  readonly lockVersion: number;
  /** By slug, sorted. */
  readonly detections: Readonly<Record<string, LockEntry>>;
}

/** Spec keys that do not ship to Sentinel: changing them needs no new version. */
const NOT_SHIPPED: ReadonlySet<keyof DetectionSpec> = new Set(["version", "tests", "waivers", "response"]);

/** JSON with object keys sorted and undefined values dropped: the same value always gives the same text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/** What the hash covers: the canonical KQL and the shipped metadata, with the model's defaults made explicit. */
export function normalizedForm(d: CompiledDetection): { readonly kql: string; readonly rule: Record<string, unknown> } {
  const rule: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.spec)) if (!NOT_SHIPPED.has(key as keyof DetectionSpec)) rule[key] = value;
  rule.kind = effectiveKind(d.spec);
  if (rule.kind === "Scheduled") {
    rule.schedule = d.spec.schedule ?? DEFAULT_SCHEDULE;
    rule.trigger = d.spec.trigger ?? DEFAULT_TRIGGER;
  }
  return { kql: d.kql, rule };
}

export function detectionHash(d: CompiledDetection): string {
  return `sha256:${createHash("sha256").update(stableStringify(normalizedForm(d))).digest("hex")}`;
}

/** -1, 0 or 1 comparing X.Y.Z versions numerically (unparseable versions compare as text). */
export function compareVersions(a: string, b: string): number {
  const pa = /^(\d+)\.(\d+)\.(\d+)$/.exec(a);
  const pb = /^(\d+)\.(\d+)\.(\d+)$/.exec(b);
  if (!pa || !pb) return a === b ? 0 : a < b ? -1 : 1;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export function bumpPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`cannot bump version ${JSON.stringify(version)}: not X.Y.Z`);
  return `${m[1]}.${m[2]}.${Number(m[3]) + 1}`;
}

export type LockStatus =
  /** Not in the lock. */
  | "new"
  /** Same hash, same version. */
  | "unchanged"
  /** Hash changed and version raised: the lock entry is stale but the rule is fine. */
  | "bumped"
  /** Same hash, version changed: allowed, the lock entry is stale. */
  | "version-only"
  /** Hash changed, version not raised. */
  | "unbumped"
  | "version-decreased"
  | "id-changed";

export function lockStatus(d: CompiledDetection, entry: LockEntry | undefined, hash: string): LockStatus {
  if (!entry) return "new";
  if (entry.id.toLowerCase() !== String(d.spec.id).toLowerCase()) return "id-changed";
  const order = compareVersions(d.spec.version, entry.version);
  if (order < 0) return "version-decreased";
  if (entry.hash === hash) return order === 0 ? "unchanged" : "version-only";
  return order === 0 ? "unbumped" : "bumped";
}

export function lockPath(root: string): string {
  return join(root, LOCK_FILE_NAME);
}

function isEntry(v: unknown): v is LockEntry {
  const e = v as LockEntry;
  return typeof e === "object" && e !== null && typeof e.id === "string" && typeof e.version === "string" && typeof e.hash === "string";
}

/** Reads the lock; null when the file does not exist. Malformed files are usage errors naming the place. */
export function readLock(file: string): LockFile | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new UsageError(`${file}:${e.line}:${e.column}: ${e.message}`);
    throw e;
  }
  const lock = data as { lockVersion?: unknown; detections?: unknown };
  if (typeof lock !== "object" || lock === null || typeof lock.detections !== "object" || lock.detections === null)
    throw new UsageError(`${file}:1:1: expected {"lockVersion": ${LOCK_FORMAT}, "detections": {"<slug>": {"id", "version", "hash"}}}`);
  for (const [slug, entry] of Object.entries(lock.detections as Record<string, unknown>)) {
    if (!isEntry(entry)) {
      const offset = Math.max(0, text.indexOf(JSON.stringify(slug)));
      const line = text.slice(0, offset).split("\n").length;
      throw new UsageError(`${file}:${line}:1: lock entry ${slug} needs string "id", "version" and "hash"`);
    }
  }
  return { lockVersion: typeof lock.lockVersion === "number" ? lock.lockVersion : LOCK_FORMAT, detections: lock.detections as Record<string, LockEntry> };
}

/** The lock for these detections, sorted by slug. */
export function buildLock(detections: readonly CompiledDetection[], hashOf: (d: CompiledDetection) => string, versionOf = (d: CompiledDetection) => d.spec.version): LockFile {
  const sorted = [...detections].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const entries: Record<string, LockEntry> = {};
  for (const d of sorted) entries[d.slug] = { id: d.spec.id, version: versionOf(d), hash: hashOf(d) };
  return { lockVersion: LOCK_FORMAT, detections: entries };
}

export function serializeLock(lock: LockFile): string {
  const head = {
    $comment: "Generated by `kustodian lock`: each rule's id, version and the sha256 of its compiled form. Do not edit by hand.",
    lockVersion: lock.lockVersion,
  };
  return `${JSON.stringify({ ...head, detections: lock.detections }, null, 2)}\n`;
}

const VERSION_PROPERTY = /(?<![\w$])(["']?)version\1(\s*:\s*)(["'`])(\d+\.\d+\.\d+)\3/g;

/**
 * Rewrites the `version: "x.y.z"` string of a detection source, changing only those characters.
 * Throws when the file does not hold exactly one such property with the expected version.
 */
export function rewriteVersion(source: string, from: string, to: string): string {
  const hits = [...source.matchAll(VERSION_PROPERTY)].filter((m) => m[4] === from);
  if (hits.length !== 1)
    throw new Error(hits.length === 0 ? `no \`version: "${from}"\` property found` : `${hits.length} \`version: "${from}"\` properties found; bump it by hand`);
  const m = hits[0];
  const valueStart = m.index + m[0].length - from.length - 1;
  return source.slice(0, valueStart) + to + source.slice(valueStart + from.length);
}

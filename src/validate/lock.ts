/**
 * The version lock (`detections.lock.json`): for each rule its id, version and the sha256 of its
 * normalized compiled form (canonical KQL plus the metadata that ships). A rule whose hash
 * changes must change its version; its id never changes. Rules are matched by id, so renaming a
 * file (its slug) keeps the rule's history; the slug is recorded as information, and a slug whose
 * recorded id is gone while the file now carries another id is an id change.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../cli/errors.js";
import type { CompiledDetection, DetectionSpec } from "../dsl/model.js";
import { JsonSyntaxError, parseJson } from "../util/json.js";
import { DEFAULT_SCHEDULE, DEFAULT_TRIGGER, effectiveKind } from "./effective.js";

export const LOCK_FILE_NAME = "detections.lock.json";
/** 2: keyed by id (`{"<id>": {slug, version, hash}}`); 1 (still read): keyed by slug (`{"<slug>": {id, version, hash}}`). */
export const LOCK_FORMAT = 2;

export interface LockEntry {
  readonly id: string;
  /** The rule's file name when it was recorded (information: rules are matched by id). */
  readonly slug: string;
  readonly version: string;
  /** `sha256:<hex>` of the normalized compiled form. */
  readonly hash: string;
}

export interface LockFile {
  readonly lockVersion: number;
  /** Sorted by slug. */
  readonly entries: readonly LockEntry[];
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

function isString(v: unknown): v is string {
  return typeof v === "string";
}

/** Line of the first occurrence of a JSON key in the text (for messages). */
function keyLine(text: string, key: string): number {
  const offset = Math.max(0, text.indexOf(JSON.stringify(key)));
  return text.slice(0, offset).split("\n").length;
}

/** Reads the lock (format 1 or 2); null when the file does not exist. Malformed files are usage errors naming the place. */
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
    throw new UsageError(`${file}:1:1: expected {"lockVersion": ${LOCK_FORMAT}, "detections": {"<id>": {"slug", "version", "hash"}}}`);
  const bySlug = lock.lockVersion === 1;
  const entries: LockEntry[] = [];
  for (const [key, value] of Object.entries(lock.detections as Record<string, unknown>)) {
    const e = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    const entry = bySlug
      ? { id: e.id, slug: key, version: e.version, hash: e.hash }
      : { id: key, slug: e.slug, version: e.version, hash: e.hash };
    if (!isString(entry.id) || !isString(entry.slug) || !isString(entry.version) || !isString(entry.hash))
      throw new UsageError(`${file}:${keyLine(text, key)}:1: lock entry ${key} needs string ${bySlug ? '"id"' : '"slug"'}, "version" and "hash"`);
    entries.push(entry as LockEntry);
  }
  return { lockVersion: typeof lock.lockVersion === "number" ? lock.lockVersion : LOCK_FORMAT, entries };
}

/** The lock for these detections, sorted by slug. */
export function buildLock(detections: readonly CompiledDetection[], hashOf: (d: CompiledDetection) => string, versionOf = (d: CompiledDetection) => d.spec.version): LockFile {
  const sorted = [...detections].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { lockVersion: LOCK_FORMAT, entries: sorted.map((d) => ({ id: d.spec.id, slug: d.slug, version: versionOf(d), hash: hashOf(d) })) };
}

/** How each detection relates to the lock, and which entries no current detection claims. */
export interface LockMatch {
  /** The entry a detection is compared with (by id; else the entry of its slug, an id change). */
  entryOf(d: CompiledDetection): LockEntry | undefined;
  /** Entries no detection claims (deleted rules), sorted by slug. */
  readonly unclaimed: readonly LockEntry[];
}

const idKey = (id: unknown) => String(id).toLowerCase();

/**
 * Matches detections to lock entries by id. A detection whose id is not recorded falls back to
 * the entry of its slug when that entry's id is not carried by any current detection: the same
 * file now has another id (`id-changed`). Otherwise it is new.
 */
export function matchLock(detections: readonly CompiledDetection[], lock: LockFile | null): LockMatch {
  const byId = new Map((lock?.entries ?? []).map((e) => [idKey(e.id), e]));
  const bySlug = new Map((lock?.entries ?? []).map((e) => [e.slug, e]));
  const currentIds = new Set(detections.map((d) => idKey(d.spec.id)));
  const matched = new Map<CompiledDetection, LockEntry>();
  for (const d of detections) {
    const own = byId.get(idKey(d.spec.id));
    const previous = bySlug.get(d.slug);
    const entry = own ?? (previous && !currentIds.has(idKey(previous.id)) ? previous : undefined);
    if (entry) matched.set(d, entry);
  }
  const claimed = new Set(matched.values());
  return {
    entryOf: (d) => matched.get(d),
    unclaimed: (lock?.entries ?? []).filter((e) => !claimed.has(e)).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
  };
}

export function serializeLock(lock: LockFile): string {
  const head = {
    $comment: "Generated by `kustodian lock`: by rule id, its file name (slug), version and the sha256 of its compiled form. Do not edit by hand.",
    lockVersion: lock.lockVersion,
  };
  const detections: Record<string, { slug: string; version: string; hash: string }> = {};
  for (const e of lock.entries) detections[e.id] = { slug: e.slug, version: e.version, hash: e.hash };
  return `${JSON.stringify({ ...head, detections }, null, 2)}\n`;
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

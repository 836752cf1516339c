/**
 * `kustodian lock`: records every rule's id, slug, version and hash in `detections.lock.json`.
 * Rules are matched by id, so a renamed file keeps its entry (and its version check).
 * It refuses to record a changed rule under its old version (that would defeat the check);
 * with `bump` it raises the patch version in the detection source instead, touching only the
 * version string.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { writeFileAtomic } from "../cli/io.js";
import type { CompiledDetection } from "../dsl/model.js";
import {
  buildLock,
  bumpPatch,
  detectionHash,
  LOCK_FILE_NAME,
  type LockFile,
  lockPath,
  lockStatus,
  matchLock,
  readLock,
  rewriteVersion,
  serializeLock,
} from "./lock.js";

export interface LockProblem {
  readonly slug: string;
  readonly file: string;
  readonly message: string;
}

export interface LockRun {
  /** The lock written (or that would be written); null when problems prevented writing. */
  readonly lock: LockFile | null;
  readonly lockFile: string;
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  /** Rules whose file was renamed (matched by id): old slug to new slug. */
  readonly renamed: readonly { readonly from: string; readonly to: string }[];
  readonly bumped: readonly { readonly slug: string; readonly file: string; readonly from: string; readonly to: string }[];
  readonly problems: readonly LockProblem[];
  /** Whether the lock file content changed on disk. */
  readonly written: boolean;
}

export function runLock(detections: readonly CompiledDetection[], options: { root: string; bump?: boolean; dryRun?: boolean }): LockRun {
  const lockFile = lockPath(options.root);
  const previous = readLock(lockFile);
  const display = (f: string) => relative(process.cwd(), f) || f;
  const problems: LockProblem[] = [];
  const added: string[] = [];
  const updated: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  const bumped: { slug: string; file: string; from: string; to: string }[] = [];
  const rewrites = new Map<string, string>();
  const versions = new Map<CompiledDetection, string>();

  const match = matchLock(detections, previous);
  for (const d of detections) {
    const entry = match.entryOf(d);
    const status = lockStatus(d, entry, detectionHash(d));
    const file = display(d.file);
    if (entry && entry.slug !== d.slug && status !== "id-changed") renamed.push({ from: entry.slug, to: d.slug });
    if (status === "new") added.push(d.slug);
    else if (status === "bumped" || status === "version-only") updated.push(d.slug);
    else if (status === "id-changed")
      problems.push({ slug: d.slug, file, message: `id changed from ${entry?.id} to ${d.spec.id}; restore it (to replace the rule on purpose, delete its entry from ${LOCK_FILE_NAME})` });
    else if (status === "version-decreased")
      problems.push({ slug: d.slug, file, message: `version ${d.spec.version} is lower than the recorded ${entry?.version}` });
    else if (status === "unbumped") {
      if (!options.bump) {
        problems.push({ slug: d.slug, file, message: `changed since version ${d.spec.version} was recorded: raise its version, or run \`kustodian lock --bump\`` });
        continue;
      }
      const to = bumpPatch(d.spec.version);
      try {
        const source = rewrites.get(d.file) ?? readFileSync(d.file, "utf8");
        rewrites.set(d.file, rewriteVersion(source, d.spec.version, to));
        versions.set(d, to);
        bumped.push({ slug: d.slug, file, from: d.spec.version, to });
        updated.push(d.slug);
      } catch (e) {
        problems.push({ slug: d.slug, file, message: `cannot bump the version: ${(e as Error).message}` });
      }
    }
  }

  const removed = match.unclaimed.map((e) => e.slug);
  if (problems.length > 0)
    return { lock: null, lockFile, added, updated, removed, renamed, bumped: [], problems, written: false };

  const lock = buildLock(detections, detectionHash, (d) => versions.get(d) ?? d.spec.version);
  const text = serializeLock(lock);
  let current = "";
  try {
    current = readFileSync(lockFile, "utf8");
  } catch {
    // no lock yet
  }
  const written = !options.dryRun && current !== text;
  if (!options.dryRun) {
    for (const [file, source] of rewrites) writeFileAtomic(file, source);
    if (written) writeFileAtomic(lockFile, text);
  }
  return { lock, lockFile, added, updated, removed, renamed, bumped, problems, written };
}

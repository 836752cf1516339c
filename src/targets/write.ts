/**
 * `writeArtifacts`: puts a build on disk atomically. The new tree is written to a temporary
 * folder beside the output and swapped in with renames, so a failed or interrupted build leaves
 * the previous output as it was. Files of deleted detections disappear with the old tree.
 * Top-level dot-files (`.gitattributes`, `.gitkeep`) are carried over untouched.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { compareStrings } from "./order.js";

export interface WriteResult {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** False when the folder already matched (nothing written) or in check mode. */
  readonly written: boolean;
}

export class OutputFolderError extends Error {}

/** Relative paths (with `/`) of every file under `dir`, dot-files at the top level excluded. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (d === dir && entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort(compareStrings);
}

export function diffArtifacts(outDir: string, files: ReadonlyMap<string, string>): Omit<WriteResult, "written"> {
  const existing = new Set(listFiles(outDir));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [path, content] of files) {
    if (!existing.has(path)) added.push(path);
    else if (readFileSync(join(outDir, path), "utf8") !== content) changed.push(path);
    existing.delete(path);
  }
  return { added, changed, removed: [...existing].sort(compareStrings) };
}

export function writeArtifacts(outDir: string, files: ReadonlyMap<string, string>, options: { check?: boolean } = {}): WriteResult {
  for (const path of files.keys()) {
    if (path.startsWith("/") || path.split("/").includes("..")) throw new OutputFolderError(`refusing to write outside the output folder: ${path}`);
  }
  const diff = diffArtifacts(outDir, files);
  const same = diff.added.length + diff.changed.length + diff.removed.length === 0;
  if (options.check || same) return { ...diff, written: false };
  guardOutputFolder(outDir);

  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(parent, `.${basename(outDir)}.new-${tag}`);
  const old = join(parent, `.${basename(outDir)}.old-${tag}`);
  try {
    mkdirSync(staging);
    const folders = new Set([...files.keys()].map((p) => dirname(join(staging, ...p.split("/")))));
    for (const folder of [...folders].sort(compareStrings)) mkdirSync(folder, { recursive: true });
    for (const [path, content] of files) writeFileSync(join(staging, ...path.split("/")), content);
    if (existsSync(outDir)) {
      for (const entry of readdirSync(outDir)) {
        if (entry.startsWith(".") && statSync(join(outDir, entry)).isFile()) writeFileSync(join(staging, entry), readFileSync(join(outDir, entry)));
      }
      renameSync(outDir, old);
    }
    renameSync(staging, outDir);
  } catch (e) {
    if (!existsSync(outDir) && existsSync(old)) renameSync(old, outDir);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
  return { ...diff, written: true };
}

/** Replacing a folder wholesale is only safe for one Kustodian wrote (or an empty one). */
function guardOutputFolder(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new OutputFolderError(`${outDir} exists and is not a folder`);
  if (existsSync(join(outDir, "manifest.json"))) return;
  if (listFiles(outDir).length === 0) return;
  throw new OutputFolderError(`refusing to replace ${outDir}: it holds files but no manifest.json, so it is not a kustodian build output`);
}

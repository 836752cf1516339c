/**
 * `--watch`: fs.watch on the detection, fixture and schema folders, debounced, mapping each
 * change to the detections it affects so only those rerun.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";

export interface WatchRoots {
  readonly detections: string;
  readonly fixtures: string;
  readonly schemas: string | null;
  readonly config: string | null;
}

/** `all`: rerun everything (schema, config or a shared module changed). */
export type Affected = { readonly all: true } | { readonly all: false; readonly slugs: ReadonlySet<string> };

/** Which detections a set of changed files affects. */
export function affectedBy(changed: Iterable<string>, roots: WatchRoots, detectionFiles: ReadonlyMap<string, string>): Affected {
  const slugs = new Set<string>();
  for (const file of changed) {
    if (roots.config !== null && file === roots.config) return { all: true };
    if (roots.schemas !== null && isInside(file, roots.schemas)) return { all: true };
    if (isInside(file, roots.fixtures)) {
      const first = relative(roots.fixtures, file).split(sep)[0];
      if (first) slugs.add(first);
      continue;
    }
    if (isInside(file, roots.detections)) {
      const slug = detectionFiles.get(file);
      if (slug === undefined) {
        // A new detection file, or a module detections import: rerun all.
        if (extname(file) === ".ts") return { all: true };
        continue;
      }
      slugs.add(slug);
    }
  }
  return { all: false, slugs };
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
}

/**
 * Watches the roots and calls `onChange` with the changed files once they have been quiet for
 * `debounceMs`. Temporary and hidden files (the loader's bundles start with a dot) are ignored.
 * Returns a function that stops watching.
 */
export function watchRoots(roots: WatchRoots, onChange: (files: ReadonlySet<string>) => void, debounceMs = 200): () => void {
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const note = (dir: string) => (_event: string, name: string | Buffer | null) => {
    if (name === null) return;
    const file = join(dir, name.toString());
    if (basename(file).startsWith(".") || file.endsWith("~") || file.endsWith(".tmp")) return;
    pending.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const files = pending;
      pending = new Set();
      timer = null;
      onChange(files);
    }, debounceMs);
  };
  for (const dir of [roots.detections, roots.fixtures, roots.schemas]) {
    if (dir === null || !existsSync(dir)) continue;
    watchers.push(watch(dir, { recursive: true }, note(dir)));
  }
  if (roots.config !== null && existsSync(roots.config)) {
    const dir = join(roots.config, "..");
    const name = basename(roots.config);
    watchers.push(
      watch(dir, (event, changed) => {
        if (changed?.toString() === name) note(dir)(event, name);
      }),
    );
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

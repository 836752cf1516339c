/**
 * The JSONPath subset Kusto's functions accept (`$`, `.name`, `['name']`, `["name"]`, `[0]`, `[*]`),
 * used by extract_json, bag_has_key, bag_remove_keys and bag_set_key.
 */
import { type Dyn, isBag } from "../values.js";
import { FunctionError } from "./types.js";

export type PathStep = { readonly key: string } | { readonly index: number } | { readonly all: true };

/** Parses a path; a plain name without `$` is one key step (as bag functions accept). */
export function parseJsonPath(path: string, caller: string): PathStep[] {
  if (!path.startsWith("$")) return [{ key: path }];
  const steps: PathStep[] = [];
  let i = 1;
  const fail = (): never => {
    throw new FunctionError(caller, `invalid JSONPath '${path}'`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      const m = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (m === null) fail();
      const name = (m as RegExpExecArray)[0];
      steps.push(name === "*" ? { all: true } : { key: name });
      i += 1 + name.length;
    } else if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) fail();
      const inner = path.slice(i + 1, close).trim();
      if (inner === "*") steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else fail();
      i = close + 1;
    } else {
      fail();
    }
  }
  return steps;
}

/** Every value the path selects. */
export function selectPath(root: Dyn, steps: readonly PathStep[]): Dyn[] {
  let current: Dyn[] = [root];
  for (const step of steps) {
    const next: Dyn[] = [];
    for (const node of current) {
      if ("key" in step) {
        if (isBag(node) && node.entries.has(step.key)) next.push(node.entries.get(step.key) ?? null);
      } else if ("index" in step) {
        if (Array.isArray(node)) {
          const i = step.index < 0 ? node.length + step.index : step.index;
          if (i >= 0 && i < node.length) next.push(node[i]);
        }
      } else if (Array.isArray(node)) {
        next.push(...node);
      } else if (isBag(node)) {
        next.push(...node.entries.values());
      }
    }
    current = next;
  }
  return current;
}

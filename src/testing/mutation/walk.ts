/**
 * A structural walk over the KQL AST that needs no per-kind knowledge: every object with a
 * string `kind` is a node, and its children are the node-valued properties (and node arrays)
 * in declaration order. Mutation sites are numbered in pre-order, so `visit` and `replaceAt`
 * agree on which node site N is.
 */

export interface AnyNode {
  readonly kind: string;
  readonly [key: string]: unknown;
}

export function isNode(x: unknown): x is AnyNode {
  return typeof x === "object" && x !== null && !Array.isArray(x) && typeof (x as { kind?: unknown }).kind === "string";
}

export interface VisitContext {
  /** Ancestors, outermost first; the direct parent is the last. */
  readonly ancestors: readonly AnyNode[];
  /** The property of the parent holding this node (`left`, `predicate`, `values`...). */
  readonly key: string | null;
}

/** Calls `fn` on every node in pre-order with a running index. */
export function visit(root: AnyNode, fn: (node: AnyNode, index: number, ctx: VisitContext) => void): void {
  let index = 0;
  const ancestors: AnyNode[] = [];
  const walk = (node: AnyNode, key: string | null) => {
    fn(node, index++, { ancestors: [...ancestors], key });
    ancestors.push(node);
    for (const [k, value] of Object.entries(node)) {
      if (k === "span") continue;
      if (isNode(value)) walk(value, k);
      else if (Array.isArray(value)) for (const item of value) if (isNode(item)) walk(item, k);
    }
    ancestors.pop();
  };
  walk(root, null);
}

/** A copy of `root` with the node at pre-order `target` replaced; untouched subtrees are shared. */
export function replaceAt(root: AnyNode, target: number, replace: (node: AnyNode) => AnyNode): AnyNode {
  let index = 0;
  const walk = (node: AnyNode): AnyNode => {
    if (index === target) {
      index++;
      skipCount(node);
      return replace(node);
    }
    index++;
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(node)) {
      if (k !== "span" && isNode(value)) {
        const next = index > target ? value : walk(value);
        changed ||= next !== value;
        copy[k] = next;
      } else if (k !== "span" && Array.isArray(value)) {
        const next = value.map((item) => (isNode(item) && index <= target ? walk(item) : item));
        changed ||= next.some((x, i) => x !== value[i]);
        copy[k] = next;
      } else copy[k] = value;
    }
    return changed ? (copy as AnyNode) : node;
  };
  // Numbering must continue past a replaced subtree as `visit` would.
  const skipCount = (node: AnyNode) => {
    for (const [k, value] of Object.entries(node)) {
      if (k === "span") continue;
      if (isNode(value)) {
        index++;
        skipCount(value);
      } else if (Array.isArray(value)) {
        for (const item of value) {
          if (isNode(item)) {
            index++;
            skipCount(item);
          }
        }
      }
    }
  };
  return walk(root);
}

/** Whether any node in the subtree satisfies `test`. */
export function some(root: AnyNode, test: (node: AnyNode) => boolean): boolean {
  let found = false;
  visit(root, (node) => {
    found ||= test(node);
  });
  return found;
}

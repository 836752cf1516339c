/**
 * Where a property of a detection is written in its file. Detection files are TypeScript; rather
 * than evaluate them, scan the text: from the file's `detection(` call, find each key of the path
 * in turn (`alertDetailsOverride`, then `alertSeverityColumnName`), then optionally the quoted
 * value. A step that is not found keeps the last position found, so the answer is always the
 * closest place known (at worst the call). Used by the loader and by `kustodian validate`.
 */

/** A property path to look for, and optionally the string value written there. */
export interface PropertyAnchor {
  readonly path: readonly string[];
  readonly value?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** UTF-16 offset of the anchor in a detection file's text. */
export function propertyOffset(text: string, anchor: PropertyAnchor): number {
  // Start at the `detection(` call, so helper objects declared above it are not mistaken for the rule.
  const call = text.search(/(?<![\w$])detection\s*\(/);
  let pos = Math.max(call, 0);
  let from = pos;
  for (const key of anchor.path) {
    // `key: value`, `"key": value`, or the shorthand `key,` on its own line.
    const k = escapeRegExp(key);
    const re = new RegExp(`(?<![\\w$])(["']?)${k}\\1\\s*:|^[ \\t]*${k}[ \\t]*,`, "gm");
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    pos = m.index + (m[0].length - m[0].trimStart().length);
    from = m.index + m[0].length;
  }
  if (anchor.value !== undefined) {
    const re = new RegExp(`(["'\`])${escapeRegExp(anchor.value)}\\1`, "g");
    re.lastIndex = from;
    const m = re.exec(text);
    if (m) pos = m.index;
  }
  return pos;
}

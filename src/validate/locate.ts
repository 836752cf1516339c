/**
 * Points a finding at the place in the detection file where the offending property is written.
 * Detection files are TypeScript, so rather than evaluate them we scan the source text: find each
 * property key of a path in turn (`entities`, then `columnName`, ...), then optionally the quoted
 * value, starting at the file's `detection(` call. When a step is not found the last position
 * found is kept, so a finding always lands at the closest place we know (at worst the call).
 */
import { readFileSync } from "node:fs";
import { type LineCol, lineColAt } from "../diagnostics.js";

/** A property path to look for, and optionally the string value written there. */
export interface Anchor {
  readonly path: readonly string[];
  readonly value?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class SourceLocator {
  private readonly texts = new Map<string, string>();

  /** The file's text, read once; empty when it cannot be read (findings then point at 1:1). */
  text(file: string): string {
    let text = this.texts.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, "utf8");
      } catch {
        text = "";
      }
      this.texts.set(file, text);
    }
    return text;
  }

  /** UTF-16 offset of the anchor in the file. */
  offset(file: string, anchor: Anchor): number {
    const text = this.text(file);
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

  locate(file: string, anchor: Anchor): LineCol {
    return lineColAt(this.text(file), this.offset(file, anchor));
  }
}

/**
 * Points a finding at the place in the detection file where the offending property is written
 * (`propertyOffset` in `src/dsl/locate.ts`, shared with the loader), reading each file once.
 */
import { readFileSync } from "node:fs";
import { type LineCol, lineColAt } from "../diagnostics.js";
import { type PropertyAnchor, propertyOffset } from "../dsl/locate.js";

/** A property path to look for, and optionally the string value written there. */
export type Anchor = PropertyAnchor;

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
    return propertyOffset(this.text(file), anchor);
  }

  locate(file: string, anchor: Anchor): LineCol {
    return lineColAt(this.text(file), this.offset(file, anchor));
  }
}

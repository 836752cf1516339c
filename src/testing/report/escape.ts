/**
 * Terminal-safe text for the human report: fixture values, case names and query text reach the
 * terminal, and a control character in them (ESC starts a terminal command) must not act on it.
 * C0 and C1 controls and DEL are shown as escapes (`\x1b`, `\t`); everything else is kept.
 * Machine reports (JSON, JUnit) carry the exact text, escaped by their own formats.
 */

const NAMED: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

// C0 controls, DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** `text` with every control character shown as an escape (newlines too: one line stays one line). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Multi-line text with each line escaped (the line breaks are the text's own layout). */
export function escapeLines(text: string): string[] {
  return text.split("\n").map(escapeControl);
}

/** How many columns `text` takes once escaped: for aligning tables the report will escape. */
export function shownLength(text: string): number {
  return escapeControl(text).length;
}

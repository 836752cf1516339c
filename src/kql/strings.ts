import { isReservedName } from "./keywords.js";

/**
 * The one KQL string-literal escaper and the one identifier quoter. Every room that puts a
 * value or a name into KQL text goes through these (property-tested: any string survives
 * parse(kqlString(s))).
 */

/**
 * `value` as the most readable safe KQL string literal. A value holding backslashes (regexes,
 * Windows paths) prints verbatim, `@"C:\Windows\x"`, when every character can stand in a
 * verbatim literal as is: no `"`, no line break and nothing else the escaped form would escape.
 * Otherwise the double-quoted escaped form (`quotedString`).
 */
export function kqlString(value: string): string {
  return value.includes("\\") && canBeVerbatim(value) ? `@"${value}"` : quotedString(value);
}

/** True when `value` can be written as `@"value"`: no character that would need escaping but `\`. */
function canBeVerbatim(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x5c && escapeFor(value, i) !== null) return false;
    if (c >= 0xd800 && c <= 0xdbff) i++; // a valid pair (escapeFor returned null)
  }
  return true;
}

/**
 * `value` as a double-quoted KQL string literal. Backslash, quote and control characters are
 * escaped; lone UTF-16 surrogates become `\uXXXX` so the literal is valid UTF-8 text.
 */
function quotedString(value: string): string {
  let out = '"';
  let chunk = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const esc = escapeFor(value, i);
    if (esc === null) {
      if (isHighSurrogate(value.charCodeAt(i))) i++; // a valid pair stays as written
      continue;
    }
    out += value.slice(chunk, i) + esc;
    chunk = i + 1;
  }
  return out + value.slice(chunk) + '"';
}

/** The escape for the character at `i` in a double-quoted literal, or null when it stays as is. */
function escapeFor(value: string, i: number): string | null {
  const c = value.charCodeAt(i);
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return "\\\\";
  if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || c === 0x85) {
    return c === 10 ? "\\n" : c === 13 ? "\\r" : c === 9 ? "\\t" : hex4(c);
  }
  if (c >= 0xd800 && c <= 0xdfff) {
    const next = value.charCodeAt(i + 1);
    return isHighSurrogate(c) && next >= 0xdc00 && next <= 0xdfff ? null : hex4(c);
  }
  return null;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function hex4(c: number): string {
  return `\\u${c.toString(16).padStart(4, "0")}`;
}

/** Words the printer always bracket-quotes as names: every positional keyword, plus literals. */
const QUOTED_WORDS: ReadonlySet<string> = new Set([
  "true", "false", "null", "let", "declare", "alias", "restrict", "pattern", "view", "not",
  // contextual words of operator syntax: `make-series on = ...` would read `on` as the keyword
  "on", "with", "step", "from", "default", "limit", "nulls", "output", "typeof", "range",
]);

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` can be written without brackets. */
export function isPlainIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name) && !isReservedName(name) && !QUOTED_WORDS.has(name) && name.toLowerCase() !== "true" && name.toLowerCase() !== "false";
}

/** `name` as KQL: bare when it is a plain identifier, else `['...']`. */
export function quoteIdentifier(name: string): string {
  if (isPlainIdentifier(name) || /^\$(left|right)$/.test(name)) return name;
  return `[${kqlStringSingle(name)}]`;
}

/** Single-quoted variant used inside brackets: `['a b']`. */
function kqlStringSingle(value: string): string {
  const dq = quotedString(value);
  // swap the quote style: unescape \" and escape '
  return `'${dq.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

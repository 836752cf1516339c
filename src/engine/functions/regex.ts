/**
 * KQL regular expressions are RE2: compiled with re2js (linear time on any input), never with
 * JS RegExp. Compiled patterns are cached by pattern text and flags, since a query applies
 * the same constant pattern to every row.
 */
import { RE2JS } from "re2js";
import { FunctionError } from "./types.js";

const CACHE_LIMIT = 512;
const cache = new Map<string, RE2JS>();

/** KQL regex flags (`i`, `m`, `s`, `U`) as re2js flag bits; `U` (ungreedy) becomes an inline flag. */
function flagBits(flags: string): { bits: number; prefix: string } {
  let bits = 0;
  let prefix = "";
  for (const f of flags) {
    if (f === "i") bits |= RE2JS.CASE_INSENSITIVE;
    else if (f === "m") bits |= RE2JS.MULTILINE;
    else if (f === "s") bits |= RE2JS.DOTALL;
    else if (f === "U") prefix = "(?U)";
  }
  return { bits, prefix };
}

/** Compiles (or reuses) an RE2 pattern; a bad pattern is a FunctionError naming the caller. */
export function compileRegex(pattern: string, flags = "", caller = "regex"): RE2JS {
  const key = `${flags}\u0000${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { bits, prefix } = flagBits(flags);
  let re: RE2JS;
  try {
    re = RE2JS.compile(prefix + pattern, bits);
  } catch (e) {
    throw new FunctionError(caller, `invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, re);
  return re;
}

/** `matches regex`: the pattern matches somewhere in the text. */
export function regexTest(pattern: string, text: string, flags = ""): boolean {
  return compileRegex(pattern, flags).matcher(text).find();
}

/** One match: the text of every group (null for groups that did not take part), and its span. */
export interface RegexMatch {
  readonly groups: readonly (string | null)[];
  readonly start: number;
  readonly end: number;
}

/** All non-overlapping matches, left to right (an empty match advances by one character). */
export function regexMatches(re: RE2JS, text: string, limit = Number.POSITIVE_INFINITY): RegexMatch[] {
  const m = re.matcher(text);
  const out: RegexMatch[] = [];
  let from = 0;
  let previousEnd = -1;
  while (out.length < limit && from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    from = end > start ? end : end + 1;
    // As in RE2: an empty match right where the previous match ended does not count.
    if (start === end && start === previousEnd) continue;
    const groups: (string | null)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
    out.push({ groups, start, end });
    previousEnd = end;
  }
  return out;
}

/** The first match, or null. */
export function regexFirst(re: RE2JS, text: string, from = 0): RegexMatch | null {
  const m = re.matcher(text);
  if (!m.find(from)) return null;
  const groups: (string | null)[] = [];
  for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
  return { groups, start: m.start(), end: m.end() };
}

/** Group names to group numbers, for `(?P<name>...)` references. */
export function namedGroups(re: RE2JS): Readonly<Record<string, number>> {
  return re.namedGroups();
}

/** Expands `\0`..`\9` in a rewrite pattern with a match's groups (`$1` stays literal, as in RE2). */
export function expandRewrite(rewrite: string, groups: readonly (string | null)[]): string {
  let out = "";
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i];
    const next = rewrite[i + 1];
    if (c === "\\" && next !== undefined && next >= "0" && next <= "9") {
      out += groups[Number(next)] ?? "";
      i++;
    } else if (c === "\\" && next === "\\") {
      out += "\\";
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** `replace_regex`: every non-overlapping match replaced by the expanded rewrite. */
export function regexReplaceAll(re: RE2JS, text: string, rewrite: string): string {
  let out = "";
  let last = 0;
  for (const match of regexMatches(re, text)) {
    out += text.slice(last, match.start) + expandRewrite(rewrite, match.groups);
    last = match.end;
  }
  return out + text.slice(last);
}

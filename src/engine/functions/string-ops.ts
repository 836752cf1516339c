/**
 * Kusto's string predicates. The `has` family matches terms: a term is a maximal run of
 * alphanumeric characters, so `has` succeeds only where the needle is not glued to further
 * alphanumerics on either side. A needle holding non-alphanumerics (`"foo.bar"`, `"a b"`) is a
 * phrase: it matches where it occurs with term boundaries at its alphanumeric ends. Kusto's term
 * index (terms of three or more characters) only changes speed, never the result, so short
 * needles follow the same rule.
 */

const NON_ASCII_ALNUM = /[\p{L}\p{N}]/u;

/** Whether the UTF-16 unit at `i` belongs to a term. */
export function isTermChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) {
    const cp = s.codePointAt(c >= 0xdc00 && i > 0 ? i - 1 : i) ?? c;
    return NON_ASCII_ALNUM.test(String.fromCodePoint(cp));
  }
  return NON_ASCII_ALNUM.test(s[i]);
}

function fold(s: string, caseSensitive: boolean): string {
  return caseSensitive ? s : s.toLowerCase();
}

/** Finds an occurrence of `needle` whose start and/or end sits on a term boundary. */
function findBounded(haystack: string, needle: string, atStart: boolean, atEnd: boolean): boolean {
  if (needle.length === 0) return true;
  // A needle edge that is itself a delimiter needs no boundary check on that side.
  const checkStart = atStart && isTermChar(needle, 0);
  const checkEnd = atEnd && isTermChar(needle, needle.length - 1);
  let from = 0;
  while (true) {
    const i = haystack.indexOf(needle, from);
    if (i < 0) return false;
    const end = i + needle.length;
    const startOk = !checkStart || i === 0 || !isTermChar(haystack, i - 1);
    const endOk = !checkEnd || end === haystack.length || !isTermChar(haystack, end);
    if (startOk && endOk) return true;
    from = i + 1;
  }
}

/** `has` / `has_cs`: the needle is a whole term (or phrase of terms) of the haystack. */
export function hasTerm(haystack: string, term: string, caseSensitive: boolean): boolean {
  return findBounded(fold(haystack, caseSensitive), fold(term, caseSensitive), true, true);
}

/** `hasprefix` / `hasprefix_cs`: some term of the haystack starts with the needle. */
export function hasPrefixTerm(haystack: string, term: string, caseSensitive: boolean): boolean {
  return findBounded(fold(haystack, caseSensitive), fold(term, caseSensitive), true, false);
}

/** `hassuffix` / `hassuffix_cs`: some term of the haystack ends with the needle. */
export function hasSuffixTerm(haystack: string, term: string, caseSensitive: boolean): boolean {
  return findBounded(fold(haystack, caseSensitive), fold(term, caseSensitive), false, true);
}

/** `contains` / `contains_cs`: plain substring match. */
export function containsText(haystack: string, needle: string, caseSensitive: boolean): boolean {
  return fold(haystack, caseSensitive).includes(fold(needle, caseSensitive));
}

/** `startswith` / `startswith_cs`. */
export function startsWithText(haystack: string, prefix: string, caseSensitive: boolean): boolean {
  return fold(haystack, caseSensitive).startsWith(fold(prefix, caseSensitive));
}

/** `endswith` / `endswith_cs`. */
export function endsWithText(haystack: string, suffix: string, caseSensitive: boolean): boolean {
  return fold(haystack, caseSensitive).endsWith(fold(suffix, caseSensitive));
}

/** `=~`: case-insensitive equality. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

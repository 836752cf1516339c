/**
 * Sigma value escaping (Sigma specification, "Escaping"): inside a Sigma string value `*` and
 * `?` are wildcards and `\` escapes them. A literal string is written with `\*`, `\?` and `\\`
 * so that no character of it acts as a wildcard. `sigmaWildcards` builds patterns that mix
 * literal parts with real wildcards.
 */

/** The Sigma form of a literal string: matches exactly `value`, no wildcards. */
export function sigmaEscape(value: string): string {
  return value.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/** A Sigma pattern from parts: strings are literal, `"*"`/`"?"` symbols are wildcards. */
export function sigmaWildcards(parts: readonly (string | { readonly wildcard: "*" | "?" })[]): string {
  return parts.map((p) => (typeof p === "string" ? sigmaEscape(p) : p.wildcard)).join("");
}

/** A decoded Sigma value: literal text and wildcard tokens, as a Sigma consumer reads it. */
export type SigmaToken = { readonly literal: string } | { readonly wildcard: "*" | "?" };

/**
 * Reads a Sigma value the way the specification describes: `\*`/`\?` are literal wildcard
 * characters, `\\` is one backslash, a `\` before anything else is a literal backslash.
 */
export function sigmaUnescape(value: string): SigmaToken[] {
  const tokens: SigmaToken[] = [];
  let literal = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\") {
      const next = value[i + 1];
      if (next === "*" || next === "?" || next === "\\") {
        literal += next;
        i++;
      } else literal += "\\";
    } else if (c === "*" || c === "?") {
      if (literal) tokens.push({ literal });
      literal = "";
      tokens.push({ wildcard: c });
    } else literal += c;
  }
  if (literal) tokens.push({ literal });
  return tokens;
}

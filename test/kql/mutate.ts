/**
 * Deterministic query mutation for the fuzz and differential tests: small edits of valid
 * queries (drop, duplicate, swap or replace a token, cut the text) that produce text near the
 * edge of the grammar, plus random token soup.
 */
import { tokenize } from "../../src/kql/lexer.js";

/** Mulberry32: a tiny seeded PRNG, so every run tests the same inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOUP = [
  "|", "(", ")", "[", "]", "{", "}", ",", ";", ".", "..", ":", "=", "==", "!=", "<", ">", "=~", "+", "-", "*", "/", "%",
  "where", "project", "extend", "summarize", "by", "join", "kind=inner", "on", "let", "x", "T", "count()", "1", "1.5", "2d",
  "'s'", '"t"', "@'v'", "h'o'", "```m```", "dynamic([1])", "datetime(2024-01-01)", "has", "!has", "in", "in~", "between",
  "and", "or", "not", "mv-expand", "mv-apply", "parse", "with", "take", "sort", "asc", "$left", "$right", "['q']", "view",
  "union", "print", "range", "from", "to", "step", "datatable", "evaluate", "render", "toscalar", "materialize", "\n", "//c\n",
  "!", "~", "`", "@", "#", "'", '"', "\\",
];

export function tokenSoup(random: () => number, maxTokens = 30): string {
  const n = 1 + Math.floor(random() * maxTokens);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(SOUP[Math.floor(random() * SOUP.length)]);
  return parts.join(random() < 0.5 ? " " : "");
}

const tokenCache = new Map<string, readonly { readonly start: number; readonly end: number }[]>();

/** One random edit of `text`. */
export function mutate(text: string, random: () => number): string {
  let toks = tokenCache.get(text);
  if (toks === undefined) {
    toks = tokenize(text).filter((t) => t.kind !== "eof");
    tokenCache.set(text, toks);
  }
  if (toks.length === 0) return tokenSoup(random);
  const pick = () => toks[Math.floor(random() * toks.length)];
  const t = pick();
  switch (Math.floor(random() * 7)) {
    case 0: // drop a token
      return text.slice(0, t.start) + text.slice(t.end);
    case 1: {
      // duplicate a token
      return text.slice(0, t.end) + " " + text.slice(t.start, t.end) + text.slice(t.end);
    }
    case 2: {
      // swap a token with the next
      const i = toks.indexOf(t as (typeof toks)[number]);
      const u = toks[i + 1];
      if (!u) return text.slice(0, t.start);
      return text.slice(0, t.start) + text.slice(u.start, u.end) + text.slice(t.end, u.start) + text.slice(t.start, t.end) + text.slice(u.end);
    }
    case 3: // replace a token with soup
      return text.slice(0, t.start) + SOUP[Math.floor(random() * SOUP.length)] + text.slice(t.end);
    case 4: // cut the text
      return text.slice(0, Math.floor(random() * text.length));
    case 5: // insert a soup token
      return text.slice(0, t.start) + SOUP[Math.floor(random() * SOUP.length)] + " " + text.slice(t.start);
    default: {
      // replace a token by another token of the same query
      const u = pick();
      return text.slice(0, t.start) + text.slice(u.start, u.end) + text.slice(t.end);
    }
  }
}

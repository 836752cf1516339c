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

/** A query cut into token texts and the text between them (`gaps[i]` precedes `tokens[i]`). */
interface Pieces {
  readonly tokens: string[];
  readonly gaps: string[];
  tail: string;
}

const pieceCache = new Map<string, Pieces>();

function piecesOf(text: string): Pieces {
  const cached = pieceCache.get(text);
  if (cached) return { tokens: [...cached.tokens], gaps: [...cached.gaps], tail: cached.tail };
  const toks = tokenize(text).filter((t) => t.kind !== "eof");
  const tokens: string[] = [];
  const gaps: string[] = [];
  let at = 0;
  for (const t of toks) {
    gaps.push(text.slice(at, t.start));
    tokens.push(text.slice(t.start, t.end));
    at = t.end;
  }
  const pieces = { tokens, gaps, tail: text.slice(at) };
  if (pieceCache.size < 5000) pieceCache.set(text, { tokens: [...tokens], gaps: [...gaps], tail: pieces.tail });
  return pieces;
}

function joinPieces(p: Pieces): string {
  let out = "";
  for (let i = 0; i < p.tokens.length; i++) out += p.gaps[i] + p.tokens[i];
  return out + p.tail;
}

/** `edits` random token-level edits of `text` (drop, duplicate, swap, replace, insert, cut). */
export function mutate(text: string, random: () => number, edits = 1): string {
  const p = piecesOf(text);
  for (let e = 0; e < edits; e++) {
    const n = p.tokens.length;
    if (n === 0) return tokenSoup(random);
    const i = Math.floor(random() * n);
    const soup = SOUP[Math.floor(random() * SOUP.length)];
    switch (Math.floor(random() * 7)) {
      case 0: // drop a token
        p.tokens.splice(i, 1);
        p.gaps.splice(i, 1);
        break;
      case 1: // duplicate a token
        p.tokens.splice(i, 0, p.tokens[i]);
        p.gaps.splice(i + 1, 0, " ");
        break;
      case 2: // swap a token with the next
        if (i + 1 < n) [p.tokens[i], p.tokens[i + 1]] = [p.tokens[i + 1], p.tokens[i]];
        break;
      case 3: // replace a token with soup
        p.tokens[i] = soup;
        break;
      case 4: {
        // cut the text inside a token
        const t = p.tokens[i];
        p.tokens.length = i + 1;
        p.gaps.length = i + 1;
        p.tokens[i] = t.slice(0, Math.floor(random() * t.length));
        p.tail = "";
        break;
      }
      case 5: // insert a soup token
        p.tokens.splice(i, 0, soup);
        p.gaps.splice(i, 0, " ");
        break;
      default: // replace a token by another token of the same query
        p.tokens[i] = p.tokens[Math.floor(random() * n)];
    }
  }
  return joinPieces(p);
}

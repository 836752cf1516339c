/**
 * The KQL scanner: text in, flat token array out (comments and whitespace dropped).
 * It never throws; text it cannot read becomes a `bad` token the parser reports with its
 * position. Typed literals (`datetime(2024-01-01 10:00)`) are scanned as one token because
 * their content is not KQL tokens.
 */
import type { Punct, Token, TokenKind } from "./tokens.js";

/** Keywords written with a dash, scanned as one identifier token. */
const DASHED_WORDS = new Set([
  "project-away",
  "project-keep",
  "project-rename",
  "project-reorder",
  "project-smart",
  "mv-expand",
  "mv-apply",
  "parse-where",
  "parse-kv",
  "top-nested",
  "top-hitters",
  "make-series",
  "sample-distinct",
  "granny-asc",
  "granny-desc",
  "make-graph",
  "graph-match",
  "graph-merge",
  "graph-to-table",
  "graph-shortest-paths",
  "graph-mark-components",
  "execute-and-cache",
  "project-by-names",
  "assert-schema",
  "nulls-first",
]);
/** First halves of dashed words: only these trigger the dashed-word check. */
const DASHED_HEADS = new Set([...DASHED_WORDS].map((w) => w.slice(0, w.indexOf("-"))));

/** Operators that may be negated with a leading `!` (scanned as one token, e.g. `!has`). */
export const NEGATABLE_WORDS = new Set([
  "has",
  "has_cs",
  "hasprefix",
  "hasprefix_cs",
  "hassuffix",
  "hassuffix_cs",
  "contains",
  "contains_cs",
  "startswith",
  "startswith_cs",
  "endswith",
  "endswith_cs",
  "in",
  "between",
]);

/** Words that, directly followed by `(`, start a typed literal with raw content. */
export const TYPED_LITERAL_WORDS = new Set([
  "datetime",
  "date",
  "timespan",
  "time",
  "guid",
  "int",
  "int32",
  "long",
  "int64",
  "real",
  "double",
  "bool",
  "decimal",
]);

/** Timespan suffixes Kusto accepts after a number, longest match wins. */
export const TIMESPAN_UNITS = new Set([
  "d",
  "day",
  "days",
  "h",
  "hr",
  "hrs",
  "hour",
  "hours",
  "m",
  "min",
  "minute",
  "minutes",
  "s",
  "sec",
  "second",
  "seconds",
  "ms",
  "milli",
  "millis",
  "millisec",
  "millisecond",
  "milliseconds",
  "micro",
  "micros",
  "microsec",
  "microsecond",
  "microseconds",
  "nano",
  "nanos",
  "nanosec",
  "nanosecond",
  "nanoseconds",
  "tick",
  "ticks",
]);

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_BANG = 33;
const CH_DQUOTE = 34;
const CH_DOLLAR = 36;
const CH_SQUOTE = 39;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_0 = 48;
const CH_9 = 57;
const CH_AT = 64;
const CH_BACKSLASH = 92;
const CH_UNDERSCORE = 95;
const CH_BACKTICK = 96;
const CH_TILDE = 126;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
const NON_ASCII_LETTER = /[\p{L}\p{Nl}]/u;
/** ASCII character classes: bit 1 = identifier start, bit 2 = identifier part. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === CH_UNDERSCORE;
  ASCII_CLASS[c] = (letter ? 1 : 0) | (letter || isDigit(c) ? 2 : 0);
}
function isIdentStart(c: number): boolean {
  if (c < 128) return (ASCII_CLASS[c] & 1) !== 0;
  return NON_ASCII_LETTER.test(String.fromCharCode(c));
}
function isIdentPart(c: number): boolean {
  if (c < 128) return (ASCII_CLASS[c] & 2) !== 0;
  return NON_ASCII_LETTER.test(String.fromCharCode(c));
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Single-character punctuation by character code. */
const PUNCT1: (Punct | undefined)[] = [];
for (const p of "|()[]{},;.:=<>+-*/%?@") PUNCT1[p.charCodeAt(0)] = p as Punct;

/** The punctuation token at `start` (two-character forms first), or null. */
function scanPunct(text: string, start: number, c: number): Punct | null {
  const d = text.charCodeAt(start + 1);
  switch (c) {
    case 61: // =
      if (d === 61) return "==";
      if (d === CH_TILDE) return "=~";
      if (d === 62) return "=>";
      break;
    case CH_BANG:
      if (d === 61) return "!=";
      if (d === CH_TILDE) return "!~";
      return null;
    case 60: // <
      if (d === 62) return "<>";
      if (d === 61) return "<=";
      break;
    case 62: // >
      if (d === 61) return ">=";
      break;
    case CH_DOT:
      if (d === CH_DOT) return "..";
      break;
  }
  return (c < 128 ? PUNCT1[c] : undefined) ?? null;
}

/** A `//` comment: offsets of the slashes to the end of the line. */
export interface Comment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Scans `text`; when `comments` is given, `//` comments are collected into it. */
export function tokenize(text: string, comments?: Comment[]): Token[] {
  return new Scanner(text, comments).scanAll();
}

class Scanner {
  private pos = 0;
  private readonly out: Token[] = [];
  constructor(
    private readonly text: string,
    private readonly comments?: Comment[],
  ) {}

  scanAll(): Token[] {
    const text = this.text;
    const n = text.length;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= n) {
        this.push("eof", n, n, "");
        return this.out;
      }
      this.scanToken();
    }
  }

  private push(kind: TokenKind, start: number, end: number, value: string, obfuscated = false, text?: string): void {
    this.out.push({ kind, text: text ?? this.text.slice(start, end), start, end, value, obfuscated });
    this.pos = end;
  }

  private skipTrivia(): void {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === CH_SPACE || c === CH_LF || c === CH_CR || c === CH_TAB || c === 0xfeff || c === 0xa0 || c === 12 || c === 11) {
        p++;
      } else if (c === CH_SLASH && text.charCodeAt(p + 1) === CH_SLASH) {
        const start = p;
        p += 2;
        while (p < n && text.charCodeAt(p) !== CH_LF && text.charCodeAt(p) !== CH_CR) p++;
        this.comments?.push({ start, end: p, text: text.slice(start, p).trimEnd() });
      } else {
        break;
      }
    }
    this.pos = p;
  }

  private scanToken(): void {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);

    if (isIdentStart(c) || (c === CH_DOLLAR && isIdentStart(text.charCodeAt(start + 1)))) {
      // h'..' / H@".." obfuscated strings
      if ((c === 104 || c === 72) && this.isStringStart(start + 1)) {
        this.scanString(start + 1, start, true);
        return;
      }
      this.scanWord(start);
      return;
    }
    if (isDigit(c)) {
      this.scanNumber(start);
      return;
    }
    if (c === CH_SQUOTE || c === CH_DQUOTE || c === CH_BACKTICK || c === CH_TILDE || c === CH_AT) {
      if (this.isStringStart(start)) {
        this.scanString(start, start, false);
        return;
      }
    }
    if (c === CH_BANG) {
      // `!has`, `!in~`, `!between`, ...
      let p = start + 1;
      while (p < text.length && isIdentPart(text.charCodeAt(p))) p++;
      const word = text.slice(start + 1, p);
      if (word && NEGATABLE_WORDS.has(word)) {
        if (word === "in" && text.charCodeAt(p) === CH_TILDE) p++;
        this.push("id", start, p, "");
        return;
      }
    }
    const punct = scanPunct(text, start, c);
    if (punct !== null) {
      this.push(punct, start, start + punct.length, "", false, punct);
      return;
    }
    // Unknown character: consume one code point.
    const cp = text.codePointAt(start) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    this.push("bad", start, start + len, `unexpected character '${text.slice(start, start + len)}'`);
  }

  private isStringStart(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === CH_SQUOTE || c === CH_DQUOTE) return true;
    if (c === CH_AT) {
      const d = text.charCodeAt(p + 1);
      return d === CH_SQUOTE || d === CH_DQUOTE;
    }
    if (c === CH_BACKTICK) return text.startsWith("```", p);
    if (c === CH_TILDE) return text.startsWith("~~~", p);
    return false;
  }

  private scanWord(start: number): void {
    const text = this.text;
    let p = start + 1;
    while (p < text.length && isIdentPart(text.charCodeAt(p))) p++;
    let word = text.slice(start, p);
    // dashed keywords: project-away, mv-expand, ...
    if (text.charCodeAt(p) === 45 && DASHED_HEADS.has(word)) {
      let q = p + 1;
      while (q < text.length && (isIdentPart(text.charCodeAt(q)) || (text.charCodeAt(q) === 45 && isIdentStart(text.charCodeAt(q + 1))))) q++;
      // longest dashed word that is a prefix of the run
      let best = -1;
      for (let e = q; e > p; e--) {
        const cand = text.slice(start, e);
        if (DASHED_WORDS.has(cand) && !isIdentPart(text.charCodeAt(e))) {
          best = e;
          break;
        }
      }
      if (best > 0) {
        p = best;
        word = text.slice(start, p);
      }
    }
    // `in~`
    if (word === "in" && text.charCodeAt(p) === CH_TILDE) {
      this.push("id", start, p + 1, "");
      return;
    }
    // typed literal: datetime(...), guid(...), long(null), ...
    if (TYPED_LITERAL_WORDS.has(word)) {
      let q = p;
      while (q < text.length && (text.charCodeAt(q) === CH_SPACE || text.charCodeAt(q) === CH_TAB)) q++;
      if (text.charCodeAt(q) === 40) {
        const close = text.indexOf(")", q + 1);
        const nl = this.firstLineBreak(q + 1, close < 0 ? text.length : close);
        if (close < 0 || nl >= 0) {
          this.push("bad", start, close < 0 ? text.length : close + 1, `unterminated ${word}(...) literal: expected ')'`);
          return;
        }
        this.push("typed", start, close + 1, text.slice(q + 1, close).trim(), false, word);
        return;
      }
    }
    this.push("id", start, p, "", false, word);
  }

  private firstLineBreak(from: number, to: number): number {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === CH_LF || c === CH_CR) return i;
    }
    return -1;
  }

  private scanNumber(start: number): void {
    const text = this.text;
    let p = start;
    if (text.charCodeAt(p) === CH_0 && (text.charCodeAt(p + 1) === 120 || text.charCodeAt(p + 1) === 88) && isHexDigit(text.charCodeAt(p + 2))) {
      p += 2;
      while (isHexDigit(text.charCodeAt(p))) p++;
      if (isIdentPart(text.charCodeAt(p))) {
        this.badNumber(start, p);
        return;
      }
      this.push("num", start, p, "long");
      return;
    }
    while (isDigit(text.charCodeAt(p))) p++;
    let real = false;
    if (text.charCodeAt(p) === CH_DOT && text.charCodeAt(p + 1) !== CH_DOT) {
      // `1.5`, `1.` (but not `1..2`)
      real = true;
      p++;
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      let q = p + 1;
      const s = text.charCodeAt(q);
      if (s === 43 || s === 45) q++;
      if (isDigit(text.charCodeAt(q))) {
        while (isDigit(text.charCodeAt(q))) q++;
        real = true;
        p = q;
      }
    }
    if (isLetter(text.charCodeAt(p))) {
      // timespan suffix: longest unit that ends the word
      let q = p;
      while (isIdentPart(text.charCodeAt(q))) q++;
      const unit = text.slice(p, q).toLowerCase();
      if (TIMESPAN_UNITS.has(unit)) {
        this.push("ts", start, q, "");
        return;
      }
      this.badNumber(start, q);
      return;
    }
    if (isIdentPart(text.charCodeAt(p))) {
      let q = p;
      while (isIdentPart(text.charCodeAt(q))) q++;
      this.badNumber(start, q);
      return;
    }
    this.push("num", start, p, real ? "real" : "long");
  }

  private badNumber(start: number, end: number): void {
    this.push("bad", start, end, `malformed number or timespan '${this.text.slice(start, end)}'`);
  }

  /** Scans a string literal whose quote (or `@`, or fence) is at `p`; the token starts at `start`. */
  private scanString(p: number, start: number, obfuscated: boolean): void {
    const text = this.text;
    let c = text.charCodeAt(p);
    if (c === CH_BACKTICK || c === CH_TILDE) {
      const fence = c === CH_BACKTICK ? "```" : "~~~";
      const close = text.indexOf(fence, p + 3);
      if (close < 0) {
        this.push("bad", start, text.length, "unterminated multi-line string: expected closing " + fence);
        return;
      }
      this.push("str", start, close + 3, text.slice(p + 3, close), obfuscated);
      return;
    }
    let verbatim = false;
    if (c === CH_AT) {
      verbatim = true;
      p++;
      c = text.charCodeAt(p);
    }
    const quote = c;
    p++;
    let value = "";
    let chunk = p;
    const n = text.length;
    for (;;) {
      if (p >= n) {
        this.push("bad", start, n, "unterminated string literal");
        return;
      }
      const d = text.charCodeAt(p);
      if (d === CH_LF || d === CH_CR) {
        this.push("bad", start, p, "unterminated string literal: strings cannot span lines (use ``` for multi-line text)");
        return;
      }
      if (d === quote) {
        if (verbatim && text.charCodeAt(p + 1) === quote) {
          value += text.slice(chunk, p + 1);
          p += 2;
          chunk = p;
          continue;
        }
        value += text.slice(chunk, p);
        this.push("str", start, p + 1, value, obfuscated);
        return;
      }
      if (d === CH_BACKSLASH && !verbatim) {
        value += text.slice(chunk, p);
        const r = decodeEscape(text, p);
        if (r === null) {
          const q = Math.min(p + 2, n);
          // skip to the end of the literal so one bad escape is one diagnostic
          let e = q;
          while (e < n && text.charCodeAt(e) !== quote && text.charCodeAt(e) !== CH_LF) {
            e += text.charCodeAt(e) === CH_BACKSLASH ? 2 : 1;
          }
          this.push("bad", start, Math.min(e + 1, n), `invalid escape sequence '${text.slice(p, q)}' in string literal`);
          return;
        }
        value += r.value;
        p = r.end;
        chunk = p;
        continue;
      }
      p++;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\u0007",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Decodes the escape at `p` (a backslash); null when it is not a valid KQL escape. */
function decodeEscape(text: string, p: number): { value: string; end: number } | null {
  const e = text[p + 1];
  if (e === undefined) return null;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { value: simple, end: p + 2 };
  const hex = (len: number): { value: string; end: number } | null => {
    const digits = text.slice(p + 2, p + 2 + len);
    if (digits.length !== len || !/^[0-9a-fA-F]+$/.test(digits)) return null;
    const code = Number.parseInt(digits, 16);
    if (code > 0x10ffff) return null;
    return { value: String.fromCodePoint(code), end: p + 2 + len };
  };
  if (e === "u") return hex(4);
  if (e === "U") return hex(8);
  if (e === "x") return hex(2);
  if (e >= "0" && e <= "7") {
    let q = p + 1;
    let code = 0;
    while (q < p + 4 && text[q] >= "0" && text[q] <= "7") {
      code = code * 8 + (text.charCodeAt(q) - CH_0);
      q++;
    }
    return { value: String.fromCharCode(code), end: q };
  }
  return null;
}

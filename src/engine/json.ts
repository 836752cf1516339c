/**
 * JSON text and JS values to dynamic values. A hand-written parser because `JSON.parse` reorders
 * integer-like keys, and property bags must keep their key order when printed back.
 */
import { bag, type Dyn, isDateTime, isGuid, isTimespan } from "./values.js";

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): Dyn {
    this.skipSpace();
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("unexpected text after the JSON value");
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.pos}: ${what}`);
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) this.pos++;
      else break;
    }
  }

  private parseValue(): Dyn {
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case '"':
      case "'":
        return this.parseString(c);
      case "t":
        return this.keyword("true", true);
      case "f":
        return this.keyword("false", false);
      case "n":
        return this.keyword("null", null);
      default:
        if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
        return this.fail(c === undefined ? "unexpected end of text" : `unexpected character '${c}'`);
    }
  }

  private keyword(word: string, value: Dyn): Dyn {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected '${word}'`);
    this.pos += word.length;
    return value;
  }

  private parseNumber(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found) this.fail("malformed number");
    this.pos += found[0].length;
    return Number(found[0]);
  }

  private parseString(quote: string): string {
    const s = this.text;
    this.pos++;
    let out = "";
    let start = this.pos;
    while (true) {
      if (this.pos >= s.length) this.fail("unterminated string");
      const c = s[this.pos];
      if (c === quote) {
        out += s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c === "\\") {
        out += s.slice(start, this.pos);
        out += this.parseEscape();
        start = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseEscape(): string {
    const e = this.text[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case '"':
      case "'":
      case "\\":
      case "/":
        return e;
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u": {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("bad \\u escape");
        this.pos += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return this.fail("bad escape");
    }
  }

  private parseArray(): Dyn[] {
    this.pos++;
    const items: Dyn[] = [];
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return items;
    }
    while (true) {
      this.skipSpace();
      items.push(this.parseValue());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "]") return items;
      if (c !== ",") this.fail("expected ',' or ']'");
    }
  }

  private parseObject(): Dyn {
    this.pos++;
    const entries = new Map<string, Dyn>();
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { t: "bag", entries };
    }
    while (true) {
      this.skipSpace();
      const q = this.text[this.pos];
      if (q !== '"' && q !== "'") this.fail("expected a property name");
      const key = this.parseString(q);
      this.skipSpace();
      if (this.text[this.pos++] !== ":") this.fail("expected ':'");
      this.skipSpace();
      entries.set(key, this.parseValue());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "}") return { t: "bag", entries };
      if (c !== ",") this.fail("expected ',' or '}'");
    }
  }
}

/** Parses JSON text into a dynamic value, keeping key order; throws SyntaxError on bad JSON. */
export function parseJsonToDyn(text: string): Dyn {
  return new JsonReader(text).parseDocument();
}

/** Converts a plain JS value (from JSON.parse, a fixture, a test) to a dynamic value. */
export function jsToDyn(x: unknown): Dyn {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case "boolean":
    case "string":
      return x;
    case "number":
      return x;
    case "bigint":
      return Number(x);
  }
  if (Array.isArray(x)) return x.map(jsToDyn);
  if (x instanceof Map) return bag([...x].map(([k, v]) => [String(k), jsToDyn(v)] as const));
  if (x instanceof Date) return x.toISOString();
  if (typeof x === "object") {
    const tagged = x as { t?: unknown };
    if (tagged.t === "bag" && (tagged as { entries?: unknown }).entries instanceof Map) return x as Dyn;
    if (isDateTime(x) || isTimespan(x) || isGuid(x)) return x;
    return bag(Object.entries(x).map(([k, v]) => [k, jsToDyn(v)] as const));
  }
  return null;
}

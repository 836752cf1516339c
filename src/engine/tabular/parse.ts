/**
 * `parse` / `parse-where` (kind=simple, regex, relaxed) and `parse-kv`. Patterns become one RE2
 * regular expression; typed columns are converted with the library's `to*` functions.
 */
import type { Parse, ParseKv, ScalarTypeName } from "../../kql/ast.js";
import { ArrayColumn } from "../column.js";
import { compileExpr } from "../compile.js";
import { memoize } from "../compiled.js";
import { fail } from "../errors.js";
import { valueToString } from "../format.js";
import { SCALAR_FUNCTIONS } from "../functions/index.js";
import { compileRegex } from "../functions/regex.js";
import { type NamedColumn, Table } from "../table.js";
import type { KDateTime, KqlType, Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";
import { optionText } from "./options.js";


const CONVERT: Readonly<Record<string, string>> = {
  long: "tolong",
  int: "toint",
  real: "toreal",
  decimal: "todecimal",
  bool: "tobool",
  datetime: "todatetime",
  timespan: "totimespan",
  guid: "toguid",
  dynamic: "todynamic",
};

function converter(type: KqlType, now: KDateTime): (text: string) => Value {
  if (type === "string") return (t) => t;
  const f = SCALAR_FUNCTIONS.get(CONVERT[type]);
  if (!f) return () => null;
  return (t) => f.call([t], { now }, ["string"]);
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const TYPED: Partial<Record<ScalarTypeName, string>> = {
  long: "[-+]?\\d+",
  int: "[-+]?\\d+",
  real: "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?",
  decimal: "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?",
  bool: "(?i:true|false)",
};

function withColumns(input: Table, added: NamedColumn[], keep: Int32Array | null): Table {
  const base = keep ? input.take(keep) : input;
  const columns = [...base.columns];
  for (const c of added) {
    const i = columns.findIndex((x) => x.name === c.name);
    if (i >= 0) columns[i] = c;
    else columns.push(c);
  }
  return new Table(input.name, columns, base.rowCount);
}

export const parse: OperatorEval<Parse> = (op, input, oc) => {
  const kind = (optionText(op.options, "kind") ?? "simple").toLowerCase();
  const flags = optionText(op.options, "flags") ?? "";
  if (kind !== "simple" && kind !== "regex" && kind !== "relaxed") fail(`unknown parse kind '${kind}'`, op);
  const regexMode = kind === "regex";
  const columns: { name: string; type: KqlType }[] = [];
  let pattern = regexMode ? "" : "^";
  op.pattern.forEach((part, i) => {
    const last = i === op.pattern.length - 1;
    if (part.kind === "ParseText") pattern += regexMode ? `(?:${part.value})` : escapeRegex(part.value);
    else if (part.kind === "ParseWildcard") pattern += regexMode ? ".*?" : last ? ".*" : ".*?";
    else {
      const type = (part.type ?? "string") as KqlType;
      columns.push({ name: part.name, type });
      const typed = kind === "simple" || regexMode ? TYPED[part.type ?? "string"] : undefined;
      pattern += `(?P<kc${columns.length - 1}>${typed ?? (regexMode ? ".*" : last ? ".*" : ".*?")})`;
    }
  });
  let re: ReturnType<typeof compileRegex>;
  try {
    re = compileRegex(pattern, flags, "parse");
  } catch (e) {
    fail((e as Error).message, op);
  }
  const source = memoize(compileExpr(op.source, scopeOf(input, oc)));
  const converters = columns.map((c) => converter(c.type, oc.ctx.now));
  const values: Value[][] = columns.map(() => []);
  const keep: number[] = [];
  for (let r = 0; r < input.rowCount; r++) {
    const v = source.ev(r);
    const text = typeof v === "string" ? v : valueToString(v);
    const m = re.matcher(text);
    let row: Value[] | null = null;
    if (m.find()) {
      row = columns.map((c, j) => {
        const g = m.group(`kc${j}`);
        return g === null ? (c.type === "string" ? "" : null) : converters[j](g);
      });
      if (kind !== "relaxed" && row.some((x, j) => x === null && columns[j].type !== "string")) row = null;
    }
    if (row === null) {
      if (op.where) continue;
      row = columns.map((c) => (c.type === "string" ? "" : null));
    }
    keep.push(r);
    row.forEach((x, j) => {
      values[j].push(x);
    });
  }
  const added = columns.map((c, j) => ({ name: c.name, data: new ArrayColumn(c.type, values[j]) }));
  return withColumns(input, added, op.where ? Int32Array.from(keep) : null);
};

/** Splits `text` by `delim` outside quotes. */
function splitOutsideQuotes(text: string, delim: string, quotes: string, escapeChar: string | null): string[] {
  const out: string[] = [];
  let cur = "";
  let close: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (escapeChar !== null && ch === escapeChar && i + 1 < text.length) {
      cur += ch + text[i + 1];
      i++;
      continue;
    }
    if (close !== null) {
      if (ch === close) close = null;
      cur += ch;
      continue;
    }
    const qi = quotes.indexOf(ch);
    if (qi >= 0 && (quotes.length !== 2 || qi === 0)) {
      close = quotes.length === 2 ? quotes[1] : ch;
      cur += ch;
      continue;
    }
    if (text.startsWith(delim, i)) {
      out.push(cur);
      cur = "";
      i += delim.length - 1;
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function unquote(s: string, quotes: string, escapeChar: string | null): string {
  let t = s.trim();
  if (t.length >= 2) {
    const open = t[0];
    const close = quotes.length === 2 ? quotes[1] : open;
    if (quotes.includes(open) && t.endsWith(close)) t = t.slice(1, -1);
  }
  if (escapeChar !== null) {
    let out = "";
    for (let i = 0; i < t.length; i++) {
      if (t[i] === escapeChar && i + 1 < t.length) {
        out += t[i + 1];
        i++;
      } else out += t[i];
    }
    t = out;
  }
  return t;
}

function keyValues(text: string, op: ParseKv, keys: readonly string[]): Map<string, string> {
  const prop = (n: string) => optionText(op.properties, n);
  const pairDelim = prop("pair_delimiter");
  const kvDelim = prop("kv_delimiter");
  const quote = prop("quote") ?? "";
  const escapeChar = prop("escape");
  const greedy = prop("greedy") === "true";
  const regex = prop("regex");
  const out = new Map<string, string>();
  if (regex !== null) {
    const re = compileRegex(regex, "", "parse-kv");
    const m = re.matcher(text);
    let from = 0;
    while (from <= text.length && m.find(from)) {
      const k = m.group(1);
      const v = m.group(2);
      if (k !== null && !out.has(k)) out.set(k, v ?? "");
      from = m.end() > m.start() ? m.end() : m.end() + 1;
    }
    return out;
  }
  if (pairDelim === null || kvDelim === null) {
    // No delimiters given: words followed by ':' or '=' and a (possibly quoted) value.
    const q = quote || "\"'";
    for (const key of keys) {
      const found = compileRegex(`(?:^|[^\\w])${escapeRegex(key)}\\s*[:=]\\s*`, "", "parse-kv").matcher(text);
      const at = found.find() ? { index: found.start(), 0: found.group(0) ?? "" } : null;
      if (!at) continue;
      let i = at.index + at[0].length;
      let value = "";
      if (q.includes(text[i])) {
        const close = text[i];
        i++;
        while (i < text.length && text[i] !== close) {
          if (escapeChar !== null && text[i] === escapeChar && i + 1 < text.length) i++;
          value += text[i++];
        }
      } else {
        while (i < text.length && !/[\s,;]/.test(text[i])) value += text[i++];
      }
      out.set(key, value);
    }
    return out;
  }
  let pieces = splitOutsideQuotes(text, pairDelim, quote, escapeChar);
  if (greedy) {
    const merged: string[] = [];
    for (const p of pieces) {
      if (p.includes(kvDelim) || merged.length === 0) merged.push(p);
      else merged[merged.length - 1] += pairDelim + p;
    }
    pieces = merged;
  }
  for (const p of pieces) {
    const parts = splitOutsideQuotes(p, kvDelim, quote, escapeChar);
    if (parts.length < 2) continue;
    const k = unquote(parts[0], quote, escapeChar);
    const v = unquote(parts.slice(1).join(kvDelim), quote, escapeChar);
    if (!out.has(k)) out.set(k, v);
  }
  return out;
}

export const parseKv: OperatorEval<ParseKv> = (op, input, oc: OpContext) => {
  const source = memoize(compileExpr(op.source, scopeOf(input, oc)));
  const columns = op.columns.map((c) => ({ name: c.name, type: c.type as KqlType, convert: converter(c.type, oc.ctx.now) }));
  const values: Value[][] = columns.map(() => []);
  for (let r = 0; r < input.rowCount; r++) {
    const v = source.ev(r);
    const kv = keyValues(typeof v === "string" ? v : valueToString(v), op, columns.map((c) => c.name));
    columns.forEach((c, j) => {
      const t = kv.get(c.name);
      values[j].push(t === undefined ? (c.type === "string" ? "" : null) : c.convert(t));
    });
  }
  return withColumns(
    input,
    columns.map((c, j) => ({ name: c.name, data: new ArrayColumn(c.type, values[j]) })),
    null,
  );
};

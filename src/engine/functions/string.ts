/** String functions: strlen, substring, split, replace_*, extract*, trim*, url and base64 codecs... */
import { gunzipSync, inflateSync } from "node:zlib";
import { valueToString } from "../format.js";
import { type Dyn, dyn, guid, isGuid, type KqlType, type Value } from "../values.js";
import { asArray, asDyn, asInteger, asString, dynAsString } from "./coerce.js";
import { convertToType } from "./convert-to-type.js";
import {
  compileRegex,
  namedGroups,
  regexFirst,
  regexMatches,
  regexReplaceAll,
} from "./regex.js";
import { hasTerm } from "./string-ops.js";
import { fn, FunctionError, type ScalarFunction } from "./types.js";

const codePoints = (s: string): string[] => Array.from(s);

function substring(source: string, start: number | null, length: number | null): string {
  if (start === null) return "";
  const chars = codePoints(source);
  let from = start < 0 ? Math.max(0, chars.length + start) : start;
  if (from > chars.length) from = chars.length;
  const to = length === null ? chars.length : Math.min(chars.length, from + Math.max(0, length));
  return chars.slice(from, to).join("");
}

function split(source: string, delimiter: string, index: number | null | undefined): Value {
  if (delimiter === "") throw new FunctionError("split", "the delimiter must not be empty");
  const parts = source.split(delimiter);
  if (index === undefined) return dyn(parts);
  if (index === null) return dyn(null);
  const i = index < 0 ? parts.length + index : index;
  return dyn(i >= 0 && i < parts.length ? [parts[i]] : []);
}

/** `indexof(source, lookup [, start [, length [, occurrence]]])`: -1 when not found. */
function indexOf(args: readonly Value[]): Value {
  const source = asString(args[0]);
  const lookup = asString(args[1]);
  const startArg = args.length > 2 ? asInteger(args[2]) : 0;
  const lengthArg = args.length > 3 ? asInteger(args[3]) : -1;
  const occurrence = args.length > 4 ? asInteger(args[4]) : 1;
  if (startArg === null || lengthArg === null || occurrence === null || occurrence <= 0) return null;
  const n = source.length;
  let start = startArg < 0 ? n + startArg : startArg;
  if (start < 0) start = 0;
  if (start > n) return -1;
  const end = lengthArg < 0 ? n : Math.min(n, start + lengthArg);
  let from = start;
  let found = -1;
  for (let k = 0; k < occurrence; k++) {
    found = source.indexOf(lookup, from);
    if (found < 0 || found + lookup.length > end) return -1;
    from = found + 1;
  }
  return found;
}

function indexOfRegex(args: readonly Value[]): Value {
  const source = asString(args[0]);
  const re = compileRegex(asString(args[1]), "", "indexof_regex");
  const start = args.length > 2 ? asInteger(args[2]) : 0;
  const length = args.length > 3 ? asInteger(args[3]) : -1;
  const occurrence = args.length > 4 ? asInteger(args[4]) : 1;
  if (start === null || length === null || occurrence === null || start < 0 || occurrence <= 0) return null;
  if (start > source.length) return -1;
  const end = length < 0 ? source.length : Math.min(source.length, start + length);
  const window = source.slice(0, end);
  const matches = regexMatches(re, window).filter((m) => m.start >= start);
  return matches.length >= occurrence ? matches[occurrence - 1].start : -1;
}

function countOf(text: string, search: string, kind: string): number {
  if (kind === "regex") return regexMatches(compileRegex(search, "", "countof"), text).length;
  if (kind !== "normal") throw new FunctionError("countof", `kind must be 'normal' or 'regex', not '${kind}'`);
  if (search === "") return 0;
  let count = 0;
  for (let i = text.indexOf(search); i >= 0; i = text.indexOf(search, i + 1)) count++;
  return count;
}

function translate(searchList: string, replacementList: string, source: string): string {
  const from = codePoints(searchList);
  const to = codePoints(replacementList);
  const map = new Map<string, string>();
  from.forEach((c, i) => {
    if (!map.has(c)) map.set(c, to.length === 0 ? "" : (to[i] ?? to[to.length - 1]));
  });
  return codePoints(source)
    .map((c) => map.get(c) ?? c)
    .join("");
}

/** `replace_strings`: the first lookup is replaced everywhere, later lookups only in what is left. */
function replaceStrings(text: string, lookups: readonly Dyn[], rewrites: readonly Dyn[], k = 0): string {
  if (k >= lookups.length) return text;
  const lookup = lookups[k];
  const rewrite = rewrites[k];
  if (typeof lookup !== "string" || lookup === "") return replaceStrings(text, lookups, rewrites, k + 1);
  const pieces = text.split(lookup).map((p) => replaceStrings(p, lookups, rewrites, k + 1));
  // A rewrite that is not a string leaves the lookup in place (but still shields it).
  return pieces.join(typeof rewrite === "string" ? rewrite : lookup);
}

/** The value `extract` returns: a group's text, converted when a type literal is given. */
function typedCapture(text: string | null, type: KqlType | undefined): Value {
  if (type === undefined || type === "string") return text ?? "";
  return text === null ? null : convertToType(text, type);
}

function extract(args: readonly Value[]): Value {
  const re = compileRegex(asString(args[0]), "", "extract");
  const group = asInteger(args[1]);
  const source = asString(args[2]);
  const type = args.length > 3 ? (asString(args[3]) as KqlType) : undefined;
  if (group === null || group < 0) return typedCapture(null, type);
  const m = regexFirst(re, source);
  if (m === null || group >= m.groups.length) return typedCapture(null, type);
  return typedCapture(m.groups[group], type);
}

function extractAll(args: readonly Value[]): Value {
  const re = compileRegex(asString(args[0]), "", "extract_all");
  const source = asString(args[args.length - 1]);
  const groupCount = re.groupCount();
  let groups: number[];
  if (args.length === 3) {
    const wanted = asArray(args[1]);
    if (wanted === null) throw new FunctionError("extract_all", "captureGroups must be a dynamic array");
    const names = namedGroups(re);
    groups = wanted.map((g) => (typeof g === "string" ? (names[g] ?? -1) : Number(g)));
    if (groups.some((g) => !Number.isInteger(g) || g < 0 || g > groupCount))
      throw new FunctionError("extract_all", "captureGroups refers to a group the regex does not have");
  } else {
    groups = groupCount === 0 ? [0] : Array.from({ length: groupCount }, (_, i) => i + 1);
  }
  const matches = regexMatches(re, source);
  if (matches.length === 0) return dyn(null);
  const single = groups.length === 1 && (args.length === 2 || groupCount <= 1);
  return dyn(
    matches.map((m) => (single ? (m.groups[groups[0]] ?? "") : groups.map((g) => m.groups[g] ?? ""))),
  );
}

function trimRegex(pattern: string, text: string, atStart: boolean, atEnd: boolean, caller: string): string {
  let out = text;
  if (atStart) {
    const m = regexFirst(compileRegex(`^(?:${pattern})+`, "", caller), out);
    if (m !== null) out = out.slice(m.end);
  }
  if (atEnd) {
    const m = regexFirst(compileRegex(`(?:${pattern})+$`, "", caller), out);
    if (m !== null) out = out.slice(0, m.start);
  }
  return out;
}

const UTF8 = new TextEncoder();
const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });

/** Characters `url_encode` leaves alone (as .NET's UrlEncode does). */
const URL_SAFE = /^[A-Za-z0-9\-_.!*()]$/;

function urlEncode(text: string, spaceAsPlus: boolean): string {
  let out = "";
  for (const ch of text) {
    if (URL_SAFE.test(ch)) out += ch;
    else if (ch === " ") out += spaceAsPlus ? "+" : "%20";
    else for (const b of UTF8.encode(ch)) out += `%${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

function urlDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === "+") {
      bytes.push(32);
    } else {
      for (const b of UTF8.encode(c)) bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function base64Bytes(text: string): Uint8Array | null {
  const s = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  return new Uint8Array(Buffer.from(s, "base64"));
}

/** Decompresses base64 text to UTF-8; anything undecodable gives "" as Kusto does. */
function inflateBase64(text: string, inflate: (b: Uint8Array) => Uint8Array): string {
  const bytes = base64Bytes(text);
  if (bytes === null || bytes.length === 0) return "";
  try {
    return UTF8_STRICT.decode(inflate(bytes));
  } catch {
    return "";
  }
}

function base64DecodeToString(text: string): Value {
  const bytes = base64Bytes(text);
  if (bytes === null) return null;
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    return null;
  }
}

function base64EncodeFromArray(v: Value): Value {
  const arr = asArray(v);
  if (arr === null) return null;
  const bytes = arr.map((b) => (typeof b === "number" && b >= 0 && b <= 255 ? b : -1));
  if (bytes.includes(-1)) return null;
  return Buffer.from(bytes).toString("base64");
}

/**
 * A GUID's 16 bytes in the .NET layout Kusto uses: the first three groups little-endian, the
 * last two as written (so `ae3133f2-6e22-49ae-...` starts with bytes f2 33 31 ae 22 6e ae 49).
 */
const GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

function base64EncodeFromGuid(v: Value): Value {
  if (v === null) return null;
  if (!isGuid(v)) throw new FunctionError("base64_encode_fromguid", "expects a guid");
  const hex = v.value.replace(/-/g, "");
  const bytes = GUID_BYTE_ORDER.map((i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  return Buffer.from(bytes).toString("base64");
}

function base64DecodeToGuid(text: string): Value {
  const bytes = base64Bytes(text);
  if (bytes === null || bytes.length !== 16) return null;
  const hex = GUID_BYTE_ORDER.map((i) => bytes[i].toString(16).padStart(2, "0")).join("");
  return guid(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
}

/** Escapes every RE2 metacharacter. */
function regexQuote(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}

function strrep(value: string, times: number | null, delimiter: string): string {
  if (times === null || times <= 0) return "";
  if (times > 1024) throw new FunctionError("strrep", "the multiplier must be at most 1024");
  return Array.from({ length: times }, () => value).join(delimiter);
}

function codepointsToString(args: readonly Value[]): Value {
  let out = "";
  for (const a of args) {
    const items = asArray(a) ?? [asDyn(a)];
    for (const cp of items) {
      if (typeof cp !== "number" || !Number.isInteger(cp) || cp < 0 || cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
    }
  }
  return out;
}

function formatBytes(args: readonly Value[]): Value {
  const n = asInteger(args[0]);
  if (n === null) return "";
  const precision = args.length > 1 ? (asInteger(args[1]) ?? 0) : 0;
  const units = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
  const wanted = args.length > 2 ? asString(args[2]).toUpperCase() : "";
  let unit = wanted === "" ? 0 : units.findIndex((u) => u.toUpperCase() === wanted);
  if (unit < 0) unit = 0;
  if (wanted === "") while (unit < units.length - 1 && Math.abs(n) >= 1024 ** (unit + 1)) unit++;
  const scaled = n / 1024 ** unit;
  const factor = 10 ** precision;
  const rounded = Math.round(scaled * factor) / factor;
  return `${rounded.toFixed(precision)} ${units[unit]}`;
}

/** `tohex`: two's complement in 32 bits for an int argument, 64 bits otherwise. */
function toHex(value: Value, minLength: number | null, type: KqlType | undefined): Value {
  const n = asInteger(value);
  if (n === null) return null;
  const hex = BigInt.asUintN(type === "int" ? 32 : 64, BigInt(n)).toString(16);
  return minLength !== null ? hex.padStart(minLength, "0") : hex;
}

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  fn("strlen", 1, 1, "long", ([s]) => codePoints(asString(s)).length),
  fn("string_size", 1, 1, "long", ([s]) => UTF8.encode(asString(s)).length),
  fn("substring", 2, 3, "string", (args) =>
    substring(asString(args[0]), asInteger(args[1]), args.length > 2 ? asInteger(args[2]) : null),
  ),
  fn("tolower", 1, 1, "string", ([s]) => asString(s).toLowerCase()),
  fn("toupper", 1, 1, "string", ([s]) => asString(s).toUpperCase()),
  fn("trim", 2, 2, "string", ([p, s]) => trimRegex(asString(p), asString(s), true, true, "trim")),
  fn("trim_start", 2, 2, "string", ([p, s]) => trimRegex(asString(p), asString(s), true, false, "trim_start")),
  fn("trim_end", 2, 2, "string", ([p, s]) => trimRegex(asString(p), asString(s), false, true, "trim_end")),
  fn("strcat", 1, 64, "string", (args) => args.map((a) => valueToString(a)).join("")),
  fn("strcat_delim", 2, 65, "string", ([d, ...rest]) => rest.map((a) => valueToString(a)).join(asString(d))),
  fn("strcat_array", 2, 2, "string", ([a, d]) => {
    const arr = asArray(a);
    return arr === null ? "" : arr.map(dynAsString).join(asString(d));
  }),
  fn("split", 2, 3, "dynamic", (args) =>
    split(asString(args[0]), asString(args[1]), args.length > 2 ? asInteger(args[2]) : undefined),
  ),
  fn("replace_string", 3, 3, "string", ([t, l, r]) => {
    const lookup = asString(l);
    return lookup === "" ? asString(t) : asString(t).split(lookup).join(asString(r));
  }),
  fn("replace_strings", 3, 3, "string", ([t, l, r]) => {
    const lookups = asArray(l);
    const rewrites = asArray(r);
    if (lookups === null || rewrites === null || lookups.length !== rewrites.length)
      throw new FunctionError("replace_strings", "lookups and rewrites must be arrays of the same length");
    return replaceStrings(asString(t), lookups, rewrites);
  }),
  fn("replace_regex", 3, 3, "string", ([t, p, r]) =>
    regexReplaceAll(compileRegex(asString(p), "", "replace_regex"), asString(t), asString(r)),
  ),
  fn("replace", 3, 3, "string", ([p, r, t]) =>
    regexReplaceAll(compileRegex(asString(p), "", "replace"), asString(t), asString(r)),
  ),
  fn("extract", 3, 4, (t) => t[3] ?? "string", extract),
  fn("extract_all", 2, 3, "dynamic", extractAll),
  fn("extractall", 2, 3, "dynamic", extractAll),
  fn("indexof", 2, 5, "long", indexOf),
  fn("indexof_regex", 2, 5, "long", indexOfRegex),
  fn("countof", 2, 3, "long", (args) =>
    countOf(asString(args[0]), asString(args[1]), args.length > 2 ? asString(args[2]) : "normal"),
  ),
  fn("reverse", 1, 1, "string", ([s]) => codePoints(asString(s)).reverse().join("")),
  fn("translate", 3, 3, "string", ([a, b, s]) => translate(asString(a), asString(b), asString(s))),
  fn("strrep", 2, 3, "string", (args) =>
    strrep(asString(args[0]), asInteger(args[1]), args.length > 2 ? asString(args[2]) : ""),
  ),
  fn("url_encode", 1, 1, "string", ([s]) => urlEncode(asString(s), true)),
  fn("url_encode_component", 1, 1, "string", ([s]) => urlEncode(asString(s), false)),
  fn("url_decode", 1, 1, "string", ([s]) => urlDecode(asString(s))),
  fn("base64_encode_fromguid", 1, 1, "string", ([g]) => base64EncodeFromGuid(g)),
  fn("base64_decode_toguid", 1, 1, "guid", ([s]) => base64DecodeToGuid(asString(s))),
  fn("base64_encode_tostring", 1, 1, "string", ([s]) => Buffer.from(asString(s), "utf8").toString("base64")),
  fn("base64_encodestring", 1, 1, "string", ([s]) => Buffer.from(asString(s), "utf8").toString("base64")),
  fn("base64_decode_tostring", 1, 1, "string", ([s]) => base64DecodeToString(asString(s))),
  fn("base64_decodestring", 1, 1, "string", ([s]) => base64DecodeToString(asString(s))),
  fn("base64_decode_toarray", 1, 1, "dynamic", ([s]) => {
    const bytes = base64Bytes(asString(s));
    return bytes === null ? dyn(null) : dyn([...bytes]);
  }),
  fn("base64_encode_fromarray", 1, 1, "string", ([a]) => base64EncodeFromArray(a)),
  fn("regex_quote", 1, 1, "string", ([s]) => regexQuote(asString(s))),
  fn("unicode_codepoints_from_string", 1, 1, "dynamic", ([s]) =>
    dyn(codePoints(asString(s)).map((c) => c.codePointAt(0) ?? 0)),
  ),
  fn("unicode_codepoints_to_string", 1, 64, "string", codepointsToString),
  fn("make_string", 1, 64, "string", codepointsToString),
  fn("isascii", 1, 1, "bool", ([s]) => /^[\x00-\x7f]*$/.test(asString(s))),
  fn("isutf8", 1, 1, "bool", ([s]) => !/[\ud800-\udfff]/.test(asString(s).replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))),
  fn("format_bytes", 1, 3, "string", formatBytes),
  fn("tohex", 1, 2, "string", (args, _ctx, types) =>
    toHex(args[0], args.length > 1 ? asInteger(args[1]) : null, types?.[0]),
  ),
  fn("strcmp", 2, 2, "int", ([a, b]) => {
    const x = asString(a);
    const y = asString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  fn("to_utf8", 1, 1, "dynamic", ([s]) => dyn([...UTF8.encode(asString(s))])),
  fn("has_any_index", 2, 2, "long", ([s, l]) => {
    const lookups = asArray(l);
    if (lookups === null) throw new FunctionError("has_any_index", "lookups must be a dynamic array");
    const text = asString(s);
    return lookups.findIndex((x) => hasTerm(text, dynAsString(x), false));
  }),
  fn("gzip_decompress_from_base64_string", 1, 1, "string", ([s]) => inflateBase64(asString(s), gunzipSync)),
  fn("zlib_decompress_from_base64_string", 1, 1, "string", ([s]) => inflateBase64(asString(s), inflateSync)),
];

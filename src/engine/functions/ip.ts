/** IPv4 and IPv6 functions: parse_ipv4, ipv4_is_in_range, ipv4_is_private, parse_ipv6, has_ipv4... */
import { dyn, type Value } from "../values.js";
import { asArray, asDyn, asInteger, asString } from "./coerce.js";
import { fn, type ScalarFunction } from "./types.js";

interface Ipv4 {
  readonly addr: number;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function octetsToNumber(parts: readonly string[]): number | null {
  let addr = 0;
  for (const p of parts) {
    const n = Number(p);
    if (n > 255) return null;
    addr = addr * 256 + n;
  }
  return addr;
}

/** Parses `a.b.c.d[/prefix]`; a long is accepted as the address itself. */
export function parseIpv4(v: Value): Ipv4 | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? { addr: v, prefix: 32 } : null;
  const d = asDyn(v);
  if (typeof d !== "string") return null;
  const m = IPV4.exec(d.trim());
  if (m === null) return null;
  const addr = octetsToNumber(m.slice(1, 5));
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (addr === null || prefix > 32) return null;
  return { addr, prefix };
}

function mask4(addr: number, prefix: number): number {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return addr;
  return addr - (addr % 2 ** (32 - prefix));
}

function formatIpv4Number(addr: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(addr / 2 ** s) % 256).join(".");
}

const PRIVATE_V4: readonly Ipv4[] = [
  { addr: 0x0a000000, prefix: 8 },
  { addr: 0xac100000, prefix: 12 },
  { addr: 0xc0a80000, prefix: 16 },
];

function inRange4(ip: Ipv4, range: Ipv4): boolean {
  const prefix = Math.min(ip.prefix, range.prefix);
  return mask4(ip.addr, prefix) === mask4(range.addr, prefix) && ip.prefix >= range.prefix;
}

function optionalPrefix(args: readonly Value[], index: number, max: number): number | null {
  if (args.length <= index) return max;
  const p = asInteger(args[index]);
  return p === null || p < 0 || p > max ? null : p;
}

function compare4(args: readonly Value[]): number | null {
  const a = parseIpv4(args[0]);
  const b = parseIpv4(args[1]);
  const p = optionalPrefix(args, 2, 32);
  if (a === null || b === null || p === null) return null;
  const prefix = Math.min(a.prefix, b.prefix, p);
  const x = mask4(a.addr, prefix);
  const y = mask4(b.addr, prefix);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Range arguments: either several scalars or one dynamic array of them. */
function rangeList(args: readonly Value[]): readonly Value[] {
  if (args.length === 1) {
    const arr = asArray(args[0]);
    if (arr !== null) return arr.map((d) => (typeof d === "string" ? d : null));
  }
  return args;
}

// ---------- IPv6 ----------

interface Ipv6 {
  readonly addr: bigint;
  readonly prefix: number;
}

const ALL_ONES_128 = (1n << 128n) - 1n;

function parseIpv6Groups(text: string): bigint | null {
  let s = text;
  let tail: number[] = [];
  const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(s);
  if (v4 !== null) {
    const n = octetsToNumber(v4[1].split("."));
    if (n === null) return null;
    tail = [Math.floor(n / 65536), n % 65536];
    s = s.slice(0, s.length - v4[1].length);
    if (s.endsWith(":") && !s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv6 (or IPv4, mapped to ::ffff:0:0/96) address with an optional `/prefix`. */
export function parseIpv6(v: Value): Ipv6 | null {
  const d = asDyn(v);
  if (typeof d !== "string") return null;
  const text = d.trim();
  const v4 = parseIpv4(text);
  if (v4 !== null) return { addr: (0xffffn << 32n) | BigInt(v4.addr), prefix: v4.prefix + 96 };
  const slash = text.indexOf("/");
  const body = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? 128 : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128 || (slash >= 0 && !/^\d+$/.test(text.slice(slash + 1))))
    return null;
  const addr = parseIpv6Groups(body);
  return addr === null ? null : { addr, prefix };
}

function mask6(addr: bigint, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  if (prefix >= 128) return addr;
  const keep = (ALL_ONES_128 >> BigInt(128 - prefix)) << BigInt(128 - prefix);
  return addr & keep;
}

function formatIpv6Full(addr: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((addr >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, "0"));
  return groups.join(":");
}

function compare6(args: readonly Value[]): number | null {
  const a = parseIpv6(args[0]);
  const b = parseIpv6(args[1]);
  const p = optionalPrefix(args, 2, 128);
  if (a === null || b === null || p === null) return null;
  const prefix = Math.min(a.prefix, b.prefix, p);
  const x = mask6(a.addr, prefix);
  const y = mask6(b.addr, prefix);
  return x < y ? -1 : x > y ? 1 : 0;
}

function inRange6(ip: Ipv6, range: Ipv6): boolean {
  return mask6(ip.addr, range.prefix) === mask6(range.addr, range.prefix) && ip.prefix >= range.prefix;
}

// ---------- IPv4 addresses inside text ----------

const TEXT_IPV4 = /(?<![0-9A-Za-z.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![0-9A-Za-z])(?!\.\d)/g;

/** Valid IPv4 addresses that appear in the text delimited by non-alphanumerics. */
function ipv4sInText(text: string): number[][] {
  const out: number[][] = [];
  for (const m of text.matchAll(TEXT_IPV4)) {
    const octets = m.slice(1, 5).map(Number);
    if (octets.every((o) => o <= 255)) out.push(octets);
  }
  return out;
}

function prefixOctets(prefix: string): number[] | null {
  const parts = prefix.trim().split(".");
  if (parts[parts.length - 1] === "") parts.pop();
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
}

/** Lookups that are not valid prefixes / addresses can never be found: they count as absent. */
function hasIpv4Prefixes(text: string, prefixes: readonly Value[]): boolean {
  const wanted = prefixes.map((p) => prefixOctets(asString(p))).filter((w): w is number[] => w !== null);
  if (wanted.length === 0) return false;
  const found = ipv4sInText(text);
  return found.some((ip) => wanted.some((w) => w.every((o, i) => ip[i] === o)));
}

function hasIpv4s(text: string, ips: readonly Value[]): boolean {
  const wanted = ips.map((p) => parseIpv4(asString(p))).filter((w): w is Ipv4 => w !== null && w.prefix === 32);
  if (wanted.length === 0) return false;
  const found = new Set(ipv4sInText(text).map((o) => octetsToNumber(o.map(String))));
  return wanted.some((w) => found.has(w.addr));
}

/** The fewest CIDR blocks that exactly cover an inclusive address range. */
function rangeToCidrs(start: number, end: number): string[] {
  const out: string[] = [];
  let cur = start;
  while (cur <= end) {
    let size = 32;
    // Grow the block while it stays aligned and inside the range.
    while (size > 0) {
      const block = 2 ** (33 - size);
      if (cur % block !== 0 || cur + block - 1 > end) break;
      size--;
    }
    out.push(`${formatIpv4Number(cur)}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

const ipv4Call = (f: (ip: Ipv4) => Value): ScalarFunction["call"] => ([v]) => {
  const ip = parseIpv4(v);
  return ip === null ? null : f(ip);
};

export const IP_FUNCTIONS: readonly ScalarFunction[] = [
  fn("parse_ipv4", 1, 1, "long", ipv4Call((ip) => mask4(ip.addr, ip.prefix))),
  fn("parse_ipv4_mask", 2, 2, "long", ([v, p]) => {
    const ip = parseIpv4(v);
    const prefix = asInteger(p);
    if (ip === null || prefix === null || prefix < 0 || prefix > 32) return null;
    return mask4(ip.addr, Math.min(ip.prefix, prefix));
  }),
  fn("ipv4_is_private", 1, 1, "bool", ipv4Call((ip) => PRIVATE_V4.some((r) => inRange4(ip, r)))),
  fn("ipv4_is_in_range", 2, 2, "bool", ([a, b]) => {
    const ip = parseIpv4(a);
    const range = parseIpv4(b);
    return ip === null || range === null ? null : inRange4(ip, range);
  }),
  fn("ipv4_is_in_any_range", 2, 64, "bool", ([a, ...ranges]) => {
    const ip = parseIpv4(a);
    if (ip === null) return null;
    const parsed = rangeList(ranges).map(parseIpv4);
    if (parsed.some((r) => r === null)) return null;
    return parsed.some((r) => inRange4(ip, r as Ipv4));
  }),
  fn("ipv4_is_match", 2, 3, "bool", (args) => {
    const c = compare4(args);
    return c === null ? null : c === 0;
  }),
  fn("ipv4_compare", 2, 3, "int", compare4),
  fn("ipv4_netmask_suffix", 1, 1, "int", ipv4Call((ip) => ip.prefix)),
  fn("format_ipv4", 1, 2, "string", (args) => {
    const ip = parseIpv4(args[0]);
    const p = optionalPrefix(args, 1, 32);
    return ip === null || p === null ? "" : formatIpv4Number(mask4(ip.addr, Math.min(ip.prefix, p)));
  }),
  fn("format_ipv4_mask", 1, 2, "string", (args) => {
    const ip = parseIpv4(args[0]);
    const p = optionalPrefix(args, 1, 32);
    if (ip === null || p === null) return "";
    const prefix = Math.min(ip.prefix, p);
    return `${formatIpv4Number(mask4(ip.addr, prefix))}/${prefix}`;
  }),
  fn("ipv4_range_to_cidr_list", 2, 2, "dynamic", ([a, b]) => {
    const start = parseIpv4(a);
    const end = parseIpv4(b);
    if (start === null || end === null || start.addr > end.addr) return dyn(null);
    return dyn(rangeToCidrs(start.addr, end.addr));
  }),
  fn("parse_ipv6", 1, 1, "string", ([v]) => {
    const ip = parseIpv6(v);
    return ip === null ? "" : formatIpv6Full(mask6(ip.addr, ip.prefix));
  }),
  fn("parse_ipv6_mask", 2, 2, "string", ([v, p]) => {
    const ip = parseIpv6(v);
    const prefix = asInteger(p);
    if (ip === null || prefix === null || prefix < 0 || prefix > 128) return "";
    return formatIpv6Full(mask6(ip.addr, Math.min(ip.prefix, prefix)));
  }),
  fn("ipv6_compare", 2, 3, "int", compare6),
  fn("ipv6_is_match", 2, 3, "bool", (args) => {
    const c = compare6(args);
    return c === null ? null : c === 0;
  }),
  fn("ipv6_is_in_range", 2, 2, "bool", ([a, b]) => {
    const ip = parseIpv6(a);
    const range = parseIpv6(b);
    return ip === null || range === null ? null : inRange6(ip, range);
  }),
  fn("ipv6_is_in_any_range", 2, 64, "bool", ([a, ...ranges]) => {
    const ip = parseIpv6(a);
    if (ip === null) return null;
    const parsed = rangeList(ranges).map(parseIpv6);
    if (parsed.some((r) => r === null)) return null;
    return parsed.some((r) => inRange6(ip, r as Ipv6));
  }),
  fn("has_ipv4", 2, 2, "bool", ([t, ip]) => hasIpv4s(asString(t), [ip])),
  fn("has_any_ipv4", 2, 64, "bool", ([t, ...ips]) => hasIpv4s(asString(t), rangeList(ips))),
  fn("has_ipv4_prefix", 2, 2, "bool", ([t, p]) => hasIpv4Prefixes(asString(t), [p])),
  fn("has_any_ipv4_prefix", 2, 64, "bool", ([t, ...ps]) => hasIpv4Prefixes(asString(t), rangeList(ps))),
];

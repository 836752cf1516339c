/** Punycode (RFC 3492) and its IDNA use in domain names: punycode_from_string and friends. */
import { asString } from "./coerce.js";
import { fn, type ScalarFunction } from "./types.js";

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digitChar = (d: number): string => String.fromCharCode(d < 26 ? 97 + d : 22 + d);

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

/** Encodes a label: basic code points first (case kept), then the deltas. */
export function punycodeEncode(input: string): string {
  const points = Array.from(input, (c) => c.codePointAt(0) ?? 0);
  let out = points.filter((p) => p < 0x80).map((p) => String.fromCodePoint(p)).join("");
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += "-";
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    const m = Math.min(...points.filter((p) => p >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const p of points) {
      if (p < n) delta++;
      if (p !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        out += digitChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** Decodes a label; null when the text is not valid punycode. */
export function punycodeDecode(input: string): string | null {
  const dash = input.lastIndexOf("-");
  const output = dash > 0 ? Array.from(input.slice(0, dash), (c) => c.codePointAt(0) ?? 0) : [];
  if (output.some((p) => p >= 0x80)) return null;
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = dash > 0 ? dash + 1 : 0; pos < input.length; ) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const digit = digitValue(input.charCodeAt(pos++));
      if (digit >= BASE) return null;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}

/** IDNA label separators: full stop and its ideographic / full-width / half-width forms. */
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/;

function domainToAscii(domain: string): string {
  return domain
    .split(LABEL_SEPARATORS)
    .map((label) => (/^[\x00-\x7f]*$/.test(label) ? label : `xn--${punycodeEncode(label)}`))
    .join(".");
}

function domainFromAscii(domain: string): string {
  const labels = domain.split(".").map((label) => (/^xn--/i.test(label) ? punycodeDecode(label.slice(4)) : label));
  return labels.some((l) => l === null) ? "" : labels.join(".");
}

export const PUNYCODE_FUNCTIONS: readonly ScalarFunction[] = [
  fn("punycode_from_string", 1, 1, "string", ([v]) => punycodeEncode(asString(v))),
  fn("punycode_to_string", 1, 1, "string", ([v]) => punycodeDecode(asString(v)) ?? ""),
  fn("punycode_domain_to_string", 1, 1, "string", ([v]) => domainToAscii(asString(v))),
  fn("punycode_domain_from_string", 1, 1, "string", ([v]) => domainFromAscii(asString(v))),
];

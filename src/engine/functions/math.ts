/**
 * Math functions. `rand()` is deliberately absent: a detection test must be deterministic, and a
 * query that calls it gets the evaluator's "unknown function" error instead of a random answer.
 */
import type { KqlType, Value } from "../values.js";
import { asInteger, asNumber } from "./coerce.js";
import { fn, type ScalarFunction, sameAs } from "./types.js";

type Unary = (x: number) => Value;

function unary(name: string, returns: KqlType | ((t: readonly KqlType[]) => KqlType), f: Unary): ScalarFunction {
  return fn(name, 1, 1, returns, ([v]) => {
    const x = asNumber(v);
    return x === null ? null : f(x);
  });
}

/** Kusto rounds half away from zero at the given decimal precision (may be negative). */
export function roundHalfAway(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** precision;
  // toPrecision(15) removes the binary noise in x * scale (2.15 * 10 = 21.499999999999996).
  const raw = Math.abs(x) * scale;
  const scaled = raw < 1e15 ? Number(raw.toPrecision(15)) : raw;
  const rounded = Math.floor(scaled + 0.5) / scale;
  return Math.sign(x) * rounded;
}

const realOrSame = (t: readonly KqlType[]): KqlType => (t[0] === "int" || t[0] === "long" || t[0] === "decimal" ? t[0] : "real");

function bitwise(name: string, f: (a: bigint, b: bigint) => bigint): ScalarFunction {
  return fn(name, 2, 2, "long", ([a, b]) => {
    const x = asInteger(a);
    const y = asInteger(b);
    return x === null || y === null ? null : Number(BigInt.asIntN(64, f(BigInt(x), BigInt(y))));
  });
}

function popCount(v: Value): number | null {
  const x = asInteger(v);
  if (x === null) return null;
  let n = BigInt.asUintN(64, BigInt(x));
  let count = 0;
  while (n > 0n) {
    count += Number(n & 1n);
    n >>= 1n;
  }
  return count;
}

/** erf by its positive-term series: 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc for x ≥ 2 by its continued fraction (modified Lentz), avoiding 1 − erf cancellation. */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) >= 2) return Math.sign(x) * (1 - erfcFraction(Math.abs(x)));
  return erfSeries(x);
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= 2) return erfcFraction(x);
  if (x <= -2) return 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}

export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  unary("abs", sameAs(0, "real"), Math.abs),
  fn("round", 1, 2, realOrSame, (args) => {
    const x = asNumber(args[0]);
    const p = args.length > 1 ? asInteger(args[1]) : 0;
    return x === null || p === null ? null : roundHalfAway(x, p);
  }),
  unary("ceiling", sameAs(0, "real"), Math.ceil),
  fn("pow", 2, 2, "real", ([a, b]) => {
    const x = asNumber(a);
    const y = asNumber(b);
    return x === null || y === null ? null : x ** y;
  }),
  unary("sqrt", "real", (x) => (x < 0 ? null : Math.sqrt(x))),
  unary("log", "real", (x) => (x < 0 ? null : Math.log(x))),
  unary("log2", "real", (x) => (x < 0 ? null : Math.log2(x))),
  unary("log10", "real", (x) => (x < 0 ? null : Math.log10(x))),
  unary("exp", "real", Math.exp),
  unary("exp2", "real", (x) => 2 ** x),
  unary("exp10", "real", (x) => 10 ** x),
  unary("sign", sameAs(0, "real"), (x) => (Number.isNaN(x) ? x : Math.sign(x) + 0)),
  unary("isnan", "bool", (x) => Number.isNaN(x)),
  unary("isinf", "bool", (x) => (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY)),
  unary("isfinite", "bool", (x) => Number.isFinite(x)),
  fn("pi", 0, 0, "real", () => Math.PI),
  unary("erf", "real", erf),
  unary("erfc", "real", erfc),
  unary("sin", "real", Math.sin),
  unary("cos", "real", Math.cos),
  unary("tan", "real", Math.tan),
  unary("cot", "real", (x) => 1 / Math.tan(x)),
  unary("asin", "real", (x) => (x < -1 || x > 1 ? null : Math.asin(x))),
  unary("acos", "real", (x) => (x < -1 || x > 1 ? null : Math.acos(x))),
  unary("atan", "real", Math.atan),
  fn("atan2", 2, 2, "real", ([a, b]) => {
    const y = asNumber(a);
    const x = asNumber(b);
    return y === null || x === null ? null : Math.atan2(y, x);
  }),
  unary("degrees", "real", (x) => (x * 180) / Math.PI),
  unary("radians", "real", (x) => (x * Math.PI) / 180),
  bitwise("binary_and", (a, b) => a & b),
  bitwise("binary_or", (a, b) => a | b),
  bitwise("binary_xor", (a, b) => a ^ b),
  bitwise("binary_shift_left", (a, b) => (b < 0n || b > 63n ? 0n : a << b)),
  bitwise("binary_shift_right", (a, b) => (b < 0n || b > 63n ? 0n : a >> b)),
  fn("binary_not", 1, 1, "long", ([a]) => {
    const x = asInteger(a);
    return x === null ? null : Number(BigInt.asIntN(64, ~BigInt(x)));
  }),
  fn("bitset_count_ones", 1, 1, "int", ([a]) => popCount(a)),
];

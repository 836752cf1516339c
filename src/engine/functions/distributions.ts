/**
 * The beta distribution: beta_cdf, beta_pdf, beta_inv. Out-of-domain arguments give NaN as the
 * Kusto reference says (x outside [0, 1], alpha or beta outside (0, 10000]); null stays null.
 */
import { asNumber } from "./coerce.js";
import { fn, type ScalarFunction } from "./types.js";

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7, nine terms; about 15 digits). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);

/** The continued fraction of the incomplete beta function (modified Lentz evaluation). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const coef of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + coef * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + coef / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b));
  // The fraction converges fast below the mean; above it use the symmetry I_x(a,b) = 1 - I_(1-x)(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

const validShape = (s: number): boolean => s > 0 && s <= 10000;

/** Reads three numeric arguments; null if any is null, NaN if any is out of the domain. */
function betaCall(name: string, inDomain: (x: number) => boolean, f: (x: number, a: number, b: number) => number): ScalarFunction {
  return fn(name, 3, 3, "real", (args) => {
    const [x, a, b] = args.map(asNumber);
    if (x === null || a === null || b === null) return null;
    if (!inDomain(x) || !validShape(a) || !validShape(b)) return Number.NaN;
    return f(x, a, b);
  });
}

const unit = (x: number): boolean => x >= 0 && x <= 1;

function betaPdf(x: number, a: number, b: number): number {
  if ((x === 0 && a < 1) || (x === 1 && b < 1)) return Number.POSITIVE_INFINITY;
  if ((x === 0 && a > 1) || (x === 1 && b > 1)) return 0;
  if (x === 0) return Math.exp(-logBeta(a, b)) * (a === 1 ? 1 : 0);
  if (x === 1) return Math.exp(-logBeta(a, b)) * (b === 1 ? 1 : 0);
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - logBeta(a, b));
}

/** The x with I_x(a, b) = p, by bisection (the CDF is monotonic on [0, 1]). */
function betaInverse(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export const DISTRIBUTION_FUNCTIONS: readonly ScalarFunction[] = [
  betaCall("beta_cdf", unit, regularizedBeta),
  betaCall("beta_pdf", unit, betaPdf),
  betaCall("beta_inv", unit, betaInverse),
];

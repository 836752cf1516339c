import { describe, expect, it } from "vitest";
import { call } from "./call.js";

describe("beta distribution", () => {
  it("beta_cdf(0.9, 10, 20) is 0.999999999999959 (doc example)", () => {
    expect(call("beta_cdf", 0.9, 10, 20)).toBeCloseTo(0.999999999999959, 13);
  });
  it("beta_pdf(0.5, 10, 20) is 0.746176019310951 (doc example)", () => {
    expect(call("beta_pdf", 0.5, 10, 20)).toBeCloseTo(0.746176019310951, 12);
  });
  it("closed forms: uniform for alpha = beta = 1, x²(3 - 2x) for alpha = beta = 2", () => {
    expect(call("beta_pdf", 0.3, 1, 1)).toBeCloseTo(1, 12);
    expect(call("beta_cdf", 0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(call("beta_cdf", 0.2, 2, 2)).toBeCloseTo(0.104, 12);
    expect(call("beta_cdf", 0.8, 2, 2)).toBeCloseTo(0.896, 12);
    expect(call("beta_pdf", 0.2, 2, 2)).toBeCloseTo(6 * 0.2 * 0.8, 12);
  });
  it("beta_inv inverts beta_cdf (doc: beta_inv(beta_cdf(x, ...), ...) = x)", () => {
    for (const x of [0.05, 0.3, 0.5, 0.77]) {
      const p = call("beta_cdf", x, 10, 20) as number;
      expect(call("beta_inv", p, 10, 20)).toBeCloseTo(x, 9);
    }
  });
  it("x outside [0, 1] or alpha/beta outside (0, 10000] give NaN; null gives null (doc notes)", () => {
    expect(call("beta_cdf", 1.5, 10, 20)).toBeNaN();
    expect(call("beta_cdf", -10, 10, 20)).toBeNaN();
    expect(call("beta_cdf", 0.1, -1, 20)).toBeNaN();
    expect(call("beta_pdf", 0.1, 10, 0)).toBeNaN();
    expect(call("beta_pdf", 0.1, 10, 10001)).toBeNaN();
    expect(call("beta_inv", 2, 10, 20)).toBeNaN();
    expect(call("beta_cdf", null, 10, 20)).toBeNull();
  });
});

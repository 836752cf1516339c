import { describe, expect, it } from "vitest";
import { call } from "./call.js";

describe("math", () => {
  it("round half away from zero at a precision (doc examples)", () => {
    expect(call("round", 2.98765, 3)).toBe(2.988);
    expect(call("round", 2.15, 1)).toBe(2.2);
    expect(call("round", 2.15)).toBe(2);
    expect(call("round", -50.55, -2)).toBe(-100);
    expect(call("round", 21.5, -1)).toBe(20);
    expect(call("round", -2.5)).toBe(-3);
    expect(call("round", null)).toBeNull();
    expect(call("round", 12345678901234568)).toBe(12345678901234568);
    expect(call("round", 1234.5678, 2)).toBe(1234.57);
  });
  it("ceiling(-1.1), ceiling(0), ceiling(0.9) (doc example)", () => {
    expect([-1.1, 0, 0.9].map((x) => call("ceiling", x))).toEqual([-1, 0, 1]);
  });
  it("abs, sign, pow(2, 3) (doc example), sqrt", () => {
    expect(call("abs", -5)).toBe(5);
    expect(call("sign", -5)).toBe(-1);
    expect(call("sign", 0)).toBe(0);
    expect(call("pow", 2, 3)).toBe(8);
    expect(call("sqrt", 16)).toBe(4);
    expect(call("sqrt", -64)).toBeNull();
  });
  it("log(5), log2(5) (doc examples), log10, exp; negative logs are null", () => {
    expect(call("log", 5)).toBeCloseTo(1.6094379124341003, 15);
    expect(call("log2", 5)).toBeCloseTo(2.3219280948873622, 15);
    expect(call("log10", 1000)).toBeCloseTo(3, 15);
    expect(call("log", -1)).toBeNull();
    expect(call("exp", 0)).toBe(1);
    expect(call("exp2", 3)).toBe(8);
    expect(call("exp10", 2)).toBe(100);
  });
  it("cot(1) (doc example) and trigonometry", () => {
    expect(call("cot", 1)).toBeCloseTo(0.64209261593433065, 14);
    expect(call("sin", 1)).toBeCloseTo(0.841470984807897, 14);
    expect(call("degrees", Math.PI)).toBe(180);
    expect(call("radians", 180)).toBe(Math.PI);
    expect(call("acos", 2)).toBeNull();
  });
  it("isnan / isinf / isfinite (doc example: 0/0 is NaN)", () => {
    expect(call("isnan", Number.NaN)).toBe(true);
    expect(call("isnan", -1)).toBe(false);
    expect(call("isinf", Number.POSITIVE_INFINITY)).toBe(true);
    expect(call("isfinite", Number.NEGATIVE_INFINITY)).toBe(false);
    expect(call("isfinite", 1)).toBe(true);
  });
  it("binary functions: binary_or(5, 3) is 7 (doc example)", () => {
    expect(call("binary_or", 5, 3)).toBe(7);
    expect(call("binary_and", 6, 3)).toBe(2);
    expect(call("binary_xor", 6, 3)).toBe(5);
    expect(call("binary_not", 100)).toBe(-101);
    expect(call("binary_shift_left", 1, 10)).toBe(1024);
    expect(call("binary_shift_right", 1024, 3)).toBe(128);
    expect(call("bitset_count_ones", 42)).toBe(3);
    expect(call("binary_and", null, 1)).toBeNull();
  });
  it("erf / erfc over -3..3 (doc examples)", () => {
    const erfExpected = [-0.999977909503001, -0.995322265018953, -0.842700792949715, 0, 0.842700792949715, 0.995322265018953, 0.999977909503001];
    const erfcExpected = [1.999977909503001, 1.995322265018953, 1.842700792949715, 1, 0.157299207050285, 0.00467773498104727, 2.20904969985854e-5];
    [-3, -2, -1, 0, 1, 2, 3].forEach((x, i) => {
      expect(call("erf", x)).toBeCloseTo(erfExpected[i], 14);
      expect(call("erfc", x)).toBeCloseTo(erfcExpected[i], 14);
    });
    expect((call("erfc", 3) as number) / 2.20904969985854e-5).toBeCloseTo(1, 12);
    expect(call("erfc", 10)).toBeCloseTo(2.088487583762545e-45, 55);
  });
});

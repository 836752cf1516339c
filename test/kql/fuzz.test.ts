/**
 * Robustness: 100k mutated corpus queries, random token soup and random text. Each input must
 * end in an AST or in positioned diagnostics: no exception, no hang, no stack overflow. Inputs
 * that parse must also survive print -> parse unchanged.
 */
import { describe, expect, it } from "vitest";
import { astEquals, parse, print } from "../../src/kql/index.js";
import { conformanceQueries, sentinelQueries } from "./corpus.js";
import { mutate, rng, tokenSoup } from "./mutate.js";

function check(text: string): "ok" | "error" {
  const r = parse(text);
  if (r.diagnostics.length === 0) {
    const again = parse(print(r.script));
    if (again.diagnostics.length || !astEquals(again.script, r.script)) throw new Error(`round trip failed for:\n${text}`);
    return "ok";
  }
  for (const d of r.diagnostics) {
    if (!(d.line! >= 1 && d.column! >= 1 && d.snippet?.includes("^") && d.message.length > 0)) {
      throw new Error(`diagnostic without position for:\n${text}\n${JSON.stringify(d)}`);
    }
  }
  return "error";
}

describe("parser fuzzing", () => {
  const base = [...conformanceQueries(), ...sentinelQueries()].map((c) => c.query);

  it("handles 100k mutated corpus queries (1 to 3 edits each)", () => {
    const random = rng(424242);
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 100_000; i++) {
      const q = mutate(base[Math.floor(random() * base.length)], random, 1 + Math.floor(random() * 3));
      counts[check(q)]++;
    }
    expect(counts.ok + counts.error).toBe(100_000);
    // the mutations must exercise both outcomes
    expect(counts.ok).toBeGreaterThan(5_000);
    expect(counts.error).toBeGreaterThan(30_000);
  });

  it("handles random token soup and random characters", () => {
    const random = rng(777);
    const chars = "abcxyz019_ |()[]{},;.:=<>!~+-*/%'\"@`$#\\\n\t\u00e9\u2028😀";
    for (let i = 0; i < 10_000; i++) check(tokenSoup(random, 60));
    for (let i = 0; i < 10_000; i++) {
      let s = "";
      const n = Math.floor(random() * 80);
      for (let j = 0; j < n; j++) s += chars[Math.floor(random() * chars.length)];
      check(s);
    }
  });

  it("reports deep nesting of every bracket kind as a positioned error, not a crash", () => {
    for (const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"], ["f(", ")"], ["dynamic([", "])"], ["(T | where ", ")"]]) {
      const text = `print ${open.repeat(20_000)}1${close.repeat(20_000)}`;
      expect(check(text)).toBe("error");
    }
    expect(check(`T${" | where x".repeat(20_000)}`)).toBe("ok");
    expect(check(`print ${Array.from({ length: 900 }, (_, i) => `a${i}`).join(" or ")}`)).toBe("ok");
    const chain = parse(`print ${Array.from({ length: 20_000 }, (_, i) => `a${i}`).join(" + ")}`);
    expect(chain.diagnostics[0].message).toMatch(/more than 1000 chained operators/);
    // chains inside nested parentheses count together: the tree stays shallow enough to print
    let nested = "x";
    for (let d = 0; d < 100; d++) nested = `(${Array.from({ length: 12 }, (_, i) => `a${i}`).join(" + ")} + ${nested})`;
    expect(parse(`print ${nested}`).diagnostics[0].message).toMatch(/more than 1000 chained operators/);
  });
});

import { describe, expect, it } from "vitest";
import {
  containsText,
  endsWithText,
  hasPrefixTerm,
  hasSuffixTerm,
  hasTerm,
  startsWithText,
} from "../../../src/engine/functions/string-ops.js";

describe("has (term match)", () => {
  it('"North America" has "america" (doc example, case-insensitive)', () => {
    expect(hasTerm("North America", "america", false)).toBe(true);
  });

  it('"North America" has_cs "America" but not "america"', () => {
    expect(hasTerm("North America", "America", true)).toBe(true);
    expect(hasTerm("North America", "america", true)).toBe(false);
  });

  it("does not match inside a term", () => {
    expect(hasTerm("Fabrikam", "brik", false)).toBe(false);
    expect(hasTerm("KustoExplorerQueryRun", "Explorer", false)).toBe(false);
  });

  it("splits terms on non-alphanumerics (doc example with a guid)", () => {
    const s = "Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun";
    for (const term of ["Kusto", "KustoExplorerQueryRun", "ad67d136", "c1db", "4f9f", "88ef", "d94f3b6b0b5a"])
      expect(hasTerm(s, term, false)).toBe(true);
    expect(hasTerm(s, "ad67", false)).toBe(false);
  });

  it("short needles follow the same whole-term rule", () => {
    expect(hasTerm("a b cd", "cd", false)).toBe(true);
    expect(hasTerm("abc", "b", false)).toBe(false);
    expect(hasTerm("x.y", "x", false)).toBe(true);
  });

  it("needles with delimiters match as phrases with boundaries at their alphanumeric ends", () => {
    expect(hasTerm("cmd.exe /c whoami", "cmd.exe", false)).toBe(true);
    expect(hasTerm("xcmd.exe", "cmd.exe", false)).toBe(false);
    expect(hasTerm("cmd.exes", "cmd.exe", false)).toBe(false);
    expect(hasTerm("run powershell -enc abc", "-enc", false)).toBe(true);
    expect(hasTerm("run powershell -encodedcommand", "-enc", false)).toBe(false);
    expect(hasTerm("a\\b\\c", "\\b\\", false)).toBe(true);
    expect(hasTerm("hello world", "o w", false)).toBe(false);
    expect(hasTerm("hello world", "hello world", false)).toBe(true);
  });

  it("finds a later bounded occurrence after an unbounded one", () => {
    expect(hasTerm("python3 python", "python", false)).toBe(true);
  });

  it("treats non-ASCII letters as term characters", () => {
    expect(hasTerm("קוסטו - Kusto", "קוסטו", false)).toBe(true);
    expect(hasTerm("éabc", "abc", false)).toBe(false);
  });
});

describe("hasprefix / hassuffix", () => {
  it('"North America" hasprefix "ame" and hassuffix "ica" (doc examples)', () => {
    expect(hasPrefixTerm("North America", "ame", false)).toBe(true);
    expect(hasSuffixTerm("North America", "ica", false)).toBe(true);
  });
  it("a prefix must start a term and a suffix must end one", () => {
    expect(hasPrefixTerm("North America", "mer", false)).toBe(false);
    expect(hasSuffixTerm("North America", "eric", false)).toBe(false);
    expect(hasPrefixTerm("North America", "Ame", true)).toBe(true);
    expect(hasPrefixTerm("North America", "ame", true)).toBe(false);
  });
});

describe("contains / startswith / endswith", () => {
  it('"FabriKam" contains "BRik" and contains_cs "Kam" (doc examples)', () => {
    expect(containsText("FabriKam", "BRik", false)).toBe(true);
    expect(containsText("FabriKam", "Kam", true)).toBe(true);
    expect(containsText("Fabrikam", "Kam", true)).toBe(false);
  });
  it('"Fabrikam" startswith "fab", endswith "Kam" (doc examples)', () => {
    expect(startsWithText("Fabrikam", "fab", false)).toBe(true);
    expect(startsWithText("Fabrikam", "fab", true)).toBe(false);
    expect(endsWithText("Fabrikam", "Kam", false)).toBe(true);
    expect(endsWithText("Fabrikam", "Kam", true)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { parse, print, type Script } from "../../src/kql/index.js";
import { lineDiff } from "../../src/testing/mutation/diff.js";
import { enumerateMutants } from "../../src/testing/mutation/run.js";
import { type AnyNode, replaceAt, visit } from "../../src/testing/mutation/walk.js";

const HOUR = 36_000_000_000n;

function script(text: string): Script {
  const { script, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return script;
}

function labels(text: string, period = HOUR): string[] {
  return enumerateMutants(script(text), print, period).map((m) => `${m.mutator}: ${m.label}`);
}

describe("AST walk", () => {
  it("replaces exactly the node visit numbered, sharing the rest", () => {
    const ast = script('T | where a == "x" and b > 1') as unknown as AnyNode;
    let target = -1;
    visit(ast, (node, index) => {
      if (node.kind === "NumberLit") target = index;
    });
    const mutated = replaceAt(ast, target, (n) => ({ ...n, text: "7" }));
    expect(print(mutated as unknown as Script)).toBe('T\n| where a == "x" and b > 7');
    expect(print(ast as unknown as Script)).toBe('T\n| where a == "x" and b > 1');
  });
});

describe("mutants", () => {
  it("drops each where conjunct, flips comparisons and changes compared literals", () => {
    const found = labels('SigninLogs | where ResultType == "0" and AppDisplayName has "Azure"');
    expect(found).toEqual(
      expect.arrayContaining([
        "drop-where-conjunct: drop where conjunct 1 of 2",
        "drop-where-conjunct: drop where conjunct 2 of 2",
        "negate-where: negate where predicate",
        "flip-comparison: == to !=",
        'change-string-literal: change string "0"',
        "negate-string-operator: has to !has",
        "swap-string-operator: has to contains",
        "swap-logical: and to or",
      ]),
    );
  });

  it("prints each mutant as KQL that differs from the original", () => {
    const original = script("T | where n > 5");
    const mutants = enumerateMutants(original, print, HOUR);
    const queries = mutants.map((m) => m.query);
    expect(queries).toContain("T\n| where n <= 5");
    expect(queries).toContain("T\n| where n >= 5");
    expect(queries).toContain("T\n| where n > 6");
    expect(queries).toContain("T\n| where n > 4");
    expect(queries).toContain("T");
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries).not.toContain(print(original));
  });

  it("does not touch a time filter the lookback already implies", () => {
    const found = labels('T | where TimeGenerated > ago(1h) and Op == "Add"');
    expect(found).not.toContain("drop-where-conjunct: drop where conjunct 1 of 2");
    expect(found).toContain("drop-where-conjunct: drop where conjunct 2 of 2");
    expect(found.some((l) => l.includes("> to"))).toBe(false);
    expect(found.some((l) => l.startsWith("scale-timespan: widen"))).toBe(false);
    expect(found).toContain("scale-timespan: narrow 1h to 30m");
  });

  it("widens a time filter narrower than the lookback, without boundary shifts on datetimes", () => {
    const found = labels("T | where TimeGenerated > ago(10m)");
    expect(found).toContain("scale-timespan: widen 10m to 20m");
    expect(found).toContain("flip-comparison: > to <=");
    expect(found).not.toContain("flip-comparison: > to >=");
  });

  it("drops list elements and negates list operators", () => {
    const found = labels('T | where Op in ("Add", "Remove", "Update")');
    expect(found).toEqual(expect.arrayContaining(['drop-list-element: drop list element "Add"', "negate-list-operator: in to !in"]));
    const dyn = labels('T | where Op has_any (dynamic(["a", "b"]))');
    expect(dyn).toContain('drop-list-element: drop list element "a"');
  });

  it("changes join kinds but never the join condition", () => {
    const found = labels("T | join kind=leftanti (U) on $left.a == $right.b");
    expect(found).toContain("change-join-kind: join kind leftanti to leftsemi");
    expect(found.some((l) => l.startsWith("flip-comparison"))).toBe(false);
    expect(labels("T | join (U) on a")).toContain("change-join-kind: join kind innerunique to leftouter");
  });

  it("swaps emptiness checks and or-alternatives", () => {
    const found = labels("T | where isnotempty(a) or isnull(b)");
    expect(found).toEqual(
      expect.arrayContaining([
        "swap-emptiness-check: isnotempty to isempty",
        "swap-emptiness-check: isnull to isnotnull",
        "drop-or-disjunct: drop 'or' alternative 1 of 2",
        "swap-logical: or to and",
      ]),
    );
  });

  it("is deterministic", () => {
    const text = 'T | where a == "x" | summarize c = count() by b | where c > 3';
    expect(labels(text)).toEqual(labels(text));
  });
});

describe("line diff", () => {
  it("shows changed lines with context", () => {
    const before = "T\n| where a == 1\n| project a\n| take 10";
    const after = "T\n| where a != 1\n| project a\n| take 10";
    expect(lineDiff(before, after)).toBe("  T\n- | where a == 1\n+ | where a != 1\n  | project a");
  });
  it("marks removed lines", () => {
    expect(lineDiff("A\nB\nC\nD\nE", "A\nB\nD\nE")).toBe("  B\n- C\n  D");
  });
});

describe("long lines in diffs", () => {
  it("clips a long changed line around the change", () => {
    const pad = "x".repeat(200);
    const out = lineDiff(`${pad} == 4104 ${pad}`, `${pad} != 4104 ${pad}`);
    const [minus, plus] = out.split("\n");
    expect(minus.length).toBeLessThan(120);
    expect(minus).toContain("== 4104");
    expect(plus).toContain("!= 4104");
    expect(plus.startsWith("+ …")).toBe(true);
  });
});

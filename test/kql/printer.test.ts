import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { astEquals, firstDifference, parse, parseExpression, print } from "../../src/kql/index.js";
import { arbExpr, arbScript } from "./arbitraries.js";

function fmt(text: string): string {
  const r = parse(text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return print(r.script);
}

describe("canonical printer", () => {
  it("puts one tabular operator per line and lets on their own lines", () => {
    expect(fmt("let  n=5 ;T|where a>n|summarize  count()  by  b")).toBe("let n = 5;\nT\n| where a > n\n| summarize count() by b");
  });

  it("indents nested subqueries by 4 spaces", () => {
    expect(fmt("T | join kind=inner (U | where x == 1 | project a) on a")).toBe(
      "T\n| join kind=inner (\n    U\n    | where x == 1\n    | project a\n) on a",
    );
    expect(fmt("T | mv-apply x on (top 1 by x)")).toBe("T\n| mv-apply x on (top 1 by x)");
  });

  it("prints parentheses only where precedence needs them", () => {
    expect(fmt("print ((a + b)) * c, a + (b * c), (a or b) and c, a - (b - c), -(a + b)")).toBe(
      "print (a + b) * c, a + b * c, (a or b) and c, a - (b - c), -(a + b)",
    );
  });

  it("keeps the parentheses Kusto's non-chaining comparisons need", () => {
    expect(fmt("print (a == b) == c, (x in (1)) == true, a + (b has 'x'), (a + b) has 'x'")).toBe(
      'print (a == b) == c, (x in (1)) == true, a + b has "x", (a + b) has "x"',
    );
  });

  it("canonicalises aliases and spacing", () => {
    expect(fmt("T | filter x | limit 5 | order by a asc | mvexpand d")).toBe("T\n| where x\n| take 5\n| sort by a asc\n| mv-expand d");
  });

  it("re-escapes literals safely and quotes odd names", () => {
    expect(fmt(`print ['my col'] = @'C:\\x', h'p"w', \`\`\`two\nlines\`\`\`, ['where']`)).toBe(
      `print ['my col'] = @"C:\\x", h"p\\"w", "two\\nlines", ['where']`,
    );
  });

  it("keeps regexes and paths verbatim instead of doubling backslashes", () => {
    expect(fmt(`T | where x matches regex @"^\\w+@contoso\\.com$"`)).toBe(`T\n| where x matches regex @"^\\w+@contoso\\.com$"`);
    // an escaped regex is printed verbatim too: same value, easier to read in Sentinel
    expect(fmt(`T | where x matches regex "^\\\\d+"`)).toBe(`T\n| where x matches regex @"^\\d+"`);
    // a backslash next to a quote or a line break keeps the escaped form
    expect(fmt(`print @"a\\""b", "a\\\\\\nb", h@"p\\w"`)).toBe(`print "a\\\\\\"b", "a\\\\\\nb", h@"p\\w"`);
  });

  it("is idempotent on the sample Sentinel queries", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("./fixtures/sentinel-queries.kql", import.meta.url), "utf8");
    for (const q of text.split(/^\/\/ ====.*$/m).slice(1)) {
      const once = fmt(q);
      expect(fmt(once)).toBe(once);
    }
  });
});

describe("round trip over generated ASTs", () => {
  it("parse(print(expr)) equals expr", () => {
    fc.assert(
      fc.property(arbExpr, (e) => {
        const text = print(e);
        const r = parseExpression(text);
        if (r.diagnostics.length) throw new Error(`${text}\n${r.diagnostics[0].message}`);
        const diff = firstDifference(e, r.expr);
        if (diff) throw new Error(`${text}\n${diff}`);
      }),
      { numRuns: 1500 },
    );
  });

  it("parse(print(script)) equals script", () => {
    fc.assert(
      fc.property(arbScript, (s) => {
        const text = print(s);
        const r = parse(text);
        if (r.diagnostics.length) throw new Error(`${text}\n${r.diagnostics[0].message}`);
        if (!astEquals(s, r.script)) throw new Error(`${text}\n${firstDifference(s, r.script)}`);
      }),
      { numRuns: 1500 },
    );
  });
});

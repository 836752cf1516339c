import { describe, expect, it } from "vitest";
import { formatKql } from "../../src/kql/format.js";
import { astEquals, parse } from "../../src/kql/index.js";
import { conformanceQueries, sentinelQueries } from "./corpus.js";

function fmt(text: string): string {
  const r = formatKql(text);
  expect(r.diagnostics).toEqual([]);
  return r.output!;
}

describe("formatKql", () => {
  it("keeps header, between-operator and end-of-line comments in place", () => {
    const text = "// Rule: rogue PTA agent\nlet n=5; // threshold\nAuditLogs\n// only successes\n| where Result=='success' // case matters\n| take n\n// end";
    expect(fmt(text)).toBe(
      "// Rule: rogue PTA agent\nlet n = 5; // threshold\nAuditLogs\n// only successes\n| where Result == \"success\" // case matters\n| take n\n// end\n",
    );
  });

  it("keeps comments inside subqueries, lambdas and let values at their place", () => {
    const text = [
      "let f = (x: long) {",
      "  // body comment",
      "  x + 1 // trailing in body",
      "};",
      "T",
      "| join kind=inner (",
      "    // the right side",
      "    U | where x // why x",
      "    // before take",
      "    | take 5",
      ") on a",
    ].join("\n");
    expect(fmt(text)).toBe(
      [
        "let f = (x: long) {",
        "    // body comment",
        "    x + 1 // trailing in body",
        "};",
        "T",
        "| join kind=inner (",
        "    // the right side",
        "    U",
        "    | where x // why x",
        "    // before take",
        "    | take 5",
        ") on a",
        "",
      ].join("\n"),
    );
  });

  it("moves a comment inside a multi-line expression to the end of its operator", () => {
    expect(fmt("T\n| where a // first\n    and b\n| take 1")).toBe("T\n| where a and b // first\n| take 1\n");
  });

  it("is idempotent and never changes the query, with comments sprinkled anywhere", () => {
    for (const q of sentinelQueries()) {
      const lines = q.query.split("\n");
      const commented = lines.map((l, i) => (i % 3 === 1 ? `${l} // note ${i}` : i % 4 === 2 ? `// above ${i}\n${l}` : l)).join("\n");
      const once = fmt(commented);
      expect(fmt(once), q.id).toBe(once);
      expect(astEquals(parse(once).script, parse(q.query).script), q.id).toBe(true);
      for (let i = 0; i < lines.length; i++) {
        if (i % 3 === 1) expect(once).toContain(`// note ${i}`);
        else if (i % 4 === 2) expect(once).toContain(`// above ${i}`);
      }
    }
  });

  it("formats every conformance query (many carry comments) idempotently", () => {
    let formatted = 0;
    for (const c of conformanceQueries()) {
      const r = formatKql(c.query);
      if (r.output === null) continue;
      expect(formatKql(r.output).output, c.id).toBe(r.output);
      const comments = c.query.match(/\/\/[^\n]*/g)?.length ?? 0;
      expect(r.output.match(/\/\/[^\n]*/g)?.length ?? 0, c.id).toBeGreaterThanOrEqual(comments);
      formatted++;
    }
    expect(formatted).toBeGreaterThan(400);
  });

  it("returns positioned diagnostics instead of output for invalid KQL", () => {
    const r = formatKql("T | where", "q.kql");
    expect(r.output).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ file: "q.kql", line: 1, column: 10 });
  });

  it("formats empty and comment-only text", () => {
    expect(fmt("")).toBe("");
    expect(fmt("// nothing yet\n")).toBe("// nothing yet\n");
  });
});

import { describe, expect, it } from "vitest";
import { formatKql } from "../../src/kql/format.js";
import { astEquals, parse } from "../../src/kql/index.js";
import { sentinelQueries } from "./corpus.js";

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

  it("moves a comment written inside an operator to the line before it, keeping its text", () => {
    const text = "T\n| join kind=inner (\n    // the right side\n    U | where x\n) on a";
    expect(fmt(text)).toBe("T\n// the right side\n| join kind=inner (\n    U\n    | where x\n) on a\n");
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
        if (i % 4 === 2) expect(once).toContain(`// above ${i}`);
      }
    }
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

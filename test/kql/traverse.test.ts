import { describe, expect, it } from "vitest";
import { type Node, astEquals, forEachChild, mapChildren, parse, print, stripSpans, walk } from "../../src/kql/index.js";
import { sentinelQueries } from "./corpus.js";

describe("child traversal", () => {
  it("visits direct children in source order", () => {
    const { script } = parse("T | where a > 1 and b | extend c = f(x, y)");
    const kinds: string[] = [];
    walk(script, (n) => kinds.push(n.kind));
    expect(kinds).toEqual([
      "Script", "QueryStatement", "Pipeline", "NameRef", "Where", "Binary", "Binary", "NameRef", "NumberLit", "NameRef",
      "Extend", "Assignment", "Call", "NameRef", "NameRef",
    ]);
  });

  it("reaches every node with a span (no field is forgotten in the table)", () => {
    for (const q of sentinelQueries()) {
      const { script } = parse(q.query);
      // every object with kind+span found by brute force must also be reached by walk
      const brute = new Set<unknown>();
      const scan = (v: unknown): void => {
        if (v === null || typeof v !== "object") return;
        if (Array.isArray(v)) {
          for (const x of v) scan(x);
          return;
        }
        const o = v as Record<string, unknown>;
        if (typeof o.kind === "string" && typeof o.span === "object") brute.add(o);
        for (const [k, x] of Object.entries(o)) if (k !== "span") scan(x);
      };
      scan(script);
      const walked = new Set<Node>();
      walk(script, (n) => walked.add(n));
      expect(walked.size, q.id).toBe(brute.size);
    }
  });

  it("mapChildren rebuilds only what changed and keeps identity otherwise", () => {
    const { script } = parse('T | where a == "x" | project b');
    expect(mapChildren(script, (c) => c)).toBe(script);
    const rename = (n: Node): Node => {
      const m = mapChildren(n, rename);
      return m.kind === "NameRef" && m.name === "a" ? { ...m, name: "renamed" } : m;
    };
    const out = rename(script);
    expect(print(out as typeof script)).toBe('T\n| where renamed == "x"\n| project b');
    expect(astEquals(script, parse('T | where a == "x" | project b').script)).toBe(true);
    expect(stripSpans(script)).toEqual(stripSpans(parse('T | where a == "x" | project b').script));
  });

  it("forEachChild sees wrapper fields (make-series aggregates, tabular params)", () => {
    const { script } = parse("let f = (T: (a: long)) { T }; T | make-series n = count() default = 0 on t step 1h");
    const lambdaParam = (script.statements[0] as { value: Node }).value;
    const seen: string[] = [];
    forEachChild(lambdaParam, (c) => seen.push(c.kind));
    expect(seen).toEqual(["Param", "NameRef"]);
    const param: string[] = [];
    forEachChild((lambdaParam as unknown as { params: Node[] }).params[0], (c) => param.push(c.kind));
    expect(param).toEqual(["ColumnDecl"]);
  });
});

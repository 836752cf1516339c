import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCases, runCase } from "../../src/engine/conformance/corpus.js";

// The documentation corpus (CC BY 4.0, see test/engine/conformance/README.md). Every case listed in
// passing.json passed when the list was written; a regression fails here.
const cases = loadCases(new URL("./conformance/cases.jsonl", import.meta.url).pathname);
const passing = new Set(JSON.parse(readFileSync(new URL("./conformance/passing.json", import.meta.url), "utf8")) as string[]);

describe("KQL conformance corpus", () => {
  it("lists only cases that exist", () => {
    const ids = new Set(cases.map((c) => c.id));
    expect([...passing].filter((id) => !ids.has(id))).toEqual([]);
  });
  for (const c of cases.filter((x) => passing.has(x.id))) {
    it(c.id, () => {
      const r = runCase(c);
      expect(r.reason ?? "pass").toBe("pass");
    });
  }
});

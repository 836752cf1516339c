import { describe, expect, it } from "vitest";
import { firstDifference, parse, print } from "../../src/kql/index.js";
import { UNSUPPORTED, conformanceQueries, sentinelQueries } from "./corpus.js";

describe("conformance corpus round trip", () => {
  const cases = conformanceQueries();

  it("parses every corpus query except the listed unsupported ones", () => {
    const failures: string[] = [];
    for (const c of cases) {
      const r = parse(c.query);
      const failed = r.diagnostics.length > 0;
      if (failed !== UNSUPPORTED.has(c.id)) failures.push(`${c.id}: ${failed ? r.diagnostics[0].message : "now parses: remove it from UNSUPPORTED"}`);
    }
    expect(failures).toEqual([]);
  });

  it("parse(print(ast)) equals ast for every corpus query that parses", () => {
    let checked = 0;
    for (const c of [...cases, ...sentinelQueries()]) {
      const r = parse(c.query);
      if (r.diagnostics.length) continue;
      const printed = print(r.script);
      const again = parse(printed);
      expect(again.diagnostics, `${c.id}\n${printed}`).toEqual([]);
      const diff = firstDifference(r.script, again.script);
      expect(diff, `${c.id}\n${printed}`).toBeNull();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(cases.length - UNSUPPORTED.size);
  });

  it("parses and round-trips every sample Sentinel query", () => {
    const qs = sentinelQueries();
    expect(qs.length).toBeGreaterThanOrEqual(30);
    for (const q of qs) {
      const r = parse(q.query);
      expect(r.diagnostics, q.id).toEqual([]);
      expect(firstDifference(r.script, parse(print(r.script)).script), q.id).toBeNull();
    }
  });
});

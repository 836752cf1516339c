import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareResultSets } from "../../src/testing/compare.js";
import { renderJson } from "../../src/testing/report/json.js";
import { renderJunit, xmlEscape } from "../../src/testing/report/junit.js";
import { escapeControl } from "../../src/testing/report/escape.js";
import { renderText } from "../../src/testing/report/text.js";
import { buildReport } from "../../src/testing/suite.js";
import { datetime, dyn, bag } from "../../src/engine/values.js";

function xmlUnescape(s: string): string {
  return s.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#") ? String.fromCharCode(Number(e.slice(1))) : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e],
  );
}

const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("terminal escaping", () => {
  const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  it("leaves no control character, and changes nothing else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = escapeControl(s);
        expect(CONTROL.test(out)).toBe(false);
        if (!CONTROL.test(s)) expect(out).toBe(s);
      }),
    );
  });
  it("shows ESC, DEL and C1 controls as \\x escapes and tabs and line breaks by name", () => {
    expect(escapeControl("a\u001b[2Jb\u007f\u009b\t\n\r")).toBe("a\\x1b[2Jb\\x7f\\x9b\\t\\n\\r");
  });
  it("XML carries DEL and C1 controls as character references, exactly", () => {
    expect(xmlEscape("a\u007fb\u009b")).toBe("a&#127;b&#155;");
    expect(xmlUnescape(xmlEscape("a\u007fb\u009b"))).toBe("a\u007fb\u009b");
  });
});

describe("XML escaping", () => {
  it("round-trips any string XML can carry", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        fc.pre(!XML_ILLEGAL.test(s));
        expect(xmlUnescape(xmlEscape(s))).toBe(s);
      }),
    );
  });
  it("never emits markup characters or characters XML 1.0 forbids", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = xmlEscape(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(/&(?!(#\d+|amp|lt|gt|quot|apos);)/);
        expect(XML_ILLEGAL.test(out)).toBe(false);
      }),
    );
  });
});

const report = buildReport(
  [
    {
      slug: "rogue-agent",
      id: "00000000-0000-0000-0000-000000000001",
      name: "Rogue <agent>",
      file: "detections/rogue-agent.ts",
      status: "failed",
      problems: [{ message: "needs at least 1 quiet case (alerts: 0), has 0", at: { file: "detections/rogue-agent.ts" } }],
      cases: [
        { name: "fires", origin: { file: "fixtures/rogue-agent/fires.test.yaml", line: 1, column: 1 }, form: "file", kind: "alerting", status: "passed", failures: [], alerts: [], runs: [] },
        {
          name: "wrong & bad",
          origin: { file: "fixtures/rogue-agent/bad.test.yaml", line: 1, column: 1 },
          form: "file",
          kind: "alerting",
          status: "failed",
          failures: [{ message: "expected 1 alert, got 0 (query returned 0 rows)", at: { file: "fixtures/rogue-agent/bad.test.yaml", line: 4, column: 9 } }],
          alerts: [],
          runs: [],
        },
      ],
    },
  ],
  { prepare: 1, evaluate: 2, mutate: 0 },
);

describe("reporters", () => {
  it("summarises in text, one line per detection with failures under it", () => {
    const text = renderText(report, { color: false });
    expect(text).toContain("FAIL  rogue-agent  1 of 2 cases failed");
    expect(text).toContain("detections/rogue-agent.ts: needs at least 1 quiet case (alerts: 0), has 0");
    expect(text).toContain("✗ wrong & bad  fixtures/rogue-agent/bad.test.yaml:1:1");
    expect(text).toContain("at fixtures/rogue-agent/bad.test.yaml:4:9");
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 detection (1 failed); cases: 1 passed, 1 failed");
  });

  it("writes JUnit XML with a test case per case and one for detection problems", () => {
    const xml = renderJunit(report);
    expect(xml).toContain('<testsuites name="kustodian test" tests="3" failures="2">');
    expect(xml).toContain('<testsuite name="rogue-agent" tests="3" failures="2" file="detections/rogue-agent.ts">');
    expect(xml).toContain('<property name="name" value="Rogue &lt;agent&gt;"/>');
    expect(xml).toContain('<testcase name="wrong &amp; bad" classname="rogue-agent" file="fixtures/rogue-agent/bad.test.yaml" line="1">');
    expect(xml).toContain('<testcase name="(detection)"');
    expect(xml).not.toMatch(/time=/);
  });

  it("writes deterministic JSON without timings", () => {
    const json = JSON.parse(renderJson(report));
    expect(json.ok).toBe(false);
    expect(json.totals).toEqual({ detections: 1, detectionsFailed: 1, cases: 2, passed: 1, failed: 1 });
    expect(json.detections[0].cases[1].failures[0].at.line).toBe(4);
    expect(renderJson(report)).not.toContain("phases");
  });
});

describe("result comparison", () => {
  const cols = [
    { name: "A", type: "string" },
    { name: "T", type: "datetime" },
    { name: "D", type: "dynamic" },
  ];
  it("treats rows as a multiset and values by meaning", () => {
    const left = { columns: cols, rows: [["x", datetime(5n), dyn(bag([["a", 1], ["b", 2]]))], ["y", null, null]] };
    const right = { columns: [...cols].reverse(), rows: [[null, null, "y"], [dyn(bag([["b", 2], ["a", 1]])), datetime(5n), "x"]] };
    expect(compareResultSets(left, right)).toEqual({ equal: true, differences: [] });
  });
  it("lists missing and unexpected rows and column differences", () => {
    const left = { columns: cols.slice(0, 1), rows: [["x"], ["x"]] };
    const right = { columns: [cols[0], { name: "B", type: "long" }], rows: [["x", 1], ["z", 2]] };
    const r = compareResultSets(left, right);
    expect(r.equal).toBe(false);
    expect(r.differences).toEqual(["columns not expected: B", "missing row: A=x", "unexpected row: A=z"]);
  });
  it("compares in order when asked", () => {
    const a = { columns: cols.slice(0, 1), rows: [["x"], ["y"]] };
    const b = { columns: cols.slice(0, 1), rows: [["y"], ["x"]] };
    expect(compareResultSets(a, b).equal).toBe(true);
    expect(compareResultSets(a, b, { ordered: true }).differences).toEqual(["row 1: expected A=x; got A=y", "row 2: expected A=y; got A=x"]);
  });
});

/** Waivers: a rule may waive a named check with a reason; bad waivers are errors; waivers are listed. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS_BY_ID } from "../../src/validate/index.js";
import { makeDetection, tempDir, validate, writeFile } from "./helpers.js";

const LONG_NAME = "A very long rule name that goes on and on beyond fifty characters";

describe("waivers", () => {
  it("hide the waived check's findings and list them with the reason", async () => {
    const d = makeDetection({
      spec: { name: LONG_NAME, waivers: [{ check: "name-style", reason: "Matches the Content Hub rule name." }] },
    });
    const result = await validate([d]);
    expect(result.diagnostics).toEqual([]);
    expect(result.waived).toHaveLength(1);
    expect(result.waived[0]).toMatchObject({ slug: "role-member-added", check: "name-style", reason: "Matches the Content Hub rule name." });
    expect(result.waived[0].suppressed.map((s) => s.code)).toEqual(["name-style"]);
  });

  it("waive only the named check", async () => {
    const d = makeDetection({
      spec: { name: LONG_NAME, version: "1.0", waivers: [{ check: "name-style", reason: "Historic name." }] },
    });
    const result = await validate([d]);
    expect(result.diagnostics.map((x) => x.code)).toEqual(["version-format"]);
  });

  it("report a waiver without a reason, for an unknown check, or for a check that cannot be waived", async () => {
    const d = makeDetection({
      spec: {
        name: LONG_NAME,
        waivers: [
          { check: "name-style", reason: "  " },
          { check: "name-styel", reason: "typo" },
          { check: "waiver-unused", reason: "no" },
        ],
      },
    });
    const result = await validate([d]);
    expect(result.diagnostics.map((x) => `${x.code}:${x.message}`)).toEqual(expect.arrayContaining([
      "waiver-invalid:waiver for name-style needs a reason",
      'waiver-invalid:waiver for unknown check "name-styel" (did you mean name-style?)',
      "waiver-invalid:check waiver-unused cannot be waived",
      `name-style:name is ${LONG_NAME.length} characters; the style guide asks for at most 50`,
    ]));
    expect(result.waived).toEqual([]);
    expect(CHECKS_BY_ID.get("waiver-invalid")?.waivable).toBe(false);
  });

  it("warn about a waiver that hides nothing (but not for a check that did not run)", async () => {
    const unused = makeDetection({ spec: { waivers: [{ check: "name-style", reason: "Just in case." }] } });
    const result = await validate([unused]);
    expect(result.diagnostics.map((x) => `${x.severity}:${x.code}`)).toEqual(["warning:waiver-unused"]);
    const semanticOff = makeDetection({ spec: { waivers: [{ check: "kql-semantic", reason: "Uses a cross-workspace query." }] } });
    expect((await validate([semanticOff], { semantic: false })).diagnostics).toEqual([]);
  });

  it("point at the waiver in the detection file", async () => {
    const dir = tempDir();
    const file = writeFile(
      dir,
      "rule.ts",
      'export default detection({\n  name: "x",\n  waivers: [\n    { check: "name-styel", reason: "typo" },\n  ],\n});\n',
    );
    const result = await validate([makeDetection({ file, spec: { waivers: [{ check: "name-styel", reason: "typo" }] } })]);
    const w = result.diagnostics.find((x) => x.code === "waiver-invalid");
    expect([w?.line, w?.column]).toEqual([4, 14]);
  });
});

describe("tests-required counts case files", () => {
  it("counts fixtures/<slug>/*.test.yaml by their alerts key", async () => {
    const fixtures = tempDir();
    const dir = join(fixtures, "role-member-added");
    mkdirSync(dir);
    writeFile(dir, "attack.test.yaml", "name: attack\nnow: 2024-05-01T12:00:00Z\ntables:\n  AuditLogs: attack.jsonl\nalerts: 2\n");
    writeFile(dir, "benign.test.yaml", "name: benign\nnow: 2024-05-01T12:00:00Z\ntables:\n  AuditLogs: benign.jsonl\nalerts: 0\n");
    writeFile(dir, "notes.yaml", "alerts: 0\n");
    const d = makeDetection({ spec: { tests: [] } });
    expect((await validate([d], { fixturesDir: fixtures })).diagnostics).toEqual([]);
    const strict = await validate([d], { fixturesDir: fixtures, tests: { minAlerting: 2, minQuiet: 1 } });
    expect(strict.diagnostics.map((x) => x.message)).toEqual([
      "needs at least 2 must-alert (has 1) test cases, in `tests` or fixtures/role-member-added/*.test.yaml",
    ]);
  });

  it("treats alert expectations meaning zero as quiet", async () => {
    const tests = ["==0", "<1", 0].map((alerts, i) => ({ name: `q${i}`, tables: { AuditLogs: "benign.jsonl" }, now: "2024-01-01T00:00:00Z", alerts }));
    const d = makeDetection({ spec: { tests: tests as never } });
    const result = await validate([d], { tests: { minAlerting: 0, minQuiet: 3 } });
    expect(result.diagnostics).toEqual([]);
  });
});

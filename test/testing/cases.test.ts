import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alertCountMatcher, caseKind, loadCaseFile, readCaseFile } from "../../src/testing/cases.js";
import { TestInputError } from "../../src/testing/source.js";

const dir = mkdtempSync(join(tmpdir(), "kustodian-cases-"));

function caseFile(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, text);
  return path;
}

function errorOf(path: string): TestInputError {
  try {
    loadCaseFile(path, dir, dir);
  } catch (e) {
    if (e instanceof TestInputError) return e;
    throw e;
  }
  throw new Error("expected a TestInputError");
}

describe("case files with problems", () => {
  it("report every problem of a case, in file order, with positions", () => {
    const { cases, problems } = readCaseFile(caseFile("many-errors.test.yaml", "now: yesterday\nalerts: lots\nbogus: 1\ntables: {A: []}\n"), dir, dir);
    expect(cases).toEqual([]);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message.slice(0, 20)}`)).toEqual([
      "1:6 'now' must be an ISO",
      "2:9 'alerts' must be a c",
      "3:1 unknown key 'bogus' ",
    ]);
  });

  it("keep the good cases of a list file", () => {
    const text = "- name: good\n  now: 2024-05-01T12:00:00Z\n  tables: {A: []}\n  alerts: 0\n- name: bad\n  alerts: 0\n";
    const { cases, problems } = readCaseFile(caseFile("mixed.test.yaml", text), dir, dir);
    expect(cases.map((c) => c.case.name)).toEqual(["good"]);
    expect(problems.map((p) => p.line)).toEqual([5, 5]);
  });

  it("throw all problems at once from loadCaseFile", () => {
    const e = errorOf(caseFile("two.test.yaml", "now: yesterday\nalerts: lots\ntables: {A: []}\n"));
    expect(e.diagnostics).toHaveLength(2);
  });
});

describe("case files", () => {
  it("reads one case per file, named after the file when unnamed", () => {
    const path = caseFile("attack.test.yaml", "now: 2024-05-01T12:00:00Z\ntables:\n  AuditLogs: audit.jsonl\nalerts: \">0\"\n");
    const [loaded] = loadCaseFile(path, dir, dir);
    expect(loaded.case.name).toBe("attack");
    expect(loaded.case.alerts).toBe(">0");
    expect(loaded.case.tables).toEqual({ AuditLogs: "audit.jsonl" });
    expect(loaded.origin).toEqual({ file: "attack.test.yaml", line: 1, column: 1 });
  });

  it("reads a list of cases from one file, each located on its own line", () => {
    const path = caseFile(
      "many.test.yaml",
      "- name: one\n  now: 2024-05-01T12:00:00Z\n  tables: {AuditLogs: a.json}\n  alerts: 1\n- name: two\n  now: 2024-05-01T12:00:00Z\n  tables: {AuditLogs: []}\n  alerts: 0\n",
    );
    const cases = loadCaseFile(path, dir, dir);
    expect(cases.map((c) => c.case.name)).toEqual(["one", "two"]);
    expect(cases[1].origin.line).toBe(5);
  });

  it("names file, line and column for an unknown key", () => {
    const e = errorOf(caseFile("typo.test.yaml", "now: 2024-05-01T12:00:00Z\ntables: {A: []}\nalert: 1\n"));
    expect(e.message).toBe("typo.test.yaml:3:1: unknown key 'alert' in test case (expected one of name, now, tables, watchlists, alerts, rows, entities, customDetails, title, description, replay)");
  });

  it("rejects a malformed alert count at its position", () => {
    const e = errorOf(caseFile("count.test.yaml", "now: 2024-05-01T12:00:00Z\ntables: {A: []}\nalerts: lots\n"));
    expect(e.message).toMatch(/^count\.test\.yaml:3:9: 'alerts' must be a count/);
  });

  it("rejects a bad instant", () => {
    const e = errorOf(caseFile("now.test.yaml", "now: tomorrow\ntables: {A: []}\nalerts: 0\n"));
    expect(e.message).toMatch(/^now\.test\.yaml:1:6: 'now' must be an ISO 8601 instant/);
  });

  it("reports YAML syntax errors with a position", () => {
    const e = errorOf(caseFile("syntax.test.yaml", "now: 2024-05-01T12:00:00Z\ntables: [a,\nalerts: 0\n"));
    expect(e.message).toMatch(/^syntax\.test\.yaml:\d+:\d+: invalid YAML/);
  });

  it("rejects rows that are not mappings", () => {
    const e = errorOf(caseFile("rows.test.yaml", "now: 2024-05-01T12:00:00Z\ntables:\n  A:\n    - just text\nalerts: 0\n"));
    expect(e.message).toBe("rows.test.yaml:4:7: tables.A[0]: a row must be a mapping of column: value");
  });

  it("checks replay ranges", () => {
    const e = errorOf(caseFile("replay.test.yaml", "tables: {A: []}\nalerts: 0\nreplay: {from: 2024-05-02T00:00:00Z, to: 2024-05-01T00:00:00Z}\n"));
    expect(e.message).toMatch(/replay\.from must not be after replay\.to/);
    const ok = loadCaseFile(caseFile("replay-ok.test.yaml", "tables: {A: []}\nalerts: 0\nreplay: {from: 2024-05-01T00:00:00Z, to: 2024-05-02T00:00:00Z}\n"), dir, dir);
    expect(ok[0].case.now).toBe("2024-05-02T00:00:00Z");
  });
});

describe("alert count expectations", () => {
  it("matches counts and comparisons", () => {
    expect(alertCountMatcher(2)(2)).toBe(true);
    expect(alertCountMatcher(2)(3)).toBe(false);
    expect(alertCountMatcher(">0")(1)).toBe(true);
    expect(alertCountMatcher(">0")(0)).toBe(false);
    expect(alertCountMatcher(">=2")(2)).toBe(true);
    expect(alertCountMatcher("<5")(5)).toBe(false);
    expect(alertCountMatcher("==1")(1)).toBe(true);
  });
  it("classifies cases as alerting, quiet or other", () => {
    expect(caseKind(0)).toBe("quiet");
    expect(caseKind("<1")).toBe("quiet");
    expect(caseKind(">0")).toBe("alerting");
    expect(caseKind(3)).toBe("alerting");
    expect(caseKind("<5")).toBe("other");
  });
});

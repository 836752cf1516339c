/**
 * `kustodian test` through the real bin, for defects QA found: query errors at the right line of
 * the detection file, a bad case file not dropping the other cases, window hints, terminal
 * escapes, and watchlists in test cases.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { lineColAt } from "../../src/diagnostics.js";
import { runCli } from "../helpers/run-cli.js";

/** A raw-KQL rule; `QUERY` is replaced by the query text (which starts on line 11 without `KIND`). */
const RULE = `import { detection, kql } from "kustodian";

export default detection({
  id: "4b0e2f57-9a51-4c1e-8d0a-3f6c2b9e7d10",
  name: "Role changed",
  description: "A directory role was changed.",
  severity: "Medium",
  tactics: ["Persistence"],
  techniques: ["T1098"],
  version: "1.0.0",
  KIND
  query: kql\`QUERY\`,
  tests: [
    { name: "nothing happened", now: "2026-01-15T12:00:00Z", tables: { AuditLogs: [] }, alerts: 0 },
  ],
});
`;

const QUERY = `AuditLogs
| where OperationName == "Add member to role"
| project TimeGenerated, Actor = tostring(InitiatedBy.user.userPrincipalName)`;

const ALERTING = `now: 2026-01-15T12:00:00Z
tables:
  AuditLogs:
    - {TimeGenerated: 2026-01-15T11:30:00Z, OperationName: Add member to role, InitiatedBy: {user: {userPrincipalName: adm@contoso.com}}}
alerts: 1
`;

const root = mkdtempSync(join(tmpdir(), "kustodian-test-regressions-"));
let project = "";
let counter = 0;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

function rule(query: string, kind = ""): string {
  return RULE.replace("QUERY", query).replace("  KIND\n", kind === "" ? "" : `  ${kind}\n`);
}

/** `file:line:col` of the first occurrence of `needle` in `text`. */
function positionOf(file: string, text: string, needle: string): string {
  const at = lineColAt(text, text.indexOf(needle));
  return `${file}:${at.line}:${at.column}`;
}

beforeEach(() => {
  project = join(root, `p${counter++}`);
  write("kustodian.config.json", "{}\n");
  write("detections/rt.ts", rule(QUERY));
  write("fixtures/rt/attack.test.yaml", ALERTING);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const test = (args: string[] = []) => runCli(["test", ...args], { cwd: project });

describe("query errors point into the detection file", () => {
  it("maps a runtime error in a raw kql query to its line and column in the file", async () => {
    // The unknown column on the query's third line: line 13 of the file.
    const source = rule(`AuditLogs
| where OperationName == "Add member to role"
| extend Who = tostring(NoCol)`);
    write("detections/rt.ts", source);
    const r = await test();
    expect(r.code).toBe(1);
    const at = positionOf("detections/rt.ts", source, "NoCol");
    expect(at).toBe("detections/rt.ts:13:25");
    expect(r.stdout).toContain(`${at}: error: unknown column or variable 'NoCol' [KQL2003]`);
    // The snippet is the file's line, with the caret under the column.
    expect(r.stdout).toContain("| extend Who = tostring(NoCol)`,");
    expect(r.stdout).toMatch(new RegExp(`\\n {${14 + 24}}\\^{5}\\n`));
  });

  it("maps an unknown watchlist to the alias in the file and points at the case", async () => {
    const source = rule(`let vips = _GetWatchlist('VIPs') | project SearchKey;
AuditLogs
| where tostring(InitiatedBy.user.userPrincipalName) in (vips)`);
    write("detections/rt.ts", source);
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${positionOf("detections/rt.ts", source, "'VIPs'")}: error: unknown watchlist 'VIPs' [KQL2009]`);
    expect(r.stdout).toContain("give its rows in the case, watchlists: {VIPs:");
  });
});

describe("a bad case file", () => {
  it("is reported while the other cases still run, without a spurious minimum-case error", async () => {
    write("fixtures/rt/a.test.yaml", "name: x\n alerts: 1\n");
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fixtures\/rt\/a\.test\.yaml:1:\d+: invalid YAML/);
    expect(r.stdout).toContain("FAIL  rt  2 cases");
    expect(r.stdout).toContain("cases: 2 passed, 0 failed");
    expect(r.stdout).not.toContain("needs at least");
  });

  it("reports every problem of a case with its position", async () => {
    write("fixtures/rt/b.test.yaml", "now: yesterday\nalerts: lots\nbogus: 1\ntables: {AuditLogs: []}\n");
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fixtures/rt/b.test.yaml:1:6: 'now' must be an ISO 8601 instant");
    expect(r.stdout).toContain("fixtures/rt/b.test.yaml:2:9: 'alerts' must be a count");
    expect(r.stdout).toContain("fixtures/rt/b.test.yaml:3:1: unknown key 'bogus'");
    expect(r.stdout).toContain("cases: 2 passed, 0 failed");
  });

  it("does not drop the good cases listed in the same file, nor the in-file cases", async () => {
    write("fixtures/rt/attack.test.yaml", `- name: good\n${ALERTING.replace(/^/gm, "  ").trimEnd()}\n- name: bad\n  now: 2026-01-15T12:00:00Z\n  alerts: 1\n`);
    const r = await test(["--verbose"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fixtures/rt/attack.test.yaml:7:3: case 'bad': 'tables' must map");
    expect(r.stdout).toMatch(/✓ good {2}fixtures\/rt\/attack\.test\.yaml:1:3/);
    expect(r.stdout).toContain("✓ nothing happened");
  });
});

describe("window hints", () => {
  it("counts the rows a scheduled run's lookback left out", async () => {
    write("fixtures/rt/attack.test.yaml", ALERTING.replace("2026-01-15T11:30:00Z", "2026-01-15T10:30:00Z"));
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expected 1 alert, got 0 (query returned 0 rows)");
    expect(r.stdout).toContain("hint: 1 row of AuditLogs outside the run window (2026-01-15T11:00:00Z, 2026-01-15T12:00:00Z] (lookback 1h)");
  });

  it("explains the one-minute window of an NRT rule", async () => {
    write("detections/rt.ts", rule(QUERY, 'kind: "NRT",'));
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("hint: 1 row of AuditLogs outside the run window (2026-01-15T11:59:00Z, 2026-01-15T12:00:00Z] (NRT rules read the last minute)");
  });

  it("gives no hint when every row is inside the window", async () => {
    write("fixtures/rt/attack.test.yaml", ALERTING.replace("alerts: 1", "alerts: 2"));
    const r = await test();
    expect(r.stdout).toContain("expected 2 alerts, got 1");
    expect(r.stdout).not.toContain("hint:");
  });
});

describe("terminal escapes", () => {
  const hostile = ALERTING.replace("adm@contoso.com", '"vip@contoso.com\\u001b[2J\\u009b31m\\u007f"') + 'rows:\n  - Actor: "someone else\\u001b]0;owned\\u0007"\n';

  it("shows control characters in fixture values escaped in the text report", async () => {
    write("fixtures/rt/attack.test.yaml", hostile);
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("+ vip@contoso.com\\x1b[2J\\x9b31m\\x7f");
    expect(r.stdout).toContain("- someone else\\x1b]0;owned\\x07");
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it("keeps the exact value in JSON and no raw control character in JUnit", async () => {
    write("fixtures/rt/attack.test.yaml", hostile);
    const json = JSON.parse((await test(["--json"])).stdout);
    const failure = json.detections[0].cases.find((c: { name: string }) => c.name === "attack").failures[0];
    expect(failure.detail).toContain("vip@contoso.com\u001b[2J\u009b31m\u007f");
    await test(["--reporter", "junit", "--output", "report.xml"]);
    const xml = readFileSync(join(project, "report.xml"), "utf8");
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    expect(xml).toContain("vip@contoso.com\ufffd[2J&#155;31m&#127;");
  });
});

describe("watchlists in test cases", () => {
  const WATCHLIST_RULE = `let vips = _GetWatchlist('VIPs') | where Tier <= 1 | project SearchKey;
AuditLogs
| where OperationName == "Add member to role"
| project TimeGenerated, Actor = tostring(InitiatedBy.user.userPrincipalName)
| where Actor in (vips)`;

  beforeEach(() => {
    write("detections/rt.ts", rule(WATCHLIST_RULE).replace("tables: { AuditLogs: [] }", 'tables: { AuditLogs: [] }, watchlists: { VIPs: [{ SearchKey: "x@contoso.com", Tier: 1 }] }'));
  });

  it("takes watchlist rows inline, types inferred, SearchKey a string", async () => {
    write("fixtures/rt/attack.test.yaml", `${ALERTING}watchlists:\n  VIPs:\n    - {SearchKey: adm@contoso.com, Tier: 1}\n    - {SearchKey: other@contoso.com, Tier: 2}\nrows:\n  - Actor: adm@contoso.com\n`);
    write("fixtures/rt/tier2.test.yaml", `${ALERTING.replace("alerts: 1", "alerts: 0")}watchlists:\n  VIPs:\n    - {SearchKey: adm@contoso.com, Tier: 2}\n`);
    const r = await test();
    expect(r.stdout).toContain("PASS  rt  3 cases");
    expect(r.code).toBe(0);
  });

  it("reads a watchlist from a CSV fixture file", async () => {
    write("fixtures/rt/vips.csv", "SearchKey,Tier\nadm@contoso.com,1\n");
    write("fixtures/rt/attack.test.yaml", `${ALERTING}watchlists:\n  VIPs: vips.csv\n`);
    const r = await test();
    expect(r.stdout).toContain("PASS  rt  2 cases");
  });

  it("names the case file and line of a missing watchlist file", async () => {
    write("fixtures/rt/attack.test.yaml", `${ALERTING}watchlists:\n  VIPs: nope.csv\n`);
    const r = await test();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fixture file not found: fixtures/rt/nope.csv");
    expect(r.stdout).toContain("at fixtures/rt/attack.test.yaml:7:9");
  });

  it("points at the case when the watchlist is missing, and redirects a watchlist given as a table", async () => {
    write("fixtures/rt/attack.test.yaml", ALERTING);
    const missing = await test();
    expect(missing.stdout).toContain("query failed: unknown watchlist 'VIPs': give its rows in the case");
    write("fixtures/rt/attack.test.yaml", ALERTING.replace("tables:\n", "tables:\n  VIPs: [{SearchKey: adm@contoso.com}]\n"));
    const asTable = await test();
    expect(asTable.stdout).toContain("no schema for table 'VIPs'");
    expect(asTable.stdout).toContain("give its rows under 'watchlists:' instead of 'tables:'");
    expect(asTable.stdout).toMatch(/at fixtures\/rt\/attack\.test\.yaml:\d+:\d+/);
  });

  it("rejects a watchlist that is neither rows nor a file, at its position", async () => {
    write("fixtures/rt/attack.test.yaml", `${ALERTING}watchlists:\n  VIPs: 3\n`);
    const r = await test();
    expect(r.stdout).toContain("fixtures/rt/attack.test.yaml:7:9: watchlists.VIPs: expected a fixture file path or a list of rows");
  });
});

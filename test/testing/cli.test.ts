/** `kustodian test` through the real bin, on a small project written to a temp folder. */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/run-cli.js";

const DETECTION = `import { detection, entity, kql } from "kustodian";

export default detection({
  id: "6f1d2a9e-0c51-4b7e-9a53-0d6f3c1e2b40",
  name: "Connector registered",
  description: "An Application Proxy or PTA connector was registered.",
  severity: "High",
  tactics: ["Persistence"],
  techniques: ["T1556"],
  version: "1.0.0",
  schedule: { frequency: "1h", lookback: "1h" },
  eventGrouping: "AlertPerResult",
  query: kql\`AuditLogs
| where OperationName == "Register connector" and Result == "success"
| project TimeGenerated, Actor = tostring(InitiatedBy.user.userPrincipalName), Agent = tostring(TargetResources[0].displayName)\`,
  entities: [entity("Account", { FullName: "Actor" })],
  customDetails: { Agent: "Agent" },
  alertDetailsOverride: { alertDisplayNameFormat: "Connector {{Agent}} registered by {{Actor}}" },
  tests: [
    {
      name: "a failed registration stays quiet",
      now: "2024-05-01T12:00:00Z",
      tables: {
        AuditLogs: [
          { TimeGenerated: "2024-05-01T11:30:00Z", OperationName: "Register connector", Result: "failure" },
        ],
      },
      alerts: 0,
    },
  ],
});
`;

const AUDIT = [
  { TimeGenerated: "2024-05-01T10:30:00Z", OperationName: "Register connector", Result: "success", InitiatedBy: { user: { userPrincipalName: "early@contoso.com" } }, TargetResources: [{ displayName: "PTA01" }] },
  { TimeGenerated: "2024-05-01T11:30:00Z", OperationName: "Register connector", Result: "success", InitiatedBy: { user: { userPrincipalName: "adm@contoso.com" } }, TargetResources: [{ displayName: "PTA03" }] },
  { TimeGenerated: "2024-05-01T11:40:00Z", OperationName: "Update user", Result: "success" },
]
  .map((r) => JSON.stringify(r))
  .join("\n");

const ATTACK = `name: rogue agent registered
now: 2024-05-01T12:00:00Z
tables:
  AuditLogs: audit.jsonl
alerts: 1
rows:
  - Actor: adm@contoso.com
    Agent: PTA03
entities:
  - type: Account
    FullName: adm@contoso.com
customDetails:
  Agent: PTA03
title: Connector PTA03 registered by adm@contoso.com
`;

const root = mkdtempSync(join(tmpdir(), "kustodian-test-cli-"));
let project = "";
let counter = 0;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

beforeEach(() => {
  project = join(root, `p${counter++}`);
  write("kustodian.config.json", "{}\n");
  write("detections/connector-registered.ts", DETECTION);
  write("fixtures/connector-registered/audit.jsonl", AUDIT);
  write("fixtures/connector-registered/attack.test.yaml", ATTACK);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const test = (args: string[]) => runCli(["test", ...args], { cwd: project });

describe("kustodian test", () => {
  it("passes a detection whose cases hold, one line per detection", async () => {
    const r = await test([]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}connector-registered {2}2 cases$/m);
    expect(r.stdout).toMatch(/1 detection \(0 failed\); cases: 2 passed, 0 failed/);
  });

  it("fails with the case's file and line and a table diff", async () => {
    write("fixtures/connector-registered/attack.test.yaml", ATTACK.replace("Agent: PTA03\nentities", "Agent: PTA09\nentities"));
    const r = await test([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL  connector-registered  1 of 2 cases failed");
    expect(r.stdout).toContain("rows: 1 of 1 expected row not found in 1 result row");
    expect(r.stdout).toContain("at fixtures/connector-registered/attack.test.yaml:7:5");
    expect(r.stdout).toMatch(/- adm@contoso\.com \| PTA09/);
    expect(r.stdout).toMatch(/\+ adm@contoso\.com \| PTA03/);
  });

  it("applies the lookback: an event older than queryPeriod does not alert", async () => {
    write("fixtures/connector-registered/attack.test.yaml", ATTACK.replace("now: 2024-05-01T12:00:00Z", "now: 2024-05-01T12:35:00Z"));
    const r = await test([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expected 1 alert, got 0 (query returned 0 rows)");
  });

  it("names file and line of a fixture column the schema lacks", async () => {
    write("fixtures/connector-registered/audit.jsonl", `${AUDIT}\n{"TimeGenerated":"2024-05-01T11:50:00Z","Operation":"x"}`);
    const r = await test([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("column 'Operation' is not in the AuditLogs schema");
    expect(r.stdout).toContain("at fixtures/connector-registered/audit.jsonl:4:41");
  });

  it("names file, line and column of a bad case file", async () => {
    write("fixtures/connector-registered/typo.test.yaml", "now: 2024-05-01T12:00:00Z\ntables: {AuditLogs: []}\nalert: 0\n");
    const r = await test([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fixtures/connector-registered/typo.test.yaml:3:1: unknown key 'alert' in test case");
  });

  it("enforces the minimum of alerting and quiet cases, naming the detection file", async () => {
    write("detections/connector-registered.ts", DETECTION.replace(/ {2}tests: \[[\s\S]*\n {2}\],\n/, ""));
    const r = await test([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("detections/connector-registered.ts: needs at least 1 quiet case (alerts: 0), has 0");
    write("kustodian.config.json", '{"tests": {"minQuiet": 0}}\n');
    expect((await test([])).code).toBe(0);
  });

  it("writes JUnit and JSON reports", async () => {
    const junit = await test(["--reporter", "junit", "--output", "out/report.xml"]);
    expect(junit.code).toBe(0);
    const xml = readFileSync(join(project, "out/report.xml"), "utf8");
    expect(xml).toContain('<testsuite name="connector-registered" tests="2" failures="0"');
    expect(xml).toContain('<testcase name="rogue agent registered" classname="connector-registered"');
    const json = await test(["--reporter", "json"]);
    const report = JSON.parse(json.stdout);
    expect(report.totals).toEqual({ detections: 1, detectionsFailed: 0, cases: 2, passed: 2, failed: 0 });
    const alert = report.detections[0].cases.find((c: { name: string }) => c.name === "rogue agent registered").alerts[0];
    expect(alert).toMatchObject({ title: "Connector PTA03 registered by adm@contoso.com", customDetails: { Agent: ["PTA03"] } });
    expect(alert.entities).toEqual([{ type: "Account", identifiers: { FullName: "adm@contoso.com" } }]);
    expect((await test(["--reporter", "json"])).stdout).toBe(json.stdout);
    expect((await test(["--json"])).stdout).toBe(json.stdout);
  });

  it("filters by slug, id or glob, and refuses a filter that matches nothing", async () => {
    expect((await test(["connector-*"])).stdout).toContain("PASS  connector-registered");
    expect((await test(["--filter", "6F1D2A9E-0C51-4B7E-9A53-0D6F3C1E2B40"])).code).toBe(0);
    const none = await test(["--filter", "nothing-here"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no detection matches 'nothing-here'");
  });

  it("rejects an unknown reporter as a usage error", async () => {
    const r = await test(["--reporter", "tap"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--reporter must be one of text, json, junit");
  });

  it("backtests with --replay: one run per queryFrequency across the fixtures", async () => {
    const r = await test(["--replay"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("connector-registered / rogue agent registered");
    expect(r.stdout).toMatch(/2024-05-01T10:30:00Z {2}rows 1 {2}alerts 1/);
    expect(r.stdout).toMatch(/2024-05-01T11:30:00Z {2}rows 1 {2}alerts 1/);
    expect(r.stdout).toMatch(/2024-05-01T12:30:00Z {2}rows 0 {2}alerts 0/);
    expect(r.stdout).toContain("3 runs, 2 alerts");
  });

  it("honours suppression in replay cases", async () => {
    const detection = DETECTION.replace('eventGrouping: "AlertPerResult",', 'eventGrouping: "AlertPerResult",\n  suppression: { enabled: true, duration: "2h" },');
    write("detections/connector-registered.ts", detection);
    write(
      "fixtures/connector-registered/replay.test.yaml",
      "name: replay\ntables:\n  AuditLogs: audit.jsonl\nreplay: {from: 2024-05-01T10:30:00Z, to: 2024-05-01T12:30:00Z}\nalerts: 1\n",
    );
    const r = await test([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("connector-registered / replay");
    expect(r.stdout).toMatch(/2024-05-01T10:30:00Z {2}rows 1 {2}alerts 1/);
    expect(r.stdout).toMatch(/2024-05-01T11:30:00Z {2}suppressed/);
    expect(r.stdout).toMatch(/2024-05-01T12:30:00Z {2}rows 0 {2}alerts 0/);
  });

  it("kills mutants that strict cases notice", async () => {
    const r = await test(["--mutations", "--min-score", "100"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mutation (\d+)\/\1 \(100%\)/);
  });

  it("reports surviving mutants with their KQL diff and enforces --min-score", async () => {
    // A loose case (any alert, no rows checked) cannot tell "Register connector" from any operation.
    write("fixtures/connector-registered/attack.test.yaml", "now: 2024-05-01T12:00:00Z\ntables:\n  AuditLogs: audit.jsonl\nalerts: \">0\"\n");
    const r = await test(["--mutations"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}connector-registered {2}2 cases {2}mutation \d+\/\d+ \(\d+(\.\d)?%\)/);
    expect(r.stdout).toContain("Surviving mutants");
    expect(r.stdout).toMatch(/^ {8}- \| where OperationName == "Register connector" and Result == "success"$/m);
    const strict = await test(["--mutations", "--min-score", "100"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/mutation score [\d.]+% is below --min-score 100%/);
  });
});

describe("kustodian test --watch", () => {
  it("reruns the affected detection when a fixture changes", async () => {
    const child = spawn(process.execPath, [BIN, "test", "--watch"], { cwd: project, env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const waitFor = (pattern: RegExp, count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)), 40_000);
        const check = () => {
          if ((out.match(pattern) ?? []).length >= count) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 50);
        };
        check();
      });
    try {
      await waitFor(/watching for changes/g, 1);
      expect(out).toContain("PASS  connector-registered");
      write("fixtures/connector-registered/attack.test.yaml", ATTACK.replace("alerts: 1", "alerts: 3"));
      await waitFor(/watching for changes/g, 2);
      expect(out).toContain("changed: fixtures/connector-registered/attack.test.yaml");
      expect(out).toContain("expected 3 alerts, got 1");
    } finally {
      child.kill("SIGINT");
    }
  });
});

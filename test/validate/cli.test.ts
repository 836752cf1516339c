/** `kustodian validate` and `kustodian lock` through the real bin on a temporary project. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "./helpers.js";

const RULE = (opts: { version?: string; column?: string; where?: string; extra?: string } = {}) => `import { detection, kql } from "kustodian";

export default detection({
  id: "5d3c2b1a-0f9e-4d8c-b7a6-112233445566",
  name: "Federation settings changed",
  description: "A domain's federation settings were changed: a backdoor IdP can then sign tokens for every user.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["DefenseEvasion", "PrivilegeEscalation"],
  techniques: ["T1484.002"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  query: kql\`AuditLogs
| where ${opts.column ?? "OperationName"} == "Set federation settings on domain"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName)${opts.where ?? ""}
| project TimeGenerated, Actor, OperationName\`,
  entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] }],
  customDetails: { Operation: "OperationName" },
  version: "${opts.version ?? "1.0.0"}",${opts.extra ?? ""}
  tests: [
    {
      name: "federation change alerts",
      now: "2024-05-01T12:00:00Z",
      tables: { AuditLogs: [{ TimeGenerated: "2024-05-01T11:30:00Z", OperationName: "Set federation settings on domain", InitiatedBy: { user: { userPrincipalName: "a@contoso.com" } } }] },
      alerts: 1,
    },
    {
      name: "other operations stay quiet",
      now: "2024-05-01T12:00:00Z",
      tables: { AuditLogs: [{ TimeGenerated: "2024-05-01T11:30:00Z", OperationName: "Add user", InitiatedBy: { user: { userPrincipalName: "a@contoso.com" } } }] },
      alerts: 0,
    },
  ],
});
`;

function project(rule = RULE()): string {
  const root = tempDir("kustodian-validate-cli-");
  mkdirSync(join(root, "detections"));
  writeFileSync(join(root, "kustodian.config.json"), `${JSON.stringify({ detections: "detections", fixtures: "fixtures" }, null, 2)}\n`);
  writeFileSync(join(root, "detections", "federation-changed.ts"), rule);
  return root;
}

describe("kustodian validate (CLI)", () => {
  it("passes a clean, locked project and exits 0", async () => {
    const root = project();
    const lock = await runCli(["lock"], { cwd: root });
    expect(lock.stderr).toBe("");
    expect(lock.code).toBe(0);
    expect(lock.stdout).toBe("detections.lock.json: 1 rule locked, 1 added\n");
    const r = await runCli(["validate"], { cwd: root });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("1 detection checked: 0 errors, 0 warnings, 0 waived\n");
    expect(r.code).toBe(0);
    const again = await runCli(["lock"], { cwd: root });
    expect(again.stdout).toBe("detections.lock.json: 1 rule locked (unchanged)\n");
  });

  it("reports an unknown column from Kusto's analyzer at its line in the raw KQL, and exits 1", async () => {
    const root = project(RULE({ column: "OperationNam" }));
    const r = await runCli(["validate"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "detections/federation-changed.ts:14:9: error: The name 'OperationNam' does not refer to any known column, table, variable or function. [KS142] [kql-semantic]",
    );
    const quick = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(quick.stdout).not.toContain("kql-semantic");
  });

  it("reports a type error, and writes SARIF with file locations to --output", async () => {
    const root = project(RULE({ where: '\n| where strlen(Actor) > "x"' }));
    const out = join(root, "reports", "validate.sarif");
    const r = await runCli(["validate", "--format", "sarif", "--output", out], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const log = JSON.parse(readFileSync(out, "utf8")) as Log;
    const semantic = log.runs[0].results?.find((x) => x.ruleId === "kql-semantic");
    expect(semantic?.message.text).toContain("The operator '>' is not defined for the operand types long and string");
    expect(semantic?.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: "detections/federation-changed.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 16, startColumn: 23 },
    });
  });

  it("prints JSON and JUnit reports", async () => {
    const root = project();
    const json = await runCli(["validate", "--format", "json"], { cwd: root });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toEqual({ errors: 0, warnings: 1, infos: 0, waived: 0 });
    expect(report.diagnostics[0]).toMatchObject({ code: "lock-missing", severity: "warning" });
    const junit = await runCli(["validate", "--format", "junit"], { cwd: root });
    expect(junit.stdout).toContain('<testcase classname="detections/federation-changed.ts" name="federation-changed"/>');
  });

  it("warns about ago() beyond the lookback at its line, and lists waivers with their reasons", async () => {
    const root = project(
      RULE({
        where: "\n| where TimeGenerated > ago(14d)",
        extra: '\n  waivers: [{ check: "name-style", reason: "Name kept from the Content Hub template." }],',
      }),
    );
    const r = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "detections/federation-changed.ts:16:25: warning: ago(14d) looks back further than the rule's lookback (1h); Sentinel only queries the last 1h [query-lookback]",
    );
    expect(r.stdout).toContain("detections/federation-changed.ts:21:22: warning: waiver for name-style is unused: the check reports nothing for this rule [waiver-unused]");
    expect(r.stdout).toContain("Waived checks:\n  detections/federation-changed.ts:21:22: federation-changed: name-style (nothing to waive): Name kept from the Content Hub template.");
  });

  it("fails on warnings with --strict", async () => {
    const root = project();
    expect((await runCli(["validate", "--no-semantic"], { cwd: root })).code).toBe(0);
    const strict = await runCli(["validate", "--no-semantic", "--strict"], { cwd: root });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^warning: no detections.lock.json: run `kustodian lock` to record rule versions \[lock-missing\]$/m);
  });

  it("rejects an unknown format with exit 2", async () => {
    const r = await runCli(["validate", "--format", "xml"], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown --format 'xml' (expected text, json, sarif, junit, github)");
  });

  it("exits 2 naming the missing detections folder", async () => {
    const root = tempDir("kustodian-validate-cli-");
    for (const command of ["validate", "lock"]) {
      const r = await runCli([command], { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kustodian: detections: detections folder not found (set "detections" in kustodian.config.json)\n');
    }
  });

  it("reports every problem of a rule the loader rejects, in one run", async () => {
    const rule = RULE()
      .replace(
        'entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] }],',
        'entities: [\n    { entityType: "Account", fieldMappings: [{ identifier: "UPNSuffix", columnName: "Actor" }] },\n    { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "ActorIp" }] },\n  ],',
      )
      .replace('customDetails: { Operation: "OperationName" },', 'customDetails: { "1stOperation": "OperationName" },\n  alertDetailsOverride: { alertDisplayNameFormat: "{{Actor}} {{OperationName}} {{TimeGenerated}} {{Actor}}", alertSeverityColumnName: "Sev" },\n  tactics2: 1,');
    const root = project(rule);
    const r = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n").filter((l) => l.includes("error:"));
    expect(lines.map((l) => l.replace(/^detections\/federation-changed\.ts:(\d+:\d+): error: .* \[([\w-]+)\]$/, "$1 $2"))).toEqual([
      "18:19 entity-required-identifier",
      "19:78 output-column",
      "21:20 custom-details-key",
      "22:27 alert-override-format",
      "22:110 output-column",
      "23:3 detection-key",
    ]);
    expect(r.stdout).toContain("1 detection checked");
  });

  it("reports an NRT rule the configured arm.apiVersion cannot express, at kind, and bad case files", async () => {
    const root = project(RULE().replace('kind: "Scheduled",', 'kind: "NRT",').replace(/\n {2}schedule: .*\n {2}trigger: .*/, ""));
    writeFileSync(join(root, "kustodian.config.json"), JSON.stringify({ detections: "detections", fixtures: "fixtures", arm: { apiVersion: "2025-09-01" } }));
    mkdirSync(join(root, "fixtures", "federation-changed"), { recursive: true });
    writeFileSync(join(root, "fixtures", "federation-changed", "broken.test.yaml"), "name: x\nalerts: [1\n");
    const r = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("detections/federation-changed.ts:8:3: error: NRT rule, but arm.apiVersion 2025-09-01 has no NRT kind");
    expect(r.stdout).toMatch(/^fixtures\/federation-changed\/broken\.test\.yaml:3:1: error: invalid YAML: .* \[test-case-invalid\]$/m);
  });

  it("reports a comparison Kusto rejects at run time (string != long) at its place in the raw KQL", async () => {
    const root = project(RULE({ where: "\n| where OperationName != 0" }));
    const r = await runCli(["validate"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "detections/federation-changed.ts:16:9: error: cannot compare values of types string and long (add an explicit conversion such as tostring() or toint()) [KQL2004] [kql-evaluator]",
    );
  });

  it("lists the checks", async () => {
    const r = await runCli(["validate", "--list-checks"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^attack-tactic-coverage\s+error\s+Every tactic of each technique is among the rule's tactics$/m);
    expect(r.stdout).toMatch(/^kql-semantic\s+error\s+/m);
  });
});

describe("kustodian lock (CLI)", () => {
  it("makes validate fail on a change without a version bump; lock refuses; lock --bump fixes the source", async () => {
    const root = project();
    expect((await runCli(["lock"], { cwd: root })).code).toBe(0);
    const file = join(root, "detections", "federation-changed.ts");
    const changed = RULE({ where: '\n| where Actor != ""' });
    writeFileSync(file, changed);

    const v = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(
      "detections/federation-changed.ts:20:3: error: the rule changed since detections.lock.json recorded version 1.0.0, but its version was not raised (run `kustodian lock --bump`) [lock-unbumped]",
    );

    const refused = await runCli(["lock"], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("federation-changed: changed since version 1.0.0 was recorded");
    expect(refused.stderr).toContain("detections.lock.json not written");

    const bumped = await runCli(["lock", "--bump"], { cwd: root });
    expect(bumped.stderr).toBe("");
    expect(bumped.code).toBe(0);
    expect(bumped.stdout).toBe(
      "bumped federation-changed: 1.0.0 -> 1.0.1 (detections/federation-changed.ts)\ndetections.lock.json: 1 rule locked, 1 updated\n",
    );
    expect(readFileSync(file, "utf8")).toBe(changed.replace('version: "1.0.0"', 'version: "1.0.1"'));
    const lock = JSON.parse(readFileSync(join(root, "detections.lock.json"), "utf8"));
    expect(lock.detections["5d3c2b1a-0f9e-4d8c-b7a6-112233445566"]).toMatchObject({ slug: "federation-changed", version: "1.0.1" });
    expect((await runCli(["validate", "--no-semantic"], { cwd: root })).code).toBe(0);
  });

  it("tracks a renamed rule by id: a rename is recorded, a renamed and changed rule still needs a bump", async () => {
    const root = project();
    expect((await runCli(["lock"], { cwd: root })).code).toBe(0);
    const { renameSync } = await import("node:fs");
    renameSync(join(root, "detections", "federation-changed.ts"), join(root, "detections", "renamed-rule.ts"));
    expect((await runCli(["validate", "--no-semantic"], { cwd: root })).code).toBe(0);
    const renamed = await runCli(["lock"], { cwd: root });
    expect([renamed.code, renamed.stdout]).toEqual([0, "detections.lock.json: 1 rule locked, 1 renamed (federation-changed -> renamed-rule)\n"]);

    renameSync(join(root, "detections", "renamed-rule.ts"), join(root, "detections", "renamed-again.ts"));
    writeFileSync(join(root, "detections", "renamed-again.ts"), RULE({ where: '\n| where Actor != ""' }));
    const v = await runCli(["validate", "--no-semantic"], { cwd: root });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("detections/renamed-again.ts:20:3: error: the rule changed since detections.lock.json recorded version 1.0.0");
    const refused = await runCli(["lock"], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("renamed-again: changed since version 1.0.0 was recorded");
  });
});

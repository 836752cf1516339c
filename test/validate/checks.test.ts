/** Every rule check: the clean rule passes, and a rule that breaks it is reported under the check's id. */
import { describe, expect, it } from "vitest";
import type { DetectionSpec } from "../../src/dsl/model.js";
import type { Script } from "../../src/kql/ast.js";
import { loadSchemas } from "../../src/schema/registry.js";
import { CHECKS, type ValidationContext } from "../../src/validate/index.js";
import { CLEAN_SPEC, codes, type DetectionOverrides, makeDetection, validate } from "./helpers.js";

const S = { start: -1, end: -1 };

/** `let lookback = 14d; AuditLogs | where TimeGenerated > ago(lookback) | where TimeGenerated > ago(2h)` */
const AGO_SCRIPT: Script = {
  kind: "Script",
  span: S,
  statements: [
    { kind: "Let", span: S, name: "lookback", view: false, value: { kind: "TimespanLit", span: S, text: "14d" } },
    {
      kind: "QueryStatement",
      span: S,
      expr: {
        kind: "Pipeline",
        span: S,
        source: { kind: "NameRef", span: S, name: "AuditLogs" },
        operators: [
          {
            kind: "Where",
            span: S,
            predicate: {
              kind: "Binary", span: S, op: ">",
              left: { kind: "NameRef", span: S, name: "TimeGenerated" },
              right: { kind: "Call", span: S, name: "ago", args: [{ kind: "NameRef", span: S, name: "lookback" }] },
            },
          },
          {
            kind: "Where",
            span: S,
            predicate: {
              kind: "Binary", span: S, op: ">",
              left: { kind: "NameRef", span: S, name: "TimeGenerated" },
              right: { kind: "Call", span: S, name: "ago", args: [{ kind: "TimespanLit", span: S, text: "2h" }] },
            },
          },
        ],
      },
    },
  ],
};

const spec = (s: Partial<DetectionSpec> | Record<string, unknown>): DetectionOverrides => ({ spec: s as Partial<DetectionSpec> });

/** One or more rules that break the check, and a fragment of the expected message. */
const BROKEN: Record<
  string,
  { readonly rules: readonly DetectionOverrides[]; readonly message: string; readonly severity?: string; readonly context?: Partial<ValidationContext> }[]
> = {
  "id-format": [{ rules: [spec({ id: "not-a-guid" })], message: "is not a GUID" }],
  "id-unique": [{ rules: [{}, { slug: "copy", spec: { name: "Another name" } }], message: "is already used by copy" }],
  "name-length": [
    { rules: [spec({ name: "" })], message: "1 to 256 characters" },
    { rules: [spec({ name: "x".repeat(257) })], message: "it has 257" },
  ],
  "name-unique": [{ rules: [{ slug: "zz-copy" }, { spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } }], message: "is already used by role-member-added" }],
  "name-style": [
    { rules: [spec({ name: "A very long rule name that goes on and on beyond fifty characters" })], message: "at most 50", severity: "warning" },
    { rules: [spec({ name: "Role member added." })], message: "ends with a period", severity: "warning" },
  ],
  "description-length": [{ rules: [spec({ description: "d".repeat(5001) })], message: "1 to 5000" }],
  "version-format": [
    { rules: [spec({ version: "1.0" })], message: "must be X.Y.Z" },
    { rules: [spec({ version: "v1.0.0" })], message: "must be X.Y.Z" },
  ],
  severity: [{ rules: [spec({ severity: "Critical" })], message: "Informational, Low, Medium, High" }],
  kind: [{ rules: [spec({ kind: "Fusion" })], message: "must be Scheduled or NRT" }],
  "nrt-api-version": [
    {
      rules: [spec({ kind: "NRT", schedule: undefined, trigger: undefined })],
      context: { armApiVersion: "2025-09-01" },
      message: "NRT rule, but arm.apiVersion 2025-09-01 has no NRT kind",
    },
  ],
  "tactic-valid": [
    { rules: [spec({ tactics: ["Persistence", "PrivilegeEscalation", "Stealth"] })], message: 'unknown tactic "Stealth"' },
    { rules: [spec({ tactics: ["Persistence", "PrivilegeEscalation", "PreAttack"] })], message: "PreAttack is legacy", severity: "warning" },
  ],
  "schedule-bounds": [
    { rules: [spec({ schedule: { frequency: "1m", lookback: "1h" } })], message: "frequency 1m is outside 5m..14d" },
    { rules: [spec({ schedule: { frequency: "1d", lookback: "15d" } })], message: "lookback 15d is outside 5m..14d" },
    { rules: [spec({ schedule: { frequency: "PT1H", lookback: "1h" } })], message: "not a duration like 5m" },
  ],
  "schedule-period-frequency": [{ rules: [spec({ schedule: { frequency: "2h", lookback: "1h" } })], message: "shorter than the frequency" }],
  "schedule-long-period-frequency": [{ rules: [spec({ schedule: { frequency: "30m", lookback: "2d" } })], message: "below 1h while the lookback is 2d" }],
  "nrt-no-schedule": [
    { rules: [spec({ kind: "NRT", trigger: undefined })], message: "NRT rules take no schedule" },
    { rules: [spec({ kind: "NRT", schedule: undefined })], message: "NRT rules take no trigger" },
  ],
  "trigger-operator": [{ rules: [spec({ trigger: { operator: "GreaterThanOrEqual", threshold: 0 } })], message: "must be one of gt, lt, eq, ne" }],
  "trigger-threshold": [
    { rules: [spec({ trigger: { operator: "gt", threshold: 10001 } })], message: "0 to 10000" },
    { rules: [spec({ trigger: { operator: "gt", threshold: -1 } })], message: "0 to 10000" },
    { rules: [spec({ trigger: { operator: "gt", threshold: 1.5 } })], message: "whole number" },
  ],
  "query-length": [
    { rules: [{ kql: "" }], message: "Sentinel accepts 1 to 10000" },
    { rules: [{ kql: `AuditLogs | where OperationName has "${"x".repeat(10_000)}"` }], message: "1 to 10000" },
  ],
  "entity-mapping-count": [
    {
      rules: [spec({ entities: Array.from({ length: 11 }, () => ({ entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }] })) })],
      message: "at most 10",
    },
    { rules: [spec({ entities: [{ entityType: "IP", fieldMappings: [] }] })], message: "has 0 identifiers" },
    {
      rules: [spec({ entities: [{ entityType: "Account", fieldMappings: ["FullName", "Name", "UPNSuffix", "AadUserId"].map((identifier) => ({ identifier, columnName: "UPN" })) }] })],
      message: "has 4 identifiers",
    },
  ],
  "entity-type": [{ rules: [spec({ entities: [{ entityType: "IoTDevice", fieldMappings: [{ identifier: "DeviceId", columnName: "UPN" }] }] })], message: 'unknown entity type "IoTDevice"' }],
  "entity-identifier": [
    { rules: [spec({ entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "UPN" }, { identifier: "Address", columnName: "IPAddress" }] }] })], message: "Address is not an identifier of Account" },
    { rules: [spec({ entities: [{ entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }, { identifier: "Address", columnName: "UPN" }] }] })], message: "maps Address twice" },
    { rules: [spec({ entities: [{ entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IP Address" }] }] })], message: "not a plain column name" },
  ],
  "entity-required-identifier": [
    { rules: [spec({ entities: [{ entityType: "Account", fieldMappings: [{ identifier: "UPNSuffix", columnName: "UPN" }] }] })], message: "Account mapping needs FullName or Sid or Name" },
    { rules: [spec({ entities: [{ entityType: "FileHash", fieldMappings: [{ identifier: "Value", columnName: "UPN" }] }] })], message: "FileHash mapping needs Algorithm + Value" },
  ],
  "entity-legacy-column": [
    { rules: [{ kql: "SigninLogs | extend AccountCustomEntity = UserPrincipalName | project AccountCustomEntity, UPN = UserPrincipalName, IPAddress, OperationName = OperationName" }], message: "legacy column AccountCustomEntity" },
  ],
  "threat-intel-freshness": [
    {
      rules: [{ kql: "ThreatIntelligenceIndicator | where TimeGenerated >= ago(14d) | where Active == true | join (SigninLogs) on $left.NetworkIP == $right.IPAddress" }],
      message: "lacks summarize arg_max(TimeGenerated, *) by IndicatorId; ExpirationDateTime > now()",
    },
  ],
  "non-ascii": [
    { rules: [spec({ description: "A member was added \u2014 check it." })], message: "description contains the non-ASCII character '\u2014' (U+2014)", severity: "warning" },
    { rules: [{ kql: 'AuditLogs | where OperationName == \u201cx\u201d' }], message: "query contains the non-ASCII character", severity: "warning" },
  ],
  "custom-details-count": [
    { rules: [spec({ customDetails: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`Detail${i}`, "OperationName"])) })], message: "21 custom details" },
  ],
  "custom-details-key": [
    { rules: [spec({ customDetails: { "1stOperation": "OperationName" } })], message: "must start with a letter" },
    { rules: [spec({ customDetails: { ThisKeyIsFarTooLongForSentinel: "OperationName" } })], message: "at most 20 characters" },
  ],
  "custom-details-value": [{ rules: [spec({ customDetails: { Operation: "Operation Name" } })], message: "not a plain column name" }],
  "alert-override-format": [
    { rules: [spec({ alertDetailsOverride: { alertDisplayNameFormat: "{{UPN}} {{IPAddress}} {{OperationName}} {{TimeGenerated}}" } })], message: "uses 4 placeholders" },
    { rules: [spec({ alertDetailsOverride: { alertDisplayNameFormat: "x".repeat(257) } })], message: "1 to 256 characters" },
    { rules: [spec({ alertDetailsOverride: { alertDescriptionFormat: "" } })], message: "1 to 5000 characters" },
    { rules: [spec({ alertDetailsOverride: { alertDisplayNameFormat: "Added by {{UPN.name}}" } })], message: "is not a column name" },
  ],
  "alert-dynamic-property": [
    { rules: [spec({ alertDetailsOverride: { alertDynamicProperties: [{ alertProperty: "Severity", value: "UPN" }] } })], message: 'alert property "Severity"' },
  ],
  "connector-id": [
    { rules: [spec({ requiredDataConnectors: [{ connectorId: "AzureActiveDirectoryy", dataTypes: ["AuditLogs"] }] })], message: "unknown data connector id" },
    { rules: [spec({ requiredDataConnectors: [{ connectorId: "azureactivedirectory", dataTypes: ["AuditLogs"] }] })], message: "did you mean AzureActiveDirectory?" },
    { rules: [spec({ requiredDataConnectors: [{ connectorId: "AzureActiveDirectory", dataTypes: [] }] })], message: "lists no dataTypes" },
  ],
  "attack-technique": [
    { rules: [spec({ techniques: ["T1098", "T9999"] })], message: "T9999 does not exist in MITRE ATT&CK v18.0" },
    { rules: [spec({ techniques: ["T1098.999"] })], message: "T1098 Account Manipulation exists, but has no sub-technique 999" },
    { rules: [spec({ techniques: ["t1098"] })], message: "must be written T#### or T####.###" },
  ],
  "attack-tactic-coverage": [
    { rules: [spec({ tactics: ["Persistence"] })], message: "T1098 (Account Manipulation) belongs to Persistence, PrivilegeEscalation; the rule's tactics lack PrivilegeEscalation" },
  ],
  "output-column": [
    { rules: [spec({ entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "UserPrincipalName" }] }] })], message: "refers to column UserPrincipalName, which the query does not output; it outputs TimeGenerated, UPN" },
    { rules: [spec({ customDetails: { Operation: "operationName" } })], message: "did you mean OperationName?" },
    { rules: [spec({ alertDetailsOverride: { alertDisplayNameFormat: "Role added by {{Actor}}" } })], message: "placeholder {{Actor}} in alertDisplayNameFormat refers to column Actor" },
    { rules: [spec({ alertDetailsOverride: { alertSeverityColumnName: "TimeGenerated" } })], message: "alertSeverityColumnName uses column TimeGenerated of type datetime; it needs string" },
    { rules: [spec({ alertDetailsOverride: { alertTacticsColumnName: "Tactics" } })], message: "alertTacticsColumnName refers to column Tactics" },
    {
      rules: [{ outputSchema: [{ name: "UPN", type: "dynamic" }, { name: "IPAddress", type: "string" }, { name: "OperationName", type: "string" }] }],
      message: "entity Account.FullName uses column UPN of type dynamic; it needs a scalar (use tostring())",
    },
    {
      rules: [{ spec: { alertDetailsOverride: { alertDisplayNameFormat: "By {{Actor}}" } }, outputSchema: [...CLEAN_SPEC_COLUMNS(), { name: "Actor", type: "dynamic" }] }],
      message: "renders as JSON text",
      severity: "warning",
    },
    { rules: [{ outputSchema: [] }], message: "output schema is unknown", severity: "info" },
  ],
  "incident-grouping": [
    { rules: [spec({ incident: { createIncident: true, grouping: { enabled: true, matchingMethod: "Selected", groupByEntities: ["Host"] } } })], message: "the rule maps no Host entity (it maps Account, IP)" },
    { rules: [spec({ incident: { createIncident: true, grouping: { enabled: true, matchingMethod: "Selected", groupByCustomDetails: ["Actor"] } } })], message: "custom detail Actor, which customDetails does not define" },
    { rules: [spec({ incident: { createIncident: true, grouping: { enabled: true, matchingMethod: "Selected" } } })], message: "matchingMethod Selected needs" },
    { rules: [spec({ incident: { createIncident: true, grouping: { enabled: true, matchingMethod: "AllEntities", groupByEntities: ["Account"] } } })], message: "ignored unless matchingMethod is Selected", severity: "warning" },
  ],
  "query-lookback": [{ rules: [{ ast: AGO_SCRIPT }], message: "ago(14d) looks back further than the rule's lookback (1h)", severity: "warning" }],
  "kql-evaluator": [
    {
      rules: [{ kql: "SigninLogs | where ResultType != 0 | project TimeGenerated, UPN = UserPrincipalName, IPAddress, OperationName" }],
      context: { schemas: loadSchemas() },
      message: "cannot compare values of types string and long",
    },
  ],
  "test-case-invalid": [
    {
      rules: [spec({ tests: [...(CLEAN_SPEC.tests ?? []), { name: "bad", tables: { AuditLogs: "x.jsonl" }, now: "yesterday", alerts: 1 }] })],
      message: "'now' must be an ISO 8601 instant",
    },
  ],
  "tests-required": [
    { rules: [spec({ tests: [] })], message: "needs at least 1 must-alert (has 0) and 1 must-stay-quiet (has 0)" },
    { rules: [spec({ tests: [{ name: "a", tables: {}, now: "2024-01-01T00:00:00Z", alerts: ">0" }] })], message: "1 must-stay-quiet (has 0)" },
  ],
};

function CLEAN_SPEC_COLUMNS() {
  return [
    { name: "TimeGenerated", type: "datetime" },
    { name: "UPN", type: "string" },
    { name: "IPAddress", type: "string" },
    { name: "OperationName", type: "string" },
  ];
}

describe("rule checks", () => {
  it("the clean rule passes every check", async () => {
    const result = await validate([makeDetection()]);
    expect(result.diagnostics).toEqual([]);
  });

  it("a clean NRT rule (no schedule, no trigger) passes", async () => {
    const result = await validate([makeDetection({ spec: { kind: "NRT", schedule: undefined, trigger: undefined } })]);
    expect(result.diagnostics).toEqual([]);
  });

  it("rules without kind, schedule or trigger get the documented defaults (Scheduled, 1h/1h, gt 0)", async () => {
    const result = await validate([makeDetection({ spec: { kind: undefined, schedule: undefined, trigger: undefined } })]);
    expect(result.diagnostics).toEqual([]);
  });

  it("every per-rule check in the registry has a breaking case here", () => {
    const perRule = CHECKS.filter((c) => (c.check || c.checkAll) && !c.id.startsWith("lock-") && c.id !== "kql-semantic").map((c) => c.id);
    expect(Object.keys(BROKEN).sort()).toEqual(perRule.sort());
  });

  for (const [id, cases] of Object.entries(BROKEN)) {
    describe(id, () => {
      cases.forEach((c, i) => {
        it(`reports case ${i + 1}${c.message ? `: ${c.message.slice(0, 60)}` : ""}`, async () => {
          const result = await validate(c.rules.map((r) => makeDetection(r)), c.context);
          const mine = result.diagnostics.filter((d) => d.code === id);
          expect(mine.length, JSON.stringify(result.diagnostics, null, 1)).toBeGreaterThan(0);
          expect(mine.map((d) => d.message).join("\n")).toContain(c.message);
          expect(mine.every((d) => d.severity === (c.severity ?? "error"))).toBe(true);
          expect(mine.every((d) => d.slug !== undefined && d.file !== undefined)).toBe(true);
        });
      });
    });
  }
});

describe("test-case-invalid", () => {
  it("reports every bad case file at its line, and leaves good ones alone", async () => {
    const { tempDir, writeFile } = await import("./helpers.js");
    const { mkdirSync } = await import("node:fs");
    const { join } = await import("node:path");
    const fixtures = tempDir();
    const dir = join(fixtures, "role-member-added");
    mkdirSync(dir);
    writeFile(dir, "good.test.yaml", "name: ok\nnow: 2024-05-01T12:00:00Z\ntables: { AuditLogs: attack.jsonl }\nalerts: 1\n");
    writeFile(dir, "broken.test.yaml", "name: broken\nnow: [2024\n");
    writeFile(dir, "fields.test.yaml", "name: fields\nnow: 2024-05-01T12:00:00Z\ntables: { AuditLogs: attack.jsonl }\nalerts: many\nexpect: 1\n");
    const r = await validate([makeDetection()], { fixturesDir: fixtures });
    const shown = r.diagnostics.map((d) => `${d.code}:${d.file?.split("/").pop()}:${d.line}:${d.column}:${d.message.slice(0, 30)}`);
    expect(shown).toEqual([
      "test-case-invalid:broken.test.yaml:3:1:invalid YAML: Flow sequence in",
      "test-case-invalid:fields.test.yaml:4:9:'alerts' must be a count (2), ",
      "test-case-invalid:fields.test.yaml:5:1:unknown key 'expect' in test c",
    ]);
    expect(r.diagnostics.every((d) => d.slug === "role-member-added" && d.severity === "error")).toBe(true);
  });
});

describe("nrt-api-version", () => {
  const nrt = makeDetection({ spec: { kind: "NRT", schedule: undefined, trigger: undefined } });
  it("accepts NRT rules under a preview apiVersion, and Scheduled rules under a stable one", async () => {
    expect(codes(await validate([nrt], { armApiVersion: "2025-07-01-preview" }))).toEqual([]);
    expect(codes(await validate([makeDetection()], { armApiVersion: "2025-09-01" }))).toEqual([]);
  });
  it("points at the kind property", async () => {
    const { tempDir, writeFile } = await import("./helpers.js");
    const file = writeFile(tempDir(), "nrt.ts", 'import { detection } from "kustodian";\nexport default detection({\n  id: "x",\n  kind: "NRT",\n});\n');
    const r = await validate([makeDetection({ file, spec: nrt.spec })], { armApiVersion: "2025-09-01" });
    expect(r.diagnostics.map((d) => `${d.code}:${d.line}:${d.column}`)).toEqual(["nrt-api-version:4:3"]);
  });
});

describe("threat-intel-freshness", () => {
  it("accepts the freshness pattern Azure-Sentinel requires", async () => {
    const kql = [
      "ThreatIntelligenceIndicator",
      "| where TimeGenerated >= ago(14d)",
      "| summarize arg_max(TimeGenerated, *) by IndicatorId",
      "| where Active == true and ExpirationDateTime > now()",
      "| join kind=inner (SigninLogs | project UPN = UserPrincipalName, IPAddress, OperationName = ResultType) on $left.NetworkIP == $right.IPAddress",
    ].join("\n");
    expect(codes(await validate([makeDetection({ kql, spec: { schedule: { frequency: "1h", lookback: "14d" } } })]))).toEqual([]);
  });
});

describe("entity-legacy-column", () => {
  it("accepts a legacy column that is mapped", async () => {
    const kql = "SigninLogs | project AccountCustomEntity = UserPrincipalName, UPN = UserPrincipalName, IPAddress, OperationName";
    const entities = [{ entityType: "Account" as const, fieldMappings: [{ identifier: "FullName", columnName: "AccountCustomEntity" }] }];
    const outputSchema = [{ name: "AccountCustomEntity", type: "string" }, { name: "OperationName", type: "string" }];
    expect(codes(await validate([makeDetection({ kql, outputSchema, spec: { entities } })]))).toEqual([]);
  });
});

describe("ATT&CK data", () => {
  it("accepts sub-techniques with their tactics (T1556.007 Hybrid Identity, T1484.002 Trust Modification)", async () => {
    const rule = makeDetection({
      spec: { tactics: ["Persistence", "DefenseEvasion", "CredentialAccess", "PrivilegeEscalation"], techniques: ["T1556.007", "T1484.002"] },
    });
    expect(codes(await validate([rule]))).toEqual([]);
  });

  it("reports each technique's missing tactics separately", async () => {
    const rule = makeDetection({ spec: { tactics: ["CredentialAccess"], techniques: ["T1556.007", "T1606.002"] } });
    const messages = (await validate([rule])).diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      "technique T1556.007 (Hybrid Identity) belongs to CredentialAccess, DefenseEvasion, Persistence; the rule's tactics lack DefenseEvasion, Persistence",
    ]);
  });

  it("the clean spec's metadata is what the tests assume", () => {
    expect(CLEAN_SPEC.techniques).toEqual(["T1098"]);
  });
});

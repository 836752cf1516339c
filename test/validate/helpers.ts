/** Hand-made compiled detections for validation tests: a clean rule, and overrides that break one thing. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CompiledDetection, DetectionSpec, OutputColumn } from "../../src/dsl/model.js";
import type { Script } from "../../src/kql/ast.js";
import { type ValidationContext, type ValidationResult, validateDetections } from "../../src/validate/index.js";

export const CLEAN_KQL = [
  "AuditLogs",
  '| where OperationName == "Add member to role"',
  "| extend UPN = tostring(InitiatedBy.user.userPrincipalName), IPAddress = tostring(InitiatedBy.user.ipAddress)",
  "| project TimeGenerated, UPN, IPAddress, OperationName",
].join("\n");

export const CLEAN_OUTPUT: readonly OutputColumn[] = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "UPN", type: "string" },
  { name: "IPAddress", type: "string" },
  { name: "OperationName", type: "string" },
];

export const CLEAN_SPEC: DetectionSpec = {
  id: "3f0c6a52-9b1e-4c57-8a8e-2d6b1f4a9c01",
  name: "Role member added by unusual actor",
  description: "A member was added to a privileged directory role.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["Persistence", "PrivilegeEscalation"],
  techniques: ["T1098"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  entities: [
    { entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "UPN" }] },
    { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }] },
  ],
  customDetails: { Operation: "OperationName" },
  requiredDataConnectors: [{ connectorId: "AzureActiveDirectory", dataTypes: ["AuditLogs"] }],
  version: "1.0.0",
  tests: [
    { name: "alerts", tables: { AuditLogs: "attack.jsonl" }, now: "2024-05-01T12:00:00Z", alerts: 1 },
    { name: "quiet", tables: { AuditLogs: "benign.jsonl" }, now: "2024-05-01T12:00:00Z", alerts: 0 },
  ],
};

/** The smallest AST standing for the query (checks that walk the AST get their own). */
export const EMPTY_SCRIPT: Script = { kind: "Script", span: { start: -1, end: -1 }, statements: [] };

export interface DetectionOverrides {
  readonly spec?: Partial<DetectionSpec>;
  readonly slug?: string;
  readonly file?: string;
  readonly kql?: string;
  readonly ast?: Script;
  readonly outputSchema?: readonly OutputColumn[];
  readonly queryOrigin?: CompiledDetection["queryOrigin"];
}

export function makeDetection(o: DetectionOverrides = {}): CompiledDetection {
  const slug = o.slug ?? "role-member-added";
  return {
    spec: { ...CLEAN_SPEC, ...o.spec } as DetectionSpec,
    slug,
    file: o.file ?? join(tmpdir(), "kustodian-validate-no-such-dir", `${slug}.ts`),
    ast: o.ast ?? EMPTY_SCRIPT,
    kql: o.kql ?? CLEAN_KQL,
    outputSchema: o.outputSchema ?? CLEAN_OUTPUT,
    queryOrigin: o.queryOrigin ?? null,
  };
}

export function tempDir(prefix = "kustodian-validate-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Validates with no lock, no semantic analysis and no fixtures unless the test asks. */
export function validate(ds: readonly CompiledDetection[], ctx: Partial<ValidationContext> = {}): Promise<ValidationResult> {
  return validateDetections(ds, { root: tempDir(), lock: null, semantic: false, ...ctx });
}

/** The check ids a result reports, with their severity: `error:id-format`. */
export function codes(result: ValidationResult): string[] {
  return result.diagnostics.map((d) => `${d.severity}:${d.code}`);
}

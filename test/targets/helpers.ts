/** Hand-made compiled detections for the target tests: parse KQL, print it canonically. */
import type { CompiledDetection, DetectionSpec } from "../../src/dsl/model.js";
import { parse, print } from "../../src/kql/index.js";

export const BASE_SPEC: DetectionSpec = {
  id: "6f3e1a2b-9c4d-4e5f-8a7b-1c2d3e4f5a6b",
  name: "Federation trust modified",
  description: "Detects changes to a domain's federation settings, the backdoor AADInternals installs.",
  severity: "High",
  tactics: ["PrivilegeEscalation", "DefenseEvasion"],
  techniques: ["T1484.002"],
  version: "1.0.0",
  author: "Kustodian tests",
  entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] }],
  customDetails: { Operation: "OperationName" },
  falsePositives: ["Planned federation changes by identity administrators"],
  tests: [
    { name: "backdoor installed", tables: {}, now: "2024-01-01T00:00:00Z", alerts: ">0" },
    { name: "quiet day", tables: {}, now: "2024-01-01T00:00:00Z", alerts: 0 },
  ],
  response: "1. Confirm the change with the domain owner.\n2. Revert the federation settings.",
};

export const BASE_QUERY = `AuditLogs
| where OperationName == "Set domain authentication" and Result =~ "success"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName)
| project TimeGenerated, OperationName, Actor`;

export function detection(
  slug: string,
  overrides: Partial<DetectionSpec> = {},
  query: string = BASE_QUERY,
  file = `/project/detections/${slug}.ts`,
): CompiledDetection {
  const { script, diagnostics } = parse(query);
  if (diagnostics.length > 0) throw new Error(`test query does not parse: ${diagnostics[0].message}`);
  return {
    spec: { ...BASE_SPEC, ...overrides },
    slug,
    file,
    ast: script,
    kql: print(script),
    outputSchema: [],
    queryOrigin: null,
  };
}

/** A deterministic GUID for the n-th generated detection. */
export function guid(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `0b5c0d6e-1f2a-4b3c-8d4e-${hex}`;
}

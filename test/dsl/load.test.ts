/**
 * The detection loader through its API: what it compiles, and how each kind of broken
 * detection file is reported (file, line, column, message) without stopping the others.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { loadDetections } from "../../src/dsl/load.js";
import { parse, stripSpans } from "../../src/kql/index.js";
import { loadSchemas } from "../../src/schema/registry.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/detections", import.meta.url));
const schemas = loadSchemas();

describe("loadDetections on the fixture folder", () => {
  it("compiles builder and raw detections and skips _helpers", async () => {
    const { detections, diagnostics } = await loadDetections({ dir: FIXTURES, schemas });
    expect(diagnostics).toEqual([]);
    expect(detections.map((d) => d.slug)).toEqual(["federation-backdoor", "rogue-pta-agent"]);

    const builder = detections[0];
    expect(builder.file).toBe(join(FIXTURES, "entra/federation-backdoor.ts"));
    expect(builder.queryOrigin).toBeNull();
    expect(builder.kql).toContain('| where OperationName == "Set domain authentication" and Result =~ "success"');
    expect(builder.kql).toContain("| mv-expand Property = TargetResources[0].modifiedProperties");
    expect(builder.outputSchema).toEqual([
      { name: "TimeGenerated", type: "datetime" },
      { name: "Domain", type: "string" },
      { name: "Actor", type: "string" },
      { name: "ActorIp", type: "string" },
      { name: "CorrelationId", type: "string" },
    ]);
    expect(builder.spec.entities?.[0]).toEqual({ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] });
    // what ships is what was built: the printed KQL parses back to the same AST
    expect(stripSpans(parse(builder.kql).script)).toEqual(stripSpans(builder.ast));

    const raw = detections[1];
    expect(raw.kql).toBe(
      [
        "AuditLogs",
        '| where OperationName == "Register connector" and Category == "ResourceManagement"',
        "| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Host = tostring(TargetResources[0].displayName)",
        "| project TimeGenerated, Actor, Host, CorrelationId",
      ].join("\n"),
    );
    expect(raw.queryOrigin).toEqual({ line: 12, column: 14 });
    expect(raw.outputSchema.map((c) => c.name)).toEqual(["TimeGenerated", "Actor", "Host", "CorrelationId"]);
    expect(raw.spec.version).toBe("1.0.0"); // spread from the shared helper
  });

  it("loads only the given files", async () => {
    const { detections } = await loadDetections({ dir: FIXTURES, schemas, files: [join(FIXTURES, "raw/rogue-pta-agent.ts")] });
    expect(detections.map((d) => d.slug)).toEqual(["rogue-pta-agent"]);
  });
});

// ---------------------------------------------------------------------------
// Broken detection files
// ---------------------------------------------------------------------------

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

function project(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "kustodian-load-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

let counter = 0;
function rule(overrides: { id?: string; name?: string; extra?: string; query?: string; tactics?: string; techniques?: string } = {}): string {
  counter++;
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  return `import { AuditLogs, detection, from, kql, entity } from "kustodian";
export default detection({
  id: "${id}",
  name: "${overrides.name ?? `Rule ${counter}`}",
  description: "d",
  severity: "Low",
  tactics: ${overrides.tactics ?? '["Persistence"]'},
  techniques: ${overrides.techniques ?? '["T1098"]'},
  version: "1.0.0",
  query: ${overrides.query ?? 'from(AuditLogs).where((r) => r.OperationName.eq("x")).project("TimeGenerated", "OperationName")'},${overrides.extra ?? ""}
});
`;
}

const messages = (ds: readonly { file?: string; line?: number; column?: number; message: string }[]) =>
  ds.map((d) => `${d.file?.split("/").pop()}:${d.line}:${d.column}: ${d.message}`);

describe("loader diagnostics", () => {
  it("treats _files and _folders as helpers, imported by detections but not loaded themselves", async () => {
    const root = project({
      "_lib/ops.ts": 'export const OP = "Add member to role";\n',
      "_base.ts": 'export const BASE = { severity: "Low", version: "1.0.0" } as const;\n',
      "rule.ts": rule({ query: 'from(AuditLogs).where((r) => r.OperationName.eq(OP))' }).replace(
        'from "kustodian";',
        'from "kustodian";\nimport { OP } from "./_lib/ops.js";',
      ),
      "sub/.hidden/skip.ts": "throw new Error('never loaded');\n",
    });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(diagnostics).toEqual([]);
    expect(detections.map((d) => d.slug)).toEqual(["rule"]);
    expect(detections[0].kql).toBe('AuditLogs\n| where OperationName == "Add member to role"');
  });

  it("reports a TypeScript syntax error with its position and still loads the other files", async () => {
    const root = project({ "good.ts": rule(), "broken.ts": 'import { detection } from "kustodian";\nexport default detection({ id: ;\n' });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections.map((d) => d.slug)).toEqual(["good"]);
    expect(messages(diagnostics)).toEqual([expect.stringMatching(/^broken\.ts:2:32: cannot compile detection file: Unexpected ";"/)]);
  });

  it("reports a syntax error in a shared helper once per detection importing it", async () => {
    const importing = rule().replace('from "kustodian";', 'from "kustodian";\nimport "./_helper.js";');
    const root = project({ "_helper.ts": "export const x = ;\n", "a.ts": importing, "b.ts": rule() });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections.map((d) => d.slug)).toEqual(["b"]);
    expect(messages(diagnostics)).toEqual([expect.stringMatching(/^_helper\.ts:1:18: cannot compile detection file: Unexpected ";" \(imported by .*a\.ts\)$/)]);
  });

  it("reports a file that throws on import, at the throwing line", async () => {
    const root = project({
      "good.ts": rule(),
      "throws.ts": 'import { detection } from "kustodian";\n\nthrow new Error("boom");\nexport default detection({} as never);\n',
    });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections.map((d) => d.slug)).toEqual(["good"]);
    expect(messages(diagnostics)).toEqual(["throws.ts:3:7: detection file throws on import: boom"]);
  });

  it("reports a builder error (unknown column) thrown while the detection is built", async () => {
    const root = project({ "typo.ts": rule({ query: 'from(AuditLogs).where((r) => (r as any).OperationNme.eq("x"))' }) });
    const { diagnostics } = await loadDetections({ dir: root, schemas });
    expect(messages(diagnostics)).toEqual([
      expect.stringMatching(/^typo\.ts:10:\d+: detection file throws on import: AuditLogs: no column 'OperationNme'; did you mean 'OperationName'/),
    ]);
  });

  it("reports files without a default detection export", async () => {
    const root = project({ "none.ts": "export const x = 1;\n", "other.ts": "export default { name: 'x' };\n" });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections).toEqual([]);
    expect(messages(diagnostics)).toEqual([
      "none.ts:1:1: detection file has no default export (expected `export default detection({...})`)",
      "other.ts:1:1: the default export is not a detection (expected `export default detection({...})`)",
    ]);
  });

  it("keeps the first of duplicate ids and names (path order) and reports the later one at its property", async () => {
    const id = "11111111-2222-4333-8444-555555555555";
    const root = project({
      "a.ts": rule({ id, name: "Same" }),
      "sub/b.ts": rule({ id, name: "Same" }),
      "c.ts": rule(),
    });
    const { detections, rejected, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections.map((d) => d.slug)).toEqual(["a", "c"]);
    expect(rejected).toEqual([]);
    expect(messages(diagnostics)).toEqual([
      `b.ts:3:3: duplicate id '${id}': also used by ${join(root, "a.ts")} (this rule is left out)`,
      `b.ts:4:3: duplicate name 'Same': also used by ${join(root, "a.ts")} (this rule is left out)`,
    ]);
  });

  it("reports duplicate slugs (same file name in two folders), keeping the first", async () => {
    const root = project({ "x/rule.ts": rule(), "y/rule.ts": rule() });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections.map((d) => d.file)).toEqual([join(root, "x/rule.ts")]);
    expect(messages(diagnostics)).toEqual([`rule.ts:1:1: duplicate slug (file name) 'rule': also used by ${join(root, "x/rule.ts")} (this rule is left out)`]);
  });

  it("reports a field of the wrong type at the field, not at 1:1", async () => {
    const root = project({ "rt.ts": rule().replace('version: "1.0.0"', "version: 2 as never") });
    const { detections, rejected, diagnostics } = await loadDetections({ dir: root, schemas });
    expect([detections, rejected]).toEqual([[], []]);
    expect(messages(diagnostics)).toEqual(["rt.ts:9:3: detection needs a non-empty string 'version' (got 2)"]);
  });

  it("reports unknown keys at the key, with a did-you-mean, and still compiles the rule for validate", async () => {
    const extra = '\n  tactics2: 1,\n  "customDetail": { Op: "OperationName" },\n  alertDetailsOverride: { alertSeverityColumn: "OperationName" },';
    const root = project({ "keys.ts": rule({ extra }) });
    const { detections, rejected, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections).toEqual([]);
    expect(rejected.map((d) => d.slug)).toEqual(["keys"]);
    expect(messages(diagnostics).map((m) => m.replace(/; expected one of .*/, ""))).toEqual([
      "keys.ts:11:3: unknown key 'tactics2' in detection (did you mean 'tactics'?)",
      "keys.ts:12:3: unknown key 'customDetail' in detection (did you mean 'customDetails'?)",
      "keys.ts:13:27: unknown key 'alertSeverityColumn' in alertDetailsOverride (did you mean 'alertSeverityColumnName'?)",
    ]);
  });

  it("reports an invalid GUID at the id", async () => {
    const root = project({ "bad-id.ts": rule({ id: "not-a-guid" }) });
    const { diagnostics } = await loadDetections({ dir: root, schemas });
    expect(messages(diagnostics)).toEqual([
      "bad-id.ts:3:7: id 'not-a-guid' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
    ]);
  });

  it("reports a technique without any of its tactics", async () => {
    const root = project({ "tactic.ts": rule({ tactics: '["Execution"]', techniques: '["T1556.007"]' }) });
    const { diagnostics } = await loadDetections({ dir: root, schemas });
    expect(messages(diagnostics)).toEqual([
      "tactic.ts:8:16: technique T1556.007 belongs to CredentialAccess, DefenseEvasion, Persistence, but tactics lists none of them (add one to 'tactics')",
    ]);
  });

  it("maps a raw KQL syntax error to the line and column in the detection file", async () => {
    const query = 'kql`\n    AuditLogs\n    | where OperationName == \u0024{"x"} and\n    | project TimeGenerated`';
    const root = project({ "raw.ts": rule({ query }) });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections).toEqual([]);
    expect(diagnostics.length).toBeGreaterThan(0);
    // the error is at the `|` on line 13 of the file (the query starts on line 10)
    expect(diagnostics[0]).toMatchObject({ file: expect.stringMatching(/raw\.ts$/), line: 13, column: 5, severity: "error" });
    expect(diagnostics[0].snippet).toContain("| project TimeGenerated");
  });

  it("escapes interpolated values: quotes and pipes stay inside the literal", async () => {
    const query = 'kql`AuditLogs | where OperationName == \u0024{"x\\" | take 1 //"}`';
    const root = project({ "inj.ts": rule({ query }) });
    const { detections, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(diagnostics).toEqual([]);
    expect(detections[0].kql).toBe('AuditLogs\n| where OperationName == "x\\" | take 1 //"');
  });

  it("rejects raw KQL entity mappings to columns the query does not produce, at the mapping", async () => {
    const query = 'kql`AuditLogs | project TimeGenerated, Actor = tostring(InitiatedBy.user.userPrincipalName)`';
    const extra = '\n  entities: [entity("Account", { FullName: "Actr" })],\n  customDetails: { Op: "OperationName" },';
    const root = project({ "cols.ts": rule({ query, extra }) });
    const { detections, rejected, diagnostics } = await loadDetections({ dir: root, schemas });
    expect(detections).toEqual([]);
    expect(rejected.map((d) => d.slug)).toEqual(["cols"]);
    expect(messages(diagnostics)).toEqual([
      "cols.ts:11:44: entity Account.FullName refers to column 'Actr', which the query does not produce (it has: TimeGenerated, Actor)",
      "cols.ts:12:24: custom detail 'Op' refers to column 'OperationName', which the query does not produce (it has: TimeGenerated, Actor)",
    ]);
  });
});

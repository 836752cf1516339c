/**
 * The table schemas: the built-in files parse, the required Sentinel tables exist, the
 * generated typed tables are current, and custom schemas from the user's folder override
 * built-ins, with positioned errors for broken files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_TABLES } from "../../src/schema/tables.generated.js";
import { GENERATED_PATH, renderTablesModule } from "../../src/schema/codegen.js";
import { loadSchemas, parseSchemaFile } from "../../src/schema/registry.js";
import { ROOT } from "../helpers/run-cli.js";

const REQUIRED = [
  "SigninLogs",
  "AADNonInteractiveUserSignInLogs",
  "AuditLogs",
  "OfficeActivity",
  "SecurityEvent",
  "Event",
  "DeviceProcessEvents",
  "DeviceFileEvents",
  "DeviceEvents",
  "Syslog",
  "CommonSecurityLog",
  "AzureActivity",
];

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

describe("built-in table schemas", () => {
  const registry = loadSchemas();

  it("include every table the issue requires, each with TimeGenerated", () => {
    for (const name of REQUIRED) {
      const t = registry.get(name);
      expect(t, name).toBeDefined();
      expect(t?.columns.find((c) => c.name === "TimeGenerated")?.type, name).toBe("datetime");
    }
  });

  it("have unique column names and known types", () => {
    for (const t of registry.tables) {
      const names = t.columns.map((c) => c.name);
      expect(new Set(names).size, t.name).toBe(names.length);
    }
  });

  it("type the columns detections rely on", () => {
    const col = (t: string, c: string) => registry.get(t)?.columns.find((x) => x.name === c)?.type;
    expect(col("AuditLogs", "TargetResources")).toBe("dynamic");
    expect(col("SigninLogs", "LocationDetails")).toBe("dynamic");
    expect(col("SigninLogs", "ResultType")).toBe("string");
    expect(col("AADNonInteractiveUserSignInLogs", "LocationDetails")).toBe("string");
    expect(col("DeviceProcessEvents", "Timestamp")).toBe("datetime");
    expect(col("SecurityEvent", "EventID")).toBe("int");
  });

  it("look tables up case-insensitively", () => {
    expect(registry.get("auditlogs")?.name).toBe("AuditLogs");
  });

  it("are mirrored by the committed, current tables.generated.ts (run `npm run codegen`)", () => {
    expect(readFileSync(join(ROOT, GENERATED_PATH), "utf8")).toBe(renderTablesModule(registry.tables));
    expect(Object.keys(BUILTIN_TABLES).sort()).toEqual(registry.tables.map((t) => t.name).sort());
    expect(BUILTIN_TABLES.AuditLogs.columns.OperationName).toBe("string");
  });
});

describe("custom schemas", () => {
  it("add *_CL tables and override built-ins (case-insensitive)", () => {
    dir = mkdtempSync(join(tmpdir(), "kustodian-schemas-"));
    writeFileSync(join(dir, "MyApp_CL.json"), JSON.stringify({ Name: "MyApp_CL", Properties: [{ Name: "User_s", Type: "String" }, { Name: "When", Type: "DateTime" }] }));
    writeFileSync(join(dir, "auditlogs.json"), JSON.stringify({ Name: "AuditLogs", Properties: [{ Name: "Only", Type: "System.Int64" }] }));
    const registry = loadSchemas(dir);
    expect(registry.get("myapp_cl")?.columns).toEqual([
      { name: "User_s", type: "string" },
      { name: "When", type: "datetime" },
    ]);
    expect(registry.get("AuditLogs")?.columns).toEqual([{ name: "Only", type: "long" }]);
  });

  it("report broken files with file, line and column", () => {
    expect(() => parseSchemaFile("x.json", '{\n  "Name": "T",\n  "Properties": [\n    {"Name": "a", "Type": "strin"}\n  ]\n}')).toThrow(
      'x.json:4:14: column 1 needs a "Name" and a known "Type" (got "strin")',
    );
    expect(() => parseSchemaFile("y.json", '{"Name": "T", "Properties": [}')).toThrow(/^y\.json:1:30: table schema: /);
    expect(() => parseSchemaFile("z.json", '{"Properties": []}')).toThrow('z.json:1:1: expected a table schema {"Name": string, "Properties": [{"Name", "Type"}]}');
  });

  it("refuse a missing folder", () => {
    expect(() => loadSchemas(join(tmpdir(), "no-such-kustodian-folder"))).toThrow(/schemas folder not found/);
  });
});

/** Kusto semantic analysis (Microsoft's Kusto.Language) over compiled queries, mapped back to the detection file. */
import { describe, expect, it } from "vitest";
import { loadSchemas } from "../../src/schema/registry.js";
import { createAnalyzer } from "../../src/validate/semantic/analyzer.js";
import { CLEAN_KQL, makeDetection, tempDir, validate, writeFile } from "./helpers.js";

const schemas = loadSchemas();

const RAW_SOURCE = `import { detection, kql } from "kustodian";

export default detection({
  id: "3f0c6a52-9b1e-4c57-8a8e-2d6b1f4a9c01",
  name: "Role member added",
  query: kql\`AuditLogs
    | where OperationNam == "Add member to role"
    | extend Actor = tostring(InitiatedBy.user.userPrincipalName)
    | where strlen(Actor) > "x"\`,
  version: "1.0.0",
});
`;
/** The canonical printed form of the raw query above (layout differs, tokens do not). */
const RAW_PRINTED = 'AuditLogs\n| where OperationNam == "Add member to role"\n| extend Actor = tostring(InitiatedBy.user.userPrincipalName)\n| where strlen(Actor) > "x"';

describe("analyzer", () => {
  const analyzer = createAnalyzer(schemas, { ParsedSignIns: [{ name: "UserPrincipalName", type: "string" }, { name: "Risk", type: "long" }] });

  it("accepts a valid query and infers its output columns", () => {
    const a = analyzer.analyze(CLEAN_KQL);
    expect(a.diagnostics).toEqual([]);
    expect(a.outputSchema).toEqual([
      { name: "TimeGenerated", type: "datetime" },
      { name: "UPN", type: "string" },
      { name: "IPAddress", type: "string" },
      { name: "OperationName", type: "string" },
    ]);
  });

  it("reports unknown tables, columns and functions, and type errors, with offsets", () => {
    const text = 'AuditLogz | take 1';
    expect(analyzer.analyze(text).diagnostics).toEqual([
      expect.objectContaining({ code: "KS204", severity: "error", start: 0, length: 9, message: expect.stringContaining("'AuditLogz'") }),
    ]);
    const bad = analyzer.analyze('AuditLogs | where OperationNam == "x" | extend y = nosuchfn(1) | where Result > 5');
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["KS142", "KS211", "KS106"]);
    expect(bad.diagnostics[0].start).toBe(18);
  });

  it("knows functions declared in config", () => {
    expect(analyzer.analyze("ParsedSignIns | where Risk > 1 | project UserPrincipalName").diagnostics).toEqual([]);
    expect(analyzer.analyze("ParsedSignIns | project Nope").diagnostics.map((d) => d.code)).toEqual(["KS142"]);
  });

  it("resolves _GetWatchlist to a custom schema of that name, and leaves unknown watchlists open", () => {
    const dir = tempDir();
    writeFile(dir, "HighValueAccounts.json", JSON.stringify({ Name: "HighValueAccounts", Properties: [{ Name: "Upn", Type: "string" }, { Name: "Tier", Type: "long" }] }));
    const withWatchlist = createAnalyzer(loadSchemas(dir));
    expect(withWatchlist.analyze("_GetWatchlist('HighValueAccounts') | where Tier > 1 | project Upn, SearchKey").diagnostics).toEqual([]);
    expect(withWatchlist.analyze("_GetWatchlist('HighValueAccounts') | project Tierr").diagnostics.map((d) => d.code)).toEqual(["KS142"]);
    expect(withWatchlist.analyze("_GetWatchlist('Unknown') | project Anything").diagnostics).toEqual([]);
  });
});

describe("kql-semantic check", () => {
  it("maps a raw-KQL error to its line and column in the detection file", async () => {
    const dir = tempDir();
    const file = writeFile(dir, "raw-rule.ts", RAW_SOURCE);
    const d = makeDetection({ file, slug: "raw-rule", kql: RAW_PRINTED, queryOrigin: { line: 6, column: 14 }, outputSchema: [] , spec: { entities: [], customDetails: {} } });
    const result = await validate([d], { schemas, semantic: true });
    const semantic = result.diagnostics.filter((x) => x.code === "kql-semantic");
    expect(semantic.map((x) => [x.line, x.column, x.severity])).toEqual([
      [7, 13, "error"],
      [9, 27, "error"],
    ]);
    expect(semantic[0].message).toContain("'OperationNam' does not refer to any known column");
    expect(semantic[0].message).toContain("[KS142]");
    expect(semantic[1].message).toContain("The operator '>' is not defined for the operand types long and string");
    expect(semantic[0].snippet).toBe('| where OperationNam == "Add member to role"\n        ^^^^^^^^^^^^');
  });

  it("points builder-query errors at the `query` property, with the printed KQL as snippet", async () => {
    const dir = tempDir();
    const file = writeFile(dir, "built.ts", 'export default detection({\n  id: "x",\n  query: from(AuditLogs).where(...),\n});\n');
    const d = makeDetection({ file, kql: "AuditLogs | where Nope == 1", spec: { entities: [], customDetails: {} } });
    const result = await validate([d], { schemas, semantic: true });
    const semantic = result.diagnostics.filter((x) => x.code === "kql-semantic");
    expect(semantic).toHaveLength(1);
    expect([semantic[0].line, semantic[0].column]).toEqual([3, 3]);
    expect(semantic[0].snippet).toBe("AuditLogs | where Nope == 1\n                  ^^^^");
  });

  it("is skipped with semantic: false, and a clean query passes", async () => {
    const broken = makeDetection({ kql: "Nope | take 1", spec: { entities: [], customDetails: {} } });
    expect((await validate([broken], { schemas, semantic: false })).diagnostics).toEqual([]);
    expect((await validate([makeDetection()], { schemas, semantic: true })).diagnostics).toEqual([]);
  });

  it("uses the analyzer's output schema for column checks when the loader knows none", async () => {
    const unknown = makeDetection({ outputSchema: [], spec: { customDetails: { Operation: "Operation" } } });
    const result = await validate([unknown], { schemas, semantic: true });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["output-column", expect.stringContaining("custom detail Operation refers to column Operation, which the query does not output")],
    ]);
  });
});

describe("kql-evaluator check", () => {
  const RUNTIME_SOURCE = `import { detection, kql } from "kustodian";

export default detection({
  id: "3f0c6a52-9b1e-4c57-8a8e-2d6b1f4a9c01",
  query: kql\`SigninLogs
    | where ResultType != 0
    | project TimeGenerated, UPN = UserPrincipalName, IPAddress, OperationName\`,
});
`;
  const RUNTIME_PRINTED = "SigninLogs\n| where ResultType != 0\n| project TimeGenerated, UPN = UserPrincipalName, IPAddress, OperationName";

  it("reports what Kusto rejects only at run time (string != long), at its place in the raw KQL", async () => {
    const file = writeFile(tempDir(), "runtime.ts", RUNTIME_SOURCE);
    const d = makeDetection({ file, kql: RUNTIME_PRINTED, queryOrigin: { line: 5, column: 16 } });
    // Microsoft's analyzer lets `!=` between string and long through; the evaluator, like Kusto's engine, does not.
    for (const semantic of [true, false]) {
      const result = await validate([d], { schemas, semantic });
      expect(result.diagnostics.map((x) => `${x.code}:${x.line}:${x.column}:${x.message}`)).toEqual([
        "kql-evaluator:6:13:cannot compare values of types string and long (add an explicit conversion such as tostring() or toint()) [KQL2004]",
      ]);
      expect(result.diagnostics[0].snippet).toBe("| where ResultType != 0\n        ^^^^^^^^^^");
    }
  });

  it("points builder-query errors at `query`; leaves problems the analyzer reports to kql-semantic; passes clean queries", async () => {
    const file = writeFile(tempDir(), "built.ts", 'export default detection({\n  id: "x",\n  query: from(SigninLogs).where(...),\n});\n');
    const built = makeDetection({ file, kql: "SigninLogs | where ResultType != 0 | project TimeGenerated, UPN = UserPrincipalName, IPAddress, OperationName" });
    const r = await validate([built], { schemas, semantic: false });
    expect(r.diagnostics.map((x) => `${x.code}:${x.line}:${x.column}`)).toEqual(["kql-evaluator:3:3"]);
    const both = makeDetection({ kql: "SigninLogs | where ResultType > 0 | project TimeGenerated, UPN = UserPrincipalName, IPAddress, OperationName" });
    expect((await validate([both], { schemas, semantic: true })).diagnostics.map((x) => x.code)).toEqual(["kql-semantic"]);
    expect((await validate([makeDetection()], { schemas, semantic: false })).diagnostics).toEqual([]);
  });

  it("is an info, not an error, when the evaluator lacks a feature", async () => {
    const kql = "AuditLogs | join (SigninLogs) on $left.TimeGenerated < $right.TimeGenerated | project TimeGenerated, UPN = 'a', IPAddress = 'b', OperationName";
    const r = await validate([makeDetection({ kql })], { schemas, semantic: false });
    expect(r.diagnostics.map((x) => `${x.severity}:${x.code}`)).toEqual(["info:kql-evaluator"]);
    expect(r.diagnostics[0].message).toMatch(/^Kustodian's evaluator cannot run this query, so `kustodian test` cannot prove it: unsupported: join condition/);
  });
});

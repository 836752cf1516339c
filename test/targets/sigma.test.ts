/** The Sigma target: what Sigma can say exactly, what it cannot (and why), and the pipeline back to Sentinel. */
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { buildArtifacts, compileSigma } from "../../src/targets/index.js";
import { sigmaUnescape } from "../../src/targets/escape/sigma.js";
import { validateArtifact } from "../../src/targets/schemas/validate.js";
import { sigmaIds } from "../../src/targets/sigma/rule.js";
import { loadSchemas } from "../../src/schema/registry.js";
import { detection } from "./helpers.js";

type Json = Record<string, unknown>;

const tables = loadSchemas();

function sigma(query: string, overrides = {}) {
  const d = detection("rule", { entities: undefined, customDetails: undefined, ...overrides }, query);
  const out = compileSigma(d, { tables });
  if (out.status !== "ok") throw new Error(`unsupported: ${out.reason}`);
  return out;
}

function reason(query: string, overrides = {}): string {
  const out = compileSigma(detection("rule", { entities: undefined, customDetails: undefined, ...overrides }, query));
  if (out.status !== "unsupported") throw new Error("expected unsupported");
  return out.reason;
}

function emitted(query: string, overrides = {}): Json[] {
  const d = detection("rule", { entities: undefined, customDetails: undefined, ...overrides }, query);
  const text = buildArtifacts([d]).get("sigma/rule.yml") as string;
  return parseAllDocuments(text).map((doc) => doc.toJS() as Json);
}

describe("filters Sigma can express", () => {
  it("maps == to |cased, =~ to a plain match and merges ANDed matches into one selection", () => {
    expect(sigma('AuditLogs | where OperationName == "Set domain authentication" and Result =~ "success"').detection).toEqual({
      selection: { "OperationName|cased": "Set domain authentication", Result: "success" },
      condition: "selection",
    });
  });

  it("maps string operators to modifiers, _cs to |cased, and repeated contains to |all", () => {
    expect(sigma('AuditLogs | where OperationName contains "a" and OperationName contains "b" and Category startswith_cs "Dir" and Result endswith "ss"').detection).toEqual({
      selection: { "OperationName|contains|all": ["a", "b"], "Category|startswith|cased": "Dir", "Result|endswith": "ss" },
      condition: "selection",
    });
  });

  it("turns in/in~/or into value lists and negations into filters", () => {
    expect(sigma('SigninLogs | where AppDisplayName in~ ("Azure Portal", "Graph") and ResultType != "0" and not(UserPrincipalName endswith "@contoso.com")').detection).toEqual({
      selection: { AppDisplayName: ["Azure Portal", "Graph"] },
      filter: { "ResultType|cased": "0" },
      filter_2: { "UserPrincipalName|endswith": "@contoso.com" },
      condition: "selection and not filter and not filter_2",
    });
    expect(sigma('AuditLogs | where OperationName =~ "a" or OperationName =~ "b" or Result == "x"').detection).toEqual({
      selection: { OperationName: ["a", "b"] },
      selection_2: { "Result|cased": "x" },
      condition: "selection or selection_2",
    });
  });

  it("keeps precedence with parentheses", () => {
    expect(sigma('AuditLogs | where (OperationName =~ "a" or Result =~ "b") and Category =~ "c"').detection.condition).toBe("selection and (selection_2 or selection_3)");
    expect(sigma('AuditLogs | where not(OperationName =~ "a" and Result =~ "b")').detection.condition).toBe("not (filter)");
  });

  it("maps numbers, between and regexes within Sigma's subset", () => {
    expect(sigma("SecurityEvent | where EventID == 4688 and Level > 2 and Status between (1 .. 5)").detection).toEqual({
      selection: { EventID: 4688, "Level|gt": 2, "Status|gte": 1, "Status|lte": 5 },
      condition: "selection",
    });
    expect(sigma('AuditLogs | where OperationName matches regex "(?i)^set (domain|federation)"').detection).toEqual({
      selection: { "OperationName|re|i": "^set (domain|federation)" },
      condition: "selection",
    });
  });

  it("maps isempty/isnotempty to an empty value on string columns and null on others", () => {
    expect(sigma("SecurityEvent | where isnotempty(TargetUserName) and isempty(EventID) or isempty(Process)").detection).toEqual({
      selection: { Process: "" },
      selection_2: { EventID: null },
      filter: { TargetUserName: "" },
      condition: "selection or (selection_2 and not filter)",
    });
    const d = detection("rule", { entities: undefined, customDetails: undefined }, "AuditLogs | where isnotempty(Result)");
    expect(compileSigma(d)).toEqual({ status: "unsupported", reason: "isempty()/isnotempty() on Result, a column of unknown type (string: empty value; others: null)" });
  });

  it("inlines literal lets and let-bound queries", () => {
    expect(sigma('let ops = dynamic(["a", "b"]); let base = AuditLogs | where Result =~ "success"; base | where OperationName in (ops)').detection).toEqual({
      selection: { "Result": "success" },
      selection_2: { "OperationName|cased": ["a", "b"] },
      condition: "selection and selection_2",
    });
  });

  it("drops time-window filters (the schedule bounds them) and ignores output shaping", () => {
    expect(sigma('AuditLogs | where TimeGenerated > ago(1d) | where OperationName =~ "x" | extend A = 1 | project A, OperationName | sort by A').detection).toEqual({
      selection: { OperationName: "x" },
      condition: "selection",
    });
  });

  it("escapes wildcards and backslashes in values", () => {
    const out = sigma('DeviceFileEvents | where FolderPath startswith "C:\\\\PTASpy\\\\*?"');
    expect(out.detection).toEqual({ selection: { "TargetFilename|startswith": "C:\\\\PTASpy\\\\\\*\\?" }, condition: "selection" });
    const value = (out.detection.selection as Json)["TargetFilename|startswith"] as string;
    expect(sigmaUnescape(value)).toEqual([{ literal: "C:\\PTASpy\\*?" }]);
  });

  it("uses taxonomy field names and logsources where Sigma has them", () => {
    const out = sigma('DeviceProcessEvents | where ProcessCommandLine contains "Install-AADIntPTASpy" and FileName =~ "powershell.exe"');
    expect(out.mapping.logsource).toEqual({ category: "process_creation", product: "windows" });
    expect(out.detection.selection).toEqual({ "CommandLine|contains": "Install-AADIntPTASpy", FileName: "powershell.exe" });
  });
});

describe("counts as correlation rules", () => {
  it("summarize count() by columns with a threshold becomes event_count", () => {
    const [rule, correlation] = emitted('SigninLogs | where ResultType != "0" | summarize count() by UserPrincipalName, IPAddress | where count_ > 10', {
      schedule: { frequency: "1h", lookback: "1d" },
    });
    expect(rule).toMatchObject({ name: "rule", logsource: { product: "azure", service: "signinlogs" } });
    expect(rule).not.toHaveProperty("level");
    expect(correlation).toMatchObject({
      id: sigmaIds(detection("rule")).correlation,
      correlation: { type: "event_count", rules: [rule.id], "group-by": ["UserPrincipalName", "IPAddress"], timespan: "1d", condition: { gt: 10 } },
      level: "high",
    });
    expect(validateArtifact("sigma-rule", rule)).toEqual([]);
    expect(validateArtifact("sigma-correlation", correlation)).toEqual([]);
  });

  it("dcount with a bin() window becomes value_count over that timespan", () => {
    const out = sigma('SigninLogs | where ResultType == "50126" | summarize Users = dcount(UserPrincipalName) by IPAddress, bin(TimeGenerated, 10m) | where Users >= 20');
    expect(out.correlation).toEqual({ type: "value_count", groupBy: ["IPAddress"], timespan: "10m", condition: { gte: 20, field: "UserPrincipalName" } });
  });

  it("a trigger threshold on result rows becomes an event_count over the lookback", () => {
    const out = sigma('AuditLogs | where OperationName =~ "Add member to role"', { trigger: { operator: "gt", threshold: 5 }, schedule: { frequency: "1h", lookback: "2h" } });
    expect(out.correlation).toEqual({ type: "event_count", groupBy: [], timespan: "2h", condition: { gt: 5 } });
  });
});

describe("what Sigma cannot express", () => {
  it.each([
    ['AuditLogs | where OperationName has "federation"', "`has` is a whole-term match; Sigma has no term-match modifier (contains would widen it)"],
    ['AuditLogs | where OperationName has_any ("a", "b")', "`has_any` is a whole-term match; Sigma has no term-match modifier"],
    ['union AuditLogs, SigninLogs | where OperationName =~ "x"', "the query source is a union of tables, not a single table"],
    ['AuditLogs | where OperationName =~ "x" | join kind=inner (SigninLogs) on CorrelationId', "the `join` operator has no Sigma equivalent"],
    ["let Both = union AuditLogs, SigninLogs; Both | where OperationName =~ \"x\"", "the query defines `Both` with a union of tables; a Sigma rule is one filter on one table"],
    ['AuditLogs | where tostring(InitiatedBy.user.userPrincipalName) =~ "x"', "the filter applies tostring() to a column"],
    ['AuditLogs | where TargetResources[0].displayName =~ "x"', "the filter reads a dynamic path; Sigma fields are flat"],
    ['AuditLogs | extend Actor = Identity | where Actor =~ "x"', "the filter on Actor uses a column the query computes"],
    ['AuditLogs | where OperationName matches regex "\\\\d+"', "the regex uses \\d, outside Sigma's regex subset"],
    ['AuditLogs | mv-expand TargetResources | where OperationName =~ "x"', "the `mv-expand` operator has no Sigma equivalent"],
    ['AuditLogs | where OperationName == Category', "the filter compares two columns"],
    ["AuditLogs | take 10", "the `take` operator has no Sigma equivalent"],
    ["AuditLogs | project OperationName", "the query has no filter on table columns; a Sigma rule needs a detection"],
  ])("%s", (query, expected) => {
    expect(reason(query)).toBe(expected);
  });

  it("a trigger threshold on summarized groups", () => {
    expect(reason('AuditLogs | where OperationName =~ "x" | summarize count() by Identity | where count_ > 2', { trigger: { operator: "gt", threshold: 3 } })).toBe(
      "the trigger (gt 3) counts summarized groups",
    );
  });
});

describe("ids, schema and pipeline", () => {
  it("derives stable UUIDv5 ids from the detection GUID", () => {
    const a = sigmaIds(detection("x"));
    expect(a).toEqual(sigmaIds(detection("renamed-file")));
    expect(a.rule).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.rule).not.toBe(sigmaIds(detection("x", { id: "7c2f1b9e-3d4a-4e6b-8f0c-1a2b3c4d5e6f" })).rule);
  });

  it("emits rules that validate against the Sigma schema, with ATT&CK tags and level", () => {
    const [rule] = emitted('AuditLogs | where OperationName == "Set domain authentication"', { techniques: ["T1484.002"], tactics: ["PrivilegeEscalation", "DefenseEvasion"] });
    expect(validateArtifact("sigma-rule", rule)).toEqual([]);
    expect(rule).toMatchObject({
      title: "Federation trust modified",
      status: "test",
      tags: ["attack.privilege-escalation", "attack.defense-impairment", "attack.t1484.002"],
      logsource: { product: "azure", service: "auditlogs" },
      level: "high",
      falsepositives: ["Planned federation changes by identity administrators"],
    });
    expect(validateArtifact("sigma-rule", { ...rule, tags: ["ATTACK T1"] })).toEqual(['/tags/0: must match pattern "^[a-z0-9_-]+\\.[a-z0-9._-]+$"']);
    expect(validateArtifact("sigma-rule", { ...rule, tags: ["attack.defense-evasion"] })).toEqual([
      "/tags/0: attack.defense-evasion is retired: ATT&CK v19 split it into attack.stealth and attack.defense-impairment (pySigma 1.5 attacktag)",
    ]);
  });

  it("maps the detection's status to Sigma's maturity values, one table for every artifact", () => {
    const status = (s?: "Available" | "Experimental" | "Deprecated") => emitted('AuditLogs | where OperationName == "x"', { status: s })[0].status;
    expect(status("Available")).toBe("stable");
    expect(status("Experimental")).toBe("experimental");
    expect(status("Deprecated")).toBe("deprecated");
    // unset: tested by its fixtures but not declared production-ready
    expect(status(undefined)).toBe("test");
    const doc = buildArtifacts([detection("rule", { entities: undefined, customDetails: undefined }, 'AuditLogs | where OperationName == "x"')]).get("docs/rule.md") as string;
    expect(doc).toContain("| Status | not set (Sentinel treats it as Available) |");
    expect(doc).toContain("(status `test`)");
  });

  it("emits ATT&CK v19 tactics: no defense-evasion tag, stealth or defense-impairment by technique", () => {
    const tags = (tactics: string[], techniques: string[]) =>
      emitted('AuditLogs | where OperationName == "x"', { tactics, techniques })[0].tags as string[];
    expect(tags(["InitialAccess", "DefenseEvasion"], ["T1078.004"])).toEqual(["attack.initial-access", "attack.stealth", "attack.t1078.004"]);
    expect(tags(["DefenseEvasion", "PrivilegeEscalation"], ["T1484.002"])).toEqual(["attack.defense-impairment", "attack.privilege-escalation", "attack.t1484.002"]);
    expect(tags(["DefenseEvasion"], ["T1556.007", "T1564.001"])).toEqual(["attack.defense-impairment", "attack.stealth", "attack.t1556.007", "attack.t1564.001"]);
    // no technique says which half: stealth, where most former defense-evasion tags went
    expect(tags(["DefenseEvasion"], [])).toEqual(["attack.stealth"]);
    expect(tags(["DefenseEvasion", "PrivilegeEscalation"], ["T1055.001"])).toEqual(["attack.stealth", "attack.privilege-escalation", "attack.t1055.001"]);
  });

  it("writes a pipeline that maps every emitted logsource and field back to its table and column", () => {
    const files = buildArtifacts([detection("proc", { entities: undefined, customDetails: undefined }, 'DeviceProcessEvents | where ProcessCommandLine contains "x"')]);
    const pipeline = parseYaml(files.get("sigma/pipeline.yml") as string) as { transformations: Json[] };
    expect(validateArtifact("sigma-pipeline", pipeline)).toEqual([]);
    const rule = parseYaml(files.get("sigma/proc.yml") as string) as { logsource: Json };
    const forRule = pipeline.transformations.filter((t) =>
      (t.rule_conditions as Json[]).some((c) => Object.entries(rule.logsource).every(([k, v]) => c[k] === v) && Object.keys(c).length === Object.keys(rule.logsource).length + 1),
    );
    expect(forRule).toEqual([
      expect.objectContaining({ type: "set_state", key: "query_table", val: "DeviceProcessEvents" }),
      expect.objectContaining({ type: "field_name_mapping", mapping: expect.objectContaining({ CommandLine: "ProcessCommandLine", Image: "FolderPath" }) }),
    ]);
  });
});

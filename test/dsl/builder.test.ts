/**
 * The builder produces the KQL AST: checked by printing it with the front end, parsing the
 * text back (the round-trip contract: same AST ignoring spans) and looking at the text of the
 * constructs authors rely on.
 */
import {
  AADNonInteractiveUserSignInLogs,
  AuditLogs,
  DeviceProcessEvents,
  SigninLogs,
  Syslog,
  ago,
  and,
  bagPack,
  caseOf,
  count,
  countIf,
  datetime,
  dcount,
  dynamic,
  fn,
  from,
  iff,
  letTable,
  letValue,
  makeSet,
  max,
  not,
  or,
  strcat,
  union,
} from "kustodian";
import { describe, expect, it } from "vitest";
import { inferColumnsByEvaluation } from "../../src/dsl/infer-columns.js";
import * as engine from "../../src/engine/index.js";
import { type Script, parse, print, stripSpans } from "../../src/kql/index.js";
import { loadSchemas } from "../../src/schema/registry.js";

const schemas = loadSchemas();

/** The builder's claimed output columns must be what the evaluator produces for the printed query. */
function expectColumnsAsEvaluated(q: { toScript(): Script; columns: Readonly<Record<string, string>> }): void {
  const evaluated = inferColumnsByEvaluation(parse(print(q.toScript())).script, schemas, engine, new Map());
  expect(evaluated).toEqual(Object.entries(q.columns).map(([name, type]) => ({ name, type })));
}

function kql(q: { toScript(): Script; columns: Readonly<Record<string, string>> }): string {
  expectColumnsAsEvaluated(q);
  const script = q.toScript();
  const text = print(script);
  const back = parse(text);
  expect(back.diagnostics).toEqual([]);
  expect(stripSpans(back.script)).toEqual(stripSpans(script));
  return text;
}

describe("builder -> AST -> KQL", () => {
  it("filters with typed operators", () => {
    const text = kql(
      from(AuditLogs)
        .where((r) => r.OperationName.eq("Set domain authentication").and(r.Result.eqCi("success")))
        .where((r) => r.TimeGenerated.gt(ago("1d")))
        .where((r) => or(r.Category.in(["A", "B"]), r.LoggedByService.notInCi(["x"]), not(r.Identity.isEmpty())))
        .where((r) => r.ResultDescription.hasAny(["a", "b"]).or(r.ResultReason.matchesRegex("^x\\d+$")))
        .where((r) => r.DurationMs.between(1, 10).and(r.ActivityDateTime.ge(datetime("2026-01-01T00:00:00Z")))),
    );
    expect(text).toBe(
      [
        "AuditLogs",
        '| where OperationName == "Set domain authentication" and Result =~ "success"',
        "| where TimeGenerated > ago(1d)",
        '| where Category in ("A", "B") or LoggedByService !in~ ("x") or not(isempty(Identity))',
        '| where ResultDescription has_any ("a", "b") or ResultReason matches regex @"^x\\d+$"',
        "| where DurationMs between (1 .. 10) and ActivityDateTime >= datetime(2026-01-01T00:00:00.000Z)",
      ].join("\n"),
    );
  });

  it("reads dynamic paths, with brackets for names that are not identifiers", () => {
    const q = from(AuditLogs).extend((r) => ({
      Domain: r.TargetResources.at(0).prop("displayName").asString(),
      Actor: r.InitiatedBy.path("user", "userPrincipalName").asString(),
      Odd: r.AdditionalDetails.prop("User-Agent"),
      Last: r.TargetResources.at(-1),
    }));
    expect(kql(q)).toContain(
      '| extend Domain = tostring(TargetResources[0].displayName), Actor = tostring(InitiatedBy.user.userPrincipalName), Odd = AdditionalDetails["User-Agent"], Last = TargetResources[-1]',
    );
    expect(q.columns.Odd).toBe("dynamic");
    expect(q.columns.Domain).toBe("string");
  });

  it("summarizes by columns and by computed keys", () => {
    const q = from(SigninLogs)
      .where((r) => r.ResultType.ne("0"))
      .summarize(
        (r) => ({ Failures: count(), IPs: dcount(r.IPAddress), Apps: makeSet(r.AppDisplayName, 5), Last: max(r.TimeGenerated) }),
        (r) => ({ UserPrincipalName: r.UserPrincipalName, Hour: r.TimeGenerated.bin("1h") }),
      )
      .where((r) => r.Failures.gt(10));
    expect(kql(q)).toContain(
      "| summarize Failures = count(), IPs = dcount(IPAddress), Apps = make_set(AppDisplayName, 5), Last = max(TimeGenerated) by UserPrincipalName, Hour = bin(TimeGenerated, 1h)",
    );
    expect(q.columns).toEqual({
      UserPrincipalName: "string",
      Hour: "datetime",
      Failures: "long",
      IPs: "long",
      Apps: "dynamic",
      Last: "datetime",
    });
    const byList = from(SigninLogs).summarize({ N: count() }, ["UserPrincipalName", "IPAddress"]);
    expect(kql(byList)).toContain("| summarize N = count() by UserPrincipalName, IPAddress");
    expect(Object.keys(byList.columns)).toEqual(["UserPrincipalName", "IPAddress", "N"]);
  });

  it("joins on shared keys and on $left/$right pairs", () => {
    const audit = from(AuditLogs).extend((r) => ({ Domain: r.TargetResources.at(0).prop("displayName").asString() }));
    const signins = from(SigninLogs).extend((r) => ({ Domain: r.UserPrincipalName.extract("@(.*)$", 1) }));
    const q = audit.join("inner", signins, ["Domain"]).join("leftouter", from(SigninLogs), [["CorrelationId", "CorrelationId"]]);
    const text = kql(q);
    expect(text).toContain("| join kind=inner (");
    expect(text).toContain(") on Domain");
    expect(text).toContain("| join kind=leftouter SigninLogs on $left.CorrelationId == $right.CorrelationId");
    expect(q.columns.Domain1).toBe("string");
    expect(q.columns.CorrelationId2).toBe("string");
  });

  it("looks up a dimension table, dropping its key columns", () => {
    const known = from(AuditLogs)
      .where((r) => r.OperationName.eq("Register connector"))
      .project((r) => ({ Host: r.TargetResources.at(0).prop("displayName").asString(), Registered: r.TimeGenerated, Category: r.Category }));
    const q = from(SigninLogs)
      .extend((r) => ({ Host: r.AuthenticationProcessingDetails }))
      .lookup("leftouter", known, ["Host"])
      .where((r) => r.Registered.isNull().and(r.Category1.eq("")));
    const text = kql(q);
    expect(text).toContain("| lookup kind=leftouter (");
    expect(text).toContain(") on Host");
    expect(q.columns.Registered).toBe("datetime");
    expect(q.columns).not.toHaveProperty("Host1");
    const pairs = from(SigninLogs).lookup("inner", known, [["UserPrincipalName", "Host"]]);
    expect(kql(pairs)).toContain("on $left.UserPrincipalName == $right.Host");
    // @ts-expect-error lookup kinds are leftouter and inner
    expect(() => from(SigninLogs).lookup("leftanti", known, ["Host"] as never)).toThrow(/leftouter or inner/);
  });

  it("parses strings into typed columns", () => {
    const q = from(Syslog)
      .parse((r) => r.SyslogMessage, "*", "user=", { User: "string" }, " port=", { Port: "long" }, " at ", { When: "datetime" })
      .where((r) => r.User.endsWith("@contoso.com").and(r.Port.gt(1024)).and(r.When.gt(ago("1h"))))
      .project("User", "Port", "Computer");
    expect(kql(q)).toContain('| parse SyslogMessage with * "user=" User:string " port=" Port:long " at " When:datetime');
    expect(q.columns).toEqual({ User: "string", Port: "long", Computer: "string" });
    const kept = from(Syslog).parseWhere((r) => r.SyslogMessage.toLower(), "host=", { Computer: "string" });
    expect(kql(kept)).toContain('| parse-where tolower(SyslogMessage) with "host=" Computer:string');
    // @ts-expect-error parse() reads a string expression
    expect(() => from(Syslog).parse((r) => r.SeverityLevel.length(), "x", { A: "string" })).toThrow(/string expression/);
    expect(() => from(Syslog).parse((r) => r.SyslogMessage, "no capture")).toThrow(/at least one/);
  });

  it("takes the earliest row per key with argMin", () => {
    const q = from(SigninLogs).project("UserPrincipalName", "TimeGenerated", "IPAddress").argMin("TimeGenerated", ["UserPrincipalName"]);
    expect(kql(q)).toContain("| summarize arg_min(TimeGenerated, *) by UserPrincipalName");
  });

  it("hoists lets once, in dependency order", () => {
    const admins = letValue("AdminRoles", ["Global Administrator", "Hybrid Identity Administrator"]);
    const threshold = letValue("Threshold", 3);
    const all = letTable(
      "AllSignins",
      union(
        from(SigninLogs).project("UserPrincipalName", "IPAddress", "TimeGenerated"),
        from(AADNonInteractiveUserSignInLogs).project("UserPrincipalName", "IPAddress", "TimeGenerated"),
      ),
    );
    const recent = letTable(
      "Recent",
      all.where((r) => r.TimeGenerated.gt(ago("1h"))),
    );
    const q = recent
      .where((r) => r.UserPrincipalName.in(admins))
      .summarize((r) => ({ IPs: dcount(r.IPAddress) }), ["UserPrincipalName"])
      .where((r) => r.IPs.gt(threshold))
      .join("leftanti", all.where((r) => r.TimeGenerated.lt(ago("1h"))).distinct("UserPrincipalName"), ["UserPrincipalName"]);
    const text = kql(q);
    const lets = text.split("\n").filter((l) => l.startsWith("let "));
    expect(lets.map((l) => l.split(" ")[1])).toEqual(["AllSignins", "Recent", "AdminRoles", "Threshold"]);
    expect(text).toContain('let AdminRoles = dynamic(["Global Administrator","Hybrid Identity Administrator"]);');
    expect(text).toContain("let Threshold = 3;");
    expect(text).toContain("| where UserPrincipalName in (AdminRoles)");
  });

  it("uses a one-column query as an in() list", () => {
    const admins = from(AuditLogs)
      .where((r) => r.OperationName.eq("Add member to role"))
      .project((r) => ({ Upn: r.TargetResources.at(0).prop("userPrincipalName").asString() }));
    const q = from(SigninLogs).where((r) => r.UserPrincipalName.in(admins));
    expect(kql(q)).toContain("| where UserPrincipalName in (\n    AuditLogs");
    // @ts-expect-error a datetime column is not a list of strings
    expect(() => from(SigninLogs).where((r) => r.UserPrincipalName.in(from(AuditLogs).project("TimeGenerated")))).toThrow(
      /datetime values cannot match a string/,
    );
    expect(() => from(SigninLogs).where((r) => r.UserPrincipalName.in(from(AuditLogs).project("Identity", "Result")))).toThrow(/exactly one column/);
  });

  it("refuses one let name bound to two values", () => {
    const a = letValue("X", 1);
    const b = letValue("X", 2);
    expect(() => from(AuditLogs).where((r) => r.DurationMs.gt(a).and(r.DurationMs.lt(b)))).toThrow(/let 'X'/);
  });

  it("supports project forms, rename, away, mv-expand, top and count", () => {
    const q = from(DeviceProcessEvents)
      .where((r) => r.FileName.eqCi("InjectDLL.exe").and(r.ProcessCommandLine.contains("PTASpy")))
      .project((r) => ({
        Timestamp: r.Timestamp,
        DeviceName: r.DeviceName,
        Parent: r.InitiatingProcessFileName.toLower(),
        Label: strcat(r.DeviceName, ":", r.FileName),
        Kind: iff(r.FileName.startsWith("Inject"), "injector", "other"),
        Bag: bagPack({ cmd: r.ProcessCommandLine }),
        Private: fn("ipv4_is_private", "bool", "10.0.0.1"),
      }))
      .projectRename({ Host: "DeviceName" })
      .projectAway("Bag")
      .top(5, "Timestamp");
    const text = kql(q);
    expect(text).toContain(
      '| project Timestamp, DeviceName, Parent = tolower(InitiatingProcessFileName), Label = strcat(DeviceName, ":", FileName), Kind = iff(FileName startswith "Inject", "injector", "other"), Bag = bag_pack("cmd", ProcessCommandLine), Private = ipv4_is_private("10.0.0.1")',
    );
    expect(text).toContain("| project-rename Host = DeviceName");
    expect(Object.keys(q.columns)).toEqual(["Timestamp", "Host", "Parent", "Label", "Kind", "Private"]);
    expect(q.columns.Private).toBe("bool");

    const expanded = from(AuditLogs).mvExpand("TargetResources").mvExpand((r) => ({ Prop: r.TargetResources.prop("modifiedProperties") }));
    expect(kql(expanded)).toContain("| mv-expand Prop = TargetResources.modifiedProperties");
    expect(kql(from(AuditLogs).count())).toBe("AuditLogs\n| count");
  });

  it("orders arg_max output as Kusto does: keys, the column, the rest", () => {
    const q = from(SigninLogs).project("IPAddress", "TimeGenerated", "UserPrincipalName", "AppId").argMax("TimeGenerated", ["UserPrincipalName"]);
    expect(kql(q)).toContain("| summarize arg_max(TimeGenerated, *) by UserPrincipalName");
    expect(Object.keys(q.columns)).toEqual(["UserPrincipalName", "TimeGenerated", "IPAddress", "AppId"]);
  });

  it("builds case(), extract_all() and set_has_element() with expressions", () => {
    const q = from(SigninLogs)
      .extend((r) => ({
        Kind: caseOf(
          [
            [r.UserAgent.has("AADInternals"), "tool"],
            [r.UserAgent.startsWith("python"), "script"],
          ],
          "other",
        ),
        Words: r.UserAgent.extractAll("([A-Za-z]+)"),
      }))
      .summarize((r) => ({ Known: makeSet(r.IPAddress) }), ["UserPrincipalName", "Kind", "IPAddress"])
      .where((r) => r.Known.hasElement(r.IPAddress).not());
    const text = kql(q);
    expect(text).toContain('| extend Kind = case(UserAgent has "AADInternals", "tool", UserAgent startswith "python", "script", "other"), Words = extract_all("([A-Za-z]+)", UserAgent)');
    expect(text).toContain("| where not(set_has_element(Known, IPAddress))");
    expect(q.columns.Kind).toBe("string");
  });

  it("keeps literals escaped (strings, lists, dynamic) and typed", () => {
    const tricky = 'a"b\\c\n|take 1';
    const q = from(AuditLogs)
      .where((r) => r.OperationName.eq(tricky).and(r.Category.in([tricky])))
      .extend(() => ({ D: dynamic({ k: [1, "x"] }), N: -5, R: 1.5, B: true }))
      .where((r) => and(r.B, r.N.lt(0), r.R.gt(1)))
      .summarize((r) => ({ Quiet: countIf(r.B.not()) }), ["OperationName"]);
    const text = kql(q);
    expect(text).toContain('| where OperationName == "a\\"b\\\\c\\n|take 1" and Category in ("a\\"b\\\\c\\n|take 1")');
    expect(text).toContain('| extend D = dynamic({"k":[1,"x"]}), N = -5, R = 1.5, B = true');
    expect(q.columns).toEqual({ OperationName: "string", Quiet: "long" });
    expect(text.split("\n")).toHaveLength(5); // the newline in the value did not break a line
  });
});

/**
 * Output columns of raw KQL: the static inference must agree with the evaluator (run over
 * empty tables), which applies Kusto's column rules; the loader uses the evaluator first and
 * the static inference when the evaluator cannot run a query.
 */
import { describe, expect, it } from "vitest";
import { inferColumnsByEvaluation, inferColumnsStatically } from "../../src/dsl/infer-columns.js";
import * as engine from "../../src/engine/index.js";
import { parse } from "../../src/kql/index.js";
import { loadSchemas } from "../../src/schema/registry.js";

const schemas = loadSchemas();
const script = (text: string) => {
  const p = parse(text);
  expect(p.diagnostics).toEqual([]);
  return p.script;
};

const QUERIES = [
  "AuditLogs | where OperationName == 'x' | project TimeGenerated, OperationName",
  "AuditLogs | extend Actor = tostring(InitiatedBy.user.userPrincipalName), N = 1 | project-away *Billable*, _BilledSize",
  "SigninLogs | summarize count(), dcount(IPAddress), make_set(AppDisplayName), max(TimeGenerated) by UserPrincipalName, bin(TimeGenerated, 1h)",
  "SigninLogs | summarize arg_max(TimeGenerated, *) by UserPrincipalName | project-keep User*, TimeGenerated",
  "SigninLogs | project UserPrincipalName, IPAddress | join kind=inner (AuditLogs | project UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName), OperationName) on UserPrincipalName",
  "SigninLogs | project UserPrincipalName | join kind=leftanti (AuditLogs | project UserPrincipalName = Identity) on UserPrincipalName",
  "let admins = dynamic(['a']); let S = SigninLogs | where UserPrincipalName in (admins); S | project-rename Upn = UserPrincipalName | project Upn, TimeGenerated",
  "AuditLogs | mv-expand Prop = TargetResources[0].modifiedProperties | project Prop, Name = tostring(Prop.displayName)",
  "Syslog | parse SyslogMessage with 'user=' User:string ' ip=' Ip:string | project User, Ip, Computer",
  "union SigninLogs, AADNonInteractiveUserSignInLogs | distinct UserPrincipalName, IPAddress",
  "AuditLogs | count",
  "SigninLogs | top 5 by TimeGenerated | extend Hour = bin(TimeGenerated, 1h), Late = TimeGenerated > ago(1d)",
];

describe("raw KQL output columns", () => {
  it.each(QUERIES)("static inference agrees with the evaluator: %s", (text) => {
    const s = script(text);
    const byEngine = inferColumnsByEvaluation(s, schemas, engine, new Map());
    expect(byEngine).not.toBeNull();
    expect(inferColumnsStatically(s, schemas)).toEqual(byEngine);
  });

  it("answers unknown (null) statically for an unknown table or an unknowable operator", () => {
    expect(inferColumnsStatically(script("NoSuchTable | project x"), schemas)).toBeNull();
    expect(inferColumnsStatically(script("AuditLogs | evaluate bag_unpack(AdditionalDetails)"), schemas)).toBeNull();
    expect(inferColumnsByEvaluation(script("NoSuchTable | project x"), schemas, engine, new Map())).toBeNull();
  });
});

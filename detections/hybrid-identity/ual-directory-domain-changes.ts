/**
 * Directory administration on domains and partners as the unified audit log records it
 * (OfficeActivity, Azure Active Directory workload): for tenants that ship the UAL to Sentinel
 * but not the Entra audit logs, or as a second, independent witness of the same changes.
 */
import { OfficeActivity, detection, entity, from, iff } from "kustodian";
import { AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables, clientAddress } from "./_shared.js";

/** UAL operation names end with a period, unlike the AuditLogs ones. */
const HIGH_RISK = ["Set domain authentication.", "Set federation settings on domain.", "Add partner to company."];
const OTHER = ["Add domain to company.", "Verify domain.", "Update domain."];

const query = from(OfficeActivity)
  .where((r) => r.OfficeWorkload.eq("AzureActiveDirectory").and(r.Operation.in([...HIGH_RISK, ...OTHER])))
  .where((r) => r.ResultStatus.eqCi("Success"))
  .extend((r) => ({
    // ModifiedProperties is a JSON list of {Name, NewValue, OldValue}.
    NewAuthentication: r.ModifiedProperties.extract('"Name":"LiveType","NewValue":"([^"]*)"', 1),
    IssuerUri: r.ModifiedProperties.extract('"Name":"IssuerUri","NewValue":"([^"]*)"', 1),
    // The caller's user agent sits inside a JSON string inside ExtendedProperties.
    UserAgent: r.ExtendedProperties.extract('User-Agent\\\\":\\\\"([^\\\\"]*)', 1),
    ClientAddress: clientAddress(r.ClientIP),
    AlertSeverity: iff(r.Operation.in(HIGH_RISK), "High", "Medium"),
  }))
  .project(
    "TimeGenerated",
    "Operation",
    "OfficeObjectId",
    "NewAuthentication",
    "IssuerUri",
    "UserId",
    "ClientAddress",
    "UserAgent",
    "ModifiedProperties",
    "AlertSeverity",
  );

const cases = caseTables("OfficeActivity");

export default detection({
  id: "1398a4fb-64c6-4ba6-8cb3-618ea59907de",
  name: "Domain or partner change in the unified audit log",
  description:
    "The unified audit log (OfficeActivity, Azure Active Directory records) shows a domain's authentication or federation settings set, a domain added, verified or updated, or a partner added to the company. Authentication, federation and partner changes are High: they are the federation backdoor and delegated-admin footholds; the others are Medium context. Independent of the AuditLogs connector.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["PrivilegeEscalation", "DefenseEvasion", "InitialAccess", "Persistence"],
  techniques: ["T1484.002", "T1199"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [entity("Account", { FullName: "UserId" }), entity("IP", { Address: "ClientAddress" })],
  customDetails: {
    Operation: "Operation",
    Target: "OfficeObjectId",
    NewAuthentication: "NewAuthentication",
    IssuerUri: "IssuerUri",
    UserAgent: "UserAgent",
  },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Operation}} {{OfficeObjectId}} by {{UserId}}",
    alertDescriptionFormat:
      "{{UserId}} performed '{{Operation}}' on {{OfficeObjectId}}. Confirm the change; unknown issuers or partners are backdoors into the tenant.",
    alertSeverityColumnName: "AlertSeverity",
  },
  requiredDataConnectors: [CONNECTORS.office365],
  version: "1.0.1",
  author: AUTHOR,
  references: [MANDIANT_BACKDOORS, "https://learn.microsoft.com/purview/audit-log-activities", "https://attack.mitre.org/techniques/T1484/002/"],
  falsePositives: ["Planned domain onboarding and federation projects; partner (CSP) onboarding."],
  tags: ["AADInternals", "HybridIdentity", "UnifiedAuditLog"],
  response: [
    "1. For authentication or federation changes: list the tenant's federated domains and their issuers (`Get-MgDomain`, `Get-MgDomainFederationConfiguration`) and revert anything you do not run.",
    "2. For a new partner: review partner relationships and delegated admin (GDAP/DAP) in the admin center and remove unknown ones.",
    "3. Reset the actor's credentials if the change was not planned, and correlate with `domain-federation-backdoor` and `new-domain-then-federated`.",
  ].join("\n"),
  tests: [
    {
      name: "the six domain and partner operations alert among user activity; failures, other operations and Exchange do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 7,
    },
    {
      name: "each operation alerts with its severity and changed values",
      now: NOW,
      tables: cases("every-domain-operation"),
      alerts: 6,
      rows: [
        { Operation: "Add domain to company.", OfficeObjectId: "contoso-sso.com", AlertSeverity: "Medium" },
        { Operation: "Verify domain.", AlertSeverity: "Medium" },
        { Operation: "Set domain authentication.", NewAuthentication: "Federated", AlertSeverity: "High", UserAgent: "AADInternals" },
        { Operation: "Set federation settings on domain.", IssuerUri: "http://any.sts/B231A11F", AlertSeverity: "High" },
        { Operation: "Add partner to company.", AlertSeverity: "High", ClientAddress: "203.0.113.66" },
        { Operation: "Update domain.", AlertSeverity: "Medium" },
      ],
    },
    {
      name: "an admin verifying a new domain alerts at Medium",
      now: NOW,
      tables: cases("admin-verifies-new-domain"),
      alerts: 1,
      title: "Verify domain. events.contoso.com by adm-megan.bowen@contoso.com",
      entities: [{ type: "Account", FullName: "adm-megan.bowen@contoso.com" }, { type: "IP", Address: "198.51.100.24" }],
      customDetails: { Target: "events.contoso.com" },
    },
    { name: "a failed operation stays quiet", now: NOW, tables: cases("benign-failed-operation"), alerts: 0 },
    { name: "user and role operations stay quiet", now: NOW, tables: cases("benign-other-directory-operations"), alerts: 0 },
    { name: "Exchange's accepted-domain cmdlets stay quiet here", now: NOW, tables: cases("benign-exchange-workload"), alerts: 0 },
  ],
});

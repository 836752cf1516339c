/**
 * A domain added or verified and then switched to federated within 24 hours: the pattern of a
 * federation backdoor on an attacker-owned domain (`New-AADIntDomain`, then
 * `ConvertTo-AADIntBackdoor`). Legitimate federation of a new domain is planned over days.
 */
import { AuditLogs, ago, coalesce, detection, entity, from, makeSet, min } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables, federatedDomainChanges } from "./_shared.js";

/** The run's window for the federation event; the add may be up to a day older. */
const RECENT = "1h";
const WINDOW = "24h";

const added = from(AuditLogs)
  .where((r) =>
    r.OperationName.in(["Add unverified domain", "Add verified domain", "Verify domain"]).and(r.Result.eqCi("success")),
  )
  .extend((r) => ({
    Domain: r.TargetResources.at(0).prop("displayName").asString().toLower(),
    AddedBy: coalesce(r.InitiatedBy.path("user", "userPrincipalName").asString(), r.InitiatedBy.path("app", "displayName").asString()),
  }))
  .summarize(
    (r) => ({ AddedTime: min(r.TimeGenerated), AddOperations: makeSet(r.OperationName), AddedBy: makeSet(r.AddedBy) }),
    ["Domain"],
  );

const query = federatedDomainChanges()
  .where((r) => r.TimeGenerated.ge(ago(RECENT)))
  .join("inner", added, ["Domain"])
  .where((r) => r.TimeGenerated.gt(r.AddedTime).and(r.TimeGenerated.le(r.AddedTime.plus(WINDOW))))
  .extend((r) => ({ TimeSinceAdded: r.TimeGenerated.since(r.AddedTime).asString() }))
  .project(
    "TimeGenerated",
    "Domain",
    "AddedTime",
    "AddOperations",
    "AddedBy",
    "OperationName",
    "NewAuthentication",
    "IssuerUri",
    "ChangedProperties",
    "Actor",
    "ActorObjectId",
    "ActorIP",
    "UserAgent",
    "TimeSinceAdded",
  );

const cases = caseTables("AuditLogs");

export default detection({
  id: "2395692d-628b-4203-b126-d7d44ce96adf",
  name: "New domain added then federated within 24 hours",
  description:
    "A domain was added or verified in the tenant and, within 24 hours, its authentication was set to federated or its federation settings changed. Attackers with Global Administrator rights add a domain they control and federate it to their own issuer, then sign in as any user they choose (AADInternals New-AADIntDomain and ConvertTo-AADIntBackdoor); legitimate federation of a new domain is rarely this fast.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["Persistence", "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess"],
  techniques: ["T1484.002", "T1606.002"],
  schedule: { frequency: "1h", lookback: "2d" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [
    entity("Account", { FullName: "Actor", AadUserId: "ActorObjectId" }),
    entity("IP", { Address: "ActorIP" }),
    entity("DNS", { DomainName: "Domain" }),
  ],
  customDetails: {
    Domain: "Domain",
    AddedTime: "AddedTime",
    AddedBy: "AddedBy",
    IssuerUri: "IssuerUri",
    Operation: "OperationName",
    UserAgent: "UserAgent",
  },
  alertDetailsOverride: {
    alertDisplayNameFormat: "New domain {{Domain}} federated by {{Actor}} (issuer {{IssuerUri}})",
    alertDescriptionFormat:
      "{{Domain}} was added to the tenant and federated by {{Actor}} within 24 hours ({{TimeSinceAdded}} after it was added). Whoever controls that federation can sign in as any user of the domain.",
  },
  requiredDataConnectors: [CONNECTORS.entra("AuditLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [MANDIANT_BACKDOORS, ATTACK_SOFTWARE, AADINTERNALS, "https://attack.mitre.org/techniques/T1484/002/"],
  falsePositives: ["A fast, planned onboarding of a new federated domain (M&A, a new brand) by the identity team."],
  tags: ["AADInternals", "HybridIdentity", "FederationBackdoor"],
  response: [
    "1. Check who owns the domain and whether its addition was planned. List the tenant's federated domains and their issuers (`Get-MgDomain`, `Get-MgDomainFederationConfiguration`); an issuer you do not run is the backdoor.",
    "2. Remove the federation (convert to managed) or the domain itself, revoke sessions of any user who signed in through it (SigninLogs with `TokenIssuerType == \"ADFederationServices\"` and a UPN suffix of that domain, or users whose ImmutableId was used), and reset the actor's credentials and roles.",
  ].join("\n"),
  tests: [
    {
      name: "a domain added, verified and federated the same day alerts once among 36 hours of directory noise",
      now: NOW,
      tables: cases("scenario"),
      alerts: 1,
      rows: [
        {
          Domain: "contoso-sso.com",
          AddOperations: ["Add unverified domain", "Verify domain"],
          Actor: "adm-lidia.holloway@contoso.com",
          NewAuthentication: "Federated",
        },
      ],
    },
    {
      name: "add, verify, federate alerts, naming the domain, the actor and when it was added",
      now: NOW,
      tables: cases("added-verified-federated"),
      alerts: 1,
      entities: [{ type: "DNS", DomainName: "contoso-sso.com" }, { type: "IP", Address: "203.0.113.66" }],
      rows: [{ AddedTime: "2026-03-16T06:50:00Z", AddedBy: ["adm-lidia.holloway@contoso.com"] }],
      customDetails: { Domain: "contoso-sso.com", Operation: "Set domain authentication" },
    },
    {
      name: "the domain's case in the add and the federation events may differ",
      now: NOW,
      tables: cases("domain-name-case-differs"),
      alerts: 1,
      title: "New domain contoso-login.com federated by adm-lidia.holloway@contoso.com (issuer http://any.sts/B231A11F)",
      rows: [{ OperationName: "Set federation settings on domain", ChangedProperties: ["IssuerUri", "SigningCertificate", "PassiveLogOnUri"] }],
    },
    { name: "an admin verifying a new domain stays quiet", now: NOW, tables: cases("benign-admin-verifies-new-domain"), alerts: 0 },
    { name: "federating a domain added 30 hours earlier stays quiet", now: NOW, tables: cases("benign-federated-after-24-hours"), alerts: 0 },
    { name: "federating an existing domain stays quiet here", now: NOW, tables: cases("benign-existing-domain-federated"), alerts: 0 },
    { name: "a new domain set to managed stays quiet", now: NOW, tables: cases("benign-new-domain-set-managed"), alerts: 0 },
    { name: "a failed add followed by federation stays quiet", now: NOW, tables: cases("benign-failed-add"), alerts: 0 },
    {
      name: "a failed federation attempt and an update of an already federated domain stay quiet",
      now: NOW,
      tables: cases("benign-failed-federation-and-domain-update"),
      alerts: 0,
    },
    {
      name: "a federation an earlier run already reported is not reported again",
      now: NOW,
      tables: cases("benign-federated-in-earlier-run"),
      alerts: 0,
    },
  ],
});

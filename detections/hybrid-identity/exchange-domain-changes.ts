/**
 * Exchange Online accepted-domain and federated-domain changes from the unified audit log.
 * They manage mail routing and the Exchange federation trust, not Entra sign-in, but they are
 * the Exchange side of a domain takeover and rarely change.
 */
import { OfficeActivity, detection, entity, from, iff } from "kustodian";
import { AUTHOR, CONNECTORS, NOW, caseTables, clientAddress } from "./_shared.js";

/** The cmdlets, as Exchange admin audit records name them in `Operation`. */
const DOMAIN_CMDLETS = [
  "New-AcceptedDomain",
  "Set-AcceptedDomain",
  "Remove-AcceptedDomain",
  "Add-FederatedDomain",
  "Remove-FederatedDomain",
  "Set-MsolDomainFederationSettings",
];

const query = from(OfficeActivity)
  .where((r) => r.OfficeWorkload.eq("Exchange").and(r.Operation.in(DOMAIN_CMDLETS)))
  // Exchange admin records say whether the cmdlet succeeded in ResultStatus: "True" or "False".
  .where((r) => r.ResultStatus.neCi("False"))
  .extend((r) => ({
    // Parameters is a JSON list of {Name, Value}; the domain is DomainName, Identity or Name.
    Domain: r.Parameters.extract('"Name":"(?:DomainName|Identity|Name)","Value":"([^"]+)"', 1),
    ClientAddress: clientAddress(r.ClientIP),
    AlertSeverity: iff(r.Operation.in(["Add-FederatedDomain", "Set-MsolDomainFederationSettings"]), "High", "Medium"),
  }))
  .project("TimeGenerated", "Operation", "Domain", "UserId", "ClientAddress", "Parameters", "ResultStatus", "OrganizationName", "AlertSeverity");

const cases = caseTables("OfficeActivity");

export default detection({
  id: "f7b78fe9-f0d7-445c-88fc-fef38fae97ec",
  name: "Exchange accepted or federated domain changed",
  description:
    "An Exchange Online accepted domain or federated domain was added, changed or removed (New-, Set-, Remove-AcceptedDomain, Add-, Remove-FederatedDomain, Set-MsolDomainFederationSettings), per the Exchange admin records of the unified audit log. Domain changes rarely happen outside planned projects; adding a federated domain is raised to High. Note: AADInternals' federation backdoor itself changes Entra ID, not Exchange; see domain-federation-backdoor.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["PrivilegeEscalation", "DefenseEvasion"],
  techniques: ["T1484.002"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [entity("Account", { FullName: "UserId" }), entity("IP", { Address: "ClientAddress" }), entity("DNS", { DomainName: "Domain" })],
  customDetails: { Operation: "Operation", Domain: "Domain", Parameters: "Parameters" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Operation}} on {{Domain}} by {{UserId}}",
    alertDescriptionFormat: "{{UserId}} ran {{Operation}} for {{Domain}} in Exchange Online. Confirm the change was planned.",
    alertSeverityColumnName: "AlertSeverity",
  },
  requiredDataConnectors: [CONNECTORS.office365],
  version: "1.0.1",
  author: AUTHOR,
  references: [
    "https://attack.mitre.org/techniques/T1484/002/",
    "https://learn.microsoft.com/powershell/module/exchange/add-federateddomain",
    "https://learn.microsoft.com/purview/audit-log-activities",
  ],
  falsePositives: ["Routine accepted-domain administration and Exchange hybrid or organisation-relationship setup."],
  tags: ["HybridIdentity", "Exchange"],
  response: [
    "1. Confirm with the Exchange team; compare with the tenant's domain list (`Get-AcceptedDomain`, `Get-FederatedOrganizationIdentifier -IncludeExtendedDomainInfo`).",
    "2. For an unplanned federated domain or issuer change: check the Entra side (domain authentication and federation settings, `domain-federation-backdoor`), revert, and reset the actor's credentials.",
  ].join("\n"),
  tests: [
    {
      name: "all six domain cmdlets alert among mailbox administration; a failure and read-only cmdlets do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 6,
    },
    {
      name: "each of the six cmdlets alerts, naming the domain",
      now: NOW,
      tables: cases("every-domain-cmdlet"),
      alerts: 6,
      rows: [
        { Operation: "New-AcceptedDomain", Domain: "contoso-sso.com", AlertSeverity: "Medium" },
        { Operation: "Set-AcceptedDomain", Domain: "contoso-sso.com" },
        { Operation: "Remove-AcceptedDomain", Domain: "old.contoso.com" },
        { Operation: "Add-FederatedDomain", Domain: "contoso-sso.com", AlertSeverity: "High" },
        { Operation: "Remove-FederatedDomain", Domain: "fabrikam.contoso.com", AlertSeverity: "Medium" },
        { Operation: "Set-MsolDomainFederationSettings", Domain: "contoso.com", AlertSeverity: "High", ClientAddress: "203.0.113.66" },
      ],
    },
    {
      name: "adding a federated domain alerts at High with actor, address and domain",
      now: NOW,
      tables: cases("federated-domain-added"),
      alerts: 1,
      title: "Add-FederatedDomain on contoso-sso.com by adm-lidia.holloway@contoso.com",
      entities: [
        { type: "Account", FullName: "adm-lidia.holloway@contoso.com" },
        { type: "IP", Address: "203.0.113.66" },
        { type: "DNS", DomainName: "contoso-sso.com" },
      ],
    },
    {
      name: "a routine accepted-domain change alerts at Medium",
      now: NOW,
      tables: cases("routine-accepted-domain-change"),
      alerts: 1,
      rows: [{ UserId: "adm-nestor.wilke@contoso.com", ClientAddress: "198.51.100.25", AlertSeverity: "Medium", Domain: "contoso.com" }],
    },
    { name: "a failed cmdlet stays quiet", now: NOW, tables: cases("benign-failed-cmdlet"), alerts: 0 },
    {
      name: "read-only domain cmdlets and mailbox changes stay quiet",
      now: NOW,
      tables: cases("benign-read-only-and-other-cmdlets"),
      alerts: 0,
    },
  ],
});

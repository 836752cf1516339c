/**
 * A domain switched to federated authentication, or its federation settings changed: the
 * federation backdoor of `ConvertTo-AADIntBackdoor` (a managed domain federated to the tool's
 * `any.sts` issuer) and of `Set-AADIntDomainAuthentication` / a planted next signing certificate.
 */
import { detection, entity, iff, or } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables, federatedDomainChanges } from "./_shared.js";

const query = federatedDomainChanges()
  .extend((r) => ({
    // The tool's IdP (`http://any.sts/<hex>`) or user agent: no legitimate federation looks like this.
    ToolIndicator: or(r.IssuerUri.contains("any.sts"), r.UserAgent.has("AADInternals")),
  }))
  .extend((r) => ({ AlertSeverity: iff(r.ToolIndicator, "High", "Medium") }))
  .project(
    "TimeGenerated",
    "OperationName",
    "Domain",
    "NewAuthentication",
    "IssuerUri",
    "ChangedProperties",
    "Actor",
    "ActorObjectId",
    "ActorIP",
    "UserAgent",
    "ToolIndicator",
    "AlertSeverity",
    "CorrelationId",
  );

const cases = caseTables("AuditLogs");

export default detection({
  id: "a9d5f262-05d0-4217-8d2d-19042fa05929",
  name: "Domain set to federated or federation changed",
  description:
    "A domain's authentication was set to Federated, or its federation settings (issuer, signing or next signing certificate, logon URIs) changed. Whoever holds the federation signing key can then mint tokens for any user of the domain, with MFA claimed, which is AADInternals' federation backdoor. The alert names the domain, the new issuer and the actor; it is raised to High when the issuer or user agent is the tool's.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["Persistence", "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess"],
  techniques: ["T1484.002", "T1606.002"],
  schedule: { frequency: "1h", lookback: "1h" },
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
    Operation: "OperationName",
    IssuerUri: "IssuerUri",
    ChangedProperties: "ChangedProperties",
    UserAgent: "UserAgent",
    ToolIndicator: "ToolIndicator",
  },
  alertDetailsOverride: {
    alertDisplayNameFormat: "Federation of {{Domain}} changed by {{Actor}} (issuer {{IssuerUri}})",
    alertDescriptionFormat:
      "{{Actor}} ran '{{OperationName}}' on {{Domain}}. Compare the issuer and certificates with your own identity provider; an unknown issuer lets its holder sign in as any user of the domain.",
    alertSeverityColumnName: "AlertSeverity",
  },
  requiredDataConnectors: [CONNECTORS.entra("AuditLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [
    MANDIANT_BACKDOORS,
    ATTACK_SOFTWARE,
    AADINTERNALS,
    "https://attack.mitre.org/techniques/T1484/002/",
    "https://attack.mitre.org/techniques/T1606/002/",
  ],
  falsePositives: [
    "Planned AD FS or third-party IdP roll-outs and certificate rollovers (raised at Medium unless the tool's issuer or user agent is seen).",
    "Entra Connect configuring federation for a new domain.",
  ],
  tags: ["AADInternals", "HybridIdentity", "GoldenSAML", "FederationBackdoor"],
  response: [
    "1. List the tenant's federated domains and their issuers: `Get-MgDomain | ? AuthenticationType -eq Federated | % { Get-MgDomainFederationConfiguration -DomainId $_.Id }`. Any issuer you do not operate (e.g. `http://any.sts/...`), or a signing or next signing certificate that is not your AD FS's, is the backdoor.",
    "2. Undo it: convert the domain back to managed (`Update-MgDomain -AuthenticationType Managed`) or restore your IdP's settings, including `NextSigningCertificate`.",
    "3. Revoke refresh tokens of users who signed in through the domain since the change (SigninLogs with `TokenIssuerType == \"ADFederationServices\"`), and reset the actor's credentials.",
    "4. Find how the actor got Global/Hybrid Identity Administrator rights and whether the same actor added domains (`new-domain-then-federated`).",
  ].join("\n"),
  tests: [
    {
      name: "the backdoor conversion and a planted next signing certificate alert; a rollover alerts at Medium; the rest stays quiet",
      now: NOW,
      tables: cases("scenario"),
      alerts: 3,
      rows: [
        { Domain: "contoso.com", NewAuthentication: "Federated", AlertSeverity: "High", Actor: "adm-lidia.holloway@contoso.com" },
        { Domain: "fabrikam.contoso.com", IssuerUri: "http://any.sts/B231A11F", AlertSeverity: "High" },
        { Domain: "contoso.com", OperationName: "Set federation settings on domain", AlertSeverity: "Medium" },
      ],
    },
    {
      name: "ConvertTo-AADIntBackdoor (managed to federated with the tool's user agent) alerts at High",
      now: NOW,
      tables: cases("managed-to-federated"),
      alerts: 1,
      rows: [{ ToolIndicator: true, AlertSeverity: "High", UserAgent: "AADInternals", ChangedProperties: ["LiveType"] }],
      entities: [
        { type: "Account", FullName: "adm-lidia.holloway@contoso.com" },
        { type: "IP", Address: "203.0.113.66" },
        { type: "DNS", DomainName: "contoso.com" },
      ],
    },
    {
      name: "a next signing certificate with the any.sts issuer alerts at High even with a stock user agent",
      now: NOW,
      tables: cases("next-signing-certificate"),
      alerts: 1,
      title: "Federation of fabrikam.contoso.com changed by adm-lidia.holloway@contoso.com (issuer http://any.sts/B231A11F)",
      rows: [
        {
          IssuerUri: "http://any.sts/B231A11F",
          NewAuthentication: "",
          ToolIndicator: true,
          ChangedProperties: ["IssuerUri", "NextSigningCertificate", "PassiveLogOnUri"],
        },
      ],
      customDetails: { Domain: "fabrikam.contoso.com", Operation: "Set federation settings on domain" },
    },
    {
      name: "a planned AD FS certificate rollover alerts at Medium",
      now: NOW,
      tables: cases("planned-certificate-rollover"),
      alerts: 1,
      rows: [{ IssuerUri: "http://sts.contoso.com/adfs/services/trust", ToolIndicator: false, AlertSeverity: "Medium" }],
    },
    {
      name: "an event without a user agent, initiated by an app, still alerts",
      now: NOW,
      tables: cases("no-user-agent-app-actor"),
      alerts: 1,
      rows: [{ Actor: "Microsoft Azure AD Connect", ActorObjectId: "5f1c8e2a-6b3d-4c9e-8a7f-0b1c2d3e4f5a", UserAgent: "", Domain: "sales.contoso.com" }],
    },
    { name: "converting a domain back to managed stays quiet", now: NOW, tables: cases("benign-federated-to-managed"), alerts: 0 },
    { name: "a failed attempt stays quiet", now: NOW, tables: cases("benign-failed-attempt"), alerts: 0 },
    {
      name: "verifying and updating domains stays quiet",
      now: NOW,
      tables: cases("benign-other-domain-operations"),
      alerts: 0,
    },
  ],
});

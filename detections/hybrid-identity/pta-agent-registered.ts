/**
 * A Pass-through Authentication agent (an Application Proxy connector) registered. Genuine agent
 * installs are rare, planned events; `Register-AADIntPTAAgent` registers a rogue agent from any
 * machine, which then receives, and can approve, the tenant's password validations.
 */
import { AuditLogs, coalesce, detection, entity, from, iff } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables } from "./_shared.js";

const query = from(AuditLogs)
  .where((r) => r.OperationName.eq("Register connector").and(r.Result.eqCi("success")))
  .extend((r) => ({
    // The machine name is the registering client's claim: a rogue agent can pick any name.
    AgentMachine: r.TargetResources.at(0).prop("displayName").asString(),
    AgentId: r.TargetResources.at(0).prop("id").asString(),
    Actor: coalesce(r.InitiatedBy.path("user", "userPrincipalName").asString(), r.InitiatedBy.path("app", "displayName").asString()),
    ActorObjectId: r.InitiatedBy.path("user", "id").asString(),
    ActorIP: r.InitiatedBy.path("user", "ipAddress").asString(),
    UserAgent: r.AdditionalDetails.asString().extract('"key":"User-Agent","value":"([^"]*)"', 1),
  }))
  .extend((r) => ({ AlertSeverity: iff(r.UserAgent.has("AADInternals"), "High", "Medium") }))
  .project("TimeGenerated", "AgentMachine", "AgentId", "Actor", "ActorObjectId", "ActorIP", "UserAgent", "AlertSeverity", "LoggedByService", "CorrelationId");

const cases = caseTables("AuditLogs");

export default detection({
  id: "c191ee8b-1d1b-4ddc-92c4-1e9399d44661",
  name: "Pass-through Authentication agent registered",
  description:
    "A Pass-through Authentication agent (Application Proxy connector) was registered. Every registered agent receives the tenant's password validations and can approve them: AADInternals' Register-AADIntPTAAgent registers a rogue one from any machine with a Global or Hybrid Identity Administrator token. The alert names the machine the client claimed, the actor and the source IP; it is High when the tool's user agent is seen.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["Persistence", "DefenseEvasion", "CredentialAccess"],
  techniques: ["T1556.007"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [
    entity("Account", { FullName: "Actor", AadUserId: "ActorObjectId" }),
    entity("IP", { Address: "ActorIP" }),
    entity("Host", { FullName: "AgentMachine" }),
  ],
  customDetails: { AgentMachine: "AgentMachine", AgentId: "AgentId", UserAgent: "UserAgent" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "PTA agent {{AgentMachine}} registered by {{Actor}} from {{ActorIP}}",
    alertDescriptionFormat:
      "{{Actor}} registered a Pass-through Authentication agent named {{AgentMachine}} from {{ActorIP}}. Check it against the agents you installed; a rogue agent can read and approve every password validation.",
    alertSeverityColumnName: "AlertSeverity",
  },
  requiredDataConnectors: [CONNECTORS.entra("AuditLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [MANDIANT_BACKDOORS, ATTACK_SOFTWARE, AADINTERNALS, "https://attack.mitre.org/techniques/T1556/007/"],
  falsePositives: ["Planned installs or re-installs of PTA agents, Entra Connect or Application Proxy connectors (confirm the change and the machine)."],
  tags: ["AADInternals", "HybridIdentity", "PassThroughAuthentication"],
  response: [
    "1. List the registered agents: Entra admin center > Entra Connect > Pass-through authentication (or `Get-AADIntProxyAgents`: machine name, external IP, status). Any agent whose machine name or external IP you do not own is rogue.",
    "2. Delete rogue agents (disable their service principals/certificates), and check the actor's recent activity: domain federation changes, other registrations.",
    "3. Passwords validated while the rogue agent was active were exposed: reset the passwords of accounts that signed in through PTA in that window, and revoke their sessions.",
  ].join("\n"),
  tests: [
    {
      name: "a rogue registration alerts among directory noise; a failed attempt and other proxy operations do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 1,
      rows: [{ AgentMachine: "PTA03.corp.contoso.com", Actor: "adm-lidia.holloway@contoso.com", AlertSeverity: "High" }],
    },
    {
      name: "a registration with the tool's user agent alerts at High, naming machine, actor and IP",
      now: NOW,
      tables: cases("rogue-agent"),
      alerts: 1,
      title: "PTA agent PTA03.corp.contoso.com registered by adm-lidia.holloway@contoso.com from 203.0.113.66",
      entities: [
        { type: "Account", FullName: "adm-lidia.holloway@contoso.com" },
        { type: "IP", Address: "203.0.113.66" },
        { type: "Host", FullName: "PTA03.corp.contoso.com" },
      ],
      customDetails: { UserAgent: "AADInternals" },
    },
    {
      name: "a genuine agent install alerts at Medium for verification",
      now: NOW,
      tables: cases("genuine-agent-install"),
      alerts: 1,
      rows: [{ AgentMachine: "PTA02.corp.contoso.com", AlertSeverity: "Medium", Actor: "adm-megan.bowen@contoso.com" }],
    },
    { name: "a failed registration stays quiet", now: NOW, tables: cases("benign-failed-registration"), alerts: 0 },
    {
      name: "other Application Proxy operations stay quiet",
      now: NOW,
      tables: cases("benign-other-application-proxy-operations"),
      alerts: 0,
    },
  ],
});

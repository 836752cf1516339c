/**
 * Sign-ins and directory changes made with AADInternals' own user agents: `AADInternals` (the
 * default since v0.9.0) and the Android MFA client string that embeds the tool's name.
 */
import { AADNonInteractiveUserSignInLogs, AuditLogs, SigninLogs, coalesce, detection, entity, from, iff, union } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, NOW, caseTables } from "./_shared.js";

/** The tool's name as a whole term: `AADInternals`, and `...; Android 8.1.0; AADInternals)`. */
const TOOL = "AADInternals";

const interactive = from(SigninLogs).project((r) => ({
    TimeGenerated: r.TimeGenerated,
    Source: "SigninLogs",
    Account: r.UserPrincipalName,
    AccountObjectId: r.UserId,
    IPAddress: r.IPAddress,
    Activity: r.AppDisplayName,
    Target: r.ResourceDisplayName,
    AppId: r.AppId,
    Result: r.ResultType,
    UserAgent: r.UserAgent,
  }));

const nonInteractive = from(AADNonInteractiveUserSignInLogs).project((r) => ({
    TimeGenerated: r.TimeGenerated,
    Source: "AADNonInteractiveUserSignInLogs",
    Account: r.UserPrincipalName,
    AccountObjectId: r.UserId,
    IPAddress: r.IPAddress,
    Activity: r.AppDisplayName,
    Target: r.ResourceDisplayName,
    AppId: r.AppId,
    Result: r.ResultType,
    UserAgent: r.UserAgent,
  }));

// AuditLogs keeps the caller's user agent as one `{key, value}` entry of AdditionalDetails.
const directoryChanges = from(AuditLogs)
  .mvExpand((r) => ({ Detail: r.AdditionalDetails }))
  .where((r) => r.Detail.prop("key").asString().eq("User-Agent"))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    Source: "AuditLogs",
    Account: coalesce(r.InitiatedBy.path("user", "userPrincipalName").asString(), r.InitiatedBy.path("app", "displayName").asString()),
    AccountObjectId: r.InitiatedBy.path("user", "id").asString(),
    IPAddress: r.InitiatedBy.path("user", "ipAddress").asString(),
    Activity: r.OperationName,
    Target: r.TargetResources.at(0).prop("displayName").asString(),
    AppId: "",
    Result: r.Result,
    UserAgent: r.Detail.prop("value").asString(),
  }));

const cases = caseTables("SigninLogs", "AADNonInteractiveUserSignInLogs", "AuditLogs");

export default detection({
  id: "4710a8e5-be41-4b6f-bb07-104157598328",
  name: "AADInternals user agent in sign-ins or audit logs",
  description:
    "A sign-in (interactive or not) or a directory change carried an AADInternals user agent: `AADInternals`, the tool's default since v0.9.0, or the Android MFA client string that embeds the name. Failed sign-ins are reported too, at Low: the tool is used for password spraying and user enumeration. Older versions and `Set-AADIntUserAgent` send browser-like agents, so absence of this alert proves nothing.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["InitialAccess", "Persistence", "PrivilegeEscalation", "DefenseEvasion"],
  techniques: ["T1078.004"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  incident: {
    createIncident: true,
    grouping: { enabled: true, lookbackDuration: "1d", matchingMethod: "Selected", groupByEntities: ["Account", "IP"] },
  },
  query: union(interactive, nonInteractive, directoryChanges)
    .where((r) => r.UserAgent.has(TOOL))
    // A successful sign-in or change is the tool in use; a failure is an attempt (spraying, enumeration).
    .extend((r) => ({ AlertSeverity: iff(r.Result.in(["0", "success"]), "Medium", "Low") })),
  entities: [
    entity("Account", { FullName: "Account", AadUserId: "AccountObjectId" }),
    entity("IP", { Address: "IPAddress" }),
    entity("CloudApplication", { AppId: "AppId", Name: "Activity" }),
  ],
  customDetails: { Source: "Source", Activity: "Activity", Target: "Target", Result: "Result", UserAgent: "UserAgent" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "AADInternals used by {{Account}} from {{IPAddress}}: {{Activity}}",
    alertDescriptionFormat:
      "{{Account}} used AADInternals (user agent in {{Source}}) from {{IPAddress}}. Look at what followed from the same account and IP: domain federation changes, PTA agent registration, role changes.",
    alertSeverityColumnName: "AlertSeverity",
  },
  requiredDataConnectors: [CONNECTORS.entra("SigninLogs", "AADNonInteractiveUserSignInLogs", "AuditLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [ATTACK_SOFTWARE, AADINTERNALS, "https://attack.mitre.org/techniques/T1078/004/"],
  falsePositives: ["Sanctioned use of AADInternals by administrators or testers (confirm the account and the source IP)."],
  tags: ["AADInternals", "HybridIdentity", "S0677"],
  response: [
    "1. Is the account an administrator, and is the IP one of yours? A successful sign-in from an unknown IP is a compromised account: revoke its sessions (`Revoke-MgUserSignInSession`), reset its password and review its MFA methods.",
    "2. List what the same account and IP changed (AuditLogs by initiator): domain authentication or federation settings, PTA agent registrations, role assignments, app credentials.",
    "3. Failed sign-ins from the tool across many users are spraying: block the IP and check which accounts later succeeded.",
  ].join("\n"),
  tests: [
    {
      name: "tool sign-ins (success and failure), MFA registration and a directory change alert among ordinary traffic",
      now: NOW,
      tables: cases("scenario"),
      alerts: 4,
      rows: [
        { Source: "SigninLogs", Account: "adm-lidia.holloway@contoso.com", Result: "0", AlertSeverity: "Medium" },
        { Source: "SigninLogs", Account: "nestor.wilke@contoso.com", Result: "50126", AlertSeverity: "Low" },
        { Source: "AADNonInteractiveUserSignInLogs", IPAddress: "192.0.2.44", AlertSeverity: "Medium" },
        { Source: "AuditLogs", Activity: "Set domain authentication", Target: "contoso-sso.com", AlertSeverity: "Medium" },
      ],
    },
    {
      name: "a sign-in with the default AADInternals user agent alerts, naming account, IP and app",
      now: NOW,
      tables: cases("signin-default-user-agent"),
      alerts: 1,
      title: "AADInternals used by adm-lidia.holloway@contoso.com from 203.0.113.66: Azure Active Directory PowerShell",
      entities: [
        { type: "Account", FullName: "adm-lidia.holloway@contoso.com", AadUserId: "1e8a9c7b-4f0d-4a2e-9c6b-7d8e9f0a1b2c" },
        { type: "IP", Address: "203.0.113.66" },
        { type: "CloudApplication", AppId: "1b730954-1685-4b74-9bfd-dac224a7b894" },
      ],
      customDetails: { Target: "Windows Azure Active Directory", UserAgent: "AADInternals" },
    },
    {
      name: "a failed spray attempt with the tool alerts at Low",
      now: NOW,
      tables: cases("signin-failed-spray"),
      alerts: 1,
      rows: [{ Result: "50126", AlertSeverity: "Low" }],
    },
    {
      name: "the tool's Android MFA user agent in non-interactive sign-ins alerts",
      now: NOW,
      tables: cases("noninteractive-mfa-user-agent"),
      alerts: 1,
      rows: [{ UserAgent: "Dalvik/2.1.0 (Linux; U; Android 8.1.0; AADInternals)", Activity: "Microsoft Authentication Broker" }],
    },
    {
      name: "a directory change made with the tool alerts, naming the initiator and target",
      now: NOW,
      tables: cases("directory-change-user-agent"),
      alerts: 1,
      rows: [{ Account: "adm-lidia.holloway@contoso.com", IPAddress: "203.0.113.66", Result: "success", UserAgent: "AADInternals" }],
    },
    {
      name: "stock Windows PowerShell user agents stay quiet",
      now: NOW,
      tables: cases("benign-stock-powershell"),
      alerts: 0,
    },
    {
      name: "an app registration named after the tool stays quiet (the name is not a user agent)",
      now: NOW,
      tables: cases("benign-app-named-after-tool"),
      alerts: 0,
    },
  ],
});

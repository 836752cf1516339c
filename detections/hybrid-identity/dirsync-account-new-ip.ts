/**
 * The On-Premises Directory Synchronization Service Account signing in from an IP address it
 * has not used in 14 days. The account only ever signs in from the Entra Connect servers; its
 * password, taken with `Get-AADIntSyncCredentials`, works from anywhere.
 */
import {
  AADNonInteractiveUserSignInLogs,
  SigninLogs,
  ago,
  count,
  fn,
  detection,
  entity,
  from,
  letTable,
  makeSet,
  max,
  min,
  takeAny,
  union,
} from "kustodian";
import { AADINTERNALS, AUTHOR, CONNECTORS, NOW, caseTables } from "./_shared.js";

/** The run's own window; everything older, up to the 14-day lookback, is the baseline. */
const RECENT = "1h";

const SyncSignins = letTable(
  "SyncSignins",
  union(
    from(SigninLogs)
      .where((r) => r.ResultType.eq("0"))
      .project((r) => ({
        TimeGenerated: r.TimeGenerated,
        UserPrincipalName: r.UserPrincipalName,
        UserDisplayName: r.UserDisplayName,
        UserId: r.UserId,
        IPAddress: r.IPAddress,
        AppDisplayName: r.AppDisplayName,
        UserAgent: r.UserAgent,
        Location: r.LocationDetails.prop("countryOrRegion").asString(),
        Source: "SigninLogs",
      })),
    // Non-interactive sign-ins keep LocationDetails as JSON text.
    from(AADNonInteractiveUserSignInLogs)
      .where((r) => r.ResultType.eq("0"))
      .project((r) => ({
        TimeGenerated: r.TimeGenerated,
        UserPrincipalName: r.UserPrincipalName,
        UserDisplayName: r.UserDisplayName,
        UserId: r.UserId,
        IPAddress: r.IPAddress,
        AppDisplayName: r.AppDisplayName,
        UserAgent: r.UserAgent,
        Location: r.LocationDetails.parseJson().prop("countryOrRegion").asString(),
        Source: "AADNonInteractiveUserSignInLogs",
      })),
  ).where((r) =>
    r.UserPrincipalName.startsWith("Sync_").or(r.UserDisplayName.eq("On-Premises Directory Synchronization Service Account")),
  ),
);

const baseline = SyncSignins.where((r) => r.TimeGenerated.lt(ago(RECENT)));

const query = SyncSignins.where((r) => r.TimeGenerated.ge(ago(RECENT)))
  .join("leftanti", baseline.distinct("UserPrincipalName", "IPAddress"), ["UserPrincipalName", "IPAddress"])
  .summarize(
    (r) => ({
      FirstSeen: min(r.TimeGenerated),
      LastSeen: max(r.TimeGenerated),
      SignIns: count(),
      UserId: takeAny(r.UserId),
      Location: takeAny(r.Location),
      Apps: makeSet(r.AppDisplayName),
      UserAgents: makeSet(r.UserAgent),
      Sources: makeSet(r.Source),
    }),
    ["UserPrincipalName", "IPAddress"],
  )
  .join(
    "leftouter",
    baseline.summarize((r) => ({ KnownIPs: makeSet(r.IPAddress, 20), BaselineSignIns: count() }), ["UserPrincipalName"]),
    ["UserPrincipalName"],
  )
  .extend((r) => ({ KnownIPList: fn("strcat_array", "string", r.KnownIPs, ", ") }))
  .project(
    "UserPrincipalName",
    "UserId",
    "IPAddress",
    "Location",
    "FirstSeen",
    "LastSeen",
    "SignIns",
    "Apps",
    "UserAgents",
    "Sources",
    "KnownIPs",
    "KnownIPList",
    "BaselineSignIns",
  );

const cases = caseTables("SigninLogs", "AADNonInteractiveUserSignInLogs");

export default detection({
  id: "50eafd9f-2191-4649-9d00-c3915accca2a",
  name: "Directory sync account sign-in from a new IP",
  description:
    "The On-Premises Directory Synchronization Service Account (Sync_<server>_<id>) signed in successfully from an IP address it has not used in the previous 14 days. The account signs in only from the Entra Connect servers; a new address usually means its password was extracted (AADInternals' Get-AADIntSyncCredentials) and is used from elsewhere to read the directory, reset passwords or change sync settings.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["InitialAccess", "Persistence", "PrivilegeEscalation", "DefenseEvasion"],
  techniques: ["T1078.004"],
  schedule: { frequency: "1h", lookback: "14d" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [entity("Account", { FullName: "UserPrincipalName", AadUserId: "UserId" }), entity("IP", { Address: "IPAddress" })],
  customDetails: { Location: "Location", KnownIPs: "KnownIPs", Apps: "Apps", UserAgents: "UserAgents", SignIns: "SignIns" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "Sync account {{UserPrincipalName}} signed in from new IP {{IPAddress}} ({{Location}})",
    alertDescriptionFormat:
      "The directory synchronization account {{UserPrincipalName}} signed in from {{IPAddress}}, not among its addresses of the last 14 days ({{KnownIPList}}).",
  },
  requiredDataConnectors: [CONNECTORS.entra("SigninLogs", "AADNonInteractiveUserSignInLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [
    AADINTERNALS,
    "https://attack.mitre.org/techniques/T1078/004/",
    "https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-accounts-permissions",
  ],
  falsePositives: ["A new or staging Entra Connect server, a changed egress/NAT address, or a server migration."],
  tags: ["AADInternals", "HybridIdentity", "EntraConnect"],
  response: [
    "1. Is the new address one of your Entra Connect servers (including a staging server) or a new egress IP? If not, the account's password is in someone else's hands.",
    "2. Reset the sync account's password from Entra Connect (Synchronization Service > Connectors > Azure AD connector, or re-run the wizard), and the AD DS connector account's, and investigate the Entra Connect server: local admins, AADInternals artifacts (`aadinternals-cmdlet-usage`).",
    "3. Review what the account did from the new IP: password resets and writes to users (AuditLogs initiated by the Sync_ account), and limit it with a Conditional Access policy that allows it only from the server IPs.",
  ].join("\n"),
  tests: [
    {
      name: "the sync account from the attacker's IP alerts once among 14 days of history and user noise",
      now: NOW,
      tables: cases("scenario"),
      alerts: 1,
      rows: [
        {
          UserPrincipalName: "Sync_AADC01_6f2b1c9d4e7a@contoso.onmicrosoft.com",
          IPAddress: "203.0.113.66",
          SignIns: 2,
          Location: "RO",
          KnownIPs: ["198.51.100.10", "198.51.100.11"],
          KnownIPList: "198.51.100.10, 198.51.100.11",
        },
      ],
    },
    {
      name: "an interactive sign-in from a new IP alerts, with the known addresses",
      now: NOW,
      tables: cases("new-ip-interactive"),
      alerts: 1,
      title: "Sync account Sync_AADC01_6f2b1c9d4e7a@contoso.onmicrosoft.com signed in from new IP 203.0.113.66 (RO)",
      entities: [
        { type: "Account", FullName: "Sync_AADC01_6f2b1c9d4e7a@contoso.onmicrosoft.com", AadUserId: "4b1d2f0e-7c3a-4d5b-8f9e-0a1b2c3d4e5f" },
        { type: "IP", Address: "203.0.113.66" },
      ],
      rows: [{ Apps: ["Azure Active Directory PowerShell"], UserAgents: ["AADInternals"], BaselineSignIns: 22 }],
    },
    {
      name: "a non-interactive sign-in from a new IP alerts",
      now: NOW,
      tables: cases("new-ip-noninteractive"),
      alerts: 1,
      rows: [{ IPAddress: "192.0.2.44", Location: "US", Sources: ["AADNonInteractiveUserSignInLogs"] }],
    },
    {
      name: "a renamed sync account is recognised by its display name",
      now: NOW,
      tables: cases("sync-account-by-display-name"),
      alerts: 1,
      rows: [{ UserPrincipalName: "aadsync-svc@contoso.onmicrosoft.com" }],
    },
    {
      name: "a sync account is recognised by its Sync_ name when its display name was edited",
      now: NOW,
      tables: cases("sync-account-by-upn-prefix"),
      alerts: 1,
      rows: [{ UserPrincipalName: "Sync_AADC02_0c4d7e1f9a2b@contoso.onmicrosoft.com", BaselineSignIns: null }],
    },
    { name: "the sync account from the Entra Connect server stays quiet", now: NOW, tables: cases("benign-usual-ip"), alerts: 0 },
    {
      name: "an address first seen before this run's hour (the previous run reported it) stays quiet",
      now: NOW,
      tables: cases("benign-new-ip-reported-by-previous-run"),
      alerts: 0,
    },
    {
      name: "the staging server seen ten days ago stays quiet",
      now: NOW,
      tables: cases("benign-staging-server"),
      alerts: 0,
    },
    { name: "failed sign-ins (interactive and not) from a new IP stay quiet", now: NOW, tables: cases("benign-failed-from-new-ip"), alerts: 0 },
    { name: "another user from a new IP stays quiet", now: NOW, tables: cases("benign-other-user-new-ip"), alerts: 0 },
  ],
});

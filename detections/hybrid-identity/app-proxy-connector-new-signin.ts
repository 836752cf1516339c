/**
 * Sign-ins to the application PTA agents and Application Proxy connectors register through, by
 * a user, from an IP address or from a country not seen in the previous 14 days. Registering a
 * rogue agent (`Register-AADIntPTAAgent`) starts with exactly such a sign-in.
 */
import { SigninLogs, type Scalar, ago, count, detection, entity, fn, from, letTable, makeSet, max, min, not, or, takeAny } from "kustodian";
import { AADINTERNALS, APP_IDS, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables } from "./_shared.js";

const RECENT = "1h";

/**
 * The registration app: matched on its id, and on the display name reported for it, which
 * public sources do not confirm ("Azure AD Application Proxy Connector").
 */
const ConnectorSignins = letTable(
  "ConnectorSignins",
  from(SigninLogs)
    .where((r) => r.ResultType.eq("0"))
    .where((r) => r.AppId.eq(APP_IDS.aadConnect).or(r.AppDisplayName.eqCi("Azure AD Application Proxy Connector")))
    .extend((r) => ({ Country: r.LocationDetails.prop("countryOrRegion").asString(), JoinKey: 1 })),
);

// Summarized without keys: one row even when there is no history (empty sets, so all is new).
const baseline = ConnectorSignins.where((r) => r.TimeGenerated.lt(ago(RECENT)))
  .summarize((r) => ({
    KnownUsers: makeSet(r.UserPrincipalName, 100),
    KnownIPs: makeSet(r.IPAddress, 100),
    KnownCountries: makeSet(r.Country, 100),
  }))
  .extend(() => ({ JoinKey: 1 }));

/** `set_has_element(set, value)` for a column value (the builder's hasElement takes literals). */
const isIn = (set: Scalar, value: Scalar) => fn("set_has_element", "bool", set, value);

const query = ConnectorSignins.where((r) => r.TimeGenerated.ge(ago(RECENT)))
  .join("leftouter", baseline, ["JoinKey"])
  .extend((r) => ({
    NewUser: not(isIn(r.KnownUsers, r.UserPrincipalName)),
    NewIP: not(isIn(r.KnownIPs, r.IPAddress)),
    NewCountry: not(isIn(r.KnownCountries, r.Country)),
  }))
  .where((r) => or(r.NewUser, r.NewIP, r.NewCountry))
  .summarize(
    (r) => ({
      FirstSeen: min(r.TimeGenerated),
      LastSeen: max(r.TimeGenerated),
      SignIns: count(),
      UserId: takeAny(r.UserId),
      Apps: makeSet(r.AppDisplayName),
      UserAgents: makeSet(r.UserAgent),
    }),
    ["UserPrincipalName", "IPAddress", "Country", "NewUser", "NewIP", "NewCountry"],
  );

const cases = caseTables("SigninLogs");

export default detection({
  id: "f8c9debc-9568-4c2c-88cf-8a0fb5852df6",
  name: "PTA connector sign-in by new user, IP or country",
  description:
    "A successful sign-in to the application that Pass-through Authentication agents and Application Proxy connectors register through (app id cb1056e2-e479-49de-ae31-7812af012ed8, or the display name 'Azure AD Application Proxy Connector') came from a user, an IP address or a country not seen for that application in the previous 14 days. Registering a rogue PTA agent with AADInternals starts with such a sign-in.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["Persistence", "DefenseEvasion", "CredentialAccess"],
  techniques: ["T1556.007"],
  schedule: { frequency: "1h", lookback: "14d" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [entity("Account", { FullName: "UserPrincipalName", AadUserId: "UserId" }), entity("IP", { Address: "IPAddress" })],
  customDetails: { NewUser: "NewUser", NewIP: "NewIP", NewCountry: "NewCountry", Country: "Country", Apps: "Apps", UserAgents: "UserAgents" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "Connector registration sign-in by {{UserPrincipalName}} from {{IPAddress}} ({{Country}})",
    alertDescriptionFormat:
      "{{UserPrincipalName}} signed in to the PTA/Application Proxy connector registration application from {{IPAddress}} ({{Country}}); the user, the address or the country is new for this application. A registration from an unknown machine may be a rogue PTA agent.",
  },
  requiredDataConnectors: [CONNECTORS.entra("SigninLogs")],
  version: "1.0.0",
  author: AUTHOR,
  references: [MANDIANT_BACKDOORS, AADINTERNALS, "https://attack.mitre.org/techniques/T1556/007/"],
  falsePositives: ["A new administrator installing an agent or connector, or a new server network (confirm the change)."],
  tags: ["AADInternals", "HybridIdentity", "PassThroughAuthentication", "ApplicationProxy"],
  response: [
    "1. Check the Register connector events (`pta-agent-registered`) that followed from the same user and IP, and the list of registered PTA agents and connectors with their external IPs.",
    "2. If the user or address is unknown: delete the agents it registered, revoke the user's sessions and reset their password, and find how they got the administrator role.",
  ].join("\n"),
  tests: [
    {
      name: "the attacker's sign-in alerts once among 14 days of connector history and user noise",
      now: NOW,
      tables: cases("scenario"),
      alerts: 1,
      rows: [{ UserPrincipalName: "adm-lidia.holloway@contoso.com", IPAddress: "203.0.113.66", Country: "RO", NewUser: true, NewIP: true, NewCountry: true }],
    },
    {
      name: "a new user from a new IP and country alerts, naming them",
      now: NOW,
      tables: cases("new-user-ip-and-location"),
      alerts: 1,
      title: "Connector registration sign-in by adm-lidia.holloway@contoso.com from 203.0.113.66 (RO)",
      entities: [{ type: "Account", FullName: "adm-lidia.holloway@contoso.com" }, { type: "IP", Address: "203.0.113.66" }],
    },
    {
      name: "a known administrator from a new address alerts (new IP only)",
      now: NOW,
      tables: cases("known-user-new-ip"),
      alerts: 1,
      rows: [{ NewUser: false, NewIP: true, NewCountry: false }],
    },
    {
      name: "a new user from the server's known address alerts (new user only)",
      now: NOW,
      tables: cases("new-user-known-ip"),
      alerts: 1,
      rows: [{ UserPrincipalName: "patti.fernandez@contoso.com", NewUser: true, NewIP: false, NewCountry: false }],
    },
    {
      name: "a known user and address geolocated to a new country alerts (new country only)",
      now: NOW,
      tables: cases("known-user-new-location"),
      alerts: 1,
      rows: [{ Country: "NL", NewUser: false, NewIP: false, NewCountry: true }],
    },
    {
      name: "a sign-in matched only by the connector's display name alerts",
      now: NOW,
      tables: cases("matched-by-display-name"),
      alerts: 1,
      rows: [{ Apps: ["Azure AD Application Proxy Connector"], NewUser: true }],
    },
    {
      name: "a known user, address and country stays quiet",
      now: NOW,
      tables: cases("benign-known-user-ip-location"),
      alerts: 0,
    },
    {
      name: "an address first seen before this run's hour (the previous run reported it) stays quiet",
      now: NOW,
      tables: cases("benign-new-ip-reported-by-previous-run"),
      alerts: 0,
    },
    { name: "a failed sign-in stays quiet", now: NOW, tables: cases("benign-failed-sign-in"), alerts: 0 },
    { name: "other applications from new addresses stay quiet", now: NOW, tables: cases("benign-other-application"), alerts: 0 },
  ],
});

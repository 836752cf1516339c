/**
 * AD FS configuration or its DKM key read by something other than the AD FS service: the step
 * that hands an attacker the token-signing certificate (Export-AADIntADFSConfiguration,
 * Export-AADIntADFSEncryptionKey, then Golden SAML).
 *
 * Three witnesses:
 * - locally, the AD FS server's Windows Internal Database pipe opened by another process (Sysmon 18);
 * - remotely, the policy store transfer service (what farm nodes replicate through) authenticating
 *   a caller (AD FS Auditing 412, SecureConversation token) while a host outside the farm connects
 *   to port 80 (5156); farm addresses come from the AD FS servers' own Heartbeat;
 * - the DKM key container read over LDAP on a domain controller (4662, with Directory Service
 *   Access auditing and a SACL on the AD FS DKM container).
 */
import { Event, Heartbeat, SecurityEvent, count, detection, entity, from, letTable, max, min, union } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, caseTables, domainOf, eventData, userOf } from "./_shared.js";

/** The Windows Internal Database query pipe that holds AD FS's configuration (AdfsConfigurationV4). */
const WID_PIPE = "\\MICROSOFT##WID\\tsql\\query";

/**
 * Processes that read the AD FS database as part of their job: the AD FS service, the Entra
 * Connect Health AD FS agent, Entra Connect (federation management), the Defender for Identity
 * sensor and the AD FS management console. Not here, unlike in other rules: sqlservr.exe (it
 * creates the pipe, Sysmon 17; it never connects to it) and PowerShell remoting (wsmprovhost.exe:
 * the tool runs through it as easily as an administrator does).
 */
const ADFS_DATABASE_READERS = [
  "microsoft.identityserver.servicehost.exe",
  "microsoft.identity.health.adfs.pshsurrogate.exe",
  "azureadconnect.exe",
  "microsoft.tri.sensor.exe",
  "mmc.exe",
];

/** The DKM key lives in the thumbnailPhoto attribute of a contact object under the AD FS container. */
const CONTACT_CLASS = "%{5cb41ed0-0e4c-11d0-a286-00aa003049e2}";
const THUMBNAIL_PHOTO = "8d3bca50-1d7e-11d0-a081-00aa006c33ed";

const widPipe = from(Event)
  .where((r) => r.Source.eq("Microsoft-Windows-Sysmon").and(r.EventID.eq(18)))
  .extend((r) => ({
    PipeName: eventData(r.EventData, "PipeName"),
    Image: eventData(r.EventData, "Image"),
    PipeUser: eventData(r.EventData, "User"),
  }))
  .extend((r) => ({ ProcessName: r.Image.extract("([^\\\\]+)$", 1).toLower() }))
  .where((r) => r.PipeName.eqCi(WID_PIPE).and(r.ProcessName.notIn(ADFS_DATABASE_READERS)))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.Computer.toLower(),
    AccountDomain: domainOf(r.PipeUser).toLower(),
    AccountName: userOf(r.PipeUser).toLower(),
    Method: "AD FS database (WID pipe) opened",
    Process: r.Image,
    Target: r.PipeName,
    SourceAddress: "",
    Actor: userOf(r.PipeUser).toLower(),
  }));

const dkmRead = from(SecurityEvent)
  .where((r) => r.EventID.eq(4662).and(r.ObjectServer.eq("DS")).and(r.AccessMask.eq("0x10")))
  .where((r) => r.ObjectType.eq(CONTACT_CLASS).and(r.Properties.contains(THUMBNAIL_PHOTO)))
  // The AD FS service reads its key at start-up; it runs as a group managed service account ($).
  .where((r) => r.SubjectUserName.notEndsWith("$"))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.Computer.toLower(),
    AccountDomain: r.SubjectDomainName.toLower(),
    AccountName: r.SubjectUserName.toLower(),
    Method: "AD FS DKM key read from Active Directory",
    Process: "",
    Target: r.ObjectName,
    SourceAddress: "",
    Actor: r.SubjectUserName.toLower(),
  }));

/** Servers that write AD FS audit events: the farm. */
const AdfsServers = letTable(
  "AdfsServers",
  from(SecurityEvent)
    .where((r) => r.EventSourceName.eq("AD FS Auditing"))
    .distinct("Computer"),
);

/** The farm's own addresses, as its agents report them: replication between them is normal. */
const FarmAddresses = from(Heartbeat)
  .where((r) => r.Computer.in(AdfsServers))
  .mvExpand((r) => ({ Address: r.ComputerPrivateIPs }))
  .project((r) => ({ Address: r.Address.asString() }));

/** The policy store transfer service accepted a caller (the token type farm replication uses). */
const syncAuthentications = from(SecurityEvent)
  .where((r) => r.EventID.eq(412).and(r.EventData.contains("/tokens/SecureConversation")))
  .project((r) => ({ Computer: r.Computer, AuthTime: r.TimeGenerated }));

const policyStoreTransfer = from(SecurityEvent)
  .where((r) => r.EventID.eq(5156).and(r.Computer.in(AdfsServers)))
  .extend((r) => ({
    Direction: eventData(r.EventData, "Direction"),
    DestPort: eventData(r.EventData, "DestPort"),
    Application: eventData(r.EventData, "Application"),
    SourceAddress: eventData(r.EventData, "SourceAddress"),
  }))
  // Inbound (%%14592) HTTP to the kernel (http.sys serves the transfer service) from elsewhere.
  .where((r) => r.Direction.eq("%%14592").and(r.DestPort.eq("80")).and(r.Application.eq("System")))
  .where((r) => r.SourceAddress.notIn(["127.0.0.1", "::1"]).and(r.SourceAddress.notIn(FarmAddresses)))
  .join("inner", syncAuthentications, ["Computer"])
  // Load-balancer probes hit port 80 too, but never authenticate: keep connections next to a 412.
  .where((r) => r.TimeGenerated.since(r.AuthTime).le("1m").and(r.AuthTime.since(r.TimeGenerated).le("1m")))
  .summarize(
    (r) => ({ TimeGenerated: min(r.TimeGenerated), LastSeen: max(r.TimeGenerated), Connections: count() }),
    ["Computer", "SourceAddress"],
  )
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.Computer.toLower(),
    AccountDomain: "",
    AccountName: "",
    Method: "AD FS configuration pulled over the policy store transfer service",
    Process: "",
    Target: "http://<AD FS server>/adfs/services/policystoretransfer",
    SourceAddress: r.SourceAddress,
    // The caller authenticates as the AD FS service account (the tool forges its Kerberos
    // ticket from its hash), so the address is the only thing that tells it from a farm node.
    Actor: r.SourceAddress,
  }));

const cases = caseTables("Event", "SecurityEvent", "Heartbeat");

export default detection({
  id: "de62e6ae-386b-4694-94d7-b564c6cdd309",
  name: "AD FS configuration or DKM key export",
  description:
    "The AD FS configuration database was opened through the Windows Internal Database pipe by a process that is not an AD FS component (Sysmon 18), or pulled remotely through the policy store transfer service by a host outside the AD FS farm (AD FS Auditing 412 with inbound port 80, 5156), or the AD FS DKM master key (the thumbnailPhoto attribute of the contact object in the AD FS container) was read from Active Directory by an account that is not a managed service account (4662). Together they give the encrypted token-signing certificate and the key to decrypt it: AADInternals' Export-AADIntADFSConfiguration and Export-AADIntADFSEncryptionKey, the first steps of Golden SAML.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["CredentialAccess", "Collection"],
  techniques: ["T1552.004", "T1606.002", "T1005"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  incident: {
    createIncident: true,
    grouping: { enabled: true, lookbackDuration: "1d", matchingMethod: "Selected", groupByEntities: ["Account"] },
  },
  query: union(widPipe, policyStoreTransfer, dkmRead),
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
    entity("IP", { Address: "SourceAddress" }),
  ],
  customDetails: { Method: "Method", Process: "Process", Target: "Target", SourceAddress: "SourceAddress" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Method}} by {{Actor}} on {{HostName}}",
    alertDescriptionFormat:
      "{{Actor}} on {{HostName}}: {{Method}}. With the configuration and the DKM key, the AD FS token-signing certificate can be decrypted and any SAML token forged.",
  },
  // Heartbeat comes with every agent; it needs no connector of its own.
  requiredDataConnectors: [CONNECTORS.securityEvents("SecurityEvent", "Event"), CONNECTORS.windowsSecurityEvents("SecurityEvent")],
  version: "1.1.1",
  author: AUTHOR,
  references: [
    MANDIANT_BACKDOORS,
    ATTACK_SOFTWARE,
    AADINTERNALS,
    "https://attack.mitre.org/techniques/T1552/004/",
    "https://attack.mitre.org/techniques/T1606/002/",
  ],
  falsePositives: [
    "Backup or monitoring software reading the AD FS database (add its process to ADFS_DATABASE_READERS after review).",
    "AD FS run under a classic (non-gMSA) service account: its own DKM reads alert until it is excluded.",
    "Administrators using PowerShell remoting to manage AD FS.",
    "A new AD FS farm node whose agent does not report a Heartbeat yet, or a farm behind NAT (its replication looks external).",
  ],
  tags: ["AADInternals", "HybridIdentity", "ADFS", "GoldenSAML"],
  response: [
    "1. Treat the AD FS token-signing certificate as stolen: roll the token-signing and token-decrypting certificates **twice** (so the old ones leave both current and next slots), and update the federation trust in Entra ID (`Update-MgDomainFederationConfiguration` or Entra Connect).",
    "2. Rotate the DKM key if the 4662 branch fired. A remote pull means the source held the AD FS service account's credentials: investigate that host and reset the service account's password (gMSA: `Reset-ADServiceAccountPassword`, then restart AD FS on every node).",
    "3. Revoke refresh tokens of federated users; hunt for sign-ins with forged tokens (federated sign-ins with MFA claimed but no AD FS 1200/1202 event).",
    "4. Check the tenant's federated domains and their issuers for backdoors (`domain-federation-backdoor`).",
  ].join("\n"),
  tests: [
    {
      name: "the WID pipe, a remote pull and a DKM read alert; AD FS components, farm replication, probes, the gMSA and photo reads do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 3,
      rows: [
        { Method: "AD FS database (WID pipe) opened", HostName: "adfs01.corp.contoso.com", AccountName: "adm-lholloway" },
        { Method: "AD FS configuration pulled over the policy store transfer service", SourceAddress: "10.0.5.23" },
        { Method: "AD FS DKM key read from Active Directory", HostName: "dc01.corp.contoso.com", AccountName: "adm-lholloway" },
      ],
    },
    {
      name: "PowerShell opening the AD FS database pipe alerts, naming the process",
      now: NOW,
      tables: cases("wid-pipe-by-powershell"),
      alerts: 1,
      title: "AD FS database (WID pipe) opened by adm-lholloway on adfs01.corp.contoso.com",
      customDetails: { Process: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", Target: "\\MICROSOFT##WID\\tsql\\query" },
      entities: [{ type: "Host", FullName: "adfs01.corp.contoso.com" }, { type: "Account", Name: "adm-lholloway", NTDomain: "contoso" }],
    },
    {
      name: "a host outside the farm pulling the configuration over the policy store transfer service alerts",
      now: NOW,
      tables: cases("remote-export-from-workstation"),
      alerts: 1,
      title: "AD FS configuration pulled over the policy store transfer service by 10.0.5.23 on adfs01.corp.contoso.com",
      rows: [{ SourceAddress: "10.0.5.23", HostName: "adfs01.corp.contoso.com" }],
      entities: [{ type: "IP", Address: "10.0.5.23" }, { type: "Host", FullName: "adfs01.corp.contoso.com" }],
    },
    { name: "replication from another farm node stays quiet", now: NOW, tables: cases("benign-farm-replication"), alerts: 0 },
    {
      name: "load-balancer probes on port 80 next to ordinary (SAML) token validations stay quiet",
      now: NOW,
      tables: cases("benign-load-balancer-probe"),
      alerts: 0,
    },
    {
      name: "ordinary token validation with sign-ins over HTTPS stays quiet",
      now: NOW,
      tables: cases("benign-token-sign-in-over-https"),
      alerts: 0,
    },
    {
      name: "the AD FS server's own outbound HTTP (CRL download) stays quiet",
      now: NOW,
      tables: cases("benign-outbound-crl-download"),
      alerts: 0,
    },
    { name: "local health checks over loopback stay quiet", now: NOW, tables: cases("benign-local-health-check"), alerts: 0 },
    {
      name: "proxy sign-ins over HTTPS while a farm node replicates stay quiet",
      now: NOW,
      tables: cases("benign-proxy-https-during-replication"),
      alerts: 0,
    },
    { name: "a connection the firewall blocked (5157) stays quiet", now: NOW, tables: cases("benign-blocked-connection"), alerts: 0 },
    {
      name: "a failed authentication of the caller (411) stays quiet",
      now: NOW,
      tables: cases("benign-failed-authentication"),
      alerts: 0,
    },
    {
      name: "a connection 45 seconds after the authentication is inside the one-minute window",
      now: NOW,
      tables: cases("connection-45-seconds-after-authentication"),
      alerts: 1,
    },
    {
      name: "a connection 45 seconds before the authentication is inside the window too",
      now: NOW,
      tables: cases("connection-45-seconds-before-authentication"),
      alerts: 1,
    },
    {
      name: "a connection 90 seconds before the authentication is outside it",
      now: NOW,
      tables: cases("benign-connection-90-seconds-before-authentication"),
      alerts: 0,
    },
    {
      name: "a connection 90 seconds after the authentication is outside it",
      now: NOW,
      tables: cases("benign-connection-90-seconds-after-authentication"),
      alerts: 0,
    },
    {
      name: "a connection long after the last replication authentication stays quiet",
      now: NOW,
      tables: cases("benign-connection-long-after-sync"),
      alerts: 0,
    },
    {
      name: "a user reading the DKM key alerts",
      now: NOW,
      tables: cases("dkm-key-read"),
      alerts: 1,
      rows: [{ AccountDomain: "contoso", Method: "AD FS DKM key read from Active Directory" }],
    },
    {
      name: "the AD FS service, Connect Health, Entra Connect, the Defender for Identity sensor and the AD FS console stay quiet",
      now: NOW,
      tables: cases("benign-adfs-service-and-tools"),
      alerts: 0,
    },
    { name: "PowerShell on another named pipe stays quiet", now: NOW, tables: cases("benign-other-pipe"), alerts: 0 },
    {
      name: "the database engine creating its own pipe (Sysmon 17) stays quiet",
      now: NOW,
      tables: cases("benign-database-creates-its-pipe"),
      alerts: 0,
    },
    { name: "the AD FS gMSA reading its own DKM key stays quiet", now: NOW, tables: cases("benign-adfs-service-reads-dkm"), alerts: 0 },
    { name: "reading users' photos (same attribute, user class) stays quiet", now: NOW, tables: cases("benign-user-photo-read"), alerts: 0 },
    { name: "reading another attribute of the contact stays quiet", now: NOW, tables: cases("benign-other-contact-attribute"), alerts: 0 },
    { name: "writing the attribute (not a read) stays quiet", now: NOW, tables: cases("benign-photo-write"), alerts: 0 },
  ],
});

/**
 * AD FS configuration or its DKM key read by something other than the AD FS service: the step
 * that hands an attacker the token-signing certificate (Export-AADIntADFSConfiguration,
 * Export-AADIntADFSEncryptionKey, then Golden SAML).
 *
 * Two witnesses: the AD FS server's Windows Internal Database pipe opened by another process
 * (Sysmon 18), and the DKM key container read over LDAP on a domain controller (4662 with
 * Directory Service Access auditing and a SACL on the AD FS DKM container).
 */
import { Event, SecurityEvent, detection, entity, from, union } from "kustodian";
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
  }));

const cases = caseTables("Event", "SecurityEvent");

export default detection({
  id: "de62e6ae-386b-4694-94d7-b564c6cdd309",
  name: "AD FS configuration or DKM key export",
  description:
    "The AD FS configuration database was opened through the Windows Internal Database pipe by a process that is not an AD FS component (Sysmon 18), or the AD FS DKM master key (the thumbnailPhoto attribute of the contact object in the AD FS container) was read from Active Directory by an account that is not a managed service account (4662). Together they give the encrypted token-signing certificate and the key to decrypt it: AADInternals' Export-AADIntADFSConfiguration and Export-AADIntADFSEncryptionKey, the first steps of Golden SAML.",
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
  query: union(widPipe, dkmRead),
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
  ],
  customDetails: { Method: "Method", Process: "Process", Target: "Target" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Method}} by {{AccountName}} on {{HostName}}",
    alertDescriptionFormat:
      "{{AccountName}} on {{HostName}}: {{Method}}. With the configuration and the DKM key, the AD FS token-signing certificate can be decrypted and any SAML token forged.",
  },
  requiredDataConnectors: [CONNECTORS.securityEvents("SecurityEvent", "Event"), CONNECTORS.windowsSecurityEvents("SecurityEvent")],
  version: "1.0.0",
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
  ],
  tags: ["AADInternals", "HybridIdentity", "ADFS", "GoldenSAML"],
  response: [
    "1. Treat the AD FS token-signing certificate as stolen: roll the token-signing and token-decrypting certificates **twice** (so the old ones leave both current and next slots), and update the federation trust in Entra ID (`Update-MgDomainFederationConfiguration` or Entra Connect).",
    "2. Rotate the DKM key if the 4662 branch fired, and reset the password of the account and of the AD FS service account if the attacker could act as it.",
    "3. Revoke refresh tokens of federated users; hunt for sign-ins with forged tokens (federated sign-ins with MFA claimed but no AD FS 1200/1202 event).",
    "4. Check the tenant's federated domains and their issuers for backdoors (`domain-federation-backdoor`).",
  ].join("\n"),
  tests: [
    {
      name: "PowerShell on the WID pipe and a user reading the DKM key alert; AD FS components, the gMSA and photo reads do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 2,
      rows: [
        { Method: "AD FS database (WID pipe) opened", HostName: "adfs01.corp.contoso.com", AccountName: "adm-lholloway" },
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

/**
 * PTASpy on disk or in memory: the `C:\PTASpy` folder, the DLL (by name or by hash, so a renamed
 * copy is caught), the password log it keeps, or the DLL loaded into a process.
 */
import { DeviceFileEvents, DeviceImageLoadEvents, Event, type StringExpr, detection, entity, from, iff, not, or, union } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, MANDIANT_BACKDOORS, NOW, PTASPY_DLL_SHA256, caseTables, domainOf, eventData, userOf } from "./_shared.js";

/** The last path segment of a Windows path. */
const FILE_NAME = "([^\\\\]+)$";
const DIRECTORY = "^(.*)\\\\[^\\\\]+$";

const fileEvents = from(DeviceFileEvents).project((r) => ({
  TimeGenerated: r.TimeGenerated,
  HostName: r.DeviceName.toLower(),
  AccountDomain: r.InitiatingProcessAccountDomain.toLower(),
  AccountName: r.InitiatingProcessAccountName.toLower(),
  Activity: r.ActionType,
  Loaded: false,
  FileName: r.FileName,
  FilePath: r.FolderPath,
  SHA256: r.SHA256.toLower(),
  ProcessName: r.InitiatingProcessFileName,
}));

const imageLoads = from(DeviceImageLoadEvents).project((r) => ({
  TimeGenerated: r.TimeGenerated,
  HostName: r.DeviceName.toLower(),
  AccountDomain: r.InitiatingProcessAccountDomain.toLower(),
  AccountName: r.InitiatingProcessAccountName.toLower(),
  Activity: r.ActionType,
  Loaded: true,
  FileName: r.FileName,
  FilePath: r.FolderPath,
  SHA256: r.SHA256.toLower(),
  ProcessName: r.InitiatingProcessFileName,
}));

// Sysmon 11 (file created) and 7 (image loaded), collected into the Event table.
const sysmon = from(Event)
  .where((r) => r.Source.eq("Microsoft-Windows-Sysmon").and(r.EventID.in([7, 11])))
  .extend((r) => ({
    FilePath: iff(r.EventID.eq(7), eventData(r.EventData, "ImageLoaded"), eventData(r.EventData, "TargetFilename")),
    SysmonUser: eventData(r.EventData, "User"),
  }))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.Computer.toLower(),
    AccountDomain: domainOf(r.SysmonUser).toLower(),
    AccountName: userOf(r.SysmonUser).toLower(),
    Activity: iff(r.EventID.eq(7), "ImageLoaded", "FileCreated"),
    Loaded: r.EventID.eq(7),
    FileName: r.FilePath.extract(FILE_NAME, 1),
    FilePath: r.FilePath,
    SHA256: eventData(r.EventData, "Hashes").extract("SHA256=([0-9A-Fa-f]{64})", 1).toLower(),
    ProcessName: eventData(r.EventData, "Image").extract(FILE_NAME, 1),
  }));

const query = union(fileEvents, imageLoads, sysmon)
  .where((r) =>
    or(r.FilePath.contains("\\PTASpy\\"), r.FileName.inCi(["PTASpy.dll", "PTASpy.csv"]), r.SHA256.in(PTASPY_DLL_SHA256)),
  )
  // The module package itself carries a copy of the DLL: installing it is the job of
  // `aadinternals-module-installed`. Loading that copy into a process is still PTASpy.
  .where((r) => not(r.FilePath.contains("\\Modules\\AADInternals\\").and(not(r.Loaded))))
  .extend((r) => ({
    Artifact: iff<string | StringExpr>(
      r.Loaded,
      "PTASpy DLL loaded into a process",
      iff(r.FileName.eqCi("PTASpy.csv"), "PTASpy password log", "PTASpy DLL or folder on disk"),
    ),
    Directory: r.FilePath.extract(DIRECTORY, 1),
    HashAlgorithm: "SHA256",
  }))
  .project(
    "TimeGenerated",
    "HostName",
    "AccountDomain",
    "AccountName",
    "Artifact",
    "Activity",
    "FileName",
    "Directory",
    "FilePath",
    "SHA256",
    "HashAlgorithm",
    "ProcessName",
  );

const cases = caseTables("Event", "DeviceFileEvents", "DeviceImageLoadEvents");

export default detection({
  id: "baa51a1e-4cda-4b45-9121-9f6077873551",
  name: "PTASpy artifact on a host",
  description:
    "A PTASpy artifact was seen: the hidden C:\\PTASpy folder, PTASpy.dll (by name or by its published SHA-256, so renamed copies are caught), the PTASpy.csv password log, or the DLL loaded into a process. AADInternals' Install-AADIntPTASpy injects the DLL into the Pass-through Authentication agent, where it accepts any password and logs every one it sees.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["Persistence", "DefenseEvasion", "CredentialAccess", "PrivilegeEscalation", "Collection"],
  techniques: ["T1556.007", "T1055.001", "T1564.001", "T1074.001"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  incident: {
    createIncident: true,
    grouping: { enabled: true, lookbackDuration: "1d", matchingMethod: "Selected", groupByEntities: ["Host"] },
  },
  query,
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
    entity("File", { Name: "FileName", Directory: "Directory" }),
    entity("FileHash", { Algorithm: "HashAlgorithm", Value: "SHA256" }),
  ],
  customDetails: { Artifact: "Artifact", FilePath: "FilePath", Process: "ProcessName", SHA256: "SHA256" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Artifact}} on {{HostName}}",
    alertDescriptionFormat:
      "{{Artifact}} on {{HostName}}: {{FilePath}}. PTASpy makes the Pass-through Authentication agent accept any password and logs every password it sees.",
  },
  requiredDataConnectors: [CONNECTORS.securityEvents("Event"), CONNECTORS.defender("DeviceFileEvents", "DeviceImageLoadEvents")],
  version: "1.0.1",
  author: AUTHOR,
  references: [ATTACK_SOFTWARE, AADINTERNALS, MANDIANT_BACKDOORS, "https://attack.mitre.org/techniques/T1556/007/"],
  falsePositives: ["A malware analyst or red team handling the DLL on a lab machine (check the host)."],
  tags: ["AADInternals", "HybridIdentity", "PTASpy"],
  response: [
    "1. Treat the PTA agent host as compromised: isolate it from everything but its Entra connection if sign-ins depend on it, or fail over to another agent.",
    "2. Preserve and read `C:\\PTASpy\\PTASpy.csv`: each line is `user,domain,epoch,base64(UTF-16LE password)`. Reset the password of **every** account listed, and revoke their sessions.",
    "3. Restart `AzureADConnectAuthenticationAgent` and confirm PTASpy.dll is no longer loaded; then delete the folder. While the spy ran, any password was accepted: review successful sign-ins through PTA for accounts that failed before.",
    "4. Check the list of registered PTA agents for rogue ones (`pta-agent-registered`) and how the attacker reached the host (local admin logons, AADInternals module install).",
  ].join("\n"),
  tests: [
    {
      name: "the DLL dropped, injected and the password log written, among agent DLLs and write-ups",
      now: NOW,
      tables: cases("scenario"),
      alerts: 3,
      rows: [
        { Artifact: "PTASpy DLL or folder on disk", FilePath: "C:\\PTASpy\\PTASpy.dll" },
        { Artifact: "PTASpy DLL loaded into a process", ProcessName: "AzureADConnectAuthenticationAgentService.exe" },
        { Artifact: "PTASpy password log", FilePath: "C:\\PTASpy\\PTASpy.csv" },
      ],
    },
    {
      name: "the DLL dropped in C:\\PTASpy alerts with file and hash entities",
      now: NOW,
      tables: cases("dll-dropped"),
      alerts: 1,
      title: "PTASpy DLL or folder on disk on aadc01.corp.contoso.com",
      entities: [
        { type: "File", Name: "PTASpy.dll", Directory: "C:\\PTASpy" },
        { type: "FileHash", Algorithm: "SHA256", Value: "ed38f27a211b1ba6725f5b3827abfd0eaf937e6baadeafb5dcae668f5af419a3" },
        { type: "Host", FullName: "aadc01.corp.contoso.com" },
      ],
    },
    {
      name: "the password log written by the agent alerts",
      now: NOW,
      tables: cases("password-log-written"),
      alerts: 1,
      rows: [{ Artifact: "PTASpy password log", Activity: "FileModified", AccountName: "network service" }],
    },
    {
      name: "the DLL loaded into the PTA agent alerts",
      now: NOW,
      tables: cases("dll-injected-into-agent"),
      alerts: 1,
      customDetails: { Artifact: "PTASpy DLL loaded into a process", Process: "AzureADConnectAuthenticationAgentService.exe" },
    },
    {
      name: "renamed DLLs outside the folder are caught by either published hash (upper or lower case)",
      now: NOW,
      tables: cases("renamed-dll-known-hash"),
      alerts: 2,
      rows: [
        { FileName: "msvcp_win_update.dll", HostName: "pta02.corp.contoso.com" },
        { FileName: "wlanapi_ext.dll", HostName: "aadc01.corp.contoso.com", Directory: "C:\\ProgramData" },
      ],
    },
    {
      name: "a DLL built from the published source (another hash) is caught by its name",
      now: NOW,
      tables: cases("custom-build-by-name"),
      alerts: 1,
      rows: [{ FilePath: "C:\\Users\\Public\\PTASpy.dll", Artifact: "PTASpy DLL or folder on disk" }],
    },
    {
      name: "the password log copied out for exfiltration is caught by its name",
      now: NOW,
      tables: cases("password-log-copied-out"),
      alerts: 1,
      rows: [{ Artifact: "PTASpy password log", Directory: "C:\\Users\\Public\\Documents" }],
    },
    {
      name: "any file staged in C:\\PTASpy (here the injector) is caught by the folder",
      now: NOW,
      tables: cases("injector-staged-in-folder"),
      alerts: 1,
      rows: [{ FileName: "InjectDLL.exe", Activity: "FileCreated" }],
    },
    {
      name: "Sysmon file creation of the DLL alerts",
      now: NOW,
      tables: cases("sysmon-file-create"),
      alerts: 1,
      rows: [
        {
          Artifact: "PTASpy DLL or folder on disk",
          Activity: "FileCreated",
          FilePath: "C:\\PTASpy\\PTASpy.dll",
          AccountName: "adm-lholloway",
          ProcessName: "powershell.exe",
        },
      ],
    },
    {
      name: "Sysmon image load of the DLL alerts with its hash",
      now: NOW,
      tables: cases("sysmon-image-load"),
      alerts: 1,
      rows: [
        {
          Artifact: "PTASpy DLL loaded into a process",
          Activity: "ImageLoaded",
          FilePath: "C:\\PTASpy\\PTASpy.dll",
          ProcessName: "AzureADConnectAuthenticationAgentService.exe",
          SHA256: "ed38f27a211b1ba6725f5b3827abfd0eaf937e6baadeafb5dcae668f5af419a3",
        },
      ],
    },
    {
      name: "the copy inside the AADInternals module package stays quiet here",
      now: NOW,
      tables: cases("benign-module-package-copy"),
      alerts: 0,
    },
    { name: "the agent's own signed DLLs stay quiet", now: NOW, tables: cases("benign-signed-agent-dlls"), alerts: 0 },
    { name: "write-ups and notes named after PTASpy stay quiet", now: NOW, tables: cases("benign-write-ups"), alerts: 0 },
    {
      name: "the Zone.Identifier stream of a download into C:\\PTASpy (Sysmon 15) adds no alert; the file's creation (Sysmon 11) is the alert",
      now: NOW,
      tables: cases("no-duplicate-for-download-stream"),
      alerts: 0,
    },
  ],
});

/**
 * The AADInternals module arriving on a host: installed from the PowerShell Gallery, imported,
 * or its manifest written to disk. On an Entra Connect, PTA agent or AD FS server this is the
 * first step of every backdoor in this pack.
 */
import { DeviceFileEvents, detection, entity, from, union } from "kustodian";
import { AADINTERNALS, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, NOW, caseTables, powerShellActivity } from "./_shared.js";

/** PowerShell's module verbs that bring a module onto the host or into the session. */
const MODULE_VERB = "(?i)\\b(install|import|save|update)-module\\b";

const moduleCommands = powerShellActivity(false)
  .where((r) => r.Text.matchesRegex(MODULE_VERB).and(r.Text.has("AADInternals")))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.HostName,
    AccountDomain: r.AccountDomain,
    AccountName: r.AccountName,
    Evidence: r.Text,
    Source: r.Source,
  }));

// The module manifest is written once per install, whatever installed it (Install-Module,
// Save-Module, a copied folder or a zip from GitHub).
const manifestWritten = from(DeviceFileEvents)
  .where((r) => r.ActionType.eq("FileCreated").and(r.FileName.eqCi("AADInternals.psd1")))
  .project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.DeviceName.toLower(),
    AccountDomain: r.InitiatingProcessAccountDomain.toLower(),
    AccountName: r.InitiatingProcessAccountName.toLower(),
    Evidence: r.FolderPath,
    Source: "Module manifest written (Defender)",
  }));

const cases = caseTables("Event", "DeviceProcessEvents", "DeviceFileEvents");

export default detection({
  id: "91355e79-cb20-42f4-b5cd-010a7b9ff64d",
  name: "AADInternals module installed or imported",
  description:
    "The AADInternals PowerShell module (ATT&CK S0677) was installed, imported or written to disk. AADInternals is the toolkit behind PTASpy, rogue Pass-through Authentication agents and federation backdoors; on an Entra Connect, PTA agent or AD FS server it should never appear outside a sanctioned test. Sources: PowerShell script block (4104) and module (4103) logging, process command lines and file events from Defender for Endpoint.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["Execution", "ResourceDevelopment"],
  techniques: ["T1059.001", "T1588.002"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  incident: {
    createIncident: true,
    grouping: { enabled: true, lookbackDuration: "1d", matchingMethod: "Selected", groupByEntities: ["Host", "Account"] },
  },
  query: union(moduleCommands, manifestWritten),
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
  ],
  customDetails: { Evidence: "Evidence", Source: "Source" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "AADInternals module installed on {{HostName}} by {{AccountName}}",
    alertDescriptionFormat:
      "{{AccountName}} brought the AADInternals module onto {{HostName}} ({{Source}}). Check whether this host is an Entra Connect, PTA agent or AD FS server and whether a test was planned.",
  },
  requiredDataConnectors: [
    CONNECTORS.securityEvents("Event"),
    CONNECTORS.defender("DeviceProcessEvents", "DeviceFileEvents"),
  ],
  version: "1.0.1",
  author: AUTHOR,
  references: [ATTACK_SOFTWARE, AADINTERNALS, "https://attack.mitre.org/techniques/T1059/001/"],
  falsePositives: [
    "Sanctioned use by identity administrators or red teams (confirm the change or test ticket).",
    "Blue-team use of the module's own detection helpers, such as Find-AADIntBackdoor.",
  ],
  tags: ["AADInternals", "HybridIdentity", "S0677"],
  response: [
    "1. Identify the host's role: Entra Connect, PTA agent, AD FS or a workstation. On a Tier 0 server treat the alert as an intrusion until proven otherwise.",
    "2. Ask the account owner whether the install was planned; if not, isolate the host and reset the account's password and sessions.",
    "3. Hunt for what followed: run the pack's `aadinternals-cmdlet-usage` and `aadinternals-backdoor-cmdlet` rules over the same host and account, and look for `C:\\PTASpy`.",
    "4. Remove the module (`Uninstall-Module AADInternals`, delete `...\\Modules\\AADInternals`) only after evidence is preserved.",
  ].join("\n"),
  tests: [
    {
      name: "the attack inside three hours of server noise: install, import, command line and manifest",
      now: NOW,
      tables: cases("scenario"),
      alerts: 4,
      rows: [
        { HostName: "aadc01.corp.contoso.com", AccountName: "adm-lholloway", Source: "PowerShell script block (4104)" },
        { HostName: "aadc01.corp.contoso.com", AccountName: "adm-lholloway", Source: "PowerShell module logging (4103)" },
        { HostName: "pta02.corp.contoso.com", AccountName: "adm-lholloway", Source: "Process command line (Defender)" },
        { HostName: "aadc01.corp.contoso.com", Source: "Module manifest written (Defender)" },
      ],
    },
    {
      name: "Install-Module in a script block alerts, naming host and account",
      now: NOW,
      tables: cases("install-script-block"),
      alerts: 1,
      rows: [
        { AccountDomain: "contoso", Evidence: "Install-Module -Name AADInternals -Scope CurrentUser -Force", Source: "PowerShell script block (4104)" },
      ],
      entities: [{ type: "Host", FullName: "aadc01.corp.contoso.com" }, { type: "Account", Name: "adm-lholloway", NTDomain: "contoso" }],
      title: "AADInternals module installed on aadc01.corp.contoso.com by adm-lholloway",
    },
    {
      name: "Import-Module seen by module logging (4103) alerts",
      now: NOW,
      tables: cases("import-module-logging"),
      alerts: 1,
      customDetails: { Source: "PowerShell module logging (4103)" },
    },
    {
      name: "PowerShell 7 installing AADInternals-Endpoints (the on-premises half of the tool) alerts",
      now: NOW,
      tables: cases("powershell7-endpoints-module"),
      alerts: 1,
      rows: [{ HostName: "adfs01.corp.contoso.com", Source: "PowerShell script block (4104)" }],
    },
    {
      name: "Install-Module on a process command line alerts",
      now: NOW,
      tables: cases("install-command-line"),
      alerts: 1,
      customDetails: { Source: "Process command line (Defender)" },
    },
    {
      name: "the module's manifest written to disk alerts once, not once per module file",
      now: NOW,
      tables: cases("module-files-on-disk"),
      alerts: 1,
      rows: [{ Evidence: "C:\\Program Files\\WindowsPowerShell\\Modules\\AADInternals\\0.9.3\\AADInternals.psd1" }],
    },
    { name: "installing other identity modules stays quiet", now: NOW, tables: cases("benign-other-module"), alerts: 0 },
    {
      name: "a hunting script and a downloaded documentation page that name AADInternals stay quiet",
      now: NOW,
      tables: cases("benign-documentation-and-hunting"),
      alerts: 0,
    },
    { name: "Find-Module only queries the gallery and stays quiet", now: NOW, tables: cases("benign-find-module"), alerts: 0 },
    {
      name: "installing another module in a script with a variable named $AADInternalsFindings stays quiet",
      now: NOW,
      tables: cases("benign-variable-named-after-tool"),
      alerts: 0,
    },
    {
      name: "a failed install (error 4100: nothing installed) stays quiet",
      now: NOW,
      tables: cases("benign-install-failed-4100"),
      alerts: 0,
    },
    { name: "uninstalling the module (manifest deleted) stays quiet", now: NOW, tables: cases("benign-module-uninstalled"), alerts: 0 },
    {
      name: "the same words outside PowerShell logging (a Sysmon file event) stay quiet",
      now: NOW,
      tables: cases("benign-other-event"),
      alerts: 0,
    },
  ],
});

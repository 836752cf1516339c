/**
 * Any AADInternals cmdlet run, one alert per host and account with every cmdlet seen: the
 * breadth of what was run tells reconnaissance from credential theft at a glance.
 */
import { detection, dcount, entity, fn, makeSet, max, min } from "kustodian";
import { AADINTERNALS, AADINT_CMDLET_REGEX, ATTACK_SOFTWARE, AUTHOR, CONNECTORS, NOW, caseTables, powerShellActivity } from "./_shared.js";

const query = powerShellActivity(true)
  // Importing the module logs its own source, function by function: that is not a command run.
  .where((r) => r.ScriptPath.notHas("AADInternals"))
  .extend((r) => ({ Cmdlets: fn("extract_all", "dynamic", AADINT_CMDLET_REGEX, r.Text) }))
  .where((r) => r.Cmdlets.length().gt(0))
  .mvExpand((r) => ({ Cmdlet: r.Cmdlets }))
  .summarize(
    (r) => ({
      FirstSeen: min(r.TimeGenerated),
      LastSeen: max(r.TimeGenerated),
      Cmdlets: makeSet(r.Cmdlet.asString(), 50),
      CmdletCount: dcount(r.Cmdlet.asString()),
      Sources: makeSet(r.Source),
      Evidence: makeSet(r.Text, 5),
    }),
    ["HostName", "AccountDomain", "AccountName"],
  )
  .extend((r) => ({ CmdletList: fn("strcat_array", "string", r.Cmdlets, ", ") }));

const cases = caseTables("Event", "DeviceEvents", "DeviceProcessEvents");

export default detection({
  id: "c60301a3-8e00-4c3e-a350-531ffd034deb",
  name: "AADInternals cmdlets run",
  description:
    "One or more AADInternals cmdlets (any `<Verb>-AADInt<Noun>`, including the Approve, Clear, Convert and Test verbs that verb-list rules miss) were run, seen in PowerShell script block or module logging, Defender for Endpoint PowerShell commands or process command lines. One alert per host and account lists every cmdlet seen in the window.",
  severity: "Medium",
  kind: "Scheduled",
  tactics: ["Execution", "Discovery", "CredentialAccess"],
  techniques: ["T1059.001", "T1087.004", "T1552.001"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  query,
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
  ],
  customDetails: { Cmdlets: "Cmdlets", CmdletCount: "CmdletCount", Sources: "Sources", FirstSeen: "FirstSeen" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{CmdletCount}} AADInternals cmdlets run by {{AccountName}} on {{HostName}}",
    alertDescriptionFormat:
      "{{AccountName}} ran AADInternals cmdlets on {{HostName}}: {{CmdletList}}. Recon cmdlets (Get-AADIntLoginInformation, Invoke-AADIntReconAsOutsider) precede attacks; credential cmdlets (Get-AADIntSyncCredentials) mean the sync account is compromised.",
  },
  requiredDataConnectors: [CONNECTORS.securityEvents("Event"), CONNECTORS.defender("DeviceEvents", "DeviceProcessEvents")],
  version: "1.0.2",
  author: AUTHOR,
  references: [ATTACK_SOFTWARE, AADINTERNALS, "https://attack.mitre.org/techniques/T1059/001/"],
  falsePositives: [
    "Identity administrators using the module for troubleshooting (Get-AADIntLoginInformation, Get-AADIntTenantDomains).",
    "Blue-team hunting with Find-AADIntBackdoor or authorised red-team exercises.",
  ],
  tags: ["AADInternals", "HybridIdentity", "S0677"],
  response: [
    "1. Read the cmdlet list: `Get-AADIntSyncCredentials`, `Get-AADIntUserNTHash`, `Export-AADIntADFS*` or any PTA cmdlet on a Tier 0 server is credential theft, not administration.",
    "2. If `Get-AADIntSyncCredentials` ran: reset the On-Premises Directory Synchronization Service Account's password (from Entra Connect) and the AD DS connector account's, and review the sync account's sign-ins (`dirsync-account-new-ip`).",
    "3. Confirm with the account owner; without a ticket, isolate the host and reset the account's password and sessions.",
  ].join("\n"),
  tests: [
    {
      name: "the attack among ADSync administration: one alert per host and account",
      now: NOW,
      tables: cases("scenario"),
      alerts: 2,
      rows: [
        { HostName: "aadc01.corp.contoso.com", AccountName: "adm-lholloway", CmdletCount: 3, Sources: ["PowerShell script block (4104)", "PowerShell module logging (4103)", "PowerShell command (Defender)"] },
        { HostName: "pta02.corp.contoso.com", AccountName: "adm-lholloway", CmdletCount: 2 },
      ],
    },
    {
      name: "a cmdlet in a script block alerts, naming it",
      now: NOW,
      tables: cases("script-block"),
      alerts: 1,
      rows: [{ Cmdlets: ["Get-AADIntSyncCredentials"], Sources: ["PowerShell script block (4104)"] }],
      entities: [{ type: "Host", FullName: "aadc01.corp.contoso.com" }, { type: "Account", Name: "adm-lholloway" }],
      title: "1 AADInternals cmdlets run by adm-lholloway on aadc01.corp.contoso.com",
    },
    {
      name: "module logging (4103) of a cmdlet alerts",
      now: NOW,
      tables: cases("module-logging"),
      alerts: 1,
      rows: [{ Cmdlets: ["Get-AADIntAccessTokenForAADGraph"] }],
    },
    {
      name: "a Defender PowerShellCommand event alerts",
      now: NOW,
      tables: cases("defender-powershell-command"),
      alerts: 1,
      rows: [{ Cmdlets: ["Install-AADIntPTASpy"], Sources: ["PowerShell command (Defender)"], AccountDomain: "contoso" }],
    },
    {
      name: "cmdlets on a process command line alert",
      now: NOW,
      tables: cases("command-line"),
      alerts: 1,
      rows: [{ CmdletCount: 2, Cmdlets: ["Get-AADIntTenantID", "Get-AADIntLoginInformation"] }],
      description:
        "adm-lholloway ran AADInternals cmdlets on pta02.corp.contoso.com: Get-AADIntTenantID, Get-AADIntLoginInformation. Recon cmdlets (Get-AADIntLoginInformation, Invoke-AADIntReconAsOutsider) precede attacks; credential cmdlets (Get-AADIntSyncCredentials) mean the sync account is compromised.",
    },
    {
      name: "the verbs SigmaHQ's list misses (Clear, Convert, Test, Approve) alert",
      now: NOW,
      tables: cases("verbs-sigma-misses"),
      alerts: 1,
      rows: [{ CmdletCount: 4 }],
    },
    {
      name: "PowerShell 7 script block logging alerts",
      now: NOW,
      tables: cases("powershell7-script-block"),
      alerts: 1,
      rows: [{ Cmdlets: ["Invoke-AADIntReconAsOutsider"], HostName: "paw-mbowen.corp.contoso.com" }],
    },
    {
      name: "an attacker's own script whose name contains AADInternals is not mistaken for the module",
      now: NOW,
      tables: cases("own-script-named-after-tool"),
      alerts: 1,
    },
    {
      name: "a cmdlet typed where the module is absent (error 4100, nothing ran) stays quiet",
      now: NOW,
      tables: cases("benign-cmdlet-not-found-4100"),
      alerts: 0,
    },
    {
      name: "ADSync, MSOnline and AzureAD administration stays quiet",
      now: NOW,
      tables: cases("benign-adsync-and-msonline"),
      alerts: 0,
    },
    {
      name: "the module's own source logged at import stays quiet",
      now: NOW,
      tables: cases("benign-module-source-at-import"),
      alerts: 0,
    },
    { name: "a hunting script that only names the tool stays quiet", now: NOW, tables: cases("benign-hunting-script"), alerts: 0 },
  ],
});

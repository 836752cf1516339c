/**
 * The AADInternals cmdlets that plant or use a hybrid-identity backdoor: PTASpy, a rogue PTA
 * agent, a federation backdoor, forged SAML/WS-Fed tokens, AD FS configuration and key export.
 * One alert per command or script block, naming the kind of backdoor.
 */
import { type BoolExpr, type Scalar, type StringExpr, detection, entity, fn } from "kustodian";
import {
  AADINTERNALS,
  ATTACK_SOFTWARE,
  AUTHOR,
  BACKDOOR_CMDLETS,
  CONNECTORS,
  MANDIANT_BACKDOORS,
  NOW,
  caseTables,
  powerShellActivity,
  wordsRegex,
} from "./_shared.js";

const ALL_BACKDOOR_CMDLETS = Object.values(BACKDOOR_CMDLETS).flat();

/** `case(text matches <kind 1>, "kind 1", ...)`: the first kind, in the table's priority order. */
function backdoorKind(text: StringExpr): StringExpr {
  const branches: Scalar[] = Object.entries(BACKDOOR_CMDLETS).flatMap(([kind, cmdlets]): Scalar[] => [
    text.matchesRegex(wordsRegex(cmdlets)) as BoolExpr,
    kind,
  ]);
  return fn("case", "string", ...branches, "Other");
}

const query = powerShellActivity(true)
  // The module's own source, logged while it is imported, names these cmdlets in its help; it runs none.
  .where((r) => r.ScriptPath.notHas("AADInternals"))
  .extend((r) => ({ BackdoorCmdlets: fn("extract_all", "dynamic", wordsRegex(ALL_BACKDOOR_CMDLETS), r.Text) }))
  .where((r) => r.BackdoorCmdlets.length().gt(0))
  .extend((r) => ({ Backdoor: backdoorKind(r.Text), Cmdlet: r.BackdoorCmdlets.at(0).asString() }))
  .project("TimeGenerated", "HostName", "AccountDomain", "AccountName", "Backdoor", "Cmdlet", "BackdoorCmdlets", "Text", "Source");

const cases = caseTables("Event", "DeviceEvents", "DeviceProcessEvents");

export default detection({
  id: "3da9d410-82da-4aeb-a30f-2f5bd0de19a1",
  name: "AADInternals backdoor cmdlet run",
  description:
    "An AADInternals cmdlet that plants or uses a hybrid-identity backdoor ran: PTASpy install or log harvest, rogue Pass-through Authentication agent registration, a domain converted to a federation backdoor, SAML/WS-Fed token forging, or AD FS configuration and key export. Each of these hands the attacker persistent, MFA-bypassing access to every synchronised account.",
  severity: "High",
  kind: "Scheduled",
  tactics: ["Execution", "Persistence", "DefenseEvasion", "CredentialAccess", "PrivilegeEscalation"],
  techniques: ["T1059.001", "T1556.007", "T1484.002", "T1606.002", "T1552.004"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  eventGrouping: "AlertPerResult",
  incident: {
    createIncident: true,
    grouping: { enabled: true, lookbackDuration: "1d", matchingMethod: "Selected", groupByEntities: ["Host", "Account"] },
  },
  query,
  entities: [
    entity("Host", { FullName: "HostName" }),
    entity("Account", { Name: "AccountName", NTDomain: "AccountDomain" }),
  ],
  customDetails: { Backdoor: "Backdoor", Cmdlets: "BackdoorCmdlets", Source: "Source" },
  alertDetailsOverride: {
    alertDisplayNameFormat: "{{Cmdlet}} run by {{AccountName}} on {{HostName}}",
    alertDescriptionFormat:
      "{{AccountName}} ran an AADInternals backdoor cmdlet on {{HostName}}. Backdoor: {{Backdoor}}. See the response section: the cleanup depends on the kind.",
  },
  requiredDataConnectors: [CONNECTORS.securityEvents("Event"), CONNECTORS.defender("DeviceEvents", "DeviceProcessEvents")],
  version: "1.0.1",
  author: AUTHOR,
  references: [ATTACK_SOFTWARE, AADINTERNALS, MANDIANT_BACKDOORS, "https://attack.mitre.org/techniques/T1556/007/"],
  falsePositives: ["An authorised red-team exercise against the hybrid identity infrastructure (confirm the scope letter)."],
  tags: ["AADInternals", "HybridIdentity", "S0677", "PTASpy", "GoldenSAML"],
  response: [
    "Contain the host and the account first, then clean up by kind:",
    "- **PTASpy**: every password typed during the spy's life is in `C:\\PTASpy\\PTASpy.csv` (user, domain, base64 UTF-16LE password). Preserve it, then reset the password of every account it lists; restart the PTA agent service and confirm `PTASpy.dll` is no longer loaded.",
    "- **Rogue PTA agent**: list registered agents (Entra admin center > Entra Connect > Pass-through authentication, or `Get-AADIntProxyAgents`), delete the agents whose machine name or external IP you do not own, and reset the passwords of the accounts that signed in while it ran.",
    "- **Federation backdoor**: list the tenant's domains and their authentication (`Get-MgDomain`, `Get-MgDomainFederationConfiguration`); any issuer you do not run (e.g. `http://any.sts/...`) or unexpected signing/next-signing certificate is the backdoor. Convert the domain back to managed or restore your AD FS settings, then revoke refresh tokens of every user who signed in through it.",
    "- **Token forging / AD FS export**: roll the AD FS token-signing and token-decrypting certificates twice, rotate the DKM key, and revoke sessions tenant-wide for federated users.",
  ].join("\n"),
  tests: [
    {
      name: "every backdoor kind in the scenario alerts, reconnaissance and the module's source do not",
      now: NOW,
      tables: cases("scenario"),
      alerts: 6,
      rows: [
        { HostName: "aadc01.corp.contoso.com", Cmdlet: "Install-AADIntPTASpy", Backdoor: "PTASpy (credential interception on the PTA agent)" },
        { HostName: "aadc01.corp.contoso.com", Cmdlet: "Get-AADIntPTASpyLog" },
        { HostName: "paw-mbowen.corp.contoso.com", Cmdlet: "Register-AADIntPTAAgent", Backdoor: "Rogue PTA agent" },
        { Cmdlet: "ConvertTo-AADIntBackdoor", Backdoor: "Federation backdoor" },
        { Cmdlet: "Open-AADIntOffice365Portal", Backdoor: "Token forging (SAML / WS-Fed)" },
        { HostName: "adfs01.corp.contoso.com", Cmdlet: "Export-AADIntADFSConfiguration", Backdoor: "AD FS configuration and key export" },
      ],
    },
    {
      name: "installing PTASpy (Defender PowerShell command) alerts",
      now: NOW,
      tables: cases("ptaspy-install"),
      alerts: 1,
      title: "Install-AADIntPTASpy run by adm-lholloway on aadc01.corp.contoso.com",
      customDetails: { Backdoor: "PTASpy (credential interception on the PTA agent)" },
      entities: [{ type: "Host", FullName: "aadc01.corp.contoso.com" }],
    },
    {
      name: "harvesting the PTASpy log alerts",
      now: NOW,
      tables: cases("ptaspy-harvest"),
      alerts: 1,
      rows: [
        { Backdoor: "PTASpy (credential interception on the PTA agent)", Cmdlet: "Get-AADIntPTASpyLog", Source: "PowerShell script block (4104)" },
      ],
    },
    {
      name: "registering a rogue PTA agent alerts on the registration, not on the token request",
      now: NOW,
      tables: cases("rogue-pta-agent"),
      alerts: 1,
      rows: [{ Backdoor: "Rogue PTA agent", BackdoorCmdlets: ["Register-AADIntPTAAgent"] }],
    },
    {
      name: "ConvertTo-AADIntBackdoor in module logging alerts",
      now: NOW,
      tables: cases("federation-backdoor"),
      alerts: 1,
      rows: [{ Backdoor: "Federation backdoor", Source: "PowerShell module logging (4103)" }],
    },
    {
      name: "forging a token on a command line alerts",
      now: NOW,
      tables: cases("token-forging"),
      alerts: 1,
      rows: [{ Backdoor: "Token forging (SAML / WS-Fed)", Source: "Process command line (Defender)" }],
    },
    {
      name: "AD FS configuration, key and certificate export in one script is one alert listing all three",
      now: NOW,
      tables: cases("adfs-export"),
      alerts: 1,
      rows: [
        {
          Backdoor: "AD FS configuration and key export",
          BackdoorCmdlets: ["Export-AADIntADFSConfiguration", "Export-AADIntADFSEncryptionKey", "Export-AADIntADFSCertificates"],
        },
      ],
    },
    {
      name: "PowerShell 7 exporting the DKM key remotely alerts",
      now: NOW,
      tables: cases("powershell7-script-block"),
      alerts: 1,
      rows: [{ Cmdlet: "Export-AADIntADFSEncryptionKey", HostName: "adfs01.corp.contoso.com", Backdoor: "AD FS configuration and key export" }],
    },
    {
      name: "an attacker's own script whose name contains AADInternals is not mistaken for the module",
      now: NOW,
      tables: cases("own-script-named-after-tool"),
      alerts: 1,
    },
    {
      name: "a backdoor cmdlet typed where the module is absent (error 4100, nothing ran) stays quiet",
      now: NOW,
      tables: cases("benign-cmdlet-not-found-4100"),
      alerts: 0,
    },
    {
      name: "reconnaissance and Find-AADIntBackdoor stay quiet",
      now: NOW,
      tables: cases("benign-recon-cmdlets"),
      alerts: 0,
    },
    {
      name: "the module's source logged at import (its help names Install-AADIntPTASpy) stays quiet",
      now: NOW,
      tables: cases("benign-module-source-at-import"),
      alerts: 0,
    },
  ],
});

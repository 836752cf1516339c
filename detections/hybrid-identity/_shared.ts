/**
 * Shared pieces of the hybrid-identity pack: the tool's constants, and the PowerShell activity
 * every endpoint rule of the pack reads, normalised once so the rules stay short.
 *
 * Sources for the constants: the AADInternals module (Gerenios/AADInternals, MIT) and the pack's
 * fact sheet. A file whose name starts with `_` is a helper, not a detection.
 */
import { AuditLogs, DeviceEvents, DeviceProcessEvents, Event, type StringExpr, coalesce, from, iff, makeSetIf, strcat, union } from "kustodian";

/** The instant every fixture case of the pack runs at (`node fixtures/generate.mjs` uses the same). */
export const NOW = "2026-03-16T10:00:00.000Z";

export const AUTHOR = "Kustodian hybrid-identity pack";

/** AADInternals in MITRE ATT&CK, named in every rule's references. */
export const ATTACK_SOFTWARE = "https://attack.mitre.org/software/S0677/";
export const AADINTERNALS = "https://github.com/Gerenios/AADInternals";
export const MANDIANT_BACKDOORS =
  "https://cloud.google.com/blog/topics/threat-intelligence/detecting-microsoft-365-azure-active-directory-backdoors";

export const CONNECTORS = {
  entra: (...dataTypes: string[]) => ({ connectorId: "AzureActiveDirectory", dataTypes }),
  office365: { connectorId: "Office365", dataTypes: ["OfficeActivity"] },
  defender: (...dataTypes: string[]) => ({ connectorId: "MicrosoftThreatProtection", dataTypes }),
  securityEvents: (...dataTypes: string[]) => ({ connectorId: "SecurityEvents", dataTypes }),
  windowsSecurityEvents: (...dataTypes: string[]) => ({ connectorId: "WindowsSecurityEvents", dataTypes }),
} as const;

/** Application ids the tool signs in with. */
export const APP_IDS = {
  aadPowerShell: "1b730954-1685-4b74-9bfd-dac224a7b894",
  /** "Microsoft Azure Active Directory Connect": PTA agent and Entra Connect registration. */
  aadConnect: "cb1056e2-e479-49de-ae31-7812af012ed8",
} as const;

/** SHA-256 of PTASpy.dll: v0.2.2 to v0.9.3, and v0.2.0. */
export const PTASPY_DLL_SHA256 = [
  "ed38f27a211b1ba6725f5b3827abfd0eaf937e6baadeafb5dcae668f5af419a3",
  "a86da887625dd13d07308b4af08df8845e28b587574b33aae5d22ac5a64d6dd8",
] as const;

/**
 * Any `<Verb>-AADInt<Noun>` command. Deliberately any verb: SigmaHQ's list of 27 verbs misses
 * `Approve-`, `Clear-`, `Convert-` and `Test-AADInt`, and new releases add more.
 */
export const AADINT_CMDLET_REGEX = "(?i)\\b([a-z]+-aadint[a-z0-9]+)";

/**
 * The cmdlets that plant or use a backdoor, by kind. The alert names the kind; the order is the
 * priority when one script uses several.
 */
export const BACKDOOR_CMDLETS = {
  "PTASpy (credential interception on the PTA agent)": ["Install-AADIntPTASpy", "Get-AADIntPTASpyLog", "Remove-AADIntPTASpy"],
  "Rogue PTA agent": [
    "Register-AADIntPTAAgent",
    "Set-AADIntPTACertificate",
    "Invoke-AADIntPTAAgent",
    "Export-AADIntProxyAgentCertificates",
    "Export-AADIntProxyAgentBootstraps",
    "Set-AADIntPassThroughAuthenticationEnabled",
  ],
  "Federation backdoor": ["ConvertTo-AADIntBackdoor", "New-AADIntBackdoor", "Set-AADIntDomainAuthentication"],
  "Token forging (SAML / WS-Fed)": ["New-AADIntSAMLToken", "New-AADIntSAML2Token", "Open-AADIntOffice365Portal", "New-AADIntADFSRefreshToken"],
  "AD FS configuration and key export": [
    "Export-AADIntADFSConfiguration",
    "Export-AADIntADFSEncryptionKey",
    "Export-AADIntADFSCertificates",
    "Export-AADIntADFSSigningCertificate",
    "Export-AADIntADFSEncryptionCertificate",
  ],
} as const;

/** An RE2 alternation matching any of the names as a whole word, case-insensitively. */
export function wordsRegex(names: readonly string[]): string {
  return `(?i)\\b(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`;
}

/** One named `<Data>` item of a Windows event's `EventData` XML (values stay XML-escaped). */
export function eventData(xml: StringExpr, name: string): StringExpr {
  return xml.extract(`<Data Name="${name}">([^<]*)</Data>`, 1);
}

/** `DOMAIN\user` split into its two parts. */
export function domainOf(account: StringExpr): StringExpr {
  return account.extract("^([^\\\\]+)\\\\", 1);
}
export function userOf(account: StringExpr): StringExpr {
  return account.extract("([^\\\\]+)$", 1);
}

/** Windows PowerShell 5.1 and PowerShell 7 log script blocks and modules to separate channels. */
const POWERSHELL_LOGS = ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"];

/**
 * PowerShell activity from three sensors, one row per logged command or script block:
 * - `Event`: PowerShell/Operational and PowerShellCore/Operational 4104 (script block logging)
 *   and 4103 (module logging). 4100 (errors) is left out: a command that ran is in 4104/4103
 *   already, and a 4100 on its own is mostly a command that never ran ("not recognized");
 * - `DeviceEvents` `PowerShellCommand` (Defender for Endpoint), when `withDefenderCommands`;
 * - `DeviceProcessEvents`: any process whose command line carries PowerShell (not only
 *   powershell.exe: a renamed binary or `cmd /c powershell ...` must not slip through).
 *
 * Columns: TimeGenerated, HostName (lower-case FQDN), AccountDomain and AccountName (lower
 * case, so one account's events group together whichever sensor saw them), Text (the
 * script, command or command line), ScriptPath (the file a script block came from), Source.
 */
export function powerShellActivity(withDefenderCommands: boolean) {
  const scriptLogging = from(Event)
    .where((r) => r.EventLog.in(POWERSHELL_LOGS).and(r.EventID.in([4103, 4104])))
    .project((r) => ({
      TimeGenerated: r.TimeGenerated,
      HostName: r.Computer.toLower(),
      AccountDomain: domainOf(r.UserName).toLower(),
      AccountName: userOf(r.UserName).toLower(),
      Text: iff(r.EventID.eq(4104), eventData(r.EventData, "ScriptBlockText"), eventData(r.EventData, "Payload")),
      ScriptPath: eventData(r.EventData, "Path"),
      Source: iff(r.EventID.eq(4104), "PowerShell script block (4104)", "PowerShell module logging (4103)"),
    }));
  const commandLines = from(DeviceProcessEvents).project((r) => ({
    TimeGenerated: r.TimeGenerated,
    HostName: r.DeviceName.toLower(),
    AccountDomain: r.AccountDomain.toLower(),
    AccountName: r.AccountName.toLower(),
    Text: r.ProcessCommandLine,
    ScriptPath: "",
    Source: "Process command line (Defender)",
  }));
  if (!withDefenderCommands) return union(scriptLogging, commandLines);
  const defenderCommands = from(DeviceEvents)
    .where((r) => r.ActionType.eq("PowerShellCommand"))
    .project((r) => ({
      TimeGenerated: r.TimeGenerated,
      HostName: r.DeviceName.toLower(),
      AccountDomain: r.InitiatingProcessAccountDomain.toLower(),
      AccountName: r.InitiatingProcessAccountName.toLower(),
      Text: r.AdditionalFields.prop("Command").asString(),
      ScriptPath: "",
      Source: "PowerShell command (Defender)",
    }));
  return union(scriptLogging, defenderCommands, commandLines);
}

/**
 * The fixture files of one test case: `fixtures/<slug>/<case>/<Table>.jsonl` for every table the
 * detection reads (the generator writes all of them, empty where a case has no rows).
 */
export function caseTables(...tables: string[]): (testCase: string) => Record<string, string> {
  return (testCase) => Object.fromEntries(tables.map((t) => [t, `${testCase}/${t}.jsonl`]));
}

/**
 * Domains switched to federated authentication or whose federation settings changed, one row
 * per audit event (not one per modified property, as rules that mv-apply the properties give).
 *
 * Columns: TimeGenerated, Id, CorrelationId, OperationName, Domain (lower case), Actor (user UPN or
 * app name), ActorObjectId, ActorIP, UserAgent, NewAuthentication, IssuerUri, ChangedProperties.
 */
export function federatedDomainChanges() {
  return (
    from(AuditLogs)
      .where((r) =>
        r.OperationName.in(["Set domain authentication", "Set federation settings on domain"]).and(r.Result.eqCi("success")),
      )
      .extend((r) => ({
        Domain: r.TargetResources.at(0).prop("displayName").asString().toLower(),
        Actor: coalesce(r.InitiatedBy.path("user", "userPrincipalName").asString(), r.InitiatedBy.path("app", "displayName").asString()),
        ActorObjectId: coalesce(r.InitiatedBy.path("user", "id").asString(), r.InitiatedBy.path("app", "servicePrincipalId").asString()),
        ActorIP: r.InitiatedBy.path("user", "ipAddress").asString(),
        // Read as text, not with mv-expand: events that carry no user agent must not be dropped.
        UserAgent: r.AdditionalDetails.asString().extract('"key":"User-Agent","value":"([^"]*)"', 1),
      }))
      .mvExpand((r) => ({ Property: r.TargetResources.at(0).prop("modifiedProperties") }))
      .extend((r) => ({
        PropertyName: r.Property.prop("displayName").asString(),
        // Old and new values are JSON-encoded arrays in a string: `["Federated"]`.
        NewValue: r.Property.prop("newValue").asString().parseJson().at(0).asString(),
      }))
      .summarize(
        (r) => ({
          LiveTypes: makeSetIf(r.NewValue, r.PropertyName.eq("LiveType")),
          Issuers: makeSetIf(r.NewValue, r.PropertyName.eq("IssuerUri")),
          ChangedProperties: makeSetIf(r.PropertyName, r.PropertyName.ne("Included Updated Properties")),
        }),
        ["TimeGenerated", "Id", "CorrelationId", "OperationName", "Domain", "Actor", "ActorObjectId", "ActorIP", "UserAgent"],
      )
      // Converting a domain back to managed logs the same operation: only the switch to federated counts.
      .where((r) => r.OperationName.eq("Set federation settings on domain").or(r.LiveTypes.hasElement("Federated")))
      .extend((r) => ({
        NewAuthentication: iff(r.LiveTypes.hasElement("Federated"), "Federated", ""),
        IssuerUri: r.Issuers.at(0).asString(),
      }))
      .projectAway("LiveTypes", "Issuers")
  );
}

/** The unified audit log's client IP with any port removed: `1.2.3.4:5678`, `[2001:db8::1]:443`, `2001:db8::1`. */
const CLIENT_IP = "^(?:\\[([0-9A-Fa-f:.]+)\\](?::\\d+)?|(\\d+\\.\\d+\\.\\d+\\.\\d+)(?::\\d+)?|([0-9A-Fa-f:.]+))$";
export function clientAddress(clientIp: StringExpr): StringExpr {
  // One of the three groups matches; strcat joins the one that did with two empty strings.
  return strcat(clientIp.extract(CLIENT_IP, 1), clientIp.extract(CLIENT_IP, 2), clientIp.extract(CLIENT_IP, 3));
}

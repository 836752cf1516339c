/**
 * Sentinel table <-> Sigma logsource (and field names). No public tool maps Azure tables to Sigma
 * (sigma.md §9), so Kustodian owns this table; `pipeline.yml` is generated from the same data,
 * so every rule Kustodian emits converts back to the table and columns it came from.
 * Process, file, registry, network and image-load tables use Sigma's Windows taxonomy field
 * names (the microsoft_xdr pipeline's mapping); other tables keep their Sentinel column names.
 */

export interface Logsource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
}

export interface TableMapping {
  readonly logsource: Logsource;
  /** Sentinel column -> Sigma field, for columns that have a taxonomy name. */
  readonly fields: Readonly<Record<string, string>>;
}

const XDR_PROCESS = { Image: "InitiatingProcessFolderPath" } as const;

/** Sigma field -> Sentinel column, written the way pipelines map (Sigma side first). */
const TABLES: Readonly<Record<string, { logsource: Logsource; sigmaToColumn?: Readonly<Record<string, string>> }>> = {
  SigninLogs: { logsource: { product: "azure", service: "signinlogs" } },
  AADNonInteractiveUserSignInLogs: { logsource: { product: "azure", service: "noninteractiveusersigninlogs" } },
  AADServicePrincipalSignInLogs: { logsource: { product: "azure", service: "serviceprincipalsigninlogs" } },
  AADManagedIdentitySignInLogs: { logsource: { product: "azure", service: "managedidentitysigninlogs" } },
  AuditLogs: { logsource: { product: "azure", service: "auditlogs" } },
  AzureActivity: { logsource: { product: "azure", service: "activitylogs" } },
  OfficeActivity: { logsource: { product: "m365", service: "audit" } },
  SecurityEvent: { logsource: { product: "windows", service: "security" } },
  Syslog: { logsource: { product: "linux", service: "syslog" } },
  DeviceProcessEvents: {
    logsource: { category: "process_creation", product: "windows" },
    sigmaToColumn: {
      Image: "FolderPath",
      CommandLine: "ProcessCommandLine",
      OriginalFileName: "ProcessVersionInfoOriginalFileName",
      ParentImage: "InitiatingProcessFolderPath",
      ParentCommandLine: "InitiatingProcessCommandLine",
      User: "AccountName",
      sha256: "SHA256",
      sha1: "SHA1",
      md5: "MD5",
    },
  },
  DeviceFileEvents: {
    logsource: { category: "file_event", product: "windows" },
    sigmaToColumn: { TargetFilename: "FolderPath", ...XDR_PROCESS },
  },
  DeviceRegistryEvents: {
    logsource: { category: "registry_event", product: "windows" },
    sigmaToColumn: { TargetObject: "RegistryKey", Details: "RegistryValueData", ...XDR_PROCESS },
  },
  DeviceNetworkEvents: {
    logsource: { category: "network_connection", product: "windows" },
    sigmaToColumn: { DestinationIp: "RemoteIP", DestinationPort: "RemotePort", DestinationHostname: "RemoteUrl", ...XDR_PROCESS },
  },
  DeviceImageLoadEvents: {
    logsource: { category: "image_load", product: "windows" },
    sigmaToColumn: { ImageLoaded: "FolderPath", ...XDR_PROCESS },
  },
};

/** The mapping for a table; tables without a Sigma logsource get `product: sentinel, service: <table>`. */
export function tableMapping(table: string): { table: string; mapping: TableMapping } {
  const key = Object.keys(TABLES).find((t) => t.toLowerCase() === table.toLowerCase());
  if (!key) return { table, mapping: { logsource: { product: "sentinel", service: table.toLowerCase() }, fields: {} } };
  const entry = TABLES[key];
  const fields: Record<string, string> = {};
  for (const [sigma, column] of Object.entries(entry.sigmaToColumn ?? {})) fields[column] = sigma;
  return { table: key, mapping: { logsource: entry.logsource, fields } };
}

/** Every built-in table mapping, in a stable order, for the pipeline. */
export function builtinTables(): string[] {
  return Object.keys(TABLES);
}

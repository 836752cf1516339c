/**
 * Data connectors that fill each built-in table, for `requiredDataConnectors` when a detection
 * does not declare them (connector ids from Azure-Sentinel's ValidConnectorIds list).
 */
import type { RequiredDataConnector } from "../dsl/model.js";

const TABLE_CONNECTORS: Readonly<Record<string, readonly string[]>> = {
  SigninLogs: ["AzureActiveDirectory"],
  AADNonInteractiveUserSignInLogs: ["AzureActiveDirectory"],
  AADServicePrincipalSignInLogs: ["AzureActiveDirectory"],
  AADManagedIdentitySignInLogs: ["AzureActiveDirectory"],
  AuditLogs: ["AzureActiveDirectory"],
  OfficeActivity: ["Office365"],
  SecurityEvent: ["SecurityEvents", "WindowsSecurityEvents"],
  AzureActivity: ["AzureActivity"],
  Syslog: ["Syslog"],
  CommonSecurityLog: ["CEF"],
  ThreatIntelligenceIndicator: ["ThreatIntelligence"],
  DeviceProcessEvents: ["MicrosoftThreatProtection"],
  DeviceFileEvents: ["MicrosoftThreatProtection"],
  DeviceEvents: ["MicrosoftThreatProtection"],
  DeviceNetworkEvents: ["MicrosoftThreatProtection"],
  DeviceRegistryEvents: ["MicrosoftThreatProtection"],
  DeviceLogonEvents: ["MicrosoftThreatProtection"],
  DeviceImageLoadEvents: ["MicrosoftThreatProtection"],
  DeviceInfo: ["MicrosoftThreatProtection"],
  CloudAppEvents: ["MicrosoftThreatProtection"],
  EmailEvents: ["MicrosoftThreatProtection"],
  IdentityDirectoryEvents: ["MicrosoftThreatProtection"],
  IdentityLogonEvents: ["MicrosoftThreatProtection"],
  IdentityQueryEvents: ["MicrosoftThreatProtection"],
};

/** Connectors for the given tables, one entry per connector listing its tables; unknown tables are skipped. */
export function connectorsForTables(tables: readonly string[]): RequiredDataConnector[] {
  const byConnector = new Map<string, string[]>();
  for (const table of tables) {
    const key = Object.keys(TABLE_CONNECTORS).find((t) => t.toLowerCase() === table.toLowerCase());
    if (!key) continue;
    for (const connectorId of TABLE_CONNECTORS[key]) {
      const list = byConnector.get(connectorId) ?? [];
      if (!list.includes(key)) list.push(key);
      byConnector.set(connectorId, list);
    }
  }
  return [...byConnector.entries()].map(([connectorId, dataTypes]) => ({ connectorId, dataTypes }));
}

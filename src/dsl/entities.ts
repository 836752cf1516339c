/**
 * Entity mappings typed by entity type and by the query's output columns. The identifier lists
 * are the ones Azure-Sentinel's template validation accepts (EntityMappingIdentifiers.cs, MIT),
 * as recorded in the project's reference data.
 */
import type { EntityType } from "./model.js";

/** Allowed `identifier` values per entity type. */
export interface EntityIdentifiers {
  Account:
    | "Name"
    | "FullName"
    | "NTDomain"
    | "DnsDomain"
    | "UPNSuffix"
    | "Sid"
    | "AadTenantId"
    | "AadUserId"
    | "PUID"
    | "IsDomainJoined"
    | "DisplayName"
    | "ObjectGuid"
    | "CloudAppAccountId";
  AzureResource: "ResourceId";
  CloudApplication: "AppId" | "Name" | "InstanceName";
  DNS: "DomainName";
  File: "Directory" | "Name";
  FileHash: "Algorithm" | "Value";
  Host:
    | "DnsDomain"
    | "NTDomain"
    | "HostName"
    | "FullName"
    | "NetBiosName"
    | "AzureID"
    | "OMSAgentID"
    | "OSFamily"
    | "OSVersion"
    | "IsDomainJoined";
  IP: "Address";
  Mailbox: "MailboxPrimaryAddress" | "DisplayName" | "Upn" | "ExternalDirectoryObjectId" | "RiskLevel";
  MailCluster:
    | "NetworkMessageIds"
    | "CountByDeliveryStatus"
    | "CountByThreatType"
    | "CountByProtectionStatus"
    | "Threats"
    | "Query"
    | "QueryTime"
    | "MailCount"
    | "IsVolumeAnomaly"
    | "Source"
    | "ClusterSourceIdentifier"
    | "ClusterSourceType"
    | "ClusterQueryStartTime"
    | "ClusterQueryEndTime"
    | "ClusterGroup";
  MailMessage:
    | "Recipient"
    | "Urls"
    | "Threats"
    | "Sender"
    | "P1Sender"
    | "P1SenderDisplayName"
    | "P1SenderDomain"
    | "SenderIP"
    | "P2Sender"
    | "P2SenderDisplayName"
    | "P2SenderDomain"
    | "ReceivedDate"
    | "NetworkMessageId"
    | "InternetMessageId"
    | "Subject"
    | "BodyFingerprintBin1"
    | "BodyFingerprintBin2"
    | "BodyFingerprintBin3"
    | "BodyFingerprintBin4"
    | "BodyFingerprintBin5"
    | "AntispamDirection"
    | "DeliveryAction"
    | "DeliveryLocation"
    | "Language"
    | "ThreatDetectionMethods";
  Malware: "Name" | "Category";
  Process: "ProcessId" | "CommandLine" | "ElevationToken" | "CreationTimeUtc";
  RegistryKey: "Hive" | "Key";
  RegistryValue: "Name" | "Value" | "ValueType";
  SecurityGroup: "DistinguishedName" | "SID" | "ObjectGuid";
  SubmissionMail:
    | "NetworkMessageId"
    | "Timestamp"
    | "Recipient"
    | "Sender"
    | "SenderIp"
    | "Subject"
    | "ReportType"
    | "SubmissionId"
    | "SubmissionDate"
    | "Submitter";
  URL: "Url";
}

/** An entity mapping whose identifiers fit the entity type and whose columns are output columns. */
export type EntityMappingOf<Column extends string> = {
  [E in EntityType]: {
    readonly entityType: E;
    readonly fieldMappings: readonly { readonly identifier: EntityIdentifiers[E]; readonly columnName: Column }[];
  };
}[EntityType];

/**
 * Concise entity mapping: `entity("Account", { FullName: "Actor", AadUserId: "ActorId" })`.
 * The column names stay literal types, so `detection()` checks them against the query.
 */
export function entity<E extends EntityType, const M extends Partial<Record<EntityIdentifiers[E], string>>>(
  entityType: E,
  fields: M,
): {
  readonly entityType: E;
  readonly fieldMappings: readonly { readonly identifier: EntityIdentifiers[E]; readonly columnName: M[keyof M] & string }[];
} {
  const fieldMappings = Object.entries(fields).map(([identifier, columnName]) => ({
    identifier: identifier as EntityIdentifiers[E],
    columnName: columnName as M[keyof M] & string,
  }));
  if (fieldMappings.length === 0) throw new Error(`entity("${entityType}") needs at least one identifier`);
  return { entityType, fieldMappings };
}

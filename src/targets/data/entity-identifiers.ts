/**
 * Allowed and required identifiers per Sentinel entity type, as the Azure-Sentinel analytics-rule
 * checks enforce them. Transcribed from Azure/Azure-Sentinel
 * `.script/tests/detectionTemplateSchemaValidation/Models/EntityMappingIdentifiers.cs` @9a09dab5 (MIT).
 * `required`: alternatives; at least one list must be fully present.
 */

export interface EntityIdentifierRule {
  readonly identifiers: readonly string[];
  readonly required: readonly (readonly string[])[];
}

export const ENTITY_IDENTIFIERS: Readonly<Record<string, EntityIdentifierRule>> = {
  Account: {
    identifiers: ["Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid", "CloudAppAccountId"],
    required: [["FullName"], ["Sid"], ["Name"], ["AadUserId"], ["PUID"], ["ObjectGuid"]],
  },
  AzureResource: {
    identifiers: ["ResourceId"],
    required: [["ResourceId"]],
  },
  CloudApplication: {
    identifiers: ["AppId", "Name", "InstanceName"],
    required: [["AppId"], ["Name"]],
  },
  DNS: {
    identifiers: ["DomainName"],
    required: [["DomainName"]],
  },
  File: {
    identifiers: ["Directory", "Name"],
    required: [["Name"]],
  },
  FileHash: {
    identifiers: ["Algorithm", "Value"],
    required: [["Algorithm", "Value"]],
  },
  Host: {
    identifiers: ["DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"],
    required: [["FullName"], ["HostName"], ["NetBiosName"], ["AzureID"], ["OMSAgentID"]],
  },
  IoTDevice: {
    identifiers: ["DeviceId", "DeviceName", "Manufacturer", "Model", "FirmwareVersion", "OperatingSystem", "MacAddress", "Protocols", "SerialNumber", "Source", "IoTSecurityAgentId", "DeviceType"],
    required: [["DeviceId"]],
  },
  IP: {
    identifiers: ["Address"],
    required: [["Address"]],
  },
  Mailbox: {
    identifiers: ["MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"],
    required: [["MailboxPrimaryAddress"]],
  },
  MailCluster: {
    identifiers: ["NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"],
    required: [["Query"], ["Source"]],
  },
  MailMessage: {
    identifiers: ["Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"],
    required: [["NetworkMessageId"], ["Recipient"]],
  },
  Malware: {
    identifiers: ["Name", "Category"],
    required: [["Name"]],
  },
  Process: {
    identifiers: ["ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"],
    required: [["CommandLine"], ["ProcessId"]],
  },
  RegistryKey: {
    identifiers: ["Hive", "Key"],
    required: [["Key"], ["Hive"]],
  },
  RegistryValue: {
    identifiers: ["Name", "Value", "ValueType"],
    required: [["Name"]],
  },
  SecurityGroup: {
    identifiers: ["DistinguishedName", "SID", "ObjectGuid"],
    required: [["DistinguishedName"], ["SID"], ["ObjectGuid"]],
  },
  SubmissionMail: {
    identifiers: ["NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType", "SubmissionId", "SubmissionDate", "Submitter"],
    required: [["SubmissionId"], ["NetworkMessageId"], ["Recipient"], ["Submitter"]],
  },
  URL: {
    identifiers: ["Url"],
    required: [["Url"]],
  },
};

/** Entity types the REST/ARM API accepts (IoTDevice exists only in the repository check). */
export const ARM_ENTITY_TYPES: readonly string[] = ["Account", "AzureResource", "CloudApplication", "DNS", "File", "FileHash", "Host", "IP", "Mailbox", "MailCluster", "MailMessage", "Malware", "Process", "RegistryKey", "RegistryValue", "SecurityGroup", "SubmissionMail", "URL"];

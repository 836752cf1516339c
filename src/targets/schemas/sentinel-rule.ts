/**
 * Schema of an analytics rule in the Azure-Sentinel repository's YAML format, with every limit
 * its template-validation CI enforces (sentinel-formats.md §2, §9, §10): lengths, `5m`/`1h`/`14d`
 * durations between 5 minutes and 14 days, short trigger operators, entity identifier rules,
 * connector ids, X.Y.Z versions, NRT rules without schedule or trigger fields.
 */
import { VALID_CONNECTOR_IDS } from "../data/connector-ids.js";
import { ENTITY_IDENTIFIERS } from "../data/entity-identifiers.js";
import { YAML_TACTICS } from "../data/technique-tactics.js";
import {
  alertDetailsOverrideSchema,
  conditional,
  customDetailsSchema,
  entityMappingsSchema,
  eventGroupingSchema,
  GUID_PATTERN,
  type JsonSchema,
  SEVERITIES,
} from "./common.js";

const SCHEDULE_KEYS = ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];
const duration = { type: "string", pattern: "^\\d+[mhd]$", durationRange: { min: "5m", max: "14d" } } as const;

export const SENTINEL_RULE_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/sentinel-rule.json",
  title: "Microsoft Sentinel analytics rule (Azure-Sentinel repository YAML)",
  type: "object",
  additionalProperties: false,
  required: ["id", "name", "description", "severity", "kind", "query", "version"],
  properties: {
    id: { type: "string", pattern: GUID_PATTERN },
    name: { type: "string", minLength: 1, maxLength: 256 },
    description: { type: "string", minLength: 1, maxLength: 5000 },
    severity: { enum: SEVERITIES },
    kind: { enum: ["Scheduled", "NRT"] },
    status: { enum: ["Available", "Experimental", "Deprecated"] },
    requiredDataConnectors: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["connectorId", "dataTypes"],
        properties: {
          connectorId: { enum: VALID_CONNECTOR_IDS },
          dataTypes: { type: "array", minItems: 1, items: { type: "string", minLength: 1 } },
        },
      },
    },
    queryFrequency: duration,
    queryPeriod: duration,
    triggerOperator: { enum: ["gt", "lt", "eq", "ne", "GreaterThan", "LessThan", "Equal", "NotEqual"] },
    triggerThreshold: { type: "integer", minimum: 0, maximum: 10000 },
    tactics: { type: "array", uniqueItems: true, items: { enum: YAML_TACTICS } },
    relevantTechniques: { type: "array", uniqueItems: true, items: { type: "string", pattern: "^T\\d{4}(\\.\\d{3})?$" } },
    query: { type: "string", minLength: 1, maxLength: 10000 },
    entityMappings: entityMappingsSchema(Object.keys(ENTITY_IDENTIFIERS), 10),
    customDetails: customDetailsSchema,
    alertDetailsOverride: alertDetailsOverrideSchema(false),
    eventGroupingSettings: eventGroupingSchema,
    version: { type: "string", pattern: "^(\\d+\\.)(\\d+\\.)(\\d+)$", maxLength: 20 },
    tags: { type: "array", items: { type: "string" } },
    metadata: { type: "object" },
  },
  techniquesHaveTactics: true,
  allOf: [
    conditional({ properties: { kind: { const: "Scheduled" } }, required: ["kind"] }, { required: ["requiredDataConnectors", ...SCHEDULE_KEYS], scheduleConsistent: "sentinel" }),
    conditional({ properties: { kind: { const: "NRT" } }, required: ["kind"] }, { properties: Object.fromEntries(SCHEDULE_KEYS.map((k) => [k, { not: {}, description: "NRT rules have no schedule or trigger" }])) }),
  ],
};

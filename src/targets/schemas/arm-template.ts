/**
 * Schemas of the ARM outputs (sentinel-formats.md §5, §8; alertrules-facts.md): a deployment
 * template holding `Microsoft.OperationalInsights/workspaces/providers/alertRules` resources
 * (one per rule, or every rule in the bundle) and its `.parameters.json` file.
 */
import { ARM_ENTITY_TYPES } from "../data/entity-identifiers.js";
import { ARM_TACTICS } from "../data/technique-tactics.js";
import {
  alertDetailsOverrideSchema,
  conditional,
  customDetailsSchema,
  entityMappingsSchema,
  eventGroupingSchema,
  type JsonSchema,
  SEVERITIES,
  SUB_TECHNIQUE_PATTERN,
  TECHNIQUE_PATTERN,
} from "./common.js";

/** An ARM template expression, as the ARM JSON schemas accept in place of any value. */
const EXPRESSION = { type: "string", pattern: "^\\[([^\\[].*)?\\]$" } as const;
const ISO_DURATION = "^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+S)?)?$";
const duration = (range?: { min: string; max: string }) =>
  ({ type: "string", format: "duration", pattern: ISO_DURATION, ...(range ? { durationRange: range } : {}) }) as const;
const orExpression = (schema: JsonSchema) => ({ anyOf: [schema, EXPRESSION] });

const SCHEDULE_KEYS = ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];
const COMMON_REQUIRED = ["displayName", "enabled", "severity", "query", "suppressionEnabled", "suppressionDuration"];

const properties: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    displayName: { type: "string", minLength: 1, maxLength: 256 },
    description: { type: "string", maxLength: 5000 },
    severity: { enum: SEVERITIES },
    enabled: orExpression({ type: "boolean" }),
    query: { type: "string", minLength: 1, maxLength: 10000 },
    queryFrequency: duration({ min: "PT5M", max: "P14D" }),
    queryPeriod: duration({ min: "PT5M", max: "P14D" }),
    triggerOperator: { enum: ["GreaterThan", "LessThan", "Equal", "NotEqual"] },
    triggerThreshold: { type: "integer", minimum: 0, maximum: 10000 },
    suppressionEnabled: { type: "boolean" },
    suppressionDuration: duration(),
    startTimeUtc: { type: ["string", "null"] },
    tactics: { type: "array", uniqueItems: true, items: { enum: ARM_TACTICS } },
    techniques: { type: "array", uniqueItems: true, items: { type: "string", pattern: TECHNIQUE_PATTERN } },
    subTechniques: { type: "array", uniqueItems: true, items: { type: "string", pattern: SUB_TECHNIQUE_PATTERN } },
    alertRuleTemplateName: { type: ["string", "null"] },
    templateVersion: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+$" },
    incidentConfiguration: {
      type: "object",
      additionalProperties: false,
      required: ["createIncident"],
      properties: {
        createIncident: { type: "boolean" },
        groupingConfiguration: {
          type: "object",
          additionalProperties: false,
          required: ["enabled", "reopenClosedIncident", "lookbackDuration", "matchingMethod"],
          properties: {
            enabled: { type: "boolean" },
            reopenClosedIncident: { type: "boolean" },
            lookbackDuration: duration(),
            matchingMethod: { enum: ["AllEntities", "AnyAlert", "Selected"] },
            groupByEntities: { type: "array", items: { enum: ARM_ENTITY_TYPES } },
            groupByAlertDetails: { type: "array", items: { enum: ["DisplayName", "Severity"] } },
            groupByCustomDetails: { type: "array", items: { type: "string" } },
          },
        },
      },
    },
    eventGroupingSettings: eventGroupingSchema,
    customDetails: customDetailsSchema,
    entityMappings: entityMappingsSchema(ARM_ENTITY_TYPES, 10),
    alertDetailsOverride: alertDetailsOverrideSchema(true),
    sentinelEntitiesMappings: { type: "array", items: { type: "object", properties: { columnName: { type: "string" } } } },
  },
};

const alertRuleResource: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["type", "apiVersion", "name", "kind", "properties"],
  properties: {
    id: EXPRESSION,
    name: {
      type: "string",
      pattern:
        "^\\[concat\\(parameters\\('workspace'\\),\\s*'/Microsoft\\.SecurityInsights/',\\s*'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'\\)\\]$",
    },
    type: { const: "Microsoft.OperationalInsights/workspaces/providers/alertRules" },
    apiVersion: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}(-preview)?$" },
    kind: { enum: ["Scheduled", "NRT"] },
    location: { type: "string" },
    comments: { type: "string" },
    condition: { anyOf: [{ type: "boolean" }, EXPRESSION] },
    dependsOn: { type: "array", items: { type: "string" } },
    properties,
  },
  armApiSupports: true,
  allOf: [
    conditional({ properties: { kind: { const: "Scheduled" } }, required: ["kind"] }, { properties: { properties: { required: [...COMMON_REQUIRED, ...SCHEDULE_KEYS], scheduleConsistent: "iso" } } }),
    conditional({ properties: { kind: { const: "NRT" } }, required: ["kind"] }, {
        properties: {
          properties: {
            required: COMMON_REQUIRED,
            properties: Object.fromEntries(SCHEDULE_KEYS.map((k) => [k, { not: {}, description: "NRT rules have no schedule or trigger" }])),
          },
        },
      }),
  ],
};

export const ARM_TEMPLATE_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/arm-alert-rules-template.json",
  title: "ARM deployment template of Microsoft Sentinel alert rules",
  type: "object",
  required: ["$schema", "contentVersion", "parameters", "resources"],
  properties: {
    $schema: { const: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#" },
    contentVersion: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+\\.\\d+$" },
    metadata: { type: "object" },
    parameters: {
      type: "object",
      required: ["workspace"],
      properties: { workspace: { type: "object", required: ["type"], properties: { type: { enum: ["String", "string"] } } } },
      additionalProperties: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: ["String", "string", "Bool", "bool", "Int", "int", "Object", "object", "Array", "array"] } },
      },
    },
    variables: { type: "object" },
    resources: { type: "array", minItems: 1, items: alertRuleResource, uniqueBy: "name" },
    outputs: { type: "object" },
  },
};

export const ARM_PARAMETERS_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/arm-parameters.json",
  title: "ARM deployment parameters file",
  type: "object",
  additionalProperties: false,
  required: ["$schema", "contentVersion", "parameters"],
  properties: {
    $schema: { const: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#" },
    contentVersion: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+\\.\\d+$" },
    parameters: {
      type: "object",
      additionalProperties: { type: "object", required: ["value"], properties: { value: true }, additionalProperties: false },
    },
  },
};

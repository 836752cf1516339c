/**
 * Schemas of the Sigma outputs (JSON Schema draft 2020-12), written from the Sigma
 * specification v2.1.0 facts (sigma.md §1, §2, §5, §6): detection rules, correlation rules,
 * and the pySigma processing pipeline that maps them back to Sentinel.
 */
import { conditional, type JsonSchema } from "./common.js";

const DATE = "^\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$";
const LEVEL = { enum: ["informational", "low", "medium", "high", "critical"] } as const;
const STATUS = { enum: ["stable", "test", "experimental", "deprecated", "unsupported"] } as const;
const uniqueStrings = (minLength = 0) => ({ type: "array", uniqueItems: true, items: { type: "string", minLength } });

/** A value in a search identifier: lists may hold only strings, integers or maps (schema quirk). */
const searchValue = {
  anyOf: [
    { type: ["string", "number", "boolean", "null"] },
    { type: "array", items: { type: ["string", "integer", "object"] } },
  ],
};

export const SIGMA_RULE_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/sigma-detection-rule.json",
  title: "Sigma detection rule (specification v2.1.0)",
  type: "object",
  required: ["title", "logsource", "detection"],
  properties: {
    title: { type: "string", maxLength: 256 },
    id: { type: "string", format: "uuid" },
    name: { type: "string", minLength: 1, maxLength: 256 },
    related: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: { type: "string", format: "uuid" },
          type: { enum: ["derived", "obsolete", "merged", "renamed", "similar"] },
        },
      },
    },
    taxonomy: { type: "string", maxLength: 256 },
    status: STATUS,
    description: { type: "string", maxLength: 65535 },
    license: { type: "string" },
    author: { type: "string" },
    references: uniqueStrings(),
    date: { type: "string", pattern: DATE },
    modified: { type: "string", pattern: DATE },
    logsource: {
      type: "object",
      properties: {
        category: { type: "string" },
        product: { type: "string" },
        service: { type: "string" },
        definition: { type: "string" },
      },
    },
    detection: {
      type: "object",
      required: ["condition"],
      properties: { condition: { type: "string", minLength: 1 } },
      propertyNames: { pattern: "^([A-Za-z0-9_-]+|condition|timeframe)$" },
      additionalProperties: {
        anyOf: [
          { type: "array", items: { type: ["string", "integer", "object"] } },
          { type: "object", additionalProperties: searchValue },
        ],
      },
    },
    fields: uniqueStrings(),
    falsepositives: uniqueStrings(2),
    level: LEVEL,
    tags: {
      type: "array",
      uniqueItems: true,
      items: {
        type: "string",
        pattern: "^[a-z0-9_-]+\\.[a-z0-9._-]+$",
        retiredTags: { "attack.defense-evasion": "ATT&CK v19 split it into attack.stealth and attack.defense-impairment (pySigma 1.5 attacktag)" },
      },
    },
    scope: { type: "array", items: { type: "string", minLength: 2 } },
  },
};

const COUNT_OPERATORS = ["gt", "gte", "lt", "lte", "eq", "neq"];

export const SIGMA_CORRELATION_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/sigma-correlation-rule.json",
  title: "Sigma correlation rule (specification v2.1.0)",
  type: "object",
  required: ["title", "correlation"],
  properties: {
    title: { type: "string", maxLength: 256 },
    id: { type: "string", format: "uuid" },
    name: { type: "string", minLength: 1, maxLength: 256 },
    status: STATUS,
    description: { type: "string", maxLength: 65535 },
    author: { type: "string" },
    references: uniqueStrings(),
    date: { type: "string", pattern: DATE },
    modified: { type: "string", pattern: DATE },
    taxonomy: { type: "string" },
    falsepositives: uniqueStrings(2),
    level: LEVEL,
    generate: { type: "boolean" },
    correlation: {
      type: "object",
      required: ["type", "rules", "timespan"],
      properties: {
        type: {
          type: "string",
          maxLength: 16,
          enum: ["event_count", "value_count", "temporal", "temporal_ordered", "value_sum", "value_avg", "value_percentile"],
        },
        rules: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", minLength: 2 } },
        aliases: { type: "object", additionalProperties: { type: "object", additionalProperties: { type: "string" } } },
        "group-by": uniqueStrings(1),
        timespan: { type: "string", maxLength: 10, pattern: "^\\d+[smhdwMy]$" },
        condition: {
          type: "object",
          minProperties: 1,
          additionalProperties: false,
          properties: {
            ...Object.fromEntries(COUNT_OPERATORS.map((op) => [op, { type: "integer" }])),
            field: { anyOf: [{ type: "string", maxLength: 256 }, { type: "array", items: { type: "string", maxLength: 256 } }] },
          },
        },
      },
      allOf: [
        conditional({ properties: { type: { const: "event_count" } } }, { required: ["condition", "group-by"] }),
        conditional({ properties: { type: { enum: ["value_count", "value_sum", "value_avg", "value_percentile"] } } }, { required: ["condition", "group-by"], properties: { condition: { required: ["field"] } } }),
        conditional({ properties: { type: { enum: ["temporal", "temporal_ordered"] } } }, { required: ["group-by"] }),
      ],
    },
  },
};

const ruleCondition = {
  type: "object",
  required: ["type"],
  properties: { type: { enum: ["logsource", "contains_detection_item", "processing_item_applied", "processing_state", "is_sigma_rule", "is_sigma_correlation_rule", "rule_attribute", "tag"] } },
};

/** A pySigma processing pipeline file (pySigma docs, "Specifying Processing Pipelines as YAML"). */
export const SIGMA_PIPELINE_SCHEMA: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kustodian.dev/schemas/sigma-pipeline.json",
  title: "pySigma processing pipeline",
  type: "object",
  required: ["name", "priority", "transformations"],
  properties: {
    name: { type: "string", minLength: 1 },
    priority: { type: "integer" },
    allowed_backends: uniqueStrings(1),
    vars: { type: "object" },
    transformations: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: { type: "string", pattern: "^[A-Za-z0-9_]+$" },
          type: { type: "string", minLength: 1 },
          rule_conditions: { type: "array", items: ruleCondition },
          rule_cond_op: { enum: ["and", "or"] },
          rule_cond_not: { type: "boolean" },
        },
      },
      uniqueBy: "id",
    },
    postprocessing: { type: "array" },
    finalizers: { type: "array" },
  },
};

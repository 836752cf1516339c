/**
 * Schema pieces shared by the Sentinel YAML and ARM schemas, written from the fact sheets
 * (`sentinel-formats.md`, `alertrules-facts.md`). Custom keywords (`durationRange`,
 * `placeholders`, `uniqueBy`, ...) are defined in `keywords.ts`.
 */

export type JsonSchema = { readonly [key: string]: unknown };

export const GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const SEVERITIES = ["Informational", "Low", "Medium", "High"] as const;
export const TECHNIQUE_PATTERN = "^T\\d{4}$";
export const SUB_TECHNIQUE_PATTERN = "^T\\d{4}\\.\\d{3}$";
/** Column names as Azure-Sentinel checks them (entity mappings, custom details). */
export const COLUMN_PATTERN = "^[a-zA-Z_]+\\w*$";

const column = { type: "string", pattern: COLUMN_PATTERN, maxLength: 500 } as const;

/**
 * Entity mappings; `entityIdentifiers` (keywords.ts) checks that each identifier is allowed for
 * the entity type and that one of the type's required identifier groups is present.
 */
export function entityMappingsSchema(entityTypes: readonly string[], maxItems: number): JsonSchema {
  return {
    type: "array",
    minItems: 1,
    maxItems,
    items: {
      type: "object",
      additionalProperties: false,
      required: ["entityType", "fieldMappings"],
      entityIdentifiers: true,
      properties: {
        entityType: { enum: entityTypes },
        fieldMappings: {
          type: "array",
          minItems: 1,
          maxItems: 3,
          uniqueBy: "identifier",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["identifier", "columnName"],
            properties: { identifier: { type: "string" }, columnName: column },
          },
        },
      },
    },
  };
}

export const customDetailsSchema: JsonSchema = {
  type: "object",
  maxProperties: 20,
  propertyNames: { pattern: "^[a-zA-Z]+\\w*$", maxLength: 20 },
  additionalProperties: column,
};

export function alertDetailsOverrideSchema(dynamicProperties: boolean): JsonSchema {
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      alertDisplayNameFormat: { type: "string", minLength: 1, maxLength: 256, placeholders: 3 },
      alertDescriptionFormat: { type: "string", minLength: 1, maxLength: 5000, placeholders: 3 },
      alertTacticsColumnName: column,
      alertSeverityColumnName: column,
      ...(dynamicProperties
        ? {
            alertDynamicProperties: {
              type: "array",
              items: {
                type: "object",
                additionalProperties: false,
                required: ["alertProperty", "value"],
                properties: {
                  alertProperty: {
                    enum: [
                      "AlertLink", "ConfidenceLevel", "ConfidenceScore", "ExtendedLinks", "ProductName",
                      "ProviderName", "ProductComponentName", "RemediationSteps", "Techniques", "SubTechniques",
                    ],
                  },
                  value: column,
                },
              },
            },
          }
        : {}),
    },
  };
}

export const eventGroupingSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["aggregationKind"],
  properties: { aggregationKind: { enum: ["SingleAlert", "AlertPerResult"] } },
};

/** `{ if, then }`: JSON Schema's conditional (a plain object key that linters mistake for a thenable). */
export function conditional(ifSchema: JsonSchema, thenSchema: JsonSchema): JsonSchema {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword.
  return { if: ifSchema, then: thenSchema };
}

/** JSON schema of the config file, used to give a precise error for a bad key or value. */
export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    detections: { type: "string", minLength: 1 },
    fixtures: { type: "string", minLength: 1 },
    templates: { type: ["string", "null"], minLength: 1 },
    generated: { type: "string", minLength: 1 },
    schemas: { type: ["string", "null"], minLength: 1 },
    arm: {
      type: "object",
      additionalProperties: false,
      properties: { apiVersion: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}(-preview)?$" } },
    },
    tests: {
      type: "object",
      additionalProperties: false,
      properties: {
        minAlerting: { type: "integer", minimum: 0 },
        minQuiet: { type: "integer", minimum: 0 },
      },
    },
    live: {
      type: "object",
      additionalProperties: false,
      properties: {
        workspaces: {
          type: "object",
          additionalProperties: {
            type: "string",
            pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
          },
        },
        defaultWorkspace: { type: ["string", "null"] },
        endpoint: { type: ["string", "null"], pattern: "^https?://" },
      },
    },
    functions: {
      type: "object",
      additionalProperties: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["name", "type"],
          properties: { name: { type: "string" }, type: { type: "string" } },
        },
      },
    },
  },
} as const;

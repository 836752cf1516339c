/**
 * Validates every rendered artifact against its schema (ajv, draft 2020-12, with ajv-formats
 * and Kustodian's keywords) before anything is written. Validators compile once per process.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { ARM_PARAMETERS_SCHEMA, ARM_TEMPLATE_SCHEMA } from "./arm-template.js";
import type { JsonSchema } from "./common.js";
import { addKustodianKeywords } from "./keywords.js";
import { SENTINEL_RULE_SCHEMA } from "./sentinel-rule.js";
import { SIGMA_CORRELATION_SCHEMA, SIGMA_PIPELINE_SCHEMA, SIGMA_RULE_SCHEMA } from "./sigma.js";

export const ARTIFACT_SCHEMAS = {
  "sentinel-rule": SENTINEL_RULE_SCHEMA,
  "arm-template": ARM_TEMPLATE_SCHEMA,
  "arm-parameters": ARM_PARAMETERS_SCHEMA,
  "sigma-rule": SIGMA_RULE_SCHEMA,
  "sigma-correlation": SIGMA_CORRELATION_SCHEMA,
  "sigma-pipeline": SIGMA_PIPELINE_SCHEMA,
} as const satisfies Record<string, JsonSchema>;

export type ArtifactSchema = keyof typeof ARTIFACT_SCHEMAS;

// ajv-formats ships CommonJS; its default export differs between module systems.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | null = null;
const compiled = new Map<ArtifactSchema, ValidateFunction>();

function validator(schema: ArtifactSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    if (!ajv) {
      ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
      addFormats(ajv);
      addKustodianKeywords(ajv);
    }
    fn = ajv.compile(ARTIFACT_SCHEMAS[schema]);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Error messages (`/path: message`), empty when `data` is valid. */
export function validateArtifact(schema: ArtifactSchema, data: unknown): string[] {
  const fn = validator(schema);
  if (fn(data)) return [];
  return dedupe((fn.errors ?? []).filter(isUseful).map(formatError));
}

/** `if` wrappers only repeat what their `then` branch said. */
function isUseful(e: ErrorObject): boolean {
  return e.keyword !== "if";
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath || "/";
  const extra =
    e.keyword === "enum"
      ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.slice(0, 12).map((v) => JSON.stringify(v)).join(", ")})`
      : e.keyword === "additionalProperties"
        ? ` (${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)})`
        : e.keyword === "not"
          ? ": NRT rules have no schedule or trigger fields"
          : "";
  if (e.keyword === "not") return `${where}: is not allowed${extra}`;
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

function dedupe(messages: string[]): string[] {
  return [...new Set(messages)];
}

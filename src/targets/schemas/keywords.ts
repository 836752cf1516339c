/**
 * Custom ajv keywords for the limits plain JSON Schema cannot state: duration ranges, the
 * schedule rules between frequency and period, placeholder counts, unique identifiers, the
 * technique-needs-its-tactic rule and what an ARM apiVersion supports.
 */
import type { Ajv, ErrorObject, SchemaValidateFunction } from "ajv";
import { armApiCapabilities } from "../arm-api.js";
import { ENTITY_IDENTIFIERS } from "../data/entity-identifiers.js";
import { TECHNIQUE_TACTICS } from "../data/technique-tactics.js";
import { durationMinutes } from "../duration.js";

type Check = (schema: never, data: never) => string | null;

function fail(keyword: string, message: string, instancePath: string): ErrorObject {
  return { keyword, message, params: {}, instancePath, schemaPath: "" };
}

const CHECKS: Readonly<Record<string, { type: "string" | "object" | "array"; check: Check }>> = {
  durationRange: {
    type: "string",
    check: ((range: { min: string; max: string }, value: string) => {
      const n = durationMinutes(value);
      const min = durationMinutes(range.min) ?? 0;
      const max = durationMinutes(range.max) ?? Number.POSITIVE_INFINITY;
      if (n === null) return null; // the pattern reports the format
      return n < min || n > max ? `must be between ${range.min} and ${range.max}` : null;
    }) as Check,
  },
  placeholders: {
    type: "string",
    check: ((max: number, value: string) => {
      const count = value.match(/\{\{[^{}]*\}\}/g)?.length ?? 0;
      return count > max ? `must use at most ${max} {{Column}} placeholders (found ${count})` : null;
    }) as Check,
  },
  uniqueBy: {
    type: "array",
    check: ((key: string, items: readonly Record<string, unknown>[]) => {
      const seen = new Set<unknown>();
      for (const item of items) {
        const v = item?.[key];
        if (seen.has(v)) return `must not repeat ${key} ${JSON.stringify(v)}`;
        seen.add(v);
      }
      return null;
    }) as Check,
  },
  scheduleConsistent: {
    type: "object",
    check: ((_form: string, rule: { queryFrequency?: string; queryPeriod?: string }) => {
      const freq = durationMinutes(rule.queryFrequency ?? "");
      const period = durationMinutes(rule.queryPeriod ?? "");
      if (freq === null || period === null) return null;
      if (period < freq) return `queryPeriod (${rule.queryPeriod}) must be at least queryFrequency (${rule.queryFrequency})`;
      if (period >= 2 * 1440 && freq < 60) return `a queryPeriod of 2 days or more needs a queryFrequency of at least 1 hour`;
      return null;
    }) as Check,
  },
  techniquesHaveTactics: {
    type: "object",
    check: ((_on: boolean, rule: { relevantTechniques?: readonly string[]; tactics?: readonly string[] }) => {
      const tactics = new Set(rule.tactics ?? []);
      for (const technique of rule.relevantTechniques ?? []) {
        const parent = technique.split(".")[0];
        const mapped = TECHNIQUE_TACTICS[parent];
        if (!mapped) return `technique ${technique} is not in the Azure-Sentinel technique-to-tactic map`;
        if (!mapped.some((t) => tactics.has(t))) {
          return `no valid tactic corresponding to the technique ${technique} was provided in the tactics field (expected one of ${mapped.join(", ")})`;
        }
      }
      return null;
    }) as Check,
  },
  entityIdentifiers: {
    type: "object",
    check: ((_on: boolean, mapping: { entityType?: string; fieldMappings?: readonly { identifier?: string }[] }) => {
      const rule = ENTITY_IDENTIFIERS[mapping.entityType ?? ""];
      if (!rule || !Array.isArray(mapping.fieldMappings)) return null; // the enum reports unknown types
      const ids = mapping.fieldMappings.map((f) => f.identifier ?? "");
      const bad = ids.find((id) => !rule.identifiers.includes(id));
      if (bad !== undefined) return `identifier ${JSON.stringify(bad)} is not allowed for ${mapping.entityType} (allowed: ${rule.identifiers.join(", ")})`;
      if (!rule.required.some((group) => group.every((id) => ids.includes(id)))) {
        return `${mapping.entityType} needs one of these identifiers: ${rule.required.map((g) => g.join(" + ")).join(" | ")}`;
      }
      return null;
    }) as Check,
  },
  retiredTags: {
    type: "string",
    check: ((retired: Readonly<Record<string, string>>, tag: string) => {
      const why = retired[tag];
      return why === undefined ? null : `${tag} is retired: ${why}`;
    }) as Check,
  },
  armApiSupports: {
    type: "object",
    check: ((_on: boolean, resource: { apiVersion?: string; kind?: string; properties?: { subTechniques?: unknown } }) => {
      const caps = armApiCapabilities(resource.apiVersion ?? "");
      if (resource.kind === "NRT" && !caps.nrt) return `apiVersion ${resource.apiVersion} has no NRT rules (use a preview apiVersion)`;
      if (resource.properties?.subTechniques !== undefined && !caps.subTechniques) {
        return `apiVersion ${resource.apiVersion} has no subTechniques (needs 2023-12-01-preview or later)`;
      }
      return null;
    }) as Check,
  },
};

export function addKustodianKeywords(ajv: Ajv): void {
  for (const [keyword, { type, check }] of Object.entries(CHECKS)) {
    const validate: SchemaValidateFunction = (schema: unknown, data: unknown, _parent, cxt): boolean => {
      const message = check(schema as never, data as never);
      validate.errors = message === null ? [] : [fail(keyword, message, cxt?.instancePath ?? "")];
      return message === null;
    };
    ajv.addKeyword({ keyword, type, errors: true, validate });
  }
}

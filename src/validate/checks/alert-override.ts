/** Alert details override: placeholder count, lengths and dynamic property names. */
import type { AlertDetailsOverride } from "../../dsl/model.js";
import type { Finding, RuleCheck } from "../check.js";

export const MAX_PLACEHOLDERS = 3;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const DYNAMIC_PROPERTIES = [
  "AlertLink", "ConfidenceLevel", "ConfidenceScore", "ExtendedLinks", "ProductName", "ProviderName",
  "ProductComponentName", "RemediationSteps", "Techniques", "SubTechniques",
];

/** The `{{Column}}` placeholders of an override format, in order. */
export function placeholders(format: string): string[] {
  return [...format.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

const FORMATS = [
  ["alertDisplayNameFormat", 256],
  ["alertDescriptionFormat", 5000],
] as const satisfies readonly (readonly [keyof AlertDetailsOverride, number])[];

export const ALERT_OVERRIDE_CHECKS: readonly RuleCheck[] = [
  {
    id: "alert-override-format",
    group: "sentinel",
    severity: "error",
    title: "Alert name/description formats: length limits and at most 3 placeholders",
    help: "alertDisplayNameFormat takes 1 to 256 characters, alertDescriptionFormat 1 to 5000; each may use at most three {{Column}} placeholders.",
    check: (d) => {
      const o = d.spec.alertDetailsOverride;
      if (!o) return [];
      const out: Finding[] = [];
      for (const [key, max] of FORMATS) {
        const format = o[key];
        if (format === undefined) continue;
        const at = { path: ["alertDetailsOverride", key] };
        if (typeof format !== "string" || format.length === 0 || format.length > max)
          out.push({ message: `${key} must be 1 to ${max} characters (it has ${String(format ?? "").length})`, at });
        else {
          const names = placeholders(format);
          if (names.length > MAX_PLACEHOLDERS)
            out.push({ message: `${key} uses ${names.length} placeholders; Sentinel renders at most ${MAX_PLACEHOLDERS}`, at });
          for (const n of names)
            if (!/^[a-zA-Z_]\w*$/.test(n)) out.push({ message: `placeholder {{${n}}} in ${key} is not a column name`, at });
        }
      }
      return out;
    },
  },
  {
    id: "alert-dynamic-property",
    group: "sentinel",
    severity: "error",
    title: "Alert dynamic properties are Sentinel alert properties",
    help: `alertDynamicProperties[].alertProperty must be one of ${DYNAMIC_PROPERTIES.join(", ")}.`,
    check: (d) =>
      (d.spec.alertDetailsOverride?.alertDynamicProperties ?? [])
        .filter((p) => !DYNAMIC_PROPERTIES.includes(p.alertProperty))
        .map((p) => ({
          message: `alert property ${JSON.stringify(p.alertProperty)} is not one of ${DYNAMIC_PROPERTIES.join(", ")}`,
          at: { path: ["alertDynamicProperties"], value: p.alertProperty },
        })),
  },
];

/** Enumerated fields: severity, kind, tactics (values Sentinel accepts). */
import { armApiCapabilities } from "../../targets/arm-api.js";
import type { Finding, RuleCheck } from "../check.js";
import { effectiveKind } from "../effective.js";

const SEVERITIES = ["Informational", "Low", "Medium", "High"];
const KINDS = ["Scheduled", "NRT"];
/** Azure-Sentinel's AttackTactic enum for templates (16 values). */
const TEMPLATE_TACTICS = new Set([
  "Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence", "PrivilegeEscalation",
  "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement", "Collection", "Exfiltration",
  "CommandAndControl", "Impact", "ImpairProcessControl", "InhibitResponseFunction",
]);

export const CLASSIFICATION_CHECKS: readonly RuleCheck[] = [
  {
    id: "severity",
    group: "sentinel",
    severity: "error",
    title: "Severity is Informational, Low, Medium or High",
    help: "Sentinel's AlertSeverity enum has exactly these four values.",
    check: (d) =>
      SEVERITIES.includes(d.spec.severity)
        ? []
        : [{ message: `severity ${JSON.stringify(d.spec.severity)} must be one of ${SEVERITIES.join(", ")}`, at: { path: ["severity"] } }],
  },
  {
    id: "kind",
    group: "sentinel",
    severity: "error",
    title: "Kind is Scheduled or NRT",
    help: "Azure-Sentinel's checks accept analytics templates of kind Scheduled or NRT only.",
    check: (d) => {
      const kind = effectiveKind(d.spec);
      return KINDS.includes(kind) ? [] : [{ message: `kind ${JSON.stringify(kind)} must be Scheduled or NRT`, at: { path: ["kind"] } }];
    },
  },
  {
    id: "nrt-api-version",
    group: "sentinel",
    severity: "error",
    title: "NRT rules need an arm.apiVersion with the NRT kind",
    help: "Only preview Microsoft.SecurityInsights apiVersions know NRT rules; stable ones (such as 2025-09-01) do not, so the ARM target cannot compile the rule. Set arm.apiVersion in the config to a preview version (such as 2025-07-01-preview) or make the rule Scheduled.",
    check: (d, ctx) => {
      const apiVersion = ctx.armApiVersion;
      if (apiVersion === null || effectiveKind(d.spec) !== "NRT" || armApiCapabilities(apiVersion).nrt) return [];
      return [{ message: `NRT rule, but arm.apiVersion ${apiVersion} has no NRT kind (stable versions lack it): set arm.apiVersion to a preview version such as 2025-07-01-preview, or make the rule Scheduled`, at: { path: ["kind"] } }];
    },
  },
  {
    id: "tactic-valid",
    group: "sentinel",
    severity: "error",
    title: "Tactics are Sentinel tactic names",
    help: "Tactics must be Sentinel's PascalCase names (InitialAccess, CredentialAccess, ...). PreAttack is accepted by the service but not by Azure-Sentinel's template checks.",
    check: (d) => {
      const tactics = d.spec.tactics ?? [];
      return tactics.flatMap((t): Finding[] => {
        if (TEMPLATE_TACTICS.has(t)) return [];
        if (t === "PreAttack")
          return [{ severity: "warning", message: "tactic PreAttack is legacy: use Reconnaissance or ResourceDevelopment", at: { path: ["tactics"], value: t } }];
        return [{ message: `unknown tactic ${JSON.stringify(t)} (expected one of ${[...TEMPLATE_TACTICS].join(", ")})`, at: { path: ["tactics"], value: t } }];
      });
    },
  },
];

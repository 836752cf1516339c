/**
 * Threat-intelligence freshness, as Azure-Sentinel's KQL tests enforce it: a rule reading
 * ThreatIntelligenceIndicator must keep only the latest, active, unexpired version of each
 * indicator, or it alerts on revoked and expired indicators.
 */
import type { RuleCheck } from "../check.js";

const REQUIREMENTS: readonly { readonly pattern: RegExp; readonly text: string }[] = [
  { pattern: /\bTimeGenerated\s*>=?\s*ago\s*\(/, text: "TimeGenerated >= ago(...)" },
  { pattern: /\barg_max\s*\(\s*TimeGenerated\s*,\s*\*\s*\)\s*by\s+IndicatorId\b/, text: "summarize arg_max(TimeGenerated, *) by IndicatorId" },
  { pattern: /\bExpirationDateTime\s*>\s*now\s*\(\s*\)/, text: "ExpirationDateTime > now()" },
  { pattern: /\bActive\s*==\s*true\b/, text: "Active == true" },
];

export const THREAT_INTEL_CHECKS: readonly RuleCheck[] = [
  {
    id: "threat-intel-freshness",
    group: "sentinel",
    severity: "error",
    title: "Threat-intelligence queries use only the latest active, unexpired indicators",
    help: "A query over ThreatIntelligenceIndicator needs a TimeGenerated >= ago() filter, `summarize arg_max(TimeGenerated, *) by IndicatorId`, and the filters `ExpirationDateTime > now()` and `Active == true` (Azure-Sentinel's KQL validation).",
    check: (d) => {
      if (!/\bThreatIntelligenceIndicator\b/.test(d.kql)) return [];
      const missing = REQUIREMENTS.filter((r) => !r.pattern.test(d.kql)).map((r) => r.text);
      if (missing.length === 0) return [];
      return [{ message: `the query reads ThreatIntelligenceIndicator but lacks ${missing.join("; ")}`, at: { path: ["query"] } }];
    },
  },
];

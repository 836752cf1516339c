/**
 * MITRE ATT&CK: techniques exist in the pinned ATT&CK version, and every tactic a technique
 * belongs to is among the rule's tactics ("All" semantics: the strictest of Azure-Sentinel's
 * variants and the one Sentinel applies when the rule is deployed).
 */
import type { Finding, RuleCheck } from "../check.js";
import { attackData } from "../data.js";

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

export const ATTACK_CHECKS: readonly RuleCheck[] = [
  {
    id: "attack-technique",
    group: "attack",
    severity: "error",
    title: "Techniques exist in the pinned MITRE ATT&CK version",
    help: "Techniques are written T#### or T####.### and must exist (not revoked or deprecated) in MITRE ATT&CK Enterprise v18.0, the version in src/validate/data/attack-v18.json.",
    check: (d) => {
      const attack = attackData();
      return (d.spec.techniques ?? []).flatMap((t): Finding[] => {
        const at = { path: ["techniques"], value: t };
        if (!TECHNIQUE.test(t)) return [{ message: `technique ${JSON.stringify(t)} must be written T#### or T####.###`, at }];
        if (attack.techniques.has(t)) return [];
        const parent = attack.techniques.get(t.slice(0, 5));
        const hint = parent && t.length > 5 ? ` (${parent.id} ${parent.name} exists, but has no sub-technique ${t.slice(6)})` : "";
        return [{ message: `technique ${t} does not exist in MITRE ATT&CK v${attack.attackVersion}${hint}`, at }];
      });
    },
  },
  {
    id: "attack-tactic-coverage",
    group: "attack",
    severity: "error",
    title: "Every tactic of each technique is among the rule's tactics",
    help: "Sentinel rejects a rule whose technique belongs to a tactic the rule does not list. Add the missing tactics (or choose a more precise technique).",
    check: (d) => {
      const attack = attackData();
      const tactics = new Set<string>(d.spec.tactics ?? []);
      return (d.spec.techniques ?? []).flatMap((t): Finding[] => {
        const technique = attack.techniques.get(t);
        if (!technique) return [];
        const missing = technique.tactics.filter((x) => !tactics.has(x));
        if (missing.length === 0) return [];
        return [{
          message: `technique ${t} (${technique.name}) belongs to ${technique.tactics.join(", ")}; the rule's tactics lack ${missing.join(", ")}`,
          at: { path: ["techniques"], value: t },
        }];
      });
    },
  },
];

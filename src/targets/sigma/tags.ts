/** Sigma ATT&CK tags for a detection, valid for ATT&CK v19 (what pySigma 1.5 checks). */
import type { DetectionSpec } from "../../dsl/model.js";
import { V19_DEFENSE_EVASION, V19_EVASION_FALLBACK } from "../data/attack-v19-defense-evasion.js";

/** `CredentialAccess` -> `credential-access`, as Sigma's ATT&CK tags spell tactics. */
export function tacticTag(tactic: string): string {
  return tactic.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * Sentinel's `DefenseEvasion` as the v19 tactics of the rule's techniques (`stealth`,
 * `defense-impairment`); `PreAttack` has no Sigma tag. Techniques follow the tactics.
 */
export function sigmaAttackTags(spec: Pick<DetectionSpec, "tactics" | "techniques">): string[] {
  const tags: string[] = [];
  for (const tactic of spec.tactics) {
    if (tactic === "PreAttack") continue;
    if (tactic === "DefenseEvasion") tags.push(...evasionTactics(spec.techniques).map((t) => `attack.${t}`));
    else tags.push(`attack.${tacticTag(tactic)}`);
  }
  tags.push(...spec.techniques.map((t) => `attack.${t.toLowerCase()}`));
  return [...new Set(tags)];
}

function evasionTactics(techniques: readonly string[]): readonly string[] {
  const found = new Set<string>();
  for (const t of techniques) for (const tactic of V19_DEFENSE_EVASION[t.toUpperCase().split(".")[0]] ?? []) found.add(tactic);
  return found.size > 0 ? [...found].sort() : V19_EVASION_FALLBACK;
}

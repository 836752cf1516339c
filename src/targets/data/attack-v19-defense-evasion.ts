/**
 * ATT&CK v19 split the Defense Evasion tactic into Stealth and Defense Impairment, and
 * pySigma 1.5 (sigma-cli 3.1) rejects `attack.defense-evasion` (`attacktag`, checked against the
 * v19 bundle). Sentinel still has only `DefenseEvasion`, so the Sigma target picks the v19
 * tactic from the rule's techniques with this table (parent technique -> v19 tactics).
 *
 * T1078 -> stealth and T1484 -> defense-impairment are as SigmaHQ tags its own rules after the
 * migration (SigmaHQ/sigma PR #5966: azure_federation_modified, microsoft365_new_federated_
 * domain_added_audit). The other rows follow v19's definitions: Stealth is avoiding notice
 * (hiding, blending in), Defense Impairment is disabling or subverting a defense. A technique
 * not listed falls back to stealth, where most former defense-evasion tags went (1,094 of 1,612).
 */
export type V19EvasionTactic = "stealth" | "defense-impairment";

export const V19_DEFENSE_EVASION: Readonly<Record<string, readonly V19EvasionTactic[]>> = {
  T1027: ["stealth"], // Obfuscated Files or Information
  T1036: ["stealth"], // Masquerading
  T1055: ["stealth"], // Process Injection
  T1070: ["stealth"], // Indicator Removal
  T1078: ["stealth"], // Valid Accounts (SigmaHQ)
  T1134: ["stealth"], // Access Token Manipulation
  T1484: ["defense-impairment"], // Domain or Tenant Policy Modification (SigmaHQ)
  T1550: ["stealth"], // Use Alternate Authentication Material
  T1556: ["defense-impairment"], // Modify Authentication Process: subverts the authentication control
  T1562: ["defense-impairment"], // Impair Defenses (renumbered in v19)
  T1564: ["stealth"], // Hide Artifacts
};

export const V19_EVASION_FALLBACK: readonly V19EvasionTactic[] = ["stealth"];

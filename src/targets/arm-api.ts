/**
 * What a `Microsoft.SecurityInsights` alertRules apiVersion allows (sentinel-formats.md §5,
 * alertrules-facts.md): NRT rules and `subTechniques` exist only in preview versions, and
 * `subTechniques` only from 2023-12-01-preview on. Stable versions (up to 2025-09-01) have neither.
 */
export interface ArmApiCapabilities {
  readonly nrt: boolean;
  readonly subTechniques: boolean;
}

const API_VERSION = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

export function isArmApiVersion(apiVersion: string): boolean {
  return API_VERSION.test(apiVersion);
}

export function armApiCapabilities(apiVersion: string): ArmApiCapabilities {
  const m = API_VERSION.exec(apiVersion);
  if (!m) return { nrt: false, subTechniques: false };
  const preview = m[2] !== undefined;
  return { nrt: preview, subTechniques: preview && m[1] >= "2023-12-01" };
}

/**
 * Turning one run's query result into Sentinel alerts, as the service does:
 *
 * - Event grouping: `SingleAlert` (the default) makes one alert from all rows; `AlertPerResult`
 *   one alert per row, at most 150 per run for scheduled rules (30 for NRT): past the cap the
 *   first 149 (29) rows alert individually and the last alert summarises the whole result.
 * - Entities: each mapping yields one entity per row from its identifier columns (empty values
 *   are left out, an entity with no identifier is dropped, identical entities are merged).
 *   At most 500 entities per alert, divided equally across the mappings; the entities field is
 *   capped at 64 KB, entities past it are dropped.
 * - Custom details: key to the string values of its column over the alert's rows (empty values
 *   left out, duplicates merged), as they appear in the alert's `Custom Details`.
 * - Alert details override: `{{Column}}` placeholders take the value from the alert's first row;
 *   if any placeholder's value is empty the rule's own name / description is used. Severity and
 *   tactics columns apply when they hold valid values, otherwise the rule's defaults stay.
 */
import type { DetectionSpec, EntityType, Severity, Tactic } from "../dsl/model.js";
import { valueToString } from "../engine/format.js";
import type { KqlType, Value } from "../engine/values.js";

export interface ResultColumn {
  readonly name: string;
  readonly type: string;
}

/** One query result: the shape of the evaluator's `ResultTable`. */
export interface ResultSet {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly Value[])[];
}

export interface SimEntity {
  readonly type: EntityType;
  /** Identifier name to its string value. */
  readonly identifiers: Readonly<Record<string, string>>;
}

export interface SimAlert {
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly tactics: readonly string[];
  readonly entities: readonly SimEntity[];
  readonly customDetails: Readonly<Record<string, readonly string[]>>;
  /** Indices of the result rows this alert was made from. */
  readonly rows: readonly number[];
  /** The summary alert that closes a capped `AlertPerResult` run. */
  readonly summary: boolean;
}

export const MAX_ALERTS_PER_RUN = 150;
export const MAX_ALERTS_PER_RUN_NRT = 30;
export const MAX_ENTITIES_PER_ALERT = 500;
export const MAX_ENTITIES_BYTES = 64 * 1024;

const SEVERITIES: readonly Severity[] = ["Informational", "Low", "Medium", "High"];
const TACTICS: readonly Tactic[] = [
  "Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
  "PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement",
  "Collection", "CommandAndControl", "Exfiltration", "Impact", "ImpairProcessControl",
  "InhibitResponseFunction", "PreAttack",
];

/** The alerts of a run whose trigger fired. A fired run with no rows still makes one alert. */
export function buildAlerts(spec: DetectionSpec, result: ResultSet): SimAlert[] {
  const all = result.rows.map((_, i) => i);
  if (spec.eventGrouping !== "AlertPerResult" || all.length === 0) return [makeAlert(spec, result, all, false)];
  const cap = spec.kind === "NRT" ? MAX_ALERTS_PER_RUN_NRT : MAX_ALERTS_PER_RUN;
  if (all.length <= cap) return all.map((i) => makeAlert(spec, result, [i], false));
  const single = all.slice(0, cap - 1).map((i) => makeAlert(spec, result, [i], false));
  return [...single, makeAlert(spec, result, all, true)];
}

function makeAlert(spec: DetectionSpec, result: ResultSet, rows: readonly number[], summary: boolean): SimAlert {
  const cell = cellReader(result);
  const first = rows[0];
  const override = spec.alertDetailsOverride;
  return {
    title: render(override?.alertDisplayNameFormat, spec.name, cell, first),
    description: render(override?.alertDescriptionFormat, spec.description, cell, first),
    severity: severityOf(override?.alertSeverityColumnName, spec.severity, cell, first),
    tactics: tacticsOf(override?.alertTacticsColumnName, spec.tactics, cell, first),
    entities: extractEntities(spec, cell, rows),
    customDetails: extractCustomDetails(spec, cell, rows),
    rows,
    summary,
  };
}

/** Reads a result cell as text (`tostring`), or undefined when the column is absent. */
type CellReader = (row: number | undefined, column: string) => string | undefined;

function cellReader(result: ResultSet): CellReader {
  const index = new Map<string, number>();
  result.columns.forEach((c, i) => {
    if (!index.has(c.name)) index.set(c.name, i);
  });
  return (row, column) => {
    const i = index.get(column);
    if (i === undefined || row === undefined) return undefined;
    return valueText(result.rows[row][i], result.columns[i].type);
  };
}

/** `tostring` of an evaluator value. */
export function valueText(value: Value, type?: string): string {
  return valueToString(value, type as KqlType | undefined);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

function render(format: string | undefined, fallback: string, cell: CellReader, row: number | undefined): string {
  if (format === undefined || format === "") return fallback;
  let missing = false;
  const text = format.replace(PLACEHOLDER, (_, column: string) => {
    const value = cell(row, column);
    if (value === undefined || value === "") missing = true;
    return value ?? "";
  });
  return missing ? fallback : text;
}

function severityOf(column: string | undefined, fallback: Severity, cell: CellReader, row: number | undefined): Severity {
  if (!column) return fallback;
  const value = cell(row, column)?.trim().toLowerCase();
  return SEVERITIES.find((s) => s.toLowerCase() === value) ?? fallback;
}

function tacticsOf(column: string | undefined, fallback: readonly string[], cell: CellReader, row: number | undefined): readonly string[] {
  if (!column) return fallback;
  const value = cell(row, column);
  if (!value) return fallback;
  const items = value
    .replace(/^\[|\]$/g, "")
    .split(",")
    .map((s) => s.trim().replace(/^"|"$/g, ""))
    .filter((s) => s !== "");
  const canonical = items.map((s) => TACTICS.find((t) => t.toLowerCase() === s.toLowerCase()));
  return items.length > 0 && canonical.every((t) => t !== undefined) ? (canonical as string[]) : fallback;
}

function extractEntities(spec: DetectionSpec, cell: CellReader, rows: readonly number[]): SimEntity[] {
  const mappings = spec.entities ?? [];
  if (mappings.length === 0) return [];
  const perMapping = Math.floor(MAX_ENTITIES_PER_ALERT / mappings.length);
  const out: SimEntity[] = [];
  const seen = new Set<string>();
  let bytes = 2;
  for (const mapping of mappings) {
    let taken = 0;
    for (const row of rows) {
      if (taken >= perMapping) break;
      const identifiers: Record<string, string> = {};
      for (const field of mapping.fieldMappings) {
        const value = cell(row, field.columnName);
        if (value !== undefined && value !== "") identifiers[field.identifier] = value;
      }
      if (Object.keys(identifiers).length === 0) continue;
      const key = JSON.stringify([mapping.entityType, identifiers]);
      if (seen.has(key)) continue;
      taken++;
      const size = Buffer.byteLength(JSON.stringify({ Type: mapping.entityType, ...identifiers })) + 1;
      if (bytes + size > MAX_ENTITIES_BYTES) return out;
      bytes += size;
      seen.add(key);
      out.push({ type: mapping.entityType, identifiers });
    }
  }
  return out;
}

function extractCustomDetails(spec: DetectionSpec, cell: CellReader, rows: readonly number[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, column] of Object.entries(spec.customDetails ?? {})) {
    const values: string[] = [];
    for (const row of rows) {
      const value = cell(row, column);
      if (value !== undefined && value !== "" && !values.includes(value)) values.push(value);
    }
    if (values.length > 0) out[key] = values;
  }
  return out;
}

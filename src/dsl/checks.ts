/**
 * The loader's structural checks on a detection's metadata: what must hold for every target to
 * work (a GUID id, techniques with their tactics, entity columns the query produces). The
 * validator (`src/validate/`) does the full rule checks.
 */
import type { Diagnostic } from "../diagnostics.js";
import { lineColAt } from "../diagnostics.js";
import { tacticsOfTechnique } from "./attack-tactics.js";
import { type PropertyAnchor, propertyOffset } from "./locate.js";
import type { AlertDetailsOverride, CompiledDetection, DetectionSpec, OutputColumn } from "./model.js";
import { closeNames } from "./query.js";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;
const REQUIRED_STRINGS = ["id", "name", "description", "severity", "version"] as const;

/** Where a detection came from, to position messages. */
export interface SourceRef {
  /** Path for messages (relative to the working directory). */
  readonly display: string;
  /** The file's text, or null when unreadable. */
  readonly text: string | null;
}

/** A diagnostic at the first place `value` appears as a string literal in the file (else line 1). */
export function at(src: SourceRef, value: string | null, message: string, code: string): Diagnostic {
  const offset = value === null || src.text === null ? -1 : findLiteral(src.text, value);
  const pos = offset >= 0 && src.text !== null ? lineColAt(src.text, offset) : { line: 1, column: 1 };
  return { severity: "error", message, file: src.display, line: pos.line, column: pos.column, code };
}

/** A diagnostic at a property of the detection (its key, or the quoted value when given). */
export function atProperty(src: SourceRef, anchor: PropertyAnchor, message: string, code: string): Diagnostic {
  const pos = src.text === null ? { line: 1, column: 1 } : lineColAt(src.text, propertyOffset(src.text, anchor));
  return { severity: "error", message, file: src.display, line: pos.line, column: pos.column, code };
}

function findLiteral(text: string, value: string): number {
  for (const q of ['"', "'", "`"]) {
    const i = text.indexOf(`${q}${value}${q}`);
    if (i >= 0) return i;
  }
  return text.indexOf(value);
}

/** Every key a detection may declare (`query` is taken by `detection()`); tsc keeps it in step with the model. */
const SPEC_KEYS = Object.keys({
  id: true, name: true, description: true, severity: true, status: true, kind: true, tactics: true, techniques: true,
  schedule: true, trigger: true, suppression: true, eventGrouping: true, incident: true, entities: true,
  customDetails: true, alertDetailsOverride: true, requiredDataConnectors: true, version: true, author: true,
  references: true, falsePositives: true, tags: true, tests: true, waivers: true, response: true,
} satisfies Record<keyof DetectionSpec, true>);

const OVERRIDE_KEYS = Object.keys({
  alertDisplayNameFormat: true, alertDescriptionFormat: true, alertSeverityColumnName: true, alertTacticsColumnName: true,
  alertDynamicProperties: true,
} satisfies Record<keyof AlertDetailsOverride, true>);

/** Objects whose keys are fixed: a typo there silently drops the setting from every target. */
const KNOWN_KEYS: readonly { readonly path: readonly string[]; readonly keys: readonly string[] }[] = [
  { path: [], keys: SPEC_KEYS },
  { path: ["schedule"], keys: ["frequency", "lookback"] },
  { path: ["trigger"], keys: ["operator", "threshold"] },
  { path: ["suppression"], keys: ["enabled", "duration"] },
  { path: ["alertDetailsOverride"], keys: OVERRIDE_KEYS },
  { path: ["incident"], keys: ["createIncident", "grouping"] },
  {
    path: ["incident", "grouping"],
    keys: ["enabled", "reopenClosedIncident", "lookbackDuration", "matchingMethod", "groupByEntities", "groupByAlertDetails", "groupByCustomDetails"],
  },
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Keys the model does not know, with a did-you-mean, at the key. */
function checkKeys(spec: DetectionSpec, src: SourceRef): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, keys } of KNOWN_KEYS) {
    let value: unknown = spec;
    for (const k of path) value = isRecord(value) ? value[k] : undefined;
    if (!isRecord(value)) continue;
    for (const key of Object.keys(value)) {
      if (keys.includes(key)) continue;
      const near = closeNames(key, keys, 1)[0];
      const where = path.length === 0 ? "detection" : path.join(".");
      out.push(
        atProperty(
          src,
          { path: [...path, key] },
          `unknown key '${key}' in ${where}${near ? ` (did you mean '${near}'?)` : ""}; expected one of ${keys.join(", ")}`,
          "detection-key",
        ),
      );
    }
  }
  return out;
}

/**
 * Checks one spec; `columns` is null when the output columns are not known. Every problem is
 * reported, not only the first; `detection-field` problems mean the spec's shape is broken.
 */
export function checkSpec(spec: DetectionSpec, columns: readonly OutputColumn[] | null, src: SourceRef): Diagnostic[] {
  const out: Diagnostic[] = [];
  const record = spec as unknown as Record<string, unknown>;
  for (const key of REQUIRED_STRINGS) {
    if (typeof record[key] !== "string" || (record[key] as string).length === 0) {
      const got = record[key] === undefined ? "" : ` (got ${JSON.stringify(record[key]) ?? String(record[key])})`;
      out.push(atProperty(src, { path: [key] }, `detection needs a non-empty string '${key}'${got}`, "detection-field"));
    }
  }
  for (const key of ["tactics", "techniques"] as const) {
    if (!Array.isArray(record[key])) out.push(atProperty(src, { path: [key] }, `detection needs an array '${key}'`, "detection-field"));
  }
  out.push(...checkKeys(spec, src));

  if (typeof spec.id === "string" && spec.id.length > 0 && !GUID.test(spec.id)) {
    out.push(at(src, spec.id, `id '${spec.id}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`, "detection-id"));
  }
  const tacticList: readonly unknown[] = Array.isArray(spec.tactics) ? spec.tactics : [];
  for (const t of Array.isArray(spec.techniques) ? spec.techniques : []) {
    if (typeof t !== "string" || !TECHNIQUE.test(t)) {
      out.push(at(src, String(t), `technique '${String(t)}' is not an ATT&CK id such as T1556 or T1556.007`, "detection-technique"));
      continue;
    }
    const tactics = tacticsOfTechnique(t);
    if (tactics !== undefined && Array.isArray(spec.tactics) && !tactics.some((x) => tacticList.includes(x))) {
      out.push(
        at(
          src,
          t,
          `technique ${t} belongs to ${tactics.join(", ")}, but tactics lists none of them (add one to 'tactics')`,
          "detection-tactic",
        ),
      );
    }
  }
  if (columns !== null) out.push(...checkColumns(spec, columns, src));
  return out;
}

/** Entity mappings, custom details and alert overrides must name output columns. */
function checkColumns(spec: DetectionSpec, columns: readonly OutputColumn[], src: SourceRef): Diagnostic[] {
  const names = new Set(columns.map((c) => c.name));
  const list = [...names].join(", ");
  const out: Diagnostic[] = [];
  const need = (column: string, what: string) => {
    if (!names.has(column)) {
      out.push(at(src, column, `${what} refers to column '${column}', which the query does not produce (it has: ${list})`, "detection-column"));
    }
  };
  for (const e of spec.entities ?? []) {
    for (const f of e.fieldMappings ?? []) need(f.columnName, `entity ${e.entityType}.${f.identifier}`);
  }
  for (const [key, column] of Object.entries(spec.customDetails ?? {})) need(column, `custom detail '${key}'`);
  const o = spec.alertDetailsOverride;
  if (o !== undefined) {
    if (o.alertSeverityColumnName !== undefined) need(o.alertSeverityColumnName, "alertSeverityColumnName");
    if (o.alertTacticsColumnName !== undefined) need(o.alertTacticsColumnName, "alertTacticsColumnName");
    for (const format of [o.alertDisplayNameFormat, o.alertDescriptionFormat]) {
      for (const m of (format ?? "").matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) need(m[1], "alert details placeholder");
    }
  }
  return out;
}

/**
 * Ids, names and slugs must be unique across the detections. The first (in path order) is kept;
 * each later one is reported, at its own file, and rejected.
 */
export function checkDuplicates(
  detections: readonly { readonly compiled: CompiledDetection; readonly src: SourceRef }[],
): { diagnostics: Diagnostic[]; rejected: Set<CompiledDetection> } {
  const diagnostics: Diagnostic[] = [];
  const rejected = new Set<CompiledDetection>();
  const keys: { what: string; key: (d: CompiledDetection) => string; value: (d: CompiledDetection) => string; path?: string }[] = [
    { what: "id", key: (d) => String(d.spec.id).toLowerCase(), value: (d) => String(d.spec.id), path: "id" },
    { what: "name", key: (d) => String(d.spec.name).trim().toLowerCase(), value: (d) => String(d.spec.name), path: "name" },
    { what: "slug (file name)", key: (d) => d.slug.toLowerCase(), value: (d) => d.slug },
  ];
  for (const { what, key, value, path } of keys) {
    const first = new Map<string, { compiled: CompiledDetection; src: SourceRef }>();
    for (const entry of detections) {
      const k = key(entry.compiled);
      const prior = first.get(k);
      if (prior === undefined) {
        first.set(k, entry);
        continue;
      }
      rejected.add(entry.compiled);
      const v = value(entry.compiled);
      const message = `duplicate ${what} '${v}': also used by ${prior.src.display} (this rule is left out)`;
      diagnostics.push(
        path === undefined ? at(entry.src, null, message, "detection-duplicate") : atProperty(entry.src, { path: [path] }, message, "detection-duplicate"),
      );
    }
  }
  return { diagnostics, rejected };
}

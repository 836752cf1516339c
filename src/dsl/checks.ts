/**
 * The loader's structural checks on a detection's metadata: what must hold for every target to
 * work (a GUID id, techniques with their tactics, entity columns the query produces). The
 * validator (`src/validate/`) does the full rule checks.
 */
import type { Diagnostic } from "../diagnostics.js";
import { lineColAt } from "../diagnostics.js";
import { tacticsOfTechnique } from "./attack-tactics.js";
import type { CompiledDetection, DetectionSpec, OutputColumn } from "./model.js";

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

function findLiteral(text: string, value: string): number {
  for (const q of ['"', "'", "`"]) {
    const i = text.indexOf(`${q}${value}${q}`);
    if (i >= 0) return i;
  }
  return text.indexOf(value);
}

/** Checks one spec; `columns` is null when the output columns are not known. */
export function checkSpec(spec: DetectionSpec, columns: readonly OutputColumn[] | null, src: SourceRef): Diagnostic[] {
  const out: Diagnostic[] = [];
  const record = spec as unknown as Record<string, unknown>;
  for (const key of REQUIRED_STRINGS) {
    if (typeof record[key] !== "string" || (record[key] as string).length === 0) {
      out.push(at(src, null, `detection needs a non-empty string '${key}'`, "detection-field"));
    }
  }
  for (const key of ["tactics", "techniques"] as const) {
    if (!Array.isArray(record[key])) out.push(at(src, null, `detection needs an array '${key}'`, "detection-field"));
  }
  if (out.length > 0) return out;

  if (!GUID.test(spec.id)) {
    out.push(at(src, spec.id, `id '${spec.id}' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`, "detection-id"));
  }
  for (const t of spec.techniques) {
    if (!TECHNIQUE.test(t)) {
      out.push(at(src, t, `technique '${t}' is not an ATT&CK id such as T1556 or T1556.007`, "detection-technique"));
      continue;
    }
    const tactics = tacticsOfTechnique(t);
    if (tactics !== undefined && !tactics.some((x) => spec.tactics.includes(x))) {
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

/** Ids, names and slugs must be unique across the detections. */
export function checkDuplicates(
  detections: readonly { readonly compiled: CompiledDetection; readonly src: SourceRef }[],
): { diagnostics: Diagnostic[]; rejected: Set<CompiledDetection> } {
  const diagnostics: Diagnostic[] = [];
  const rejected = new Set<CompiledDetection>();
  const keys: { what: string; key: (d: CompiledDetection) => string; value: (d: CompiledDetection) => string }[] = [
    { what: "id", key: (d) => d.spec.id.toLowerCase(), value: (d) => d.spec.id },
    { what: "name", key: (d) => d.spec.name.trim().toLowerCase(), value: (d) => d.spec.name },
    { what: "slug (file name)", key: (d) => d.slug.toLowerCase(), value: (d) => d.slug },
  ];
  for (const { what, key, value } of keys) {
    const first = new Map<string, { compiled: CompiledDetection; src: SourceRef }>();
    for (const entry of detections) {
      const k = key(entry.compiled);
      const prior = first.get(k);
      if (prior === undefined) {
        first.set(k, entry);
        continue;
      }
      rejected.add(entry.compiled);
      rejected.add(prior.compiled);
      const v = value(entry.compiled);
      diagnostics.push(
        at(entry.src, what.startsWith("slug") ? null : v, `duplicate ${what} '${v}': also used by ${prior.src.display}`, "detection-duplicate"),
      );
    }
  }
  return { diagnostics, rejected };
}

/**
 * Columns the rule's metadata refers to must exist in the query's output, with a type Sentinel
 * can use. Azure-Sentinel checks these names only for their spelling; a mapping to a column the
 * query dropped makes the rule fail when it is created (Azure-Sentinel issue #12013).
 */
import type { CompiledDetection, OutputColumn } from "../../dsl/model.js";
import type { Anchor } from "../locate.js";
import type { Finding, RuleCheck } from "../check.js";
import { placeholders } from "./alert-override.js";

interface ColumnUse {
  readonly column: string;
  readonly what: string;
  readonly at: Anchor;
  /** Types this use accepts; undefined for any type. */
  readonly types?: readonly string[];
  /** Types that work but render badly (a warning). */
  readonly discouraged?: readonly string[];
}

const SCALAR_TYPES = ["string", "int", "long", "real", "decimal", "bool", "datetime", "timespan", "guid"];

/** Every column the rule's metadata names. */
export function columnUses(d: CompiledDetection): ColumnUse[] {
  const uses: ColumnUse[] = [];
  for (const m of d.spec.entities ?? [])
    for (const f of m.fieldMappings ?? [])
      uses.push({ column: f.columnName, what: `entity ${m.entityType}.${f.identifier}`, at: { path: ["entities"], value: f.columnName }, types: SCALAR_TYPES });
  for (const [key, column] of Object.entries(d.spec.customDetails ?? {}))
    uses.push({ column, what: `custom detail ${key}`, at: { path: ["customDetails", key] } });
  const o = d.spec.alertDetailsOverride;
  if (o) {
    for (const key of ["alertDisplayNameFormat", "alertDescriptionFormat"] as const)
      for (const column of placeholders(o[key] ?? ""))
        uses.push({ column, what: `placeholder {{${column}}} in ${key}`, at: { path: ["alertDetailsOverride", key] }, discouraged: ["dynamic"] });
    if (o.alertSeverityColumnName)
      uses.push({ column: o.alertSeverityColumnName, what: "alertSeverityColumnName", at: { path: ["alertDetailsOverride", "alertSeverityColumnName"] }, types: ["string"] });
    if (o.alertTacticsColumnName)
      uses.push({ column: o.alertTacticsColumnName, what: "alertTacticsColumnName", at: { path: ["alertDetailsOverride", "alertTacticsColumnName"] }, types: ["string"] });
    for (const p of o.alertDynamicProperties ?? [])
      uses.push({ column: p.value, what: `alert property ${p.alertProperty}`, at: { path: ["alertDynamicProperties"], value: p.value } });
  }
  return uses;
}

function describe(schema: readonly OutputColumn[]): string {
  const names = schema.map((c) => c.name);
  return names.length <= 12 ? names.join(", ") : `${names.slice(0, 12).join(", ")}, ... (${names.length} columns)`;
}

export const OUTPUT_COLUMN_CHECKS: readonly RuleCheck[] = [
  {
    id: "output-column",
    group: "schema",
    severity: "error",
    title: "Mapped columns exist in the query output with a usable type",
    help: "Entity mappings, custom details, {{placeholders}}, alertSeverityColumnName and alertTacticsColumnName must name columns the query outputs (case-sensitive). Entity identifiers need scalar values (wrap dynamic values in tostring()); severity and tactics columns must be strings.",
    check: (d, ctx) => {
      const uses = columnUses(d);
      if (uses.length === 0) return [];
      const schema = ctx.outputSchemaOf(d);
      if (schema === null)
        return [{ severity: "info", message: "the query's output schema is unknown, so mapped columns were not checked", at: { path: ["query"] } }];
      const byName = new Map(schema.map((c) => [c.name, c]));
      const out: Finding[] = [];
      for (const use of uses) {
        const col = byName.get(use.column);
        if (!col) {
          const near = schema.find((c) => c.name.toLowerCase() === use.column.toLowerCase());
          out.push({
            message: `${use.what} refers to column ${use.column}, which the query does not output${near ? ` (did you mean ${near.name}? names are case-sensitive)` : `; it outputs ${describe(schema)}`}`,
            at: use.at,
          });
          continue;
        }
        const type = col.type.toLowerCase();
        if (type === "unknown" || type === "") continue;
        if (use.types && !use.types.includes(type))
          out.push({ message: `${use.what} uses column ${use.column} of type ${col.type}; it needs ${use.types.length === 1 ? use.types[0] : "a scalar (use tostring())"}`, at: use.at });
        else if (use.discouraged?.includes(type))
          out.push({ severity: "warning", message: `${use.what} uses column ${use.column} of type ${col.type}; it renders as JSON text (use tostring() on the value you want)`, at: use.at });
      }
      return out;
    },
  },
];

/**
 * The pySigma processing pipeline that maps Kustodian's Sigma logsources back to Sentinel tables
 * (pipeline state `query_table`, which the Kusto backend reads) and taxonomy field names back to
 * table columns. Generated from the same table as the rules, so the two never drift.
 */
import type { YamlValue } from "../escape/yaml.js";
import { builtinTables, tableMapping } from "./logsources.js";

export function sigmaPipeline(extraTables: readonly string[]): Record<string, YamlValue> {
  const tables = [...new Set([...builtinTables(), ...extraTables.map((t) => tableMapping(t).table)])];
  const transformations: YamlValue[] = [];
  for (const table of tables) {
    const { mapping } = tableMapping(table);
    const condition = { type: "logsource", ...mapping.logsource };
    const id = table.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    transformations.push({ id: `table_${id}`, type: "set_state", key: "query_table", val: table, rule_conditions: [condition] });
    const fields = Object.entries(mapping.fields);
    if (fields.length > 0) {
      transformations.push({
        id: `fields_${id}`,
        type: "field_name_mapping",
        mapping: Object.fromEntries(fields.map(([column, sigma]) => [sigma, column])),
        rule_conditions: [condition],
      });
    }
  }
  return { name: "Kustodian: Sigma logsources and fields to Microsoft Sentinel tables", priority: 20, transformations };
}

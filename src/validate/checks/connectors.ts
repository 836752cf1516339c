/** Required data connectors: known connector ids with their data types. */
import type { Finding, RuleCheck } from "../check.js";
import { validConnectorIds } from "../data.js";

export const CONNECTOR_CHECKS: readonly RuleCheck[] = [
  {
    id: "connector-id",
    group: "sentinel",
    severity: "error",
    title: "Required data connectors are known connector ids with data types",
    help: "Azure-Sentinel's checks accept only connector ids from its list (src/validate/data/connector-ids.json), each with at least one data type.",
    check: (d) => {
      const valid = validConnectorIds();
      return (d.spec.requiredDataConnectors ?? []).flatMap((c): Finding[] => {
        const at = { path: ["requiredDataConnectors"], value: c.connectorId };
        const out: Finding[] = [];
        if (!valid.has(c.connectorId)) {
          const near = [...valid].find((v) => v.toLowerCase() === String(c.connectorId).toLowerCase());
          out.push({ message: `unknown data connector id ${JSON.stringify(c.connectorId)}${near ? ` (did you mean ${near}?)` : ""}`, at });
        }
        if (!Array.isArray(c.dataTypes) || c.dataTypes.length === 0)
          out.push({ message: `data connector ${c.connectorId} lists no dataTypes`, at });
        return out;
      });
    },
  },
];

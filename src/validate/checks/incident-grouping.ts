/** Incident grouping refers only to what the rule produces: mapped entity types and custom detail keys. */
import type { Finding, RuleCheck } from "../check.js";

export const INCIDENT_GROUPING_CHECKS: readonly RuleCheck[] = [
  {
    id: "incident-grouping",
    group: "schema",
    severity: "error",
    title: "Incident grouping uses mapped entities and existing custom details",
    help: "groupByEntities may list only entity types the rule maps, groupByCustomDetails only keys of customDetails; matchingMethod Selected needs at least one groupBy list (and the lists are ignored otherwise).",
    check: (d) => {
      const g = d.spec.incident?.grouping;
      if (!g) return [];
      const out: Finding[] = [];
      const mapped = new Set((d.spec.entities ?? []).map((m) => m.entityType));
      for (const e of g.groupByEntities ?? [])
        if (!mapped.has(e))
          out.push({ message: `incident grouping by entity ${e}, but the rule maps no ${e} entity${mapped.size ? ` (it maps ${[...mapped].join(", ")})` : ""}`, at: { path: ["groupByEntities"], value: e } });
      const keys = new Set(Object.keys(d.spec.customDetails ?? {}));
      for (const k of g.groupByCustomDetails ?? [])
        if (!keys.has(k))
          out.push({ message: `incident grouping by custom detail ${k}, which customDetails does not define`, at: { path: ["groupByCustomDetails"], value: k } });
      const lists = (g.groupByEntities?.length ?? 0) + (g.groupByCustomDetails?.length ?? 0) + (g.groupByAlertDetails?.length ?? 0);
      if (g.enabled && g.matchingMethod === "Selected" && lists === 0)
        out.push({ message: "matchingMethod Selected needs groupByEntities, groupByAlertDetails or groupByCustomDetails", at: { path: ["matchingMethod"] } });
      if (g.matchingMethod !== undefined && g.matchingMethod !== "Selected" && lists > 0)
        out.push({ severity: "warning", message: `groupBy lists are ignored unless matchingMethod is Selected (it is ${g.matchingMethod})`, at: { path: ["matchingMethod"] } });
      return out;
    },
  },
];

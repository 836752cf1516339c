/** Custom details: count, key and value patterns (Azure-Sentinel's template model). */
import type { Finding, RuleCheck } from "../check.js";
import { COLUMN_NAME } from "./entities.js";

const MAX_CUSTOM_DETAILS = 20;
const KEY = /^[a-zA-Z]+\w*$/;

export const CUSTOM_DETAIL_CHECKS: readonly RuleCheck[] = [
  {
    id: "custom-details-count",
    group: "sentinel",
    severity: "error",
    title: "At most 20 custom details",
    help: "Sentinel surfaces at most 20 custom details per alert.",
    check: (d) => {
      const n = Object.keys(d.spec.customDetails ?? {}).length;
      return n > MAX_CUSTOM_DETAILS
        ? [{ message: `${n} custom details; Sentinel accepts at most ${MAX_CUSTOM_DETAILS}`, at: { path: ["customDetails"] } }]
        : [];
    },
  },
  {
    id: "custom-details-key",
    group: "sentinel",
    severity: "error",
    title: "Custom detail keys are letters, digits and _, at most 20 characters",
    help: "Keys must start with a letter, contain only letters, digits and underscores, and be at most 20 characters.",
    check: (d) =>
      Object.keys(d.spec.customDetails ?? {}).flatMap((key): Finding[] => {
        if (KEY.test(key) && key.length <= 20) return [];
        return [{ message: `custom detail key ${JSON.stringify(key)} must start with a letter, use only letters, digits and _, and have at most 20 characters`, at: { path: ["customDetails", key] } }];
      }),
  },
  {
    id: "custom-details-value",
    group: "sentinel",
    severity: "error",
    title: "Custom detail values are column names",
    help: "Each custom detail names an output column: letters, digits and underscores, at most 500 characters.",
    check: (d) =>
      Object.entries(d.spec.customDetails ?? {}).flatMap(([key, column]): Finding[] => {
        if (typeof column === "string" && COLUMN_NAME.test(column) && column.length <= 500) return [];
        return [{ message: `custom detail ${key} maps ${JSON.stringify(column)}, which is not a plain column name`, at: { path: ["customDetails", key] } }];
      }),
  },
];

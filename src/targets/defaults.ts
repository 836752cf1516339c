/** The values a detection gets when it leaves a setting out (documented in DetectionSpec). */
import type { DetectionSpec, Duration, IncidentConfiguration, TriggerOperator } from "../dsl/model.js";

export const DEFAULT_SCHEDULE = { frequency: "1h", lookback: "1h" } as const satisfies { frequency: Duration; lookback: Duration };
export const DEFAULT_TRIGGER = { operator: "gt", threshold: 0 } as const satisfies { operator: TriggerOperator; threshold: number };
export const DEFAULT_SUPPRESSION = { enabled: false, duration: "1h" } as const satisfies { enabled: boolean; duration: Duration };
export const DEFAULT_EVENT_GROUPING = "SingleAlert";
/** Portal defaults for alert grouping into incidents. */
export const DEFAULT_INCIDENT: Required<Pick<IncidentConfiguration, "createIncident">> & {
  readonly grouping: Required<NonNullable<IncidentConfiguration["grouping"]>>;
} = {
  createIncident: true,
  grouping: {
    enabled: false,
    reopenClosedIncident: false,
    lookbackDuration: "5h",
    matchingMethod: "AllEntities",
    groupByEntities: [],
    groupByAlertDetails: [],
    groupByCustomDetails: [],
  },
};

export function ruleKind(spec: DetectionSpec): "Scheduled" | "NRT" {
  return spec.kind ?? "Scheduled";
}

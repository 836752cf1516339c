/** A rule's settings with the model's documented defaults filled in (kind Scheduled, 1h/1h, `gt 0`). */
import type { DetectionSpec, RuleKind, TriggerOperator } from "../dsl/model.js";

export const DEFAULT_SCHEDULE = { frequency: "1h", lookback: "1h" } as const;
export const DEFAULT_TRIGGER = { operator: "gt", threshold: 0 } as const;

export function effectiveKind(spec: DetectionSpec): RuleKind | string {
  return spec.kind ?? "Scheduled";
}

export function isScheduled(spec: DetectionSpec): boolean {
  return effectiveKind(spec) === "Scheduled";
}

export function effectiveSchedule(spec: DetectionSpec): { readonly frequency: string; readonly lookback: string } {
  return spec.schedule ?? DEFAULT_SCHEDULE;
}

export function effectiveTrigger(spec: DetectionSpec): { readonly operator: TriggerOperator | string; readonly threshold: number } {
  return spec.trigger ?? DEFAULT_TRIGGER;
}

/**
 * How Sentinel schedules a rule: run frequency, lookback (queryPeriod), trigger and suppression,
 * with the service's defaults. NRT rules run every minute over the last minute and alert
 * whenever the query returns rows (they have no trigger settings).
 */
import type { DetectionSpec, RuleKind, TriggerOperator } from "../dsl/model.js";
import { TICKS_PER_MINUTE } from "../engine/values.js";
import { parseDuration } from "./time.js";

export interface RuleTiming {
  readonly kind: RuleKind;
  /** Ticks between two runs. */
  readonly frequency: bigint;
  /** Lookback: each run reads rows with `TimeGenerated` in (now - period, now]. */
  readonly period: bigint;
  /** Ticks during which no run happens after a run that alerted; 0 without suppression. */
  readonly suppression: bigint;
}

const ONE_HOUR = 60n * TICKS_PER_MINUTE;
/** NRT rules are hard-coded to run once a minute over the preceding minute. */
export const NRT_INTERVAL = TICKS_PER_MINUTE;

export function ruleTiming(spec: DetectionSpec): RuleTiming {
  const suppression =
    spec.suppression?.enabled === true ? (parseDuration(spec.suppression.duration) ?? 0n) : 0n;
  if (spec.kind === "NRT") return { kind: "NRT", frequency: NRT_INTERVAL, period: NRT_INTERVAL, suppression };
  const frequency = spec.schedule ? (parseDuration(spec.schedule.frequency) ?? ONE_HOUR) : ONE_HOUR;
  const period = spec.schedule ? (parseDuration(spec.schedule.lookback) ?? ONE_HOUR) : ONE_HOUR;
  return { kind: "Scheduled", frequency, period, suppression };
}

const TRIGGERS: Readonly<Record<TriggerOperator, (count: number, threshold: number) => boolean>> = {
  gt: (c, t) => c > t,
  lt: (c, t) => c < t,
  eq: (c, t) => c === t,
  ne: (c, t) => c !== t,
};

/** Whether a run whose query returned `rowCount` rows generates alerts. */
export function triggerFires(spec: DetectionSpec, rowCount: number): boolean {
  if (spec.kind === "NRT") return rowCount > 0;
  const trigger = spec.trigger ?? { operator: "gt", threshold: 0 };
  return TRIGGERS[trigger.operator](rowCount, trigger.threshold);
}

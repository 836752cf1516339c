/** Scheduling, trigger and query limits from Azure-Sentinel's Scheduled/NRT template models. */
import type { Finding, RuleCheck } from "../check.js";
import { formatMinutes, ruleDurationMinutes } from "../durations.js";
import { effectiveSchedule, effectiveTrigger, isScheduled } from "../effective.js";

const MIN_MINUTES = 5;
const MAX_MINUTES = 14 * 24 * 60;
const TWO_DAYS = 2 * 24 * 60;
const OPERATORS = ["gt", "lt", "eq", "ne"];

/** Frequency and lookback in minutes, or undefined for a part that is malformed (reported by schedule-bounds). */
function scheduleMinutes(spec: Parameters<typeof effectiveSchedule>[0]) {
  const s = effectiveSchedule(spec);
  return { frequency: ruleDurationMinutes(s.frequency), lookback: ruleDurationMinutes(s.lookback), raw: s };
}

export const SCHEDULE_CHECKS: readonly RuleCheck[] = [
  {
    id: "schedule-bounds",
    group: "sentinel",
    severity: "error",
    title: "Frequency and lookback are durations between 5m and 14d",
    help: "Sentinel runs scheduled rules every 5 minutes to 14 days over a period of 5 minutes to 14 days. Write durations as a whole number of m, h or d.",
    check: (d) => {
      if (!isScheduled(d.spec)) return [];
      const { frequency, lookback, raw } = scheduleMinutes(d.spec);
      const out: Finding[] = [];
      const parts = [
        ["frequency", frequency, raw.frequency],
        ["lookback", lookback, raw.lookback],
      ] as const;
      for (const [key, minutes, text] of parts) {
        const at = { path: ["schedule", key] };
        if (minutes === undefined) out.push({ message: `schedule ${key} ${JSON.stringify(text)} is not a duration like 5m, 1h or 14d`, at });
        else if (minutes < MIN_MINUTES || minutes > MAX_MINUTES)
          out.push({ message: `schedule ${key} ${text} is outside 5m..14d`, at });
      }
      return out;
    },
  },
  {
    id: "schedule-period-frequency",
    group: "sentinel",
    severity: "error",
    title: "Lookback is at least the frequency",
    help: "A lookback shorter than the frequency leaves gaps no run looks at; Azure-Sentinel's checks reject it.",
    check: (d) => {
      if (!isScheduled(d.spec)) return [];
      const { frequency, lookback, raw } = scheduleMinutes(d.spec);
      if (frequency === undefined || lookback === undefined || lookback >= frequency) return [];
      return [{ message: `schedule lookback ${raw.lookback} is shorter than the frequency ${raw.frequency}: events between runs are never seen`, at: { path: ["schedule", "lookback"] } }];
    },
  },
  {
    id: "schedule-long-period-frequency",
    group: "sentinel",
    severity: "error",
    title: "A lookback of 2 days or more runs at most hourly",
    help: "Sentinel requires a frequency of at least 1h when the lookback is 2 days or longer.",
    check: (d) => {
      if (!isScheduled(d.spec)) return [];
      const { frequency, lookback, raw } = scheduleMinutes(d.spec);
      if (frequency === undefined || lookback === undefined || lookback < TWO_DAYS || frequency >= 60) return [];
      return [{ message: `schedule frequency ${raw.frequency} is below 1h while the lookback is ${formatMinutes(lookback)} (2d or more)`, at: { path: ["schedule", "frequency"] } }];
    },
  },
  {
    id: "nrt-no-schedule",
    group: "sentinel",
    severity: "error",
    title: "NRT rules have no schedule or trigger",
    help: "Near-real-time rules run every minute over new events; Sentinel's NRT model has no frequency, lookback or trigger.",
    check: (d) => {
      if (d.spec.kind !== "NRT") return [];
      const out: Finding[] = [];
      if (d.spec.schedule) out.push({ message: "NRT rules take no schedule: remove it (or make the rule Scheduled)", at: { path: ["schedule"] } });
      if (d.spec.trigger) out.push({ message: "NRT rules take no trigger: remove it (or make the rule Scheduled)", at: { path: ["trigger"] } });
      return out;
    },
  },
  {
    id: "trigger-operator",
    group: "sentinel",
    severity: "error",
    title: "Trigger operator is gt, lt, eq or ne",
    help: "Sentinel's trigger operators are GreaterThan, LessThan, Equal and NotEqual (gt, lt, eq, ne in templates).",
    check: (d) => {
      if (!isScheduled(d.spec)) return [];
      const { operator } = effectiveTrigger(d.spec);
      return OPERATORS.includes(operator)
        ? []
        : [{ message: `trigger operator ${JSON.stringify(operator)} must be one of gt, lt, eq, ne`, at: { path: ["trigger", "operator"] } }];
    },
  },
  {
    id: "trigger-threshold",
    group: "sentinel",
    severity: "error",
    title: "Trigger threshold is a whole number from 0 to 10000",
    help: "Azure-Sentinel's template model bounds triggerThreshold to 0..10000.",
    check: (d) => {
      if (!isScheduled(d.spec)) return [];
      const { threshold } = effectiveTrigger(d.spec);
      return Number.isInteger(threshold) && threshold >= 0 && threshold <= 10000
        ? []
        : [{ message: `trigger threshold ${threshold} must be a whole number from 0 to 10000`, at: { path: ["trigger", "threshold"] } }];
    },
  },
  {
    id: "query-length",
    group: "sentinel",
    severity: "error",
    title: "Query is 1 to 10000 characters",
    help: "Azure-Sentinel's template model limits the query to 10000 characters (measured on the printed KQL that ships).",
    check: (d) =>
      d.kql.trim().length > 0 && d.kql.length <= 10000
        ? []
        : [{ message: `the compiled query has ${d.kql.length} characters; Sentinel accepts 1 to 10000`, at: { path: ["query"] } }],
  },
];

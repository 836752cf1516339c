/**
 * Sentinel YAML compiler: a detection as the Azure-Sentinel repository writes analytics rules.
 * The view keeps the repository's key order; the template decides the layout.
 */
import type { CompiledDetection, RequiredDataConnector } from "../dsl/model.js";
import { connectorsForTables } from "./connectors.js";
import { DEFAULT_EVENT_GROUPING, DEFAULT_SCHEDULE, DEFAULT_TRIGGER, ruleKind } from "./defaults.js";
import type { YamlValue } from "./escape/yaml.js";
import { sourceTables } from "./tables.js";

/** The rule as YAML keys; absent keys are `undefined` and left out by the template. */
export interface SentinelRuleView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: string;
  readonly status: string | undefined;
  readonly requiredDataConnectors: YamlValue;
  readonly queryFrequency: string | undefined;
  readonly queryPeriod: string | undefined;
  readonly triggerOperator: string | undefined;
  readonly triggerThreshold: number | undefined;
  readonly tactics: YamlValue;
  readonly relevantTechniques: YamlValue;
  readonly query: string;
  readonly entityMappings: YamlValue | undefined;
  readonly customDetails: YamlValue | undefined;
  readonly alertDetailsOverride: YamlValue | undefined;
  readonly eventGroupingSettings: YamlValue;
  readonly version: string;
  readonly kind: string;
  readonly tags: YamlValue | undefined;
  readonly metadata: YamlValue | undefined;
}

export function requiredConnectors(d: CompiledDetection): RequiredDataConnector[] {
  return d.spec.requiredDataConnectors ? [...d.spec.requiredDataConnectors] : connectorsForTables(sourceTables(d.ast));
}

export function sentinelRule(d: CompiledDetection): SentinelRuleView {
  const s = d.spec;
  const scheduled = ruleKind(s) === "Scheduled";
  const schedule = s.schedule ?? DEFAULT_SCHEDULE;
  const trigger = s.trigger ?? DEFAULT_TRIGGER;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    severity: s.severity,
    status: s.status,
    requiredDataConnectors: requiredConnectors(d).map((c) => ({ connectorId: c.connectorId, dataTypes: [...c.dataTypes] })),
    queryFrequency: scheduled ? schedule.frequency : undefined,
    queryPeriod: scheduled ? schedule.lookback : undefined,
    triggerOperator: scheduled ? trigger.operator : undefined,
    triggerThreshold: scheduled ? trigger.threshold : undefined,
    tactics: [...s.tactics],
    relevantTechniques: [...s.techniques],
    query: d.kql,
    entityMappings: s.entities?.length ? s.entities.map((e) => ({ entityType: e.entityType, fieldMappings: e.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })) })) : undefined,
    customDetails: s.customDetails && Object.keys(s.customDetails).length ? { ...s.customDetails } : undefined,
    alertDetailsOverride: alertDetailsOverride(d),
    eventGroupingSettings: { aggregationKind: s.eventGrouping ?? DEFAULT_EVENT_GROUPING },
    version: s.version,
    kind: ruleKind(s),
    tags: s.tags?.length ? [...s.tags] : undefined,
    metadata: s.author ? { source: { kind: "Community" }, author: { name: s.author }, support: { tier: "Community" } } : undefined,
  };
}

/** YAML templates have no `alertDynamicProperties` (an ARM-only field). */
function alertDetailsOverride(d: CompiledDetection): YamlValue | undefined {
  const o = d.spec.alertDetailsOverride;
  if (!o) return undefined;
  const out = {
    alertDisplayNameFormat: o.alertDisplayNameFormat,
    alertDescriptionFormat: o.alertDescriptionFormat,
    alertTacticsColumnName: o.alertTacticsColumnName,
    alertSeverityColumnName: o.alertSeverityColumnName,
  };
  return Object.values(out).some((v) => v !== undefined) ? out : undefined;
}

/**
 * ARM compiler: a detection as a deployable `Microsoft.OperationalInsights/workspaces/providers/alertRules`
 * resource, with ISO 8601 durations, long trigger operators, and techniques split into
 * parents and sub-techniques as far as the apiVersion allows.
 */
import type { CompiledDetection } from "../dsl/model.js";
import { armApiCapabilities } from "./arm-api.js";
import { DEFAULT_EVENT_GROUPING, DEFAULT_INCIDENT, DEFAULT_SCHEDULE, DEFAULT_SUPPRESSION, DEFAULT_TRIGGER, ruleKind } from "./defaults.js";
import { toIsoDuration } from "./duration.js";
import type { ArmValue } from "./escape/json.js";

const TRIGGER_OPERATORS = { gt: "GreaterThan", lt: "LessThan", eq: "Equal", ne: "NotEqual" } as const;

export interface ArmRuleView {
  readonly id: ArmValue;
  readonly name: ArmValue;
  readonly kind: "Scheduled" | "NRT";
  readonly apiVersion: string;
  readonly properties: ArmValue;
}

export class ArmCompileError extends Error {}

export function armRule(d: CompiledDetection, apiVersion: string, options: { enabledParameter: boolean }): ArmRuleView {
  const s = d.spec;
  const kind = ruleKind(s);
  const caps = armApiCapabilities(apiVersion);
  if (kind === "NRT" && !caps.nrt) {
    throw new ArmCompileError(
      `NRT rule, but arm.apiVersion ${apiVersion} has no NRT kind (stable versions lack it); set arm.apiVersion to a preview version such as 2025-07-01-preview`,
    );
  }
  const schedule = s.schedule ?? DEFAULT_SCHEDULE;
  const trigger = s.trigger ?? DEFAULT_TRIGGER;
  const suppression = s.suppression ?? DEFAULT_SUPPRESSION;
  const parents = [...new Set(s.techniques.map((t) => t.split(".")[0]))];
  const subs = s.techniques.filter((t) => t.includes("."));
  const scheduled = kind === "Scheduled";
  const enabled = s.status !== "Deprecated";
  const properties: ArmValue = {
    displayName: s.name,
    description: s.description,
    severity: s.severity,
    enabled: options.enabledParameter ? { armExpression: "[parameters('enabled')]" } : enabled,
    query: d.kql,
    queryFrequency: scheduled ? toIsoDuration(schedule.frequency) : undefined,
    queryPeriod: scheduled ? toIsoDuration(schedule.lookback) : undefined,
    triggerOperator: scheduled ? TRIGGER_OPERATORS[trigger.operator] : undefined,
    triggerThreshold: scheduled ? trigger.threshold : undefined,
    suppressionDuration: toIsoDuration(suppression.duration),
    suppressionEnabled: suppression.enabled,
    tactics: [...s.tactics],
    techniques: parents,
    subTechniques: caps.subTechniques && subs.length > 0 ? subs : undefined,
    alertRuleTemplateName: null,
    templateVersion: s.version,
    incidentConfiguration: incidentConfiguration(d),
    eventGroupingSettings: { aggregationKind: s.eventGrouping ?? DEFAULT_EVENT_GROUPING },
    alertDetailsOverride: alertDetailsOverride(d),
    customDetails: s.customDetails && Object.keys(s.customDetails).length ? { ...s.customDetails } : undefined,
    entityMappings: s.entities?.length
      ? s.entities.map((e) => ({ entityType: e.entityType, fieldMappings: e.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })) }))
      : undefined,
  };
  return {
    id: { armExpression: `[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/${s.id}')]` },
    name: { armExpression: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/','${s.id}')]` },
    kind,
    apiVersion,
    properties,
  };
}

function incidentConfiguration(d: CompiledDetection): ArmValue {
  const incident = d.spec.incident;
  const g = { ...DEFAULT_INCIDENT.grouping, ...incident?.grouping };
  return {
    createIncident: incident?.createIncident ?? DEFAULT_INCIDENT.createIncident,
    groupingConfiguration: {
      enabled: g.enabled,
      reopenClosedIncident: g.reopenClosedIncident,
      lookbackDuration: toIsoDuration(g.lookbackDuration),
      matchingMethod: g.matchingMethod,
      groupByEntities: [...g.groupByEntities],
      groupByAlertDetails: [...g.groupByAlertDetails],
      groupByCustomDetails: [...g.groupByCustomDetails],
    },
  };
}

function alertDetailsOverride(d: CompiledDetection): ArmValue {
  const o = d.spec.alertDetailsOverride;
  if (!o) return undefined as unknown as ArmValue;
  return {
    alertDisplayNameFormat: o.alertDisplayNameFormat,
    alertDescriptionFormat: o.alertDescriptionFormat,
    alertTacticsColumnName: o.alertTacticsColumnName,
    alertSeverityColumnName: o.alertSeverityColumnName,
    alertDynamicProperties: o.alertDynamicProperties?.map((p) => ({ alertProperty: p.alertProperty, value: p.value })),
  };
}

/** The `parameters` block of a template: the workspace, plus a per-rule `enabled` switch. */
export function armParametersDeclaration(enabledDefault: boolean | null): ArmValue {
  return {
    workspace: { type: "String", metadata: { description: "Name of the Log Analytics workspace that runs Microsoft Sentinel" } },
    ...(enabledDefault === null
      ? {}
      : { enabled: { type: "Bool", defaultValue: enabledDefault, metadata: { description: "Whether the analytics rule runs" } } }),
  };
}

export function ruleEnabledByDefault(d: CompiledDetection): boolean {
  return d.spec.status !== "Deprecated";
}

import { describe, expect, it } from "vitest";
import type { DetectionSpec } from "../../src/dsl/model.js";
import { datetime, dyn, type Value } from "../../src/engine/values.js";
import { buildAlerts, MAX_ENTITIES_PER_ALERT, type ResultSet } from "../../src/testing/alerts.js";
import { ruleTiming, triggerFires } from "../../src/testing/rule.js";

const base: DetectionSpec = {
  id: "00000000-0000-0000-0000-000000000001",
  name: "Rogue agent",
  description: "A rogue agent was registered",
  severity: "High",
  tactics: ["Persistence"],
  techniques: ["T1556"],
  version: "1.0.0",
};

function result(columns: string[], rows: Value[][]): ResultSet {
  return { columns: columns.map((name) => ({ name, type: "string" })), rows };
}

const three = result(
  ["User", "IP", "Host"],
  [
    ["alice@contoso.com", "10.0.0.1", "dc1"],
    ["bob@contoso.com", "", "dc1"],
    ["alice@contoso.com", "10.0.0.1", "dc2"],
  ],
);

describe("event grouping", () => {
  it("makes one alert from all rows by default (SingleAlert)", () => {
    const alerts = buildAlerts(base, three);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].rows).toEqual([0, 1, 2]);
  });

  it("makes one alert per row with AlertPerResult", () => {
    const alerts = buildAlerts({ ...base, eventGrouping: "AlertPerResult" }, three);
    expect(alerts.map((a) => a.rows)).toEqual([[0], [1], [2]]);
  });

  it("caps AlertPerResult at 150 alerts, the last summarising every row", () => {
    const many = result(["User"], Array.from({ length: 200 }, (_, i) => [`u${i}`]));
    const alerts = buildAlerts({ ...base, eventGrouping: "AlertPerResult" }, many);
    expect(alerts).toHaveLength(150);
    expect(alerts[148].rows).toEqual([148]);
    expect(alerts[149].summary).toBe(true);
    expect(alerts[149].rows).toHaveLength(200);
  });

  it("caps NRT rules at 30 alerts", () => {
    const many = result(["User"], Array.from({ length: 31 }, (_, i) => [`u${i}`]));
    const alerts = buildAlerts({ ...base, kind: "NRT", eventGrouping: "AlertPerResult" }, many);
    expect(alerts).toHaveLength(30);
    expect(alerts[29].summary).toBe(true);
  });

  it("still raises one alert when a trigger fires on zero rows", () => {
    expect(buildAlerts({ ...base, eventGrouping: "AlertPerResult" }, result(["User"], []))).toHaveLength(1);
  });
});

describe("entities", () => {
  const spec: DetectionSpec = {
    ...base,
    entities: [
      { entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "User" }] },
      { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IP" }] },
    ],
  };

  it("extracts one entity per row per mapping, merging duplicates and dropping empty ones", () => {
    const [alert] = buildAlerts(spec, three);
    expect(alert.entities).toEqual([
      { type: "Account", identifiers: { FullName: "alice@contoso.com" } },
      { type: "Account", identifiers: { FullName: "bob@contoso.com" } },
      { type: "IP", identifiers: { Address: "10.0.0.1" } },
    ]);
  });

  it("divides the 500-entity cap equally across mappings", () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`user${i}`, `10.0.${Math.floor(i / 250)}.${i % 250}`, "h"] as Value[]);
    const [alert] = buildAlerts(spec, result(["User", "IP", "Host"], rows));
    const accounts = alert.entities.filter((e) => e.type === "Account").length;
    const ips = alert.entities.filter((e) => e.type === "IP").length;
    expect(accounts).toBe(MAX_ENTITIES_PER_ALERT / 2);
    expect(ips).toBe(MAX_ENTITIES_PER_ALERT / 2);
  });

  it("stops adding entities once the entities field reaches 64 KB", () => {
    const big = "x".repeat(1000);
    const rows = Array.from({ length: 200 }, (_, i) => [`${big}${i}`, "", ""] as Value[]);
    const [alert] = buildAlerts(spec, result(["User", "IP", "Host"], rows));
    expect(alert.entities.length).toBeGreaterThan(50);
    expect(alert.entities.length).toBeLessThan(66);
  });
});

describe("custom details and alert details", () => {
  it("collects custom detail values over the alert's rows as strings", () => {
    const spec: DetectionSpec = { ...base, customDetails: { Host: "Host", Seen: "When" } };
    const t = datetime(638_500_000_000_000_000n);
    const columns = [
      { name: "Host", type: "string" },
      { name: "When", type: "datetime" },
    ];
    const [alert] = buildAlerts(spec, { columns, rows: [["dc1", t], ["dc2", t], ["dc1", null]] });
    expect(alert.customDetails.Host).toEqual(["dc1", "dc2"]);
    expect(alert.customDetails.Seen).toHaveLength(1);
    expect(alert.customDetails.Seen[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("renders {{Column}} placeholders from the first row", () => {
    const spec: DetectionSpec = {
      ...base,
      alertDetailsOverride: { alertDisplayNameFormat: "Rogue agent on {{Host}} by {{ User }}", alertDescriptionFormat: "IP {{IP}}" },
    };
    const [alert] = buildAlerts(spec, three);
    expect(alert.title).toBe("Rogue agent on dc1 by alice@contoso.com");
    expect(alert.description).toBe("IP 10.0.0.1");
  });

  it("falls back to the rule's name when a placeholder value is empty", () => {
    const spec: DetectionSpec = { ...base, eventGrouping: "AlertPerResult", alertDetailsOverride: { alertDisplayNameFormat: "From {{IP}}" } };
    const alerts = buildAlerts(spec, three);
    expect(alerts.map((a) => a.title)).toEqual(["From 10.0.0.1", "Rogue agent", "From 10.0.0.1"]);
  });

  it("takes severity and tactics from columns only when they are valid", () => {
    const spec: DetectionSpec = { ...base, eventGrouping: "AlertPerResult", alertDetailsOverride: { alertSeverityColumnName: "Sev", alertTacticsColumnName: "Tac" } };
    const rows = result(["Sev", "Tac"], [["low", "InitialAccess, persistence"], ["urgent", "NotATactic"]]);
    const alerts = buildAlerts(spec, rows);
    expect(alerts[0].severity).toBe("Low");
    expect(alerts[0].tactics).toEqual(["InitialAccess", "Persistence"]);
    expect(alerts[1].severity).toBe("High");
    expect(alerts[1].tactics).toEqual(["Persistence"]);
  });

  it("renders dynamic values as their JSON text", () => {
    const spec: DetectionSpec = { ...base, customDetails: { Props: "P" } };
    const [alert] = buildAlerts(spec, { columns: [{ name: "P", type: "dynamic" }], rows: [[dyn(["a", 1])]] });
    expect(alert.customDetails.Props).toEqual(['["a",1]']);
  });
});

describe("schedule and trigger", () => {
  it("uses Sentinel's defaults: every hour over the last hour, alert when rows > 0", () => {
    const timing = ruleTiming(base);
    expect(timing.frequency).toBe(36_000_000_000n);
    expect(timing.period).toBe(36_000_000_000n);
    expect(timing.suppression).toBe(0n);
    expect(triggerFires(base, 0)).toBe(false);
    expect(triggerFires(base, 1)).toBe(true);
  });

  it("applies the trigger operator and threshold", () => {
    const spec: DetectionSpec = { ...base, trigger: { operator: "gt", threshold: 2 } };
    expect(triggerFires(spec, 2)).toBe(false);
    expect(triggerFires(spec, 3)).toBe(true);
    expect(triggerFires({ ...base, trigger: { operator: "eq", threshold: 0 } }, 0)).toBe(true);
    expect(triggerFires({ ...base, trigger: { operator: "lt", threshold: 1 } }, 1)).toBe(false);
    expect(triggerFires({ ...base, trigger: { operator: "ne", threshold: 1 } }, 2)).toBe(true);
  });

  it("runs NRT rules every minute over the last minute, alerting on any row", () => {
    const nrt: DetectionSpec = { ...base, kind: "NRT", trigger: { operator: "gt", threshold: 5 } };
    expect(ruleTiming(nrt).period).toBe(600_000_000n);
    expect(triggerFires(nrt, 1)).toBe(true);
  });

  it("reads schedule and suppression durations", () => {
    const t = ruleTiming({ ...base, schedule: { frequency: "5m", lookback: "2h" }, suppression: { enabled: true, duration: "1d" } });
    expect(t.frequency).toBe(5n * 600_000_000n);
    expect(t.period).toBe(2n * 36_000_000_000n);
    expect(t.suppression).toBe(24n * 36_000_000_000n);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompiledDetection, DetectionSpec, TestCase } from "../../src/dsl/model.js";
import { parse, print } from "../../src/kql/index.js";
import { loadSchemas } from "../../src/schema/registry.js";
import type { LoadedCase } from "../../src/testing/cases.js";
import { validateCase } from "../../src/testing/cases.js";
import { loadEngine } from "../../src/testing/engine.js";
import { prepareCaseRuns, runCase, type TestContext } from "../../src/testing/runner.js";
import { runDetectionTests } from "../../src/testing/suite.js";
import { affectedBy } from "../../src/testing/watch.js";

const fixturesDir = mkdtempSync(join(tmpdir(), "kustodian-runner-"));
const schemas = loadSchemas();
const ctx: TestContext = { fixturesDir, schemas, cwd: fixturesDir, cache: new Map() };
const engine = await loadEngine();

function compiled(spec: Partial<DetectionSpec>, query: string): CompiledDetection {
  const { script } = parse(query);
  return {
    spec: { id: "00000000-0000-0000-0000-0000000000aa", name: "Rule", description: "d", severity: "Low", tactics: [], techniques: [], version: "1.0.0", ...spec },
    slug: "rule",
    file: join(fixturesDir, "rule.ts"),
    ast: script,
    kql: print(script),
    outputSchema: [],
    queryOrigin: null,
  };
}

function loaded(c: Partial<TestCase>): LoadedCase {
  const locate = () => ({ file: "case.test.yaml", line: 1, column: 1 });
  const raw = { name: "case", now: "2024-05-01T12:00:00Z", alerts: 1, tables: {}, ...c };
  return { case: validateCase(raw, locate, "case"), origin: locate(), locate, fixtureDir: join(fixturesDir, "rule"), form: "file" };
}

const rows = [
  { TimeGenerated: "2024-05-01T09:30:00Z", OperationName: "Add", Result: "success" },
  { TimeGenerated: "2024-05-01T10:30:00Z", OperationName: "Add", Result: "success" },
  { TimeGenerated: "2024-05-01T11:30:00Z", OperationName: "Add", Result: "success" },
];

describe("a run at now", () => {
  const detection = compiled({ eventGrouping: "AlertPerResult" }, 'AuditLogs | where OperationName == "Add"');

  it("sees only the rows in the lookback window", () => {
    const { result } = runCase(engine, detection, loaded({ tables: { AuditLogs: rows }, alerts: 1 }), ctx);
    expect(result.failures).toEqual([]);
    expect(result.runs).toEqual([{ at: "2024-05-01T12:00:00Z", window: { from: "2024-05-01T11:00:00Z", to: "2024-05-01T12:00:00Z" }, status: "ran", rows: 1, alerts: 1 }]);
  });

  it("gives a query failure as a failed case, with the evaluator's message", () => {
    const broken = compiled({}, "AuditLogs | where NoSuchColumn == 1");
    const { result } = runCase(engine, broken, loaded({ tables: { AuditLogs: rows } }), ctx);
    expect(result.status).toBe("failed");
    expect(result.failures[0].message).toMatch(/^query failed: .*NoSuchColumn/);
  });

  it("fails a case naming a table without a schema", () => {
    const { result } = runCase(engine, detection, loaded({ tables: { NoSuchTable_CL: [] } }), ctx);
    expect(result.failures[0].message).toBe("no schema for table 'NoSuchTable_CL': use a built-in table or add its schema to the schemas folder");
  });

  it("reads fixture files relative to the detection's fixture folder", () => {
    mkdirSync(join(fixturesDir, "rule"), { recursive: true });
    writeFileSync(join(fixturesDir, "rule", "audit.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n"));
    const { result } = runCase(engine, detection, loaded({ tables: { AuditLogs: "audit.jsonl" } }), ctx);
    expect(result.status).toBe("passed");
    const missing = runCase(engine, detection, loaded({ tables: { AuditLogs: "nope.jsonl" } }), ctx).result;
    expect(missing.failures[0].message).toBe("fixture file not found: rule/nope.jsonl (paths are relative to rule)");
  });
});

describe("replay", () => {
  it("runs every queryFrequency and honours suppression", () => {
    const detection = compiled({ suppression: { enabled: true, duration: "90m" } }, 'AuditLogs | where OperationName == "Add"');
    const c = loaded({ tables: { AuditLogs: rows }, replay: { from: "2024-05-01T10:00:00Z", to: "2024-05-01T13:00:00Z" }, alerts: 2 });
    const { result } = runCase(engine, detection, c, ctx);
    expect(result.failures).toEqual([]);
    expect(result.runs.map((r) => [r.at.slice(11, 16), r.status, r.alerts])).toEqual([
      ["10:00", "ran", 1],
      ["11:00", "suppressed", 0],
      ["12:00", "ran", 1],
      ["13:00", "suppressed", 0],
    ]);
  });

  it("backtests a plain case over its fixtures' time range", () => {
    const detection = compiled({}, 'AuditLogs | where OperationName == "Add"');
    const { result } = runCase(engine, detection, loaded({ tables: { AuditLogs: rows } }), ctx, { backtest: true });
    expect(result.backtest?.map((r) => [r.at, r.rows])).toEqual([
      ["2024-05-01T09:30:00Z", 1],
      ["2024-05-01T10:30:00Z", 1],
      ["2024-05-01T11:30:00Z", 1],
    ]);
  });
});

describe("the seam for other back-ends", () => {
  it("gives the exact query and the windowed tables of each run", () => {
    const detection = compiled({ schedule: { frequency: "1h", lookback: "2h" } }, 'AuditLogs | where OperationName == "Add"');
    const [run] = prepareCaseRuns(detection, loaded({ tables: { AuditLogs: rows } }), ctx);
    expect(run.query).toBe(detection.kql);
    expect(run.window).toEqual({ from: "2024-05-01T10:00:00Z", to: "2024-05-01T12:00:00Z" });
    expect(run.tables[0].name).toBe("AuditLogs");
    expect(run.tables[0].rows).toHaveLength(2);
  });
});

describe("the suite", () => {
  it("runs mutation testing and scores it", async () => {
    const detection = compiled({ tests: [] }, 'AuditLogs | where OperationName == "Add" and Result == "success"');
    const withCases: CompiledDetection = {
      ...detection,
      spec: {
        ...detection.spec,
        tests: [
          { name: "alerts", now: "2024-05-01T12:00:00Z", tables: { AuditLogs: rows }, alerts: 1 },
          { name: "quiet on failure", now: "2024-05-01T12:00:00Z", tables: { AuditLogs: [{ ...rows[2], Result: "failure" }] }, alerts: 0 },
        ],
      },
    };
    const report = await runDetectionTests([withCases], { fixturesDir, schemas, cwd: fixturesDir, mutations: true, engine });
    expect(report.ok).toBe(true);
    const m = report.detections[0].mutation!;
    expect(m.total).toBe(m.killed + m.survived + m.errored);
    const survivors = m.mutants.filter((x) => x.status === "survived").map((x) => x.label);
    // Nothing tells "Add" from another operation: dropping that conjunct survives.
    expect(survivors).toContain("drop where conjunct 1 of 2");
    expect(survivors).not.toContain("drop where conjunct 2 of 2");
    expect(report.mutation?.score).toBe(m.score);
  });
});

describe("watch: affected detections", () => {
  const roots = { detections: "/p/detections", fixtures: "/p/fixtures", schemas: "/p/schemas", config: "/p/kustodian.config.json" };
  const files = new Map([["/p/detections/a/rule-one.ts", "rule-one"]]);
  it("maps fixture and detection changes to their slug", () => {
    expect(affectedBy(["/p/fixtures/rule-two/x.jsonl", "/p/detections/a/rule-one.ts"], roots, files)).toEqual({ all: false, slugs: new Set(["rule-two", "rule-one"]) });
  });
  it("reruns everything for schemas, config and shared modules", () => {
    expect(affectedBy(["/p/schemas/T_CL.json"], roots, files).all).toBe(true);
    expect(affectedBy(["/p/kustodian.config.json"], roots, files).all).toBe(true);
    expect(affectedBy(["/p/detections/_shared.ts"], roots, files).all).toBe(true);
  });
});

describe("replay bounds", () => {
  it("refuses a replay range with too many runs", () => {
    const nrt = compiled({ kind: "NRT" }, "AuditLogs");
    const c = loaded({ tables: { AuditLogs: [] }, replay: { from: "2024-01-01T00:00:00Z", to: "2024-03-01T00:00:00Z" }, alerts: 0 });
    const { result } = runCase(engine, nrt, c, ctx);
    expect(result.failures[0].message).toBe("replay range makes 86401 runs (at most 10000): narrow from/to");
  });
});

describe("query errors of builder queries", () => {
  it("point at the query property and show the printed KQL with a caret", () => {
    const file = join(fixturesDir, "builder.ts");
    writeFileSync(file, 'export default detection({\n  name: "b",\n  query: from(AuditLogs).where((r) => r.Result.eq("x")),\n});\n');
    const broken = { ...compiled({}, "AuditLogs\n| where NoSuchColumn == 1"), file };
    const { result } = runCase(engine, broken, loaded({ tables: { AuditLogs: rows } }), ctx);
    const detail = result.failures[0].detail ?? "";
    expect(detail).toContain("builder.ts:3:3: error: unknown column or variable 'NoSuchColumn'");
    expect(detail).toContain("printed KQL, line 2:");
    expect(detail).toMatch(/\| where NoSuchColumn == 1\n {14}\^{12}$/m);
  });
});

describe("window hints", () => {
  const detection = compiled({}, 'AuditLogs | where OperationName == "Add"');

  it("count rows outside every run of a replay, and rows without TimeGenerated", () => {
    const replay = { from: "2024-05-01T11:00:00Z", to: "2024-05-01T12:00:00Z" };
    const input = [...rows, { OperationName: "Add" }];
    const { result } = runCase(engine, detection, loaded({ tables: { AuditLogs: input }, replay, alerts: 4 }), ctx);
    const detail = result.failures[0].detail ?? "";
    expect(detail).toContain("hint: 1 row of AuditLogs outside every run's window (2 runs from 2024-05-01T11:00:00Z to 2024-05-01T12:00:00Z) (lookback 1h)");
    expect(detail).toContain("hint: 1 row of AuditLogs without TimeGenerated (never in a run window)");
  });

  it("are not given when the case got more alerts than it wanted", () => {
    const { result } = runCase(engine, detection, loaded({ tables: { AuditLogs: rows }, alerts: 0 }), ctx);
    expect(result.failures[0].detail ?? "").not.toContain("hint:");
  });
});

describe("watchlists", () => {
  const detection = compiled({}, "_GetWatchlist('VIPs') | project SearchKey, Tier, Tags, Since");

  it("infer column types from the rows; SearchKey stays a string", () => {
    const watchlists = { VIPs: [{ SearchKey: 42, Tier: 1, Tags: ["a"], Since: "2024-01-01T00:00:00Z" }] };
    const { result } = runCase(engine, detection, loaded({ tables: {}, watchlists, rows: [{ SearchKey: "42", Tier: 1 }] }), ctx);
    expect(result.failures).toEqual([]);
  });

  it("are never cut by the lookback window and match the alias ignoring case", () => {
    const wl = compiled({}, "_GetWatchlist('vips') | where LastUpdatedTimeUTC < ago(300d)");
    const watchlists = { VIPs: [{ SearchKey: "a", LastUpdatedTimeUTC: "2020-01-01T00:00:00Z" }] };
    const { result } = runCase(engine, wl, loaded({ tables: {}, watchlists, alerts: 1 }), ctx);
    expect(result.failures).toEqual([]);
  });

  it("name the cell whose value its column's type cannot hold", () => {
    const watchlists = { VIPs: [{ SearchKey: "a", LastUpdatedTimeUTC: "not a time" }] };
    const { result } = runCase(engine, detection, loaded({ tables: {}, watchlists }), ctx);
    expect(result.failures[0].message).toMatch(/^watchlist 'VIPs' column LastUpdatedTimeUTC is datetime: expected/);
    expect(result.failures[0].at).toEqual({ file: "case.test.yaml", line: 1, column: 1 });
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TableSchema } from "../../src/schema/registry.js";
import { readFixtureFile } from "../../src/testing/fixture-file.js";
import { timeRange, toEngineTable, typeRecords, windowTable } from "../../src/testing/inputs.js";
import { TestInputError } from "../../src/testing/source.js";
import { parseInstant } from "../../src/testing/time.js";

const schema: TableSchema = {
  name: "AuditLogs",
  source: "test",
  columns: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "OperationName", type: "string" },
    { name: "Count", type: "long" },
    { name: "TargetResources", type: "dynamic" },
  ],
};

const dir = mkdtempSync(join(tmpdir(), "kustodian-fixtures-"));

function fixture(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readFixtureFile(path, name);
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TestInputError) return e.message;
    throw e;
  }
  throw new Error("expected a TestInputError");
}

describe("fixture files", () => {
  it("reads JSON lines, JSON, YAML and CSV into the same typed rows", () => {
    const jsonl = fixture("a.jsonl", '{"TimeGenerated":"2024-05-01T10:00:00Z","OperationName":"Add","Count":2}\n\n{"OperationName":"Remove"}\n');
    const json = fixture("a.json", '[{"TimeGenerated":"2024-05-01T10:00:00Z","OperationName":"Add","Count":2},\n {"OperationName":"Remove"}]');
    const yaml = fixture("a.yaml", "- TimeGenerated: 2024-05-01T10:00:00Z\n  OperationName: Add\n  Count: 2\n- OperationName: Remove\n");
    const csv = fixture("a.csv", 'TimeGenerated,OperationName,Count\n2024-05-01T10:00:00Z,"Add",2\n,Remove,\n');
    const typed = [jsonl, json, yaml, csv].map((raw) => typeRecords(raw, schema));
    for (const t of typed) {
      expect(t.rows).toHaveLength(2);
      expect(t.rows[0][1]).toBe("Add");
      expect(t.rows[0][2]).toBe(2);
      expect(t.rows[1]).toEqual([null, "Remove", null, null]);
    }
  });

  it("parses dynamic columns from JSON values and JSON text", () => {
    const raw = fixture("d.csv", 'TargetResources\n"[{""id"":1}]"\n');
    const t = typeRecords(raw, schema);
    expect(t.rows[0][3]).toMatchObject({ t: "dynamic" });
  });

  it("names file, line and column for a column the schema lacks", () => {
    const raw = fixture("b.jsonl", '{"OperationName":"Add"}\n{"OperationName":"Add", "Operation":"x"}\n');
    expect(messageOf(() => typeRecords(raw, schema))).toBe("b.jsonl:2:25: column 'Operation' is not in the AuditLogs schema (did you mean 'OperationName'?)");
  });

  it("suggests the right spelling when only the case differs", () => {
    const raw = fixture("c.json", '[\n  {"operationname": "Add"}\n]');
    expect(messageOf(() => typeRecords(raw, schema))).toBe(
      "c.json:2:4: column 'operationname' is not in the AuditLogs schema (did you mean 'OperationName'? names are case-sensitive)",
    );
  });

  it("names file and line for a value of the wrong type", () => {
    const yaml = fixture("e.yaml", "- Count: 1\n- Count: 1.5\n");
    expect(messageOf(() => typeRecords(yaml, schema))).toBe("e.yaml:2:10: AuditLogs.Count is long: expected an integer, got 1.5");
    const csv = fixture("f.csv", "TimeGenerated\nnot a time\n");
    expect(messageOf(() => typeRecords(csv, schema))).toMatch(/^f\.csv:2:1: AuditLogs\.TimeGenerated is datetime: expected a datetime/);
    const obj = fixture("g.jsonl", '{"OperationName": {"a": 1}}\n');
    expect(messageOf(() => typeRecords(obj, schema))).toBe("g.jsonl:1:19: AuditLogs.OperationName is string: expected a string, got an object");
  });

  it("reports malformed files at their position", () => {
    expect(messageOf(() => fixture("h.jsonl", '{"a":1}\n{"a":\n'))).toMatch(/^h\.jsonl:2:\d+: invalid JSON/);
    expect(messageOf(() => fixture("i.json", '{"not": "a list"}'))).toMatch(/^i\.json:1:1: expected a list of rows/);
    expect(messageOf(() => fixture("j.csv", "A,B\n1\n"))).toBe("j.csv:2:1: row 1 has 1 fields but the header has 2");
    expect(messageOf(() => fixture("k.txt", ""))).toMatch(/^k\.txt: unknown fixture format '\.txt'/);
  });
});

describe("lookback window", () => {
  const raw = {
    records: [
      { TimeGenerated: "2024-05-01T09:00:00Z", OperationName: "at-start" },
      { TimeGenerated: "2024-05-01T09:00:00.0000001Z", OperationName: "just-inside" },
      { TimeGenerated: "2024-05-01T10:00:00Z", OperationName: "at-now" },
      { TimeGenerated: "2024-05-01T10:00:00.0000001Z", OperationName: "future" },
      { OperationName: "no-time" },
    ],
    locate: () => ({ file: "inline" }),
  };
  const table = typeRecords(raw, schema);

  it("keeps rows with TimeGenerated in (now - period, now]", () => {
    const now = parseInstant("2024-05-01T10:00:00Z")!;
    const windowed = windowTable(table, now - 36_000_000_000n, now);
    expect(windowed.rows.map((r) => r[1])).toEqual(["just-inside", "at-now"]);
  });

  it("leaves tables without TimeGenerated alone", () => {
    const plain = typeRecords({ records: [{ Name: "x" }], locate: () => ({ file: "w" }) }, { name: "Watchlist", source: "t", columns: [{ name: "Name", type: "string" }] });
    expect(windowTable(plain, 0n, 1n).rows).toHaveLength(1);
  });

  it("finds the fixtures' time range", () => {
    const range = timeRange([table]);
    expect(range?.min).toBe(parseInstant("2024-05-01T09:00:00Z"));
    expect(range?.max).toBe(parseInstant("2024-05-01T10:00:00.0000001Z"));
  });

  it("builds an evaluator table with every schema column", () => {
    const t = toEngineTable(table);
    expect(t.rowCount).toBe(5);
    expect(t.schema.map((c) => c.name)).toEqual(["TimeGenerated", "OperationName", "Count", "TargetResources"]);
    expect(t.row(4)).toEqual([null, "no-time", null, null]);
  });
});

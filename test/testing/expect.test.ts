import { describe, expect, it } from "vitest";
import type { TestCase } from "../../src/dsl/model.js";
import { datetime, dyn, bag, type Value } from "../../src/engine/values.js";
import type { ResultSet, SimAlert } from "../../src/testing/alerts.js";
import { type CaseOutcome, checkExpectations } from "../../src/testing/expect.js";
import { matchesValue } from "../../src/testing/match.js";
import { parseInstant } from "../../src/testing/time.js";

const locate = (path: readonly (string | number)[]) => ({ file: "case.test.yaml", line: path.length + 1, column: 1 });

const result: ResultSet = {
  columns: [
    { name: "User", type: "string" },
    { name: "Count", type: "long" },
    { name: "When", type: "datetime" },
  ],
  rows: [
    ["alice@contoso.com", 3, datetime(parseInstant("2024-05-01T10:00:00Z")!)],
    ["bob@contoso.com", 1, datetime(parseInstant("2024-05-01T11:00:00Z")!)],
  ],
};

const alert: SimAlert = {
  title: "Rogue agent on dc1",
  description: "d",
  severity: "High",
  tactics: ["Persistence"],
  entities: [{ type: "Account", identifiers: { FullName: "alice@contoso.com" } }],
  customDetails: { Hosts: ["dc1", "dc2"] },
  rows: [0, 1],
  summary: false,
};

function outcome(alerts: SimAlert[]): CaseOutcome {
  return { runs: [{ at: "2024-05-01T12:00:00Z", window: { from: "a", to: "b" }, status: "ran", result, fired: alerts.length > 0, alerts }], alerts };
}

const base: TestCase = { name: "c", tables: {}, now: "2024-05-01T12:00:00Z", alerts: 1 };

describe("expectations", () => {
  it("passes when everything matches", () => {
    const c: TestCase = {
      ...base,
      rows: [{ User: "alice@contoso.com", Count: 3, When: "2024-05-01T10:00:00Z" }],
      entities: [{ type: "Account", FullName: "alice@contoso.com" }],
      customDetails: { Hosts: "dc2" },
      title: "Rogue agent on dc1",
    };
    expect(checkExpectations(c, outcome([alert]), locate)).toEqual([]);
  });

  it("reports the alert count with the row count", () => {
    const [f] = checkExpectations({ ...base, alerts: 0 }, outcome([alert]), locate);
    expect(f.message).toBe("expected no alert (quiet case), got 1 (query returned 2 rows)");
    expect(f.at).toEqual({ file: "case.test.yaml", line: 2, column: 1 });
  });

  it("shows a table diff for rows that are not found", () => {
    const c: TestCase = { ...base, rows: [{ User: "alice@contoso.com", Count: 4 }, { User: "bob@contoso.com" }] };
    const [f] = checkExpectations(c, outcome([alert]), locate);
    expect(f.message).toBe("rows: 1 of 2 expected rows not found in 2 result rows");
    expect(f.detail).toContain("- alice@contoso.com | 4");
    expect(f.detail).toContain("+ alice@contoso.com | 3");
    expect(f.detail).toContain("  bob@contoso.com");
  });

  it("names expected columns the query does not output", () => {
    const [f] = checkExpectations({ ...base, rows: [{ Usr: "x" }] }, outcome([alert]), locate);
    expect(f.message).toBe("rows: column 'Usr' not in the query output (columns: User, Count, When)");
  });

  it("reports missing entities, custom details and a wrong title", () => {
    const c: TestCase = {
      ...base,
      entities: [{ type: "IP", Address: "10.0.0.1" }],
      customDetails: { Hosts: ["dc1", "dc3"] },
      title: "Other",
    };
    const messages = checkExpectations(c, outcome([alert]), locate).map((f) => f.message);
    expect(messages).toEqual([
      "no alert carries the entity IP(Address=10.0.0.1)",
      'custom detail \'Hosts\': expected ["dc1","dc3"], got ["dc1","dc2"]',
      'alert title: expected "Other", got "Rogue agent on dc1"',
    ]);
  });
});

describe("value matching", () => {
  it("compares by the actual column's type", () => {
    const cases: [unknown, Value, boolean][] = [
      ["0", "0", true],
      [0, "0", true],
      ["x", "X", false],
      [3, 3, true],
      ["3", 3, true],
      [3.5, 3, false],
      [true, true, true],
      ["2024-05-01T10:00:00Z", datetime(parseInstant("2024-05-01T10:00:00Z")!), true],
      ["2024-05-01T10:00:01Z", datetime(parseInstant("2024-05-01T10:00:00Z")!), false],
      [null, "", true],
      [null, null, true],
      ["", null, false],
      [{ a: 1, b: [1, 2] }, dyn(bag([["b", [1, 2]], ["a", 1]])), true],
      ['{"a":1}', dyn(bag([["a", 1]])), true],
      [["x"], dyn(["x", "y"]), false],
    ];
    for (const [expected, actual, same] of cases) expect([expected, matchesValue(expected, actual)]).toEqual([expected, same]);
  });
});

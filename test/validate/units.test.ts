/** The subtle helpers: duration parsing, source anchors, and mapping printed-KQL offsets back to raw KQL. */
import { describe, expect, it } from "vitest";
import { kqlTimespanMs, ruleDurationMinutes } from "../../src/validate/durations.js";
import { SourceLocator } from "../../src/validate/locate.js";
import { mapPrintedRange, offsetOf } from "../../src/validate/query-map.js";
import { makeDetection, tempDir, writeFile } from "./helpers.js";

describe("durations", () => {
  it("reads rule durations as whole minutes, hours or days", () => {
    expect(ruleDurationMinutes("5m")).toBe(5);
    expect(ruleDurationMinutes("1h")).toBe(60);
    expect(ruleDurationMinutes("14d")).toBe(20160);
    for (const bad of ["1.5h", "PT1H", "1w", "", "h"]) expect(ruleDurationMinutes(bad)).toBeUndefined();
  });

  it("reads KQL timespans in shorthand and clock form", () => {
    expect(kqlTimespanMs("14d")).toBe(14 * 86_400_000);
    expect(kqlTimespanMs("1.5h")).toBe(5_400_000);
    expect(kqlTimespanMs("100ms")).toBe(100);
    expect(kqlTimespanMs("2days")).toBe(2 * 86_400_000);
    expect(kqlTimespanMs("1.02:03:04")).toBe(((24 + 2) * 60 + 3) * 60_000 + 4000);
    expect(kqlTimespanMs("02:00:00")).toBe(7_200_000);
    expect(kqlTimespanMs("10parsecs")).toBeUndefined();
  });
});

describe("SourceLocator", () => {
  const text = 'import { entities } from "x";\nexport default detection({\n  customDetails: { Operation: "OperationName" },\n  entities: [\n    { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }] },\n  ],\n  "version": "1.0.0",\n});\n';
  const file = writeFile(tempDir(), "rule.ts", text);
  const locator = new SourceLocator();

  it("finds property keys in order, then the quoted value after them", () => {
    expect(locator.locate(file, { path: ["entities"], value: "IPAddress" })).toEqual({ line: 5, column: 78 });
    expect(locator.locate(file, { path: ["customDetails", "Operation"] })).toEqual({ line: 3, column: 20 });
    expect(locator.locate(file, { path: ["version"] })).toEqual({ line: 7, column: 3 });
  });

  it("falls back to the last place found, or the detection( call", () => {
    expect(locator.locate(file, { path: ["entities", "nosuchkey"] })).toEqual({ line: 4, column: 3 });
    expect(locator.locate(file, { path: ["nosuchkey"] })).toEqual({ line: 2, column: 16 });
    expect(locator.locate("/no/such/file.ts", { path: ["id"] })).toEqual({ line: 1, column: 1 });
  });
});

describe("SourceLocator on real detection layouts", () => {
  it("skips helper objects above detection( and finds shorthand properties", () => {
    const text = [
      'const shared = { name: "helper", query: "x" };',
      "const query = from(AuditLogs);",
      "export default detection({",
      '  name: "Rule",',
      "  query,",
      "});",
    ].join("\n");
    const file = writeFile(tempDir(), "shorthand.ts", text);
    const locator = new SourceLocator();
    expect(locator.locate(file, { path: ["name"] })).toEqual({ line: 4, column: 3 });
    expect(locator.locate(file, { path: ["query"] })).toEqual({ line: 5, column: 3 });
  });
});

describe("mapPrintedRange", () => {
  const source = "const q = kql`SigninLogs\n  | where   UserPrincipalName == 'a'\n  | where UserPrincipalName != Nope`;\n";
  const printed = 'SigninLogs\n| where UserPrincipalName == "a"\n| where UserPrincipalName != Nope';
  const file = writeFile(tempDir(), "raw.ts", source);
  const d = makeDetection({ file, kql: printed, queryOrigin: { line: 1, column: 15 } });

  it("maps the k-th occurrence of the token in the printed KQL to the k-th in the raw text", () => {
    const second = printed.lastIndexOf("UserPrincipalName");
    expect(mapPrintedRange(d, new SourceLocator(), second, "UserPrincipalName".length)).toEqual({ line: 3, column: 11 });
    const first = printed.indexOf("UserPrincipalName");
    expect(mapPrintedRange(d, new SourceLocator(), first, 17)).toEqual({ line: 2, column: 13 });
    expect(mapPrintedRange(d, new SourceLocator(), printed.indexOf("Nope"), 4)).toEqual({ line: 3, column: 32 });
  });

  it("uses the word before an empty range, and the query start when nothing matches", () => {
    expect(mapPrintedRange(d, new SourceLocator(), printed.length, 0)).toEqual({ line: 3, column: 32 });
    expect(mapPrintedRange(d, new SourceLocator(), printed.indexOf('"a"'), 3)).toEqual({ line: 1, column: 15 });
  });

  it("does nothing for builder queries", () => {
    expect(mapPrintedRange(makeDetection({ file }), new SourceLocator(), 0, 4)).toBeUndefined();
  });

  it("offsetOf inverts line and column", () => {
    expect(source.slice(offsetOf(source, { line: 2, column: 5 }), offsetOf(source, { line: 2, column: 10 }))).toBe("where");
  });
});

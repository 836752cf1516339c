import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTextTable, toCsv, toLogAnalyticsJson } from "../../src/engine/index.js";
import { parseCsv } from "../../src/engine/csv.js";
import { run } from "./helpers.js";

const Q = 'print n = 1, r = 2.5, s = "a,b", t = datetime(2017-01-01 00:05), d = 1d + 2h + 3.5s, j = dynamic({"x": [1, null]}), z = long(null), b = true';

describe("output formats", () => {
  it("prints the Log Analytics API JSON shape", () => {
    expect(JSON.parse(toLogAnalyticsJson(run(Q)))).toEqual({
      tables: [
        {
          name: "PrimaryResult",
          columns: [
            { name: "n", type: "long" },
            { name: "r", type: "real" },
            { name: "s", type: "string" },
            { name: "t", type: "datetime" },
            { name: "d", type: "timespan" },
            { name: "j", type: "dynamic" },
            { name: "z", type: "long" },
            { name: "b", type: "bool" },
          ],
          rows: [[1, 2.5, "a,b", "2017-01-01T00:05:00.0000000Z", "1.02:00:03.5000000", { x: [1, null] }, null, true]],
        },
      ],
    });
  });
  it("prints CSV and aligned text", () => {
    expect(toCsv(run(Q))).toBe('n,r,s,t,d,j,z,b\n1,2.5,"a,b",2017-01-01T00:05:00.0000000Z,1.02:00:03.5000000,"{""x"":[1,null]}",,true\n');
    expect(formatTextTable(run("print a = 1, bb = 'xyz'"))).toBe("a | bb\n--+----\n1 | xyz\n(1 row)\n");
  });
  it("CSV survives a round trip for any string", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const result = { tables: [{ name: "PrimaryResult", columns: [{ name: "c", type: "string" as const }], rows: [[s]] }] };
        const parsed = parseCsv(toCsv(result));
        expect(parsed.error).toBeUndefined();
        expect(parsed.records[1]?.cells[0]?.text ?? "").toBe(s);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { dynToJson, formatReal, formatTimespan, valueToString } from "../../../src/engine/format.js";
import { parseJsonToDyn } from "../../../src/engine/json.js";
import { parseDateTime } from "../../../src/engine/literals.js";
import { bag, datetime, dyn, guid, TICKS_PER_SECOND, timespan } from "../../../src/engine/values.js";

describe("formatTimespan", () => {
  it.each([
    [0n, "00:00:00"],
    [TICKS_PER_SECOND, "00:00:01"],
    [-1800n * TICKS_PER_SECOND, "-00:30:00"],
    [93784n * TICKS_PER_SECOND + 5_000_000n, "1.02:03:04.5000000"],
    [1n, "00:00:00.0000001"],
  ])("%s ticks prints %s", (ticks, expected) => {
    expect(formatTimespan(timespan(ticks))).toBe(expected);
  });
});

describe("valueToString (tostring)", () => {
  it("prints null as the empty string and bools in lower case", () => {
    expect(valueToString(null)).toBe("");
    expect(valueToString(true)).toBe("true");
    expect(valueToString(false)).toBe("false");
  });

  it("prints datetimes in ISO with seven fractional digits", () => {
    expect(valueToString(parseDateTime("2017-01-01 00:05"))).toBe("2017-01-01T00:05:00.0000000Z");
    expect(valueToString(datetime(0n))).toBe("0001-01-01T00:00:00.0000000Z");
  });

  it("prints numbers as .NET does", () => {
    expect(valueToString(12345)).toBe("12345");
    expect(valueToString(123.45)).toBe("123.45");
    expect(valueToString(1.0, "real")).toBe("1");
    expect(formatReal(1e15)).toBe("1E+15");
    expect(formatReal(2.20904969985854e-5)).toBe("2.20904969985854E-05");
    expect(formatReal(0.0001)).toBe("0.0001");
    expect(formatReal(Number.NaN)).toBe("NaN");
    expect(valueToString(2 ** 60)).toBe("1152921504606846976");
  });

  it("prints dynamic strings unquoted at the top level and compact JSON otherwise", () => {
    expect(valueToString(dyn("abc"))).toBe("abc");
    expect(valueToString(dyn(null))).toBe("");
    expect(valueToString(dyn([1, "a", null, true]))).toBe('[1,"a",null,true]');
    expect(valueToString(dyn(parseJsonToDyn('{"b":1,"a":{"c":[1,2]}}')))).toBe('{"b":1,"a":{"c":[1,2]}}');
    expect(valueToString(guid("74BE27DE-1E4E-49D9-B579-FE0B331D3642"))).toBe("74be27de-1e4e-49d9-b579-fe0b331d3642");
  });

  it("prints datetimes and timespans inside dynamic as ISO / timespan strings", () => {
    const d = bag([
      ["when", parseDateTime("2020-01-01")],
      ["span", timespan(TICKS_PER_SECOND)],
    ]);
    expect(dynToJson(d)).toBe('{"when":"2020-01-01T00:00:00.0000000Z","span":"00:00:01"}');
  });

  it("prints reals inside dynamic as .NET does", () => {
    expect(dynToJson([1.5, 1e-7, 2 ** 60, 1e300])).toBe("[1.5,1E-07,1152921504606846976,1E+300]");
  });

  it("escapes strings inside dynamic", () => {
    expect(dynToJson(['a"b\\c\n'])).toBe('["a\\"b\\\\c\\n"]');
  });
});

import { describe, expect, it } from "vitest";
import { formatDateTime, formatTimespan } from "../../../src/engine/format.js";
import { parseDateTime, parseGuid, parseTimespan } from "../../../src/engine/literals.js";

function dt(text: string): string | null {
  const v = parseDateTime(text);
  return v === null ? null : formatDateTime(v);
}

function ts(text: string): string | null {
  const v = parseTimespan(text);
  return v === null ? null : formatTimespan(v);
}

describe("parseDateTime", () => {
  it.each([
    ["2015-12-31 23:59:59.9", "2015-12-31T23:59:59.9000000Z"],
    ["2015-12-31T23:59:59.9999999Z", "2015-12-31T23:59:59.9999999Z"],
    ["2014-05-25T08:20:03.123456Z", "2014-05-25T08:20:03.1234560Z"],
    ["2014-11-08 15:55:55", "2014-11-08T15:55:55.0000000Z"],
    ["2014-11-08 15:55", "2014-11-08T15:55:00.0000000Z"],
    ["2014-11-08", "2014-11-08T00:00:00.0000000Z"],
    ["2017-10-15 12:00", "2017-10-15T12:00:00.0000000Z"],
    ["2015-12-31T23:00:00+01:00", "2015-12-31T22:00:00.0000000Z"],
    ["2015-12-31T23:00:00-0130", "2016-01-01T00:30:00.0000000Z"],
    ["2014-05-25T08:20:03.123456789Z", "2014-05-25T08:20:03.1234567Z"],
    ["Sat, 8 Nov 14 15:05:02 GMT", "2014-11-08T15:05:02.0000000Z"],
    ["Sat, 8 Nov 14 15:05 GMT", "2014-11-08T15:05:00.0000000Z"],
    ["8 Nov 14 15:05 EST", "2014-11-08T20:05:00.0000000Z"],
    ["Saturday, 08-Nov-14 15:05:02 GMT", "2014-11-08T15:05:02.0000000Z"],
    ["08-Nov-14 15:05:02 GMT", "2014-11-08T15:05:02.0000000Z"],
    ["20140101", "2014-01-01T00:00:00.0000000Z"],
    ["12-02-2022", "2022-12-02T00:00:00.0000000Z"],
    ["1/2/2021 3:04:05 PM", "2021-01-02T15:04:05.0000000Z"],
    ["0001-01-01", "0001-01-01T00:00:00.0000000Z"],
    ["9999-12-31 23:59:59.9999999", "9999-12-31T23:59:59.9999999Z"],
    ["2000-02-29", "2000-02-29T00:00:00.0000000Z"],
    ["2025, 6, 14", "2025-06-14T00:00:00.0000000Z"],
    ["2025,6,14,10,30,5", "2025-06-14T10:30:05.0000000Z"],
  ])("%s", (text, expected) => {
    expect(dt(text)).toBe(expected);
  });

  it.each(["", "hello", "2015-13-01", "2015-02-29", "1900-02-29", "2015-01-01 25:00", "2015-01-01T10:61"])(
    "rejects %j",
    (text) => {
      expect(parseDateTime(text)).toBeNull();
    },
  );
});

describe("parseTimespan", () => {
  it.each([
    ["2d", "2.00:00:00"],
    ["1.5h", "01:30:00"],
    ["30m", "00:30:00"],
    ["25min", "00:25:00"],
    ["10s", "00:00:10"],
    ["2s", "00:00:02"],
    ["100ms", "00:00:00.1000000"],
    ["10microsecond", "00:00:00.0000100"],
    ["3tick", "00:00:00.0000003"],
    ["1tick", "00:00:00.0000001"],
    ["0.1s", "00:00:00.1000000"],
    ["-1d", "-1.00:00:00"],
    ["2", "2.00:00:00"],
    ["0.00:03:00", "00:03:00"],
    ["1.02:03:04.5", "1.02:03:04.5000000"],
    ["12:34", "12:34:00"],
    ["-00:30:00", "-00:30:00"],
    ["10:00:00.1234567", "10:00:00.1234567"],
    ["365d", "365.00:00:00"],
    ["1hour", "01:00:00"],
    ["3 days", "3.00:00:00"],
  ])("%s", (text, expected) => {
    expect(ts(text)).toBe(expected);
  });

  it.each(["", "abc", "1x", "24:00:00", "10:60", "d"])("rejects %j", (text) => {
    expect(parseTimespan(text)).toBeNull();
  });
});

describe("parseGuid", () => {
  it("accepts the D, B, P and N forms and canonicalises to lower case", () => {
    const canonical = "74be27de-1e4e-49d9-b579-fe0b331d3642";
    for (const text of [
      "74be27de-1e4e-49d9-b579-fe0b331d3642",
      "74BE27DE-1E4E-49D9-B579-FE0B331D3642",
      "{74be27de-1e4e-49d9-b579-fe0b331d3642}",
      "(74be27de-1e4e-49d9-b579-fe0b331d3642)",
      "74be27de1e4e49d9b579fe0b331d3642",
    ]) {
      expect(parseGuid(text)?.value).toBe(canonical);
    }
  });

  it("rejects malformed guids", () => {
    expect(parseGuid("74be27de-1e4e-49d9-b579")).toBeNull();
    expect(parseGuid("zzbe27de-1e4e-49d9-b579-fe0b331d3642")).toBeNull();
  });
});

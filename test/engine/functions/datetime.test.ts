import { describe, expect, it } from "vitest";
import { FunctionError } from "../../../src/engine/functions/index.js";
import { call, dt, NOW, str, ts } from "./call.js";

describe("clock", () => {
  it("now() and ago() read the injected clock", () => {
    expect(call("now")).toEqual(NOW);
    expect(str("now", ts("-1h"))).toBe("2024-03-15T11:00:00.0000000Z");
    expect(str("ago", ts("1d"))).toBe("2024-03-14T12:00:00.0000000Z");
    expect(call("ago", null)).toBeNull();
  });
});

describe("datetime_add", () => {
  it("adds each period to make_datetime(2017,1,1) (doc example)", () => {
    const base = call("make_datetime", 2017, 1, 1);
    const add = (p: string, n: number) => str("datetime_add", p, n, base);
    expect(add("year", 1)).toBe("2018-01-01T00:00:00.0000000Z");
    expect(add("quarter", 1)).toBe("2017-04-01T00:00:00.0000000Z");
    expect(add("month", 1)).toBe("2017-02-01T00:00:00.0000000Z");
    expect(add("week", 1)).toBe("2017-01-08T00:00:00.0000000Z");
    expect(add("day", 1)).toBe("2017-01-02T00:00:00.0000000Z");
    expect(add("hour", 1)).toBe("2017-01-01T01:00:00.0000000Z");
    expect(add("minute", 1)).toBe("2017-01-01T00:01:00.0000000Z");
    expect(add("second", 1)).toBe("2017-01-01T00:00:01.0000000Z");
    expect(add("year", -5)).toBe("2012-01-01T00:00:00.0000000Z");
    expect(add("quarter", 12)).toBe("2020-01-01T00:00:00.0000000Z");
    expect(add("month", -15)).toBe("2015-10-01T00:00:00.0000000Z");
    expect(add("week", 100)).toBe("2018-12-02T00:00:00.0000000Z");
  });
  it("clamps the day when adding months", () => {
    expect(str("datetime_add", "month", 1, dt("2017-01-31 10:00"))).toBe("2017-02-28T10:00:00.0000000Z");
  });
  it("rejects an unknown period", () => {
    expect(() => call("datetime_add", "fortnight", 1, dt("2017-01-01"))).toThrow(FunctionError);
  });
});

describe("datetime_diff", () => {
  it("counts period boundaries (doc examples)", () => {
    const diff = (p: string, a: string, b: string) => call("datetime_diff", p, dt(a), dt(b));
    expect(diff("year", "2017-01-01", "2000-12-31")).toBe(17);
    expect(diff("quarter", "2017-07-01", "2017-03-30")).toBe(2);
    expect(diff("month", "2017-01-01", "2015-12-30")).toBe(13);
    expect(diff("week", "2017-10-29 00:00", "2017-09-30 23:59")).toBe(5);
    expect(diff("day", "2017-10-29 00:00", "2017-09-30 23:59")).toBe(29);
    expect(diff("hour", "2017-10-31 01:00", "2017-10-30 23:59")).toBe(2);
    expect(diff("minute", "2017-10-30 23:05:01", "2017-10-30 23:00:59")).toBe(5);
    expect(diff("second", "2017-10-30 23:00:10.100", "2017-10-30 23:00:00.900")).toBe(10);
    expect(diff("millisecond", "2017-10-30 23:00:00.200100", "2017-10-30 23:00:00.100900")).toBe(100);
    expect(diff("microsecond", "2017-10-30 23:00:00.1009001", "2017-10-30 23:00:00.1008009")).toBe(100);
    expect(diff("nanosecond", "2017-10-30 23:00:00.0000000", "2017-10-30 23:00:00.0000007")).toBe(-700);
  });
});

describe("datetime_part", () => {
  it("reads every part of datetime(2017-10-30 01:02:03.7654321) (doc example)", () => {
    const d = dt("2017-10-30 01:02:03.7654321");
    const part = (p: string) => call("datetime_part", p, d);
    expect(part("year")).toBe(2017);
    expect(part("quarter")).toBe(4);
    expect(part("month")).toBe(10);
    expect(part("week_of_year")).toBe(44);
    expect(part("day")).toBe(30);
    expect(part("dayOfYear")).toBe(303);
    expect(part("hour")).toBe(1);
    expect(part("minute")).toBe(2);
    expect(part("second")).toBe(3);
    expect(part("millisecond")).toBe(765);
    expect(part("microsecond")).toBe(765432);
    expect(part("nanosecond")).toBe(765432100);
    expect(call("datepart", "year", d)).toBe(2017);
  });
});

describe("start and end of periods", () => {
  const base = dt("2017-01-01 10:10:17");
  it("startofday / startofmonth with offsets (doc examples)", () => {
    expect([-1, 0, 1].map((k) => str("startofday", base, k))).toEqual([
      "2016-12-31T00:00:00.0000000Z",
      "2017-01-01T00:00:00.0000000Z",
      "2017-01-02T00:00:00.0000000Z",
    ]);
    expect([-1, 0, 1].map((k) => str("startofmonth", base, k))).toEqual([
      "2016-12-01T00:00:00.0000000Z",
      "2017-01-01T00:00:00.0000000Z",
      "2017-02-01T00:00:00.0000000Z",
    ]);
    expect(str("startofyear", base)).toBe("2017-01-01T00:00:00.0000000Z");
  });
  it("startofweek is Sunday (doc example)", () => {
    expect(str("startofweek", dt("2025-06-14"))).toBe("2025-06-08T00:00:00.0000000Z");
    expect(str("startofweek", dt("2025-06-15"))).toBe("2025-06-15T00:00:00.0000000Z");
  });
  it("endofday / endofweek / endofyear with offsets (doc examples)", () => {
    expect([-1, 0, 1].map((k) => str("endofday", base, k))).toEqual([
      "2016-12-31T23:59:59.9999999Z",
      "2017-01-01T23:59:59.9999999Z",
      "2017-01-02T23:59:59.9999999Z",
    ]);
    expect([-1, 0, 1].map((k) => str("endofweek", base, k))).toEqual([
      "2016-12-31T23:59:59.9999999Z",
      "2017-01-07T23:59:59.9999999Z",
      "2017-01-14T23:59:59.9999999Z",
    ]);
    expect([-1, 0, 1].map((k) => str("endofyear", base, k))).toEqual([
      "2016-12-31T23:59:59.9999999Z",
      "2017-12-31T23:59:59.9999999Z",
      "2018-12-31T23:59:59.9999999Z",
    ]);
    expect(str("endofmonth", dt("2016-02-10"))).toBe("2016-02-29T23:59:59.9999999Z");
  });
});

describe("calendar fields", () => {
  it("dayofweek(datetime(1970-5-12)) is 2.00:00:00 (doc example)", () => {
    expect(str("dayofweek", dt("1970-05-12"))).toBe("2.00:00:00");
    expect(str("dayofweek", dt("2024-03-17"))).toBe("00:00:00");
  });
  it("dayofmonth, dayofyear, hourofday, getmonth, getyear, monthofyear, weekofyear", () => {
    const d = dt("2015-12-14 09:15");
    expect(call("dayofmonth", d)).toBe(14);
    expect(call("dayofyear", d)).toBe(348);
    expect(call("hourofday", d)).toBe(9);
    expect(call("getmonth", d)).toBe(12);
    expect(call("monthofyear", d)).toBe(12);
    expect(call("getyear", d)).toBe(2015);
    expect(call("weekofyear", dt("2015-12-14"))).toBe(51);
    expect(call("week_of_year", dt("2021-01-01"))).toBe(53);
  });
});

describe("formatting", () => {
  it("format_datetime (doc examples)", () => {
    const d = dt("2017-01-29 09:00:05");
    expect(call("format_datetime", d, "yy-MM-dd [HH:mm:ss]")).toBe("17-01-29 [09:00:05]");
    expect(call("format_datetime", d, "yyyy-M-dd [H:mm:ss]")).toBe("2017-1-29 [9:00:05]");
    expect(call("format_datetime", d, "yy-MM-dd HH:mm:ss")).toBe("17-01-29 09:00:05");
    expect(call("format_datetime", dt("2017-01-29 13:00:05.1234567"), "hh:mm tt fff FFFF")).toBe("01:00 PM 123 1234");
    expect(call("format_datetime", dt("2017-01-29 13:00:05"), "HH:mm:ss.FFF")).toBe("13:00:05");
  });
  it("format_timespan (doc example)", () => {
    const t = ts("29.09:00:05.12345");
    expect(call("format_timespan", t, "dd.hh:mm:ss:FF")).toBe("29.09:00:05:12");
    expect(call("format_timespan", t, "ddd.h:mm:ss [fffffff]")).toBe("029.9:00:05 [1234500]");
  });
});

describe("construction", () => {
  it("make_datetime (doc examples)", () => {
    expect(str("make_datetime", 2017, 10, 1, 12, 10)).toBe("2017-10-01T12:10:00.0000000Z");
    expect(str("make_datetime", 2017, 10, 1, 12, 11, 0.1234567)).toBe("2017-10-01T12:11:00.1234567Z");
    expect(call("make_datetime", 2017, 13, 1)).toBeNull();
  });
  it("make_timespan (doc example)", () => {
    expect(str("make_timespan", 1, 12, 30, 55.123)).toBe("1.12:30:55.1230000");
    expect(str("make_timespan", 12, 30)).toBe("12:30:00");
    expect(str("make_timespan", 12, 30, 15)).toBe("12:30:15");
  });
  it("unixtime_*_todatetime (doc examples)", () => {
    expect(str("unixtime_seconds_todatetime", 1546300800)).toBe("2019-01-01T00:00:00.0000000Z");
    expect(str("unixtime_milliseconds_todatetime", 1546300800000)).toBe("2019-01-01T00:00:00.0000000Z");
    expect(str("unixtime_microseconds_todatetime", 1546300800000000)).toBe("2019-01-01T00:00:00.0000000Z");
    expect(str("unixtime_nanoseconds_todatetime", 1546300800000000000)).toBe("2019-01-01T00:00:00.0000000Z");
  });
  it("datetime_local_to_utc / datetime_utc_to_local (doc example)", () => {
    const local = dt("2020-02-02 20:02:20");
    expect(str("datetime_local_to_utc", local, "US/Pacific")).toBe("2020-02-03T04:02:20.0000000Z");
    expect(str("datetime_local_to_utc", local, "America/Chicago")).toBe("2020-02-03T02:02:20.0000000Z");
    expect(str("datetime_local_to_utc", local, "Europe/Paris")).toBe("2020-02-02T19:02:20.0000000Z");
    expect(str("datetime_utc_to_local", dt("2020-02-03 04:02:20"), "US/Pacific")).toBe("2020-02-02T20:02:20.0000000Z");
    expect(str("datetime_utc_to_local", dt("2020-07-01 12:00"), "Europe/Paris")).toBe("2020-07-01T14:00:00.0000000Z");
  });
});

describe("bin", () => {
  it("bins numbers, timespans and datetimes (doc examples)", () => {
    expect(call("bin", 4.5, 1)).toBe(4);
    expect(str("bin", ts("16d"), ts("7d"))).toBe("14.00:00:00");
    expect(str("bin", dt("1970-05-11 13:45:07"), ts("1d"))).toBe("1970-05-11T00:00:00.0000000Z");
    expect(call("bin", -1.5, 1)).toBe(-2);
    expect(call("bin", null, 1)).toBeNull();
    expect(call("bin", 5, 0)).toBeNull();
    expect(call("floor", 7, 5)).toBe(5);
  });
  it("bin_at (doc examples)", () => {
    expect(call("bin_at", 6.5, 2.5, 7)).toBe(4.5);
    expect(str("bin_at", ts("1h"), ts("1d"), ts("12h"))).toBe("-12:00:00");
    expect(str("bin_at", dt("2017-05-15 10:20:00"), ts("1d"), dt("1970-01-01 12:00:00"))).toBe(
      "2017-05-14T12:00:00.0000000Z",
    );
    expect(str("bin_at", dt("2017-05-17 10:20:00"), ts("7d"), dt("2017-06-04 00:00:00"))).toBe(
      "2017-05-14T00:00:00.0000000Z",
    );
    expect(str("bin_at", dt("2018-02-23T16:14"), ts("1d"), dt("2018-02-24 15:14"))).toBe("2018-02-23T15:14:00.0000000Z");
  });
});

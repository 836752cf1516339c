import { describe, expect, it } from "vitest";
import { SCALAR_FUNCTIONS } from "../../../src/engine/functions/index.js";
import { type DynBag, type DynValue, dyn, guid } from "../../../src/engine/values.js";
import { call, callTyped, dt, J, str, ts } from "./call.js";

describe("registry", () => {
  it("has the aliases the brief names", () => {
    for (const [alias, target] of [
      ["iif", "iff"],
      ["parsejson", "parse_json"],
      ["todouble", "toreal"],
      ["toboolean", "tobool"],
    ]) {
      expect(SCALAR_FUNCTIONS.get(alias)).toBeDefined();
      expect(SCALAR_FUNCTIONS.get(alias)?.returns([])).toBe(SCALAR_FUNCTIONS.get(target)?.returns([]));
    }
    expect(SCALAR_FUNCTIONS.has("rand")).toBe(false);
    expect(SCALAR_FUNCTIONS.has("make_set")).toBe(false);
  });
});

describe("conversions", () => {
  it('toint("123") == 123 and toint(2.3) is 2 (doc examples)', () => {
    expect(call("toint", "123")).toBe(123);
    expect(call("toint", 2.3)).toBe(2);
    expect(call("toint", "abc")).toBeNull();
    expect(call("toint", " 42 ")).toBe(42);
    expect(call("toint", "1.5")).toBeNull();
    expect(call("toint", 2147483648)).toBe(-2147483648);
    expect(call("toint", null)).toBeNull();
  });

  it("tolong / toreal / todouble", () => {
    expect(call("tolong", "9007199254740991")).toBe(9007199254740991);
    expect(call("toreal", "1.5")).toBe(1.5);
    expect(call("todouble", "1e3")).toBe(1000);
    expect(call("toreal", "x")).toBeNull();
    expect(call("toreal", true)).toBe(1);
  });

  it("tobool", () => {
    expect(call("tobool", "true")).toBe(true);
    expect(call("tobool", "FALSE")).toBe(false);
    expect(call("tobool", 1)).toBe(true);
    expect(call("tobool", 0)).toBe(false);
    expect(call("tobool", "maybe")).toBeNull();
    expect(call("tobool", "1")).toBeNull();
  });

  it("tostring of every type", () => {
    expect(str("tostring", 123)).toBe("123");
    expect(call("tostring", null)).toBe("");
    expect(call("tostring", dt("2017-01-01 00:05"))).toBe("2017-01-01T00:05:00.0000000Z");
    expect(call("tostring", ts("1.5h"))).toBe("01:30:00");
    expect(call("tostring", J('{"a":[1,"x"]}'))).toBe('{"a":[1,"x"]}');
    expect(call("tostring", dyn("plain"))).toBe("plain");
  });

  it("todatetime('12-02-2022') == datetime('12-02-2022') (doc example) and bad text is null", () => {
    expect(str("todatetime", "12-02-2022")).toBe("2022-12-02T00:00:00.0000000Z");
    expect(call("todatetime", "not a date")).toBeNull();
    expect(str("todatetime", J('"2015-12-31 23:59:59.9"'))).toBe("2015-12-31T23:59:59.9000000Z");
  });

  it('totimespan("0.00:03:00") is 00:03:00 (doc example)', () => {
    expect(str("totimespan", "0.00:03:00")).toBe("00:03:00");
    expect(str("totimespan", ts("4d"))).toBe("4.00:00:00");
    expect(call("totimespan", "x")).toBeNull();
  });

  it("toguid", () => {
    expect(call("toguid", "74BE27DE-1E4E-49D9-B579-FE0B331D3642")).toEqual(guid("74be27de-1e4e-49d9-b579-fe0b331d3642"));
    expect(call("toguid", "nope")).toBeNull();
  });

  it("parse_json: the doc's nested JSON example", () => {
    const d = '{"a":123, "b":"{\\"c\\":456}"}';
    const outer = call("parse_json", d) as DynValue;
    const b = (outer.value as DynBag).entries.get("b") ?? null;
    expect(typeof b).toBe("string");
    const inner = call("parse_json", call("tostring", dyn(b)));
    expect(str("tostring", inner)).toBe('{"c":456}');
  });

  it("parse_json keeps text that is not JSON as a dynamic string", () => {
    expect(call("parse_json", "hello world")).toEqual(dyn("hello world"));
    expect(call("todynamic", "[1,2]")).toEqual(dyn([1, 2]));
  });

  it("dynamic_to_json sorts keys (doc example)", () => {
    const bag1 = J('{"Y10":{},"X8":{"c3":1,"d8":5,"a4":6},"D1":114,"A1":12,"B1":2,"C1":3,"A14":[15,13,18]}');
    expect(call("dynamic_to_json", bag1)).toBe('{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}');
  });

  it("gettype (doc examples)", () => {
    expect(callTyped("gettype", ["a"], ["string"])).toBe("string");
    expect(callTyped("gettype", [111], ["long"])).toBe("long");
    expect(callTyped("gettype", [123.45], ["real"])).toBe("real");
    expect(callTyped("gettype", [true], ["bool"])).toBe("bool");
    expect(call("gettype", call("parse_json", "1"))).toBe("int");
    expect(call("gettype", call("parse_json", ' "abc" '))).toBe("string");
    expect(call("gettype", call("parse_json", ' {"abc":1} '))).toBe("dictionary");
    expect(call("gettype", call("parse_json", ' ["abc",1] '))).toBe("array");
    expect(call("gettype", ts("1s"))).toBe("timespan");
  });
});

describe("logic", () => {
  it("iff / iif", () => {
    expect(call("iff", true, "a", "b")).toBe("a");
    expect(call("iif", false, "a", "b")).toBe("b");
    expect(call("iff", null, "a", "b")).toBe("b");
  });

  it("case (doc example buckets)", () => {
    const bucket = (size: number) => call("case", size <= 3, "Small", size <= 10, "Medium", "Large");
    expect([1, 3, 5, 11].map(bucket)).toEqual(["Small", "Small", "Medium", "Large"]);
  });

  it("coalesce skips nulls and empty strings", () => {
    expect(call("coalesce", null, "", "x")).toBe("x");
    expect(call("coalesce", null, 5, 6)).toBe(5);
    expect(call("coalesce", null, null)).toBeNull();
  });

  it('isempty / isnotempty / isnull / isnotnull (doc table: parsejson("[]") is not empty)', () => {
    expect(call("isempty", "")).toBe(true);
    expect(call("isempty", null)).toBe(true);
    expect(call("isempty", "a")).toBe(false);
    expect(call("isempty", call("parse_json", ""))).toBe(true);
    expect(call("isempty", J("[]"))).toBe(false);
    expect(call("isempty", J("{}"))).toBe(false);
    expect(call("isnotempty", J("{}"))).toBe(true);
    expect(call("isnotempty", "x")).toBe(true);
    expect(call("isnull", null)).toBe(true);
    expect(call("isnull", "")).toBe(false);
    expect(call("isnotnull", 0)).toBe(true);
    expect(call("isnull", J("null"))).toBe(true);
  });

  it("not", () => {
    expect(call("not", true)).toBe(false);
    expect(call("not", null)).toBeNull();
  });

  it("max_of(10, 1, -3, 17) is 17 and min_of is -3 (doc examples)", () => {
    expect(call("max_of", 10, 1, -3, 17)).toBe(17);
    expect(call("min_of", 10, 1, -3, 17)).toBe(-3);
    expect(call("max_of", null, 2, null)).toBe(2);
    expect(str("max_of", dt("2020-01-01"), dt("2021-01-01"))).toBe("2021-01-01T00:00:00.0000000Z");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dynToJson } from "../../../src/engine/format.js";
import { jsToDyn, parseJsonToDyn } from "../../../src/engine/json.js";
import { isBag } from "../../../src/engine/values.js";

describe("parseJsonToDyn", () => {
  it("keeps key order, including integer-like keys", () => {
    const d = parseJsonToDyn('{"b":1,"2":2,"a":3,"1":4}');
    expect(isBag(d) && [...d.entries.keys()]).toEqual(["b", "2", "a", "1"]);
    expect(dynToJson(d)).toBe('{"b":1,"2":2,"a":3,"1":4}');
  });

  it("parses the parse_json doc example (numbers written 118.0 print as 118)", () => {
    const d = parseJsonToDyn('{"duration":{"value":118.0,"count":5.0,"stdDev":0.0}}');
    expect(dynToJson(d)).toBe('{"duration":{"value":118,"count":5,"stdDev":0}}');
  });

  it("decodes escapes and accepts whitespace", () => {
    expect(parseJsonToDyn(' [ "a\\u0041\\n" , -1.5e2 , true , null ] ')).toEqual(["aA\n", -150, true, null]);
  });

  it.each(["", "{", "[1,]", "{'a' 1}", "tru", "1 2", "{\"a\":1,}", "01"])("throws SyntaxError on %j", (text) => {
    expect(() => parseJsonToDyn(text)).toThrow(SyntaxError);
  });

  it("round-trips any JSON value through dynToJson", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(JSON.parse(dynToJson(parseJsonToDyn(text)))).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe("jsToDyn", () => {
  it("turns plain objects into ordered bags", () => {
    const d = jsToDyn({ x: [1, { y: "z" }], n: null });
    expect(dynToJson(d)).toBe('{"x":[1,{"y":"z"}],"n":null}');
  });
});

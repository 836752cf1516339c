import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstErrorOffset, JsonSyntaxError, parseJson } from "../../src/util/json.js";

describe("parseJson", () => {
  it("accepts every JSON text JSON.stringify produces (scanner agrees with JSON.parse)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 1);
        expect(firstErrorOffset(text)).toBe(text.length);
      }),
    );
  });

  it("points at the first bad character", () => {
    const error = (() => {
      try {
        parseJson('{\n  "a": 1,\n  "b": tru\n}');
      } catch (e) {
        return e;
      }
    })() as JsonSyntaxError;
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect([error.line, error.column]).toEqual([3, 8]);
  });

  it("reports truncated input at its end", () => {
    expect(firstErrorOffset('{"a": [1, 2')).toBe(11);
  });
});

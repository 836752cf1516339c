import { describe, expect, it } from "vitest";
import { valueToString } from "../../../src/engine/format.js";
import { guid } from "../../../src/engine/values.js";
import { call } from "./call.js";

describe("base64 guid codecs", () => {
  it("base64_encode_fromguid(toguid('ae3133f2-6e22-49ae-b06a-16e6a9b212eb')) is 8jMxriJurkmwahbmqbIS6w== (doc example)", () => {
    expect(call("base64_encode_fromguid", guid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"))).toBe("8jMxriJurkmwahbmqbIS6w==");
  });
  it("base64_decode_toguid reads the same byte layout back", () => {
    expect(valueToString(call("base64_decode_toguid", "8jMxriJurkmwahbmqbIS6w=="))).toBe("ae3133f2-6e22-49ae-b06a-16e6a9b212eb");
  });
  it("bytes that are not 16 long or not base64 give null", () => {
    expect(call("base64_decode_toguid", "AAAA")).toBeNull();
    expect(call("base64_decode_toguid", "not base64!")).toBeNull();
    expect(call("base64_encode_fromguid", null)).toBeNull();
  });
});

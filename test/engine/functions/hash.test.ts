import { describe, expect, it } from "vitest";
import { call, dt } from "./call.js";

describe("hashes (doc examples)", () => {
  it('hash("World") is 1846988464401551951 and hash("World", 100) is 51', () => {
    expect(call("hash", "World")).toBe(Number(1846988464401551951n));
    expect(call("hash", "Hello")).toBe(Number(753694413698530628n));
    expect(call("hash", "World", 100)).toBe(51);
    expect(call("hash_xxhash64", "World")).toBe(Number(1846988464401551951n));
  });
  it('hash_xxhash64(datetime("2015-01-01")) hashes the ticks', () => {
    expect(call("hash_xxhash64", dt("2015-01-01"))).toBe(Number(1380966698541616202n));
  });
  it("hash_md5 / hash_sha1 of a string and of a datetime", () => {
    expect(call("hash_md5", "World")).toBe("f5a7924e621e84c9280a9a27e1bcb7f6");
    expect(call("hash_md5", dt("2020-01-01"))).toBe("786c530672d1f8db31fee25ea8a9390b");
    expect(call("hash_sha1", "World")).toBe("70c07ec18ef89c5309bbb0937f3a6342411e1fdd");
    expect(call("hash_sha1", dt("2020-01-01"))).toBe("e903e533f4d636b4fc0dcf3cf81e7b7f330de776");
  });
  it("hash_sha256", () => {
    expect(call("hash_sha256", "World")).toBe("78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524");
  });
  it("hashes a long input (XXH64 32-byte stripes)", () => {
    expect(typeof call("hash", "a".repeat(100))).toBe("number");
    expect(call("hash", "a".repeat(100))).not.toBe(call("hash", "a".repeat(99)));
  });
});

import { describe, expect, it } from "vitest";
import { call, J, str } from "./call.js";

describe("IPv4", () => {
  it("parse_ipv4 applies the mask (doc example)", () => {
    expect(call("parse_ipv4", "192.168.1.1")).toBe(3232235777);
    expect(call("parse_ipv4", "192.168.1.1/24")).toBe(3232235776);
    expect(call("parse_ipv4", "255.255.255.255/31")).toBe(4294967294);
    expect(call("parse_ipv4", "256.1.1.1")).toBeNull();
    expect(call("parse_ipv4", "1.2.3")).toBeNull();
    expect(call("parse_ipv4", "")).toBeNull();
  });
  it("parse_ipv4_mask", () => {
    expect(call("parse_ipv4_mask", "127.0.0.1", 24)).toBe(2130706432);
    expect(call("parse_ipv4_mask", "192.1.168.2", 31)).toBe(3221334018);
    expect(call("parse_ipv4_mask", "192.1.168.3", 31)).toBe(3221334018);
    expect(call("parse_ipv4_mask", "127.2.3.4", 32)).toBe(2130838276);
  });
  it("ipv4_is_private (doc example)", () => {
    expect(call("ipv4_is_private", "10.1.2.3")).toBe(true);
    expect(call("ipv4_is_private", "192.168.1.1/24")).toBe(true);
    expect(call("ipv4_is_private", "127.0.0.1")).toBe(false);
    expect(call("ipv4_is_private", "172.16.0.1")).toBe(true);
    expect(call("ipv4_is_private", "172.32.0.1")).toBe(false);
    expect(call("ipv4_is_private", "bogus")).toBeNull();
  });
  it("ipv4_is_in_range (doc example)", () => {
    expect(call("ipv4_is_in_range", "192.168.1.1", "192.168.1.1")).toBe(true);
    expect(call("ipv4_is_in_range", "192.168.1.1", "192.168.1.255/24")).toBe(true);
    expect(call("ipv4_is_in_range", "192.168.2.1", "192.168.1.255/24")).toBe(false);
  });
  it("ipv4_is_in_any_range with an array or a list (doc examples)", () => {
    expect(call("ipv4_is_in_any_range", "127.0.0.1", J('["127.0.0.1", "192.168.1.1"]'))).toBe(true);
    const local = J('["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]');
    expect(["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"].map((ip) => call("ipv4_is_in_any_range", ip, local))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(call("ipv4_is_in_any_range", "10.1.2.3", "192.168.0.0/16", "10.0.0.0/8")).toBe(true);
  });
  it("ipv4_compare and ipv4_is_match (doc examples)", () => {
    expect(call("ipv4_compare", "192.168.1.1", "192.168.1.0", 31)).toBe(0);
    expect(call("ipv4_compare", "192.168.1.1/24", "192.168.1.255", 31)).toBe(0);
    expect(call("ipv4_compare", "192.168.1.1", "192.168.1.255", 24)).toBe(0);
    expect(call("ipv4_compare", "192.168.1.1", "192.168.1.255")).toBe(-1);
    expect(call("ipv4_compare", "192.168.1.255", "192.168.1.1")).toBe(1);
    expect(call("ipv4_is_match", "192.168.1.1", "192.168.1.255", 24)).toBe(true);
    expect(call("ipv4_is_match", "192.168.1.1", "192.168.1.255")).toBe(false);
  });
  it("format_ipv4 / format_ipv4_mask (doc example)", () => {
    const rows: [string, number, string, string][] = [
      ["192.168.1.1", 24, "192.168.1.0", "192.168.1.0/24"],
      ["192.168.1.1", 32, "192.168.1.1", "192.168.1.1/32"],
      ["192.168.1.1/24", 32, "192.168.1.0", "192.168.1.0/24"],
      ["192.168.1.1/24", -1, "", ""],
    ];
    for (const [ip, mask, plain, masked] of rows) {
      expect(call("format_ipv4", ip, mask)).toBe(plain);
      expect(call("format_ipv4_mask", ip, mask)).toBe(masked);
    }
    expect(call("format_ipv4", 3232235777)).toBe("192.168.1.1");
  });
});

describe("IPv6", () => {
  it("parse_ipv6 of IPv4 addresses (doc example)", () => {
    expect(call("parse_ipv6", "192.168.255.255")).toBe("0000:0000:0000:0000:0000:ffff:c0a8:ffff");
    expect(call("parse_ipv6", "192.168.255.255/24")).toBe("0000:0000:0000:0000:0000:ffff:c0a8:ff00");
    expect(call("parse_ipv6", "255.255.255.255")).toBe("0000:0000:0000:0000:0000:ffff:ffff:ffff");
  });
  it("parse_ipv6 expands :: and applies the prefix", () => {
    expect(call("parse_ipv6", "fe80::85d:e82c:9446:7994")).toBe("fe80:0000:0000:0000:085d:e82c:9446:7994");
    expect(call("parse_ipv6", "fe80::85d:e82c:9446:7994/120")).toBe("fe80:0000:0000:0000:085d:e82c:9446:7900");
    expect(call("parse_ipv6", "::ffff:1.2.3.4")).toBe("0000:0000:0000:0000:0000:ffff:0102:0304");
    expect(call("parse_ipv6", "::")).toBe("0000:0000:0000:0000:0000:0000:0000:0000");
    expect(call("parse_ipv6", "1::2::3")).toBe("");
    expect(call("parse_ipv6_mask", "fe80::85d:e82c:9446:7994", 120)).toBe("fe80:0000:0000:0000:085d:e82c:9446:7900");
    expect(call("parse_ipv6_mask", "192.168.255.255", 120)).toBe("0000:0000:0000:0000:0000:ffff:c0a8:ff00");
  });
  it("ipv6_is_in_range (doc example)", () => {
    const ip = "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd";
    expect(call("ipv6_is_in_range", ip, "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")).toBe(true);
    expect(call("ipv6_is_in_range", ip, ip)).toBe(true);
    expect(call("ipv6_is_in_range", ip, "0:0:0:0:0:ffff:c0a8:ac/60")).toBe(false);
  });
  it("ipv6_is_in_any_range (doc example)", () => {
    const nets = J('["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]');
    expect(call("ipv6_is_in_any_range", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", nets)).toBe(true);
    expect(call("ipv6_is_in_any_range", "a5e:f127:8a9d:146d:e102:b5d3:c756:abd1", nets)).toBe(false);
  });
  it("ipv6_compare / ipv6_is_match", () => {
    expect(call("ipv6_compare", "::ffff:7f00:1", "127.0.0.1")).toBe(0);
    expect(call("ipv6_compare", "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995")).toBe(-1);
    expect(call("ipv6_compare", "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995", 127)).toBe(0);
    expect(call("ipv6_is_match", "fe80::85d:e82c:9446:7994/127", "fe80::85d:e82c:9446:7995")).toBe(true);
  });
});

describe("IPv4 addresses in text", () => {
  it("has_ipv4 needs a valid, delimited address (doc examples)", () => {
    expect(call("has_ipv4", "05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.0.1")).toBe(true);
    expect(call("has_ipv4", "05:04:54 127.0.0.256 GET /favicon.ico 404", "127.0.0.256")).toBe(false);
    expect(call("has_any_ipv4", "05:04:54 127.0.0.256 GET /favicon.ico 404", J('["127.0.0.256", "192.168.1.1"]'))).toBe(false);
    expect(call("has_ipv4", "05:04:54 127.0.0.256 GET /favicon.ico 404", "127.0.0.1")).toBe(false);
    expect(call("has_ipv4", "05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.0.1")).toBe(false);
    expect(call("has_ipv4", "from 10.0.0.1.", "10.0.0.1")).toBe(true);
  });
  it("has_ipv4_prefix (doc examples)", () => {
    expect(call("has_ipv4_prefix", "05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.")).toBe(true);
    expect(call("has_ipv4_prefix", "05:04:54 127.0.0.256 GET /favicon.ico 404", "127.0.")).toBe(false);
    expect(call("has_ipv4_prefix", "05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.")).toBe(false);
  });
  it("has_any_ipv4 / has_any_ipv4_prefix (doc examples)", () => {
    const line = "05:04:54 127.0.0.1 GET /favicon.ico 404";
    expect(call("has_any_ipv4", line, J('["127.0.0.1", "127.0.0.2"]'))).toBe(true);
    expect(call("has_any_ipv4", "05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.0.1", "192.168.1.1")).toBe(false);
    expect(call("has_any_ipv4_prefix", line, "127.0.", "192.168.")).toBe(true);
    expect(call("has_any_ipv4_prefix", "05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.", "192.")).toBe(false);
    expect(call("has_any_ipv4_prefix", line, J('["10.", "127."]'))).toBe(true);
  });
});

describe("ipv4_range_to_cidr_list", () => {
  it('("1.1.128.0", "1.1.140.255") (doc example)', () => {
    expect(str("ipv4_range_to_cidr_list", "1.1.128.0", "1.1.140.255")).toBe('["1.1.128.0/21","1.1.136.0/22","1.1.140.0/24"]');
    expect(str("ipv4_range_to_cidr_list", "0.0.0.0", "255.255.255.255")).toBe('["0.0.0.0/0"]');
    expect(str("ipv4_range_to_cidr_list", "10.0.0.5", "10.0.0.5")).toBe('["10.0.0.5/32"]');
  });
});

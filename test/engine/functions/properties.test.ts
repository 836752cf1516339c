/** Property tests: the term predicates against a tokenising reference, and print/parse round trips. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilOf, formatDateTime, formatReal, formatTimespan } from "../../../src/engine/format.js";
import { hasPrefixTerm, hasSuffixTerm, hasTerm } from "../../../src/engine/functions/string-ops.js";
import { MAX_DATETIME_TICKS, parseDateTime, parseTimespan } from "../../../src/engine/literals.js";
import { datetime, TICKS_PER_DAY, timespan, UNIX_EPOCH_TICKS } from "../../../src/engine/values.js";
import { call } from "./call.js";

/** Terms as the Kusto docs define them: maximal runs of alphanumerics. */
const terms = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

const text = fc.string({ unit: fc.constantFrom("a", "b", "A", "1", " ", ".", "-"), maxLength: 12 });
const word = fc.string({ unit: fc.constantFrom("a", "b", "B", "1"), minLength: 1, maxLength: 3 });

describe("term predicates agree with a tokenising reference", () => {
  it("has: the needle is one of the terms", () => {
    fc.assert(
      fc.property(text, word, (hay, needle) => {
        expect(hasTerm(hay, needle, false)).toBe(terms(hay).includes(needle.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });
  it("hasprefix / hassuffix: some term starts / ends with the needle", () => {
    fc.assert(
      fc.property(text, word, (hay, needle) => {
        const n = needle.toLowerCase();
        expect(hasPrefixTerm(hay, needle, false)).toBe(terms(hay).some((t) => t.startsWith(n)));
        expect(hasSuffixTerm(hay, needle, false)).toBe(terms(hay).some((t) => t.endsWith(n)));
      }),
      { numRuns: 2000 },
    );
  });
  it("has_cs is has on exact case", () => {
    fc.assert(
      fc.property(text, word, (hay, needle) => {
        const exact = (hay.match(/[A-Za-z0-9]+/g) ?? ([] as string[])).includes(needle);
        expect(hasTerm(hay, needle, true)).toBe(exact);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("round trips", () => {
  it("datetime: parse(format(t)) == t over Kusto's whole range", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_DATETIME_TICKS }), (ticks) => {
        expect(parseDateTime(formatDateTime(datetime(ticks)))?.ticks).toBe(ticks);
      }),
      { numRuns: 2000 },
    );
  });
  it("calendar fields agree with JS Date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_652_058 }), (days) => {
        const c = civilOf(datetime(BigInt(days) * TICKS_PER_DAY));
        const d = new Date(0);
        d.setUTCFullYear(c.year, c.month - 1, c.day);
        d.setUTCHours(0, 0, 0, 0);
        const jsDays = Math.round(d.getTime() / 86_400_000) + Number(UNIX_EPOCH_TICKS / TICKS_PER_DAY);
        expect(jsDays).toBe(days);
      }),
      { numRuns: 2000 },
    );
  });
  it("timespan: parse(format(t)) == t", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (ticks) => {
        expect(parseTimespan(formatTimespan(timespan(ticks)))?.ticks).toBe(ticks);
      }),
      { numRuns: 2000 },
    );
  });
  it("real: the printed text reads back as the same double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatReal(x))).toBe(x);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("IPv4 functions agree with bit arithmetic", () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const ip = fc.tuple(octet, octet, octet, octet);
  const text = (o: number[]) => o.join(".");
  const num = (o: number[]) => ((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3];
  it("parse_ipv4 / format_ipv4 round trip and ipv4_is_in_range matches masking", () => {
    fc.assert(
      fc.property(ip, ip, fc.integer({ min: 0, max: 32 }), (a, b, prefix) => {
        expect(call("parse_ipv4", text(a))).toBe(num(a));
        expect(call("format_ipv4", num(a))).toBe(text(a));
        const mask = (n: number) => (prefix === 0 ? 0 : n - (n % 2 ** (32 - prefix)));
        expect(call("ipv4_is_in_range", text(a), `${text(b)}/${prefix}`)).toBe(mask(num(a)) === mask(num(b)));
        expect(call("ipv4_compare", text(a), text(b), prefix)).toBe(Math.sign(mask(num(a)) - mask(num(b))));
      }),
      { numRuns: 1000 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKS_PER_HOUR, TICKS_PER_MINUTE, UNIX_EPOCH_TICKS } from "../../src/engine/values.js";
import { formatDuration, formatInstant, parseDuration, parseInstant } from "../../src/testing/time.js";

describe("durations", () => {
  it("parses Sentinel durations", () => {
    expect(parseDuration("5m")).toBe(5n * TICKS_PER_MINUTE);
    expect(parseDuration("1h")).toBe(TICKS_PER_HOUR);
    expect(parseDuration("14d")).toBe(14n * 24n * TICKS_PER_HOUR);
    expect(parseDuration("PT1H")).toBeUndefined();
    expect(parseDuration("1.5h")).toBeUndefined();
  });
  it("formats in the largest exact unit", () => {
    expect(formatDuration(90n * TICKS_PER_MINUTE)).toBe("90m");
    expect(formatDuration(48n * TICKS_PER_HOUR)).toBe("2d");
  });
});

describe("instants", () => {
  it("parses ISO 8601 with fractions and offsets", () => {
    expect(parseInstant("1970-01-01T00:00:00Z")).toBe(UNIX_EPOCH_TICKS);
    expect(parseInstant("1970-01-01T00:00:00.0000001Z")).toBe(UNIX_EPOCH_TICKS + 1n);
    expect(parseInstant("1970-01-01T02:00:00+02:00")).toBe(UNIX_EPOCH_TICKS);
    expect(parseInstant("1970-01-01")).toBe(UNIX_EPOCH_TICKS);
    expect(parseInstant(new Date(0))).toBe(UNIX_EPOCH_TICKS);
  });
  it("rejects impossible dates and non-strings", () => {
    expect(parseInstant("2024-02-30T00:00:00Z")).toBeUndefined();
    expect(parseInstant("yesterday")).toBeUndefined();
    expect(parseInstant(42)).toBeUndefined();
  });
  it("round-trips any instant through its text", () => {
    const min = UNIX_EPOCH_TICKS;
    const max = UNIX_EPOCH_TICKS + 4_102_444_800n * 10_000_000n; // up to 2100
    fc.assert(
      fc.property(fc.bigInt({ min, max }), (ticks) => {
        expect(parseInstant(formatInstant(ticks))).toBe(ticks);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { call } from "./call.js";

describe("unit conversions", () => {
  it("convert_angle(1.2, 'Degree', 'Arcminute') is 72 (doc example)", () => {
    expect(call("convert_angle", 1.2, "Degree", "Arcminute")).toBeCloseTo(72, 12);
  });
  it("convert_force(1.2, 'Newton', 'Decanewton') is 0.12 (doc example)", () => {
    expect(call("convert_force", 1.2, "Newton", "Decanewton")).toBeCloseTo(0.12, 14);
  });
  it("convert_length(1.2, 'Meter', 'Foot') is 3.93700787401575 (doc example)", () => {
    expect(call("convert_length", 1.2, "Meter", "Foot")).toBeCloseTo(3.93700787401575, 12);
  });
  it("convert_mass(1.2, 'Kilogram', 'Pound') is 2.64554714621853 (doc example)", () => {
    expect(call("convert_mass", 1.2, "Kilogram", "Pound")).toBeCloseTo(2.64554714621853, 12);
    expect(call("convert_mass", 1, "Stone", "Pound")).toBeCloseTo(14, 12);
  });
  it("convert_speed(1.2, 'MeterPerSecond', 'CentimeterPerHour') is 432000 (doc example)", () => {
    expect(call("convert_speed", 1.2, "MeterPerSecond", "CentimeterPerHour")).toBeCloseTo(432000, 6);
    expect(call("convert_speed", 1, "Knot", "KilometerPerHour")).toBeCloseTo(1.852, 12);
    expect(call("convert_speed", 60, "MilePerHour", "MeterPerSecond")).toBeCloseTo(26.8224, 10);
  });
  it("converts through the base unit both ways and reads unit names case-insensitively", () => {
    expect(call("convert_length", 1, "Mile", "Kilometer")).toBeCloseTo(1.609344, 12);
    expect(call("convert_length", 12, "inch", "FOOT")).toBeCloseTo(1, 12);
    expect(call("convert_angle", 1, "Revolution", "Gradian")).toBeCloseTo(400, 10);
    expect(call("convert_angle", Math.PI, "Radian", "Degree")).toBeCloseTo(180, 10);
    expect(call("convert_force", 1, "KilogramForce", "Newton")).toBeCloseTo(9.80665, 12);
  });
  it("Tilt is the sine of the angle", () => {
    expect(call("convert_angle", 30, "Degree", "Tilt")).toBeCloseTo(0.5, 12);
    expect(call("convert_angle", 1, "Tilt", "Degree")).toBeCloseTo(90, 10);
  });
  it("an invalid unit or a null value gives null (doc: invalid units return null)", () => {
    expect(call("convert_length", 1, "Meter", "Furlong")).toBeNull();
    expect(call("convert_force", 1, "Parsec", "Newton")).toBeNull();
    expect(call("convert_angle", null, "Degree", "Radian")).toBeNull();
  });
});

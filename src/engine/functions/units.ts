/**
 * convert_angle, convert_force, convert_length, convert_mass, convert_speed: unit conversions by a factor to one base unit
 * per quantity (unit names as the Kusto reference lists them; an unknown unit gives null).
 */
import { asNumber, asString } from "./coerce.js";
import { fn, type ScalarFunction } from "./types.js";

/** How a unit maps to and from its quantity's base unit. */
interface Unit {
  readonly toBase: (v: number) => number;
  readonly fromBase: (v: number) => number;
}

const linear = (factor: number): Unit => ({ toBase: (v) => v * factor, fromBase: (v) => v / factor });

const INCH = 0.0254;
const LIGHT_YEAR = 9.46073047258e15;
const PARSEC = 3.08567758128e16;
const PRINTER_POINT = 0.013837 * INCH;
const DEGREES_PER_RADIAN = 180 / Math.PI;
const POUND_FORCE = 4.4482216152605;

/** Base unit: metre. */
const LENGTH: Readonly<Record<string, number>> = {
  Angstrom: 1e-10,
  AstronomicalUnit: 1.495978707e11,
  Centimeter: 1e-2,
  Chain: 20.1168,
  DataMile: 1828.8,
  Decameter: 10,
  Decimeter: 0.1,
  DtpPica: INCH / 6,
  DtpPoint: INCH / 72,
  Fathom: 1.8288,
  Foot: 0.3048,
  Hand: 0.1016,
  Hectometer: 100,
  Inch: INCH,
  KilolightYear: 1e3 * LIGHT_YEAR,
  Kilometer: 1e3,
  Kiloparsec: 1e3 * PARSEC,
  LightYear: LIGHT_YEAR,
  MegalightYear: 1e6 * LIGHT_YEAR,
  Megaparsec: 1e6 * PARSEC,
  Meter: 1,
  Microinch: 1e-6 * INCH,
  Micrometer: 1e-6,
  Mil: 1e-3 * INCH,
  Mile: 1609.344,
  Millimeter: 1e-3,
  Nanometer: 1e-9,
  NauticalMile: 1852,
  Parsec: PARSEC,
  PrinterPica: 12 * PRINTER_POINT,
  PrinterPoint: PRINTER_POINT,
  Shackle: 27.432,
  SolarRadius: 6.957e8,
  Twip: INCH / 1440,
  UsSurveyFoot: 1200 / 3937,
  Yard: 0.9144,
};

/** Base unit: degree. */
const ANGLE: Readonly<Record<string, number>> = {
  Arcminute: 1 / 60,
  Arcsecond: 1 / 3600,
  Centiradian: 1e-2 * DEGREES_PER_RADIAN,
  Deciradian: 0.1 * DEGREES_PER_RADIAN,
  Degree: 1,
  Gradian: 0.9,
  Microdegree: 1e-6,
  Microradian: 1e-6 * DEGREES_PER_RADIAN,
  Millidegree: 1e-3,
  Milliradian: 1e-3 * DEGREES_PER_RADIAN,
  Nanodegree: 1e-9,
  Nanoradian: 1e-9 * DEGREES_PER_RADIAN,
  NatoMil: 360 / 6400,
  Radian: DEGREES_PER_RADIAN,
  Revolution: 360,
};

/** Base unit: newton. */
const FORCE: Readonly<Record<string, number>> = {
  Decanewton: 10,
  Dyn: 1e-5,
  KilogramForce: 9.80665,
  Kilonewton: 1e3,
  KiloPond: 9.80665,
  KilopoundForce: 1e3 * POUND_FORCE,
  Meganewton: 1e6,
  Micronewton: 1e-6,
  Millinewton: 1e-3,
  Newton: 1,
  OunceForce: POUND_FORCE / 16,
  Poundal: 0.138254954376,
  PoundForce: POUND_FORCE,
  ShortTonForce: 2e3 * POUND_FORCE,
  TonneForce: 1e3 * 9.80665,
};

/** Base unit: kilogram. */
const POUND = 0.45359237;
const MASS: Readonly<Record<string, number>> = {
  Centigram: 1e-5,
  Decagram: 1e-2,
  Decigram: 1e-4,
  EarthMass: 5.9722e24,
  Grain: POUND / 7000,
  Gram: 1e-3,
  Hectogram: 0.1,
  Kilogram: 1,
  Kilopound: 1e3 * POUND,
  Kilotonne: 1e6,
  LongHundredweight: 112 * POUND,
  LongTon: 2240 * POUND,
  Megapound: 1e6 * POUND,
  Megatonne: 1e9,
  Microgram: 1e-9,
  Milligram: 1e-6,
  Nanogram: 1e-12,
  Ounce: POUND / 16,
  Pound: POUND,
  ShortHundredweight: 100 * POUND,
  ShortTon: 2000 * POUND,
  Slug: 14.593902937206364,
  SolarMass: 1.98947e30,
  Stone: 14 * POUND,
  Tonne: 1e3,
};

/** Base unit: metre per second; every length in the list per hour, minute and second as documented. */
const SPEED: Readonly<Record<string, number>> = (() => {
  const lengths: Readonly<Record<string, number>> = {
    Centimeter: 1e-2,
    Decimeter: 0.1,
    Foot: 0.3048,
    Inch: INCH,
    Kilometer: 1e3,
    Meter: 1,
    Micrometer: 1e-6,
    Millimeter: 1e-3,
    Nanometer: 1e-9,
    UsSurveyFoot: 1200 / 3937,
    Yard: 0.9144,
  };
  const out: Record<string, number> = { Knot: 1852 / 3600, MilePerHour: 1609.344 / 3600 };
  for (const [name, metres] of Object.entries(lengths)) {
    out[`${name}PerHour`] = metres / 3600;
    out[`${name}PerMinute`] = metres / 60;
    out[`${name}PerSecond`] = metres;
  }
  return out;
})();

/** Unit names are matched case-insensitively. */
function unitTable(factors: Readonly<Record<string, number>>, extra: Readonly<Record<string, Unit>> = {}): ReadonlyMap<string, Unit> {
  const map = new Map<string, Unit>();
  for (const [name, factor] of Object.entries(factors)) map.set(name.toLowerCase(), linear(factor));
  for (const [name, unit] of Object.entries(extra)) map.set(name.toLowerCase(), unit);
  return map;
}

/** Tilt is the sine of the angle, so it converts through arcsine rather than a factor. */
const TILT: Unit = {
  toBase: (v) => Math.asin(v) * DEGREES_PER_RADIAN,
  fromBase: (v) => Math.sin(v / DEGREES_PER_RADIAN),
};

function converter(name: string, units: ReadonlyMap<string, Unit>): ScalarFunction {
  return fn(name, 3, 3, "real", ([value, from, to]) => {
    const v = asNumber(value);
    const f = units.get(asString(from).toLowerCase());
    const t = units.get(asString(to).toLowerCase());
    if (v === null || f === undefined || t === undefined) return null;
    return f === t ? v : t.fromBase(f.toBase(v));
  });
}

export const UNIT_FUNCTIONS: readonly ScalarFunction[] = [
  converter("convert_angle", unitTable(ANGLE, { Tilt: TILT })),
  converter("convert_force", unitTable(FORCE)),
  converter("convert_length", unitTable(LENGTH)),
  converter("convert_mass", unitTable(MASS)),
  converter("convert_speed", unitTable(SPEED)),
];

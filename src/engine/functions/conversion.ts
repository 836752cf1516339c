/** Conversion functions: tostring, toint, todatetime, parse_json, gettype... (failure gives null). */
import { dynToJson, valueToString } from "../format.js";
import { parseJsonToDyn } from "../json.js";
import { parseGuid } from "../literals.js";
import { bag, type Dyn, dyn, isBag, isDateTime, isDynValue, isGuid, isTimespan, type KqlType, type Value } from "../values.js";
import { asBool, asDateTime, asDyn, asNumber, asTimespan, toIntegerValue } from "./coerce.js";
import { fn, type ScalarFunction } from "./types.js";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function toInt(v: Value): Value {
  const n = toIntegerValue(v);
  if (n === null) return null;
  // Out-of-range values wrap as a 32-bit cast does.
  return n >= INT32_MIN && n <= INT32_MAX ? n : Number(BigInt.asIntN(32, BigInt(n)));
}

function toLong(v: Value): Value {
  if (isDateTime(v) || isTimespan(v)) return Number(v.ticks);
  return toIntegerValue(v);
}

function toReal(v: Value): Value {
  if (isDateTime(v) || isTimespan(v)) return Number(v.ticks);
  return asNumber(v);
}

function parseJson(v: Value): Value {
  if (v === null) return dyn(null);
  if (isDynValue(v)) return v;
  if (typeof v !== "string") return dyn(asDyn(v));
  try {
    return dyn(parseJsonToDyn(v));
  } catch {
    // Kusto keeps text that is not JSON as a dynamic string.
    return dyn(v);
  }
}

/** Property bags with keys sorted (ordinal), recursively: `dynamic_to_json`'s canonical form. */
function sortKeys(d: Dyn): Dyn {
  if (Array.isArray(d)) return d.map(sortKeys);
  if (isBag(d)) {
    const keys = [...d.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return bag(keys.map((k) => [k, sortKeys(d.entries.get(k) ?? null)] as const));
  }
  return d;
}

/** The name `gettype` reports for a dynamic value's content. */
export function dynTypeName(d: Dyn): string {
  if (d === null) return "null";
  if (typeof d === "boolean") return "bool";
  if (typeof d === "string") return "string";
  if (typeof d === "number") {
    if (!Number.isInteger(d)) return "real";
    return d >= INT32_MIN && d <= INT32_MAX ? "int" : "long";
  }
  if (Array.isArray(d)) return "array";
  if (isBag(d)) return "dictionary";
  if (isDateTime(d)) return "datetime";
  if (isTimespan(d)) return "timespan";
  if (isGuid(d)) return "guid";
  return "null";
}

function getType(v: Value, declared: KqlType | undefined): string {
  if (isDynValue(v)) return dynTypeName(v.value);
  if (declared !== undefined && declared !== "dynamic") return declared;
  if (v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? "long" : "real";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  return v.t;
}

export const CONVERSION_FUNCTIONS: readonly ScalarFunction[] = [
  fn("tostring", 1, 1, "string", ([v], _ctx, types) => valueToString(v, types?.[0])),
  fn("toint", 1, 1, "int", ([v]) => toInt(v)),
  fn("tolong", 1, 1, "long", ([v]) => toLong(v)),
  fn("toreal", 1, 1, "real", ([v]) => toReal(v)),
  fn("todouble", 1, 1, "real", ([v]) => toReal(v)),
  fn("todecimal", 1, 1, "decimal", ([v]) => toReal(v)),
  fn("tobool", 1, 1, "bool", ([v]) => asBool(v)),
  fn("toboolean", 1, 1, "bool", ([v]) => asBool(v)),
  fn("todatetime", 1, 1, "datetime", ([v]) => asDateTime(v)),
  fn("totimespan", 1, 1, "timespan", ([v]) => asTimespan(v)),
  fn("totime", 1, 1, "timespan", ([v]) => asTimespan(v)),
  fn("toguid", 1, 1, "guid", ([v]) => {
    if (isGuid(v)) return v;
    const d = asDyn(v);
    return typeof d === "string" ? parseGuid(d) : null;
  }),
  fn("todynamic", 1, 1, "dynamic", ([v]) => parseJson(v)),
  fn("toobject", 1, 1, "dynamic", ([v]) => parseJson(v)),
  fn("parse_json", 1, 1, "dynamic", ([v]) => parseJson(v)),
  fn("parsejson", 1, 1, "dynamic", ([v]) => parseJson(v)),
  fn("dynamic_to_json", 1, 1, "string", ([v]) => dynToJson(sortKeys(asDyn(v)))),
  fn("gettype", 1, 1, "string", ([v], _ctx, types) => getType(v, types?.[0])),
];

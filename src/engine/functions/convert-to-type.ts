/** Converting a value to a named KQL type, for functions that take `typeof(T)` (extract, extract_json). */
import { valueToString } from "../format.js";
import { parseGuid } from "../literals.js";
import { dyn, type KqlType, type Value } from "../values.js";
import { asBool, asDyn, asDateTime, asInteger, asNumber, asTimespan, tryParseJson } from "./coerce.js";

/** Converts `v` to `type` with the `to<type>()` rules; failures give null (strings give ""). */
export function convertToType(v: Value, type: KqlType): Value {
  switch (type) {
    case "string":
      return valueToString(v);
    case "int":
    case "long":
      return asInteger(v);
    case "real":
    case "decimal":
      return asNumber(v);
    case "bool":
      return asBool(v);
    case "datetime":
      return asDateTime(v);
    case "timespan":
      return asTimespan(v);
    case "guid":
      return typeof v === "string" ? parseGuid(v) : null;
    case "dynamic":
      return typeof v === "string" ? dyn(tryParseJson(v) ?? v) : dyn(asDyn(v));
  }
  return null;
}

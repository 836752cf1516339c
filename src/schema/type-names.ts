/**
 * Column type names as schema files write them (`String`, `DateTime`, `Int64`, `System.Boolean`)
 * mapped to Kusto's canonical names. No I/O here: detection files import it through the DSL.
 */
import type { KqlType } from "../engine/values.js";

const TYPE_ALIASES: Readonly<Record<string, KqlType>> = {
  string: "string",
  int: "int",
  int32: "int",
  long: "long",
  int64: "long",
  real: "real",
  double: "real",
  float: "real",
  bool: "bool",
  boolean: "bool",
  datetime: "datetime",
  date: "datetime",
  timespan: "timespan",
  time: "timespan",
  guid: "guid",
  uniqueid: "guid",
  dynamic: "dynamic",
  decimal: "decimal",
};

/** The canonical Kusto type of a schema file's type name, or undefined when it is not one. */
export function normaliseType(name: string): KqlType | undefined {
  return TYPE_ALIASES[name.toLowerCase().replace(/^system\./, "")];
}

/**
 * The scalar function registry: every family contributes a table of `ScalarFunction` records;
 * aliases are simply further entries. Names are case-sensitive, as in Kusto.
 */
import { CONVERSION_FUNCTIONS } from "./conversion.js";
import { DATETIME_FUNCTIONS } from "./datetime.js";
import { DISTRIBUTION_FUNCTIONS } from "./distributions.js";
import { DYNAMIC_FUNCTIONS } from "./dynamic.js";
import { HASH_FUNCTIONS } from "./hash.js";
import { IP_FUNCTIONS } from "./ip.js";
import { LOGIC_FUNCTIONS } from "./logic.js";
import { MATH_FUNCTIONS } from "./math.js";
import { PARSER_FUNCTIONS } from "./parsers.js";
import { PUNYCODE_FUNCTIONS } from "./punycode.js";
import { STRING_FUNCTIONS } from "./string.js";
import type { ScalarFunction } from "./types.js";
import { UNIT_FUNCTIONS } from "./units.js";

export { binValue } from "./datetime.js";
export { compileRegex, regexFirst, regexMatches, regexTest } from "./regex.js";
export {
  containsText,
  endsWithText,
  equalsIgnoreCase,
  hasPrefixTerm,
  hasSuffixTerm,
  hasTerm,
  startsWithText,
} from "./string-ops.js";
export type { FunctionContext, ScalarFunction } from "./types.js";
export { FunctionError } from "./types.js";

const FAMILIES: readonly (readonly ScalarFunction[])[] = [
  CONVERSION_FUNCTIONS,
  LOGIC_FUNCTIONS,
  STRING_FUNCTIONS,
  PARSER_FUNCTIONS,
  PUNYCODE_FUNCTIONS,
  HASH_FUNCTIONS,
  DATETIME_FUNCTIONS,
  MATH_FUNCTIONS,
  DYNAMIC_FUNCTIONS,
  IP_FUNCTIONS,
  DISTRIBUTION_FUNCTIONS,
  UNIT_FUNCTIONS,
];

function buildRegistry(): ReadonlyMap<string, ScalarFunction> {
  const map = new Map<string, ScalarFunction>();
  for (const family of FAMILIES) {
    for (const f of family) {
      if (map.has(f.name)) throw new Error(`scalar function '${f.name}' is registered twice`);
      map.set(f.name, f);
    }
  }
  return map;
}

/** Every scalar function by its KQL name (case-sensitive, as in Kusto). */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = buildRegistry();

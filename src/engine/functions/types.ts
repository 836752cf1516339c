/**
 * The contract between the evaluator and the scalar function library: a function is a data
 * record (name, arity, result type rule, implementation) kept in `SCALAR_FUNCTIONS`.
 */
import type { KDateTime, KqlType, Value } from "../values.js";

export interface FunctionContext {
  /** The injected clock read by `now()` and `ago()`. */
  readonly now: KDateTime;
}

export interface ScalarFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The static result type for the given argument types. */
  readonly returns: (argTypes: readonly KqlType[]) => KqlType;
  /**
   * Computes the value of one call. `argTypes`, when the caller passes them, tell a long from a
   * real (both are JS numbers) for the few functions where that changes the answer (`gettype`,
   * `tostring` of large reals, `toint` of a real).
   */
  readonly call: (args: readonly Value[], ctx: FunctionContext, argTypes?: readonly KqlType[]) => Value;
}

/** Result type rule: always `type`. */
export function fixed(type: KqlType): (argTypes: readonly KqlType[]) => KqlType {
  return () => type;
}

/** Result type rule: the type of argument `index` (or `fallback` when absent). */
export function sameAs(index: number, fallback: KqlType = "dynamic"): (argTypes: readonly KqlType[]) => KqlType {
  return (argTypes) => argTypes[index] ?? fallback;
}

const NUMERIC_RANK: Readonly<Record<string, number>> = { int: 1, long: 2, decimal: 3, real: 4 };

/** Result type rule: the widest numeric type among the arguments (int < long < decimal < real). */
export function widestNumeric(argTypes: readonly KqlType[]): KqlType {
  let best: KqlType = "int";
  for (const t of argTypes) {
    const rank = NUMERIC_RANK[t];
    if (rank === undefined) return t === "datetime" || t === "timespan" ? t : "real";
    if (rank > NUMERIC_RANK[best]) best = t;
  }
  return best;
}

/** Shorthand for building registry entries. */
export function fn(
  name: string,
  minArgs: number,
  maxArgs: number,
  returns: KqlType | ((argTypes: readonly KqlType[]) => KqlType),
  call: ScalarFunction["call"],
): ScalarFunction {
  return { name, minArgs, maxArgs, returns: typeof returns === "string" ? fixed(returns) : returns, call };
}

/** An error raised by a function for a call Kusto rejects (bad constant argument and the like). */
export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    message: string,
  ) {
    super(`${functionName}(): ${message}`);
    this.name = "FunctionError";
  }
}

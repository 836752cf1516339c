/**
 * Kusto's binary operators on values: arithmetic (numbers, datetime and timespan), comparisons
 * with numeric promotion, case-sensitive `==` and case-insensitive `=~`. Each operator is a
 * record: a static result-type rule plus the per-value implementation. Null in, null out.
 */
import { valuesEqual } from "./compare.js";
import {
  datetime,
  type Dyn,
  isDateTime,
  isDynValue,
  isGuid,
  isTimespan,
  type KqlType,
  timespan,
  type Value,
} from "./values.js";

const NUMERIC: ReadonlySet<KqlType> = new Set(["int", "long", "real", "decimal"]);

export function isNumericType(t: KqlType): boolean {
  return NUMERIC.has(t);
}

/** Widest of two numeric types (int < long < decimal < real); dynamic counts as real. */
export function widerNumeric(a: KqlType, b: KqlType): KqlType {
  const order: KqlType[] = ["int", "long", "decimal", "real"];
  const ra = a === "dynamic" ? 3 : order.indexOf(a);
  const rb = b === "dynamic" ? 3 : order.indexOf(b);
  return order[Math.max(ra, rb)];
}

function num(v: Value): number | null {
  if (typeof v === "number") return v;
  if (isDynValue(v) && typeof v.value === "number") return v.value;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

function unwrapTyped(v: Value): Value {
  if (!isDynValue(v)) return v;
  const d = v.value;
  if (d === null || typeof d === "string" || typeof d === "number" || typeof d === "boolean") return d;
  if (isDateTime(d) || isTimespan(d) || isGuid(d)) return d;
  return v;
}

export type ArithOp = "+" | "-" | "*" | "/" | "%";

/** Result type of an arithmetic operator, or null when Kusto rejects the operand types. */
export function arithmeticType(op: ArithOp, l: KqlType, r: KqlType): KqlType | null {
  const ln = isNumericType(l) || l === "dynamic";
  const rn = isNumericType(r) || r === "dynamic";
  if (ln && rn) {
    if (l === "dynamic" && r === "dynamic") return "dynamic";
    return widerNumeric(l === "dynamic" ? r : l, r === "dynamic" ? l : r) === "int" && (l === "dynamic" || r === "dynamic")
      ? "long"
      : widerNumeric(l === "dynamic" ? "long" : l, r === "dynamic" ? "long" : r);
  }
  if (l === "datetime") {
    if (r === "datetime" && op === "-") return "timespan";
    if (r === "timespan" && (op === "+" || op === "-")) return "datetime";
    return null;
  }
  if (l === "timespan") {
    if (r === "timespan") return op === "/" ? "real" : op === "*" ? null : "timespan";
    if (r === "datetime" && op === "+") return "datetime";
    if (rn && (op === "*" || op === "/")) return "timespan";
    return null;
  }
  if (ln && r === "timespan" && op === "*") return "timespan";
  return null;
}

function intDiv(a: number, b: number): number | null {
  if (b === 0) return null;
  return Math.trunc(a / b);
}

function modulo(a: number, b: number): number | null {
  if (b === 0) return null;
  const m = Math.abs(b);
  return ((a % m) + m) % m;
}

function tickDiv(a: bigint, b: bigint): bigint | null {
  return b === 0n ? null : a / b;
}

/** The implementation of an arithmetic operator for a static result type. */
export function arithmetic(op: ArithOp, resultType: KqlType, lType: KqlType): (a: Value, b: Value) => Value {
  const integral = resultType === "int" || resultType === "long";
  if (resultType === "datetime" || resultType === "timespan" || lType === "timespan" || lType === "datetime") {
    return (a, b) => {
      a = unwrapTyped(a);
      b = unwrapTyped(b);
      if (a === null || b === null) return null;
      if (isDateTime(a)) {
        if (isDateTime(b)) return timespan(a.ticks - b.ticks);
        if (isTimespan(b)) return datetime(op === "+" ? a.ticks + b.ticks : a.ticks - b.ticks);
        return null;
      }
      if (isTimespan(a)) {
        if (isDateTime(b)) return datetime(a.ticks + b.ticks);
        if (isTimespan(b)) {
          if (op === "+") return timespan(a.ticks + b.ticks);
          if (op === "-") return timespan(a.ticks - b.ticks);
          if (op === "/") return b.ticks === 0n ? null : Number(a.ticks) / Number(b.ticks);
          if (op === "%") {
            const q = tickDiv(a.ticks, b.ticks);
            return q === null ? null : timespan(a.ticks - q * b.ticks);
          }
          return null;
        }
        const n = num(b);
        if (n === null) return null;
        if (op === "*") return timespan(BigInt(Math.round(Number(a.ticks) * n)));
        if (op === "/") return n === 0 ? null : timespan(BigInt(Math.round(Number(a.ticks) / n)));
        return null;
      }
      const n = num(a);
      if (n !== null && isTimespan(b) && op === "*") return timespan(BigInt(Math.round(n * Number(b.ticks))));
      return null;
    };
  }
  switch (op) {
    case "+":
      return (a, b) => {
        const x = num(a);
        const y = num(b);
        return x === null || y === null ? null : x + y;
      };
    case "-":
      return (a, b) => {
        const x = num(a);
        const y = num(b);
        return x === null || y === null ? null : x - y;
      };
    case "*":
      return (a, b) => {
        const x = num(a);
        const y = num(b);
        return x === null || y === null ? null : x * y;
      };
    case "/":
      return (a, b) => {
        const x = num(a);
        const y = num(b);
        if (x === null || y === null) return null;
        return integral ? intDiv(x, y) : x / y;
      };
    case "%":
      return (a, b) => {
        const x = num(a);
        const y = num(b);
        if (x === null || y === null) return null;
        return integral ? modulo(x, y) : x % y;
      };
  }
}

/** Orders two non-null values for `<`, `>`...; undefined when they are not comparable. */
export function orderOf(a: Value, b: Value): number | undefined {
  a = unwrapTyped(a);
  b = unwrapTyped(b);
  if (a === null || b === null) return undefined;
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null && typeof a !== "boolean" && typeof b !== "boolean") {
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : undefined;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if ((isDateTime(a) && isDateTime(b)) || (isTimespan(a) && isTimespan(b))) return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (isGuid(a) && isGuid(b)) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return undefined;
}

/** `==` on values: null if either side is null; strings case-sensitive. */
export function equals(a: Value, b: Value): boolean | null {
  // Kusto: null == null is null; a value compared with null is simply not equal.
  if (a === null || b === null) return a === null && b === null ? null : false;
  const ua = unwrapTyped(a);
  const ub = unwrapTyped(b);
  if (ua === null || ub === null) return ua === ub ? null : false;
  if (isGuid(ua) && typeof ub === "string") return ua.value === ub.toLowerCase();
  if (isGuid(ub) && typeof ua === "string") return ub.value === ua.toLowerCase();
  if (typeof ua === "number" && typeof ub === "number") return ua === ub;
  return valuesEqual(ua as Value | Dyn, ub as Value | Dyn);
}

/** `=~`: case-insensitive equality of the string forms. */
export function equalsCi(a: Value, b: Value, asText: (v: Value) => string): boolean {
  const x = typeof a === "string" ? a : asText(a);
  const y = typeof b === "string" ? b : asText(b);
  return x === y || x.toLowerCase() === y.toLowerCase();
}

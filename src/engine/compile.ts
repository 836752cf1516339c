/**
 * The scalar expression compiler: turns an AST expression, in the scope of a table, into a
 * typed closure over row indices (`Compiled`). Types are computed statically, so an operator
 * over an empty table still knows its output schema.
 */
import { closestName } from "../util/did-you-mean.js";
import type { Arg, Between, Binary, Call, Expr, InExpr, Lambda, Literal, Member, NameRef } from "../kql/ast.js";
import { DictColumn } from "./column.js";
import { valueKey } from "./compare.js";
import { type Compiled, constant, memoize, node } from "./compiled.js";
import { EvalFailure, fail, unsupported } from "./errors.js";
import { valueToString } from "./format.js";
import { SCALAR_FUNCTIONS } from "./functions/index.js";
import { FunctionError } from "./functions/types.js";
import { parseJsonToDyn } from "./json.js";
import { parseDateTime, parseGuid, parseTimespan } from "./literals.js";
import { arithmetic, arithmeticType, equals, equalsCi, isNumericType, orderOf } from "./ops.js";
import type { Env, Scope } from "./scope.js";
import { compileSpecialCall, SPECIAL_CALLS } from "./special-calls.js";
import { stringOperator } from "./string-operators.js";
import { Table } from "./table.js";
import { type Dyn, dyn, isBag, isDynValue, type KqlType, type Value } from "./values.js";

/** Functions that must not be folded into constants or memoized. */
const IMPURE_FUNCTIONS: ReadonlySet<string> = new Set(["rand", "new_guid"]);

export function compileExpr(e: Expr, scope: Scope): Compiled {
  switch (e.kind) {
    case "StringLit":
    case "NumberLit":
    case "BoolLit":
    case "TimespanLit":
    case "TypedLit":
    case "DynamicLit":
      return compileLiteral(e);
    case "NameRef":
      return compileName(e, scope);
    case "Member":
      return compileMember(e, scope);
    case "Index": {
      const target = compileExpr(e.target, scope);
      const index = compileExpr(e.index, scope);
      return node("dynamic", [target, index], ([t, i]) => (r) => indexValue(t.ev(r), i.ev(r)));
    }
    case "Call":
      return compileCall(e, scope);
    case "Binary":
      return compileBinary(e, scope);
    case "Unary": {
      const operand = compileExpr(e.operand, scope);
      if (e.op === "+") return operand;
      const neg = arithmetic("-", operand.type === "timespan" ? "timespan" : operand.type, "int");
      const zero: Value = operand.type === "timespan" ? { t: "timespan", ticks: 0n } : 0;
      if (operand.type === "timespan") return node("timespan", [operand], ([o]) => (r) => neg(zero, o.ev(r)));
      if (!isNumericType(operand.type) && operand.type !== "dynamic") fail(`cannot negate a value of type ${operand.type}`, e);
      return node(operand.type === "dynamic" ? "real" : operand.type, [operand], ([o]) => (r) => {
        const v = o.ev(r);
        const n = isDynValue(v) ? v.value : v;
        return typeof n === "number" ? -n : null;
      });
    }
    case "InExpr":
      return compileIn(e, scope);
    case "Between":
      return compileBetween(e, scope);
    case "Star":
      fail("'*' is not allowed here", e);
      break;
    case "Lambda":
      fail("a function cannot be used as a value", e);
      break;
    case "MethodCall":
      unsupported(`cross-cluster or database reference '${e.name}()'`, e);
      break;
    default:
      fail("a tabular expression cannot be used as a scalar (use toscalar())", e);
  }
}

// ---------------------------------------------------------------------------- literals

function parseNumberText(text: string, type: "long" | "real"): number {
  if (/^0x/i.test(text)) return Number(BigInt(text));
  return type === "long" ? Number(text) : Number.parseFloat(text);
}

/**
 * long values are JS numbers (values.ts), exact only within ±2^53: a literal beyond that which a
 * double cannot hold (9223372036854775807) would silently become another number, so it is an
 * error instead. Large literals a double holds exactly (nanosecond timestamps) are kept.
 */
function checkExactLong(text: string, n: number, at: Literal): void {
  if (Number.isSafeInteger(n) || !Number.isFinite(n)) return;
  let exact: bigint;
  try {
    exact = BigInt(text.trim());
  } catch {
    return;
  }
  if (exact !== BigInt(n)) fail("long literal exceeds the evaluator's exact integer range (±2^53)", at, "KQL2012");
}

export function literalValue(e: Literal): { type: KqlType; value: Value } {
  switch (e.kind) {
    case "StringLit":
      return { type: "string", value: e.value };
    case "NumberLit": {
      const value = parseNumberText(e.text, e.type);
      if (e.type === "long") checkExactLong(e.text, value, e);
      return { type: e.type, value };
    }
    case "BoolLit":
      return { type: "bool", value: e.value };
    case "TimespanLit": {
      const v = parseTimespan(e.text);
      if (v === null) fail(`invalid timespan literal '${e.text}'`, e);
      return { type: "timespan", value: v };
    }
    case "DynamicLit": {
      let d: Dyn;
      try {
        d = parseJsonToDyn(e.json);
      } catch (err) {
        fail(`invalid dynamic literal: ${(err as Error).message}`, e);
      }
      return { type: "dynamic", value: d === null ? null : dyn(d) };
    }
    case "TypedLit":
      return { type: e.type, value: e.text === null ? null : typedLiteral(e.type, e.text, e) };
  }
}

function typedLiteral(type: KqlType, text: string, at: Literal): Value {
  let t = text.trim();
  // `datetime("2015-01-01")`: Kusto also accepts the content quoted.
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) t = t.slice(1, -1).trim();
  if (t === "null") return null;
  switch (type) {
    case "datetime": {
      const v = parseDateTime(t);
      if (v === null) fail(`invalid datetime literal '${t}'`, at);
      return v;
    }
    case "timespan": {
      const v = parseTimespan(t);
      if (v === null) fail(`invalid timespan literal '${t}'`, at);
      return v;
    }
    case "guid": {
      const v = parseGuid(t);
      if (v === null) fail(`invalid guid literal '${t}'`, at);
      return v;
    }
    case "bool":
      if (/^(true|1)$/i.test(t)) return true;
      if (/^(false|0)$/i.test(t)) return false;
      return fail(`invalid bool literal '${t}'`, at);
    default: {
      const lower = t.toLowerCase();
      if (lower === "nan") return Number.NaN;
      if (lower === "inf" || lower === "+inf") return Number.POSITIVE_INFINITY;
      if (lower === "-inf") return Number.NEGATIVE_INFINITY;
      const n = /^[+-]?0x/i.test(t) ? Number(BigInt(t)) : Number(t);
      if (Number.isNaN(n)) fail(`invalid ${type} literal '${t}'`, at);
      if (type === "long" && Number.isInteger(n)) checkExactLong(t, n, at);
      return type === "int" || type === "long" ? Math.trunc(n) : n;
    }
  }
}

function compileLiteral(e: Literal): Compiled {
  const { type, value } = literalValue(e);
  return constant(type, value);
}

// ---------------------------------------------------------------------------- names

export function columnReader(col: { readonly data: import("./column.js").Column }): Compiled {
  const data = col.data;
  if (data instanceof DictColumn) {
    const codes = data.codes;
    const dict = data.dict;
    return { type: data.type, ev: (r) => dict[codes[r]], dep: data, leaf: true, source: data };
  }
  return { type: data.type, ev: (r) => data.get(r), dep: "many", leaf: true };
}

function compileName(e: NameRef, scope: Scope): Compiled {
  const col = scope.table.column(e.name);
  if (col) return columnReader(col);
  const b = scope.env.get(e.name);
  if (b) {
    if (b.kind === "scalar") return constant(b.type, b.value);
    if (b.kind === "compiled") return b.compiled;
    if (b.kind === "tabular") fail(`'${e.name}' is a table, not a scalar value (use toscalar())`, e, "KQL2002");
    if (b.kind === "function" && b.lambda.params.length === 0) return compileUserCall(b.lambda, b.env, [], e, scope);
    fail(`'${e.name}' is a function; call it with arguments`, e, "KQL2002");
  }
  const hint = closestName(e.name, scope.table.columns.map((c) => c.name));
  fail(`unknown column or variable '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ""}`, e, "KQL2003");
}

export { closestName };

function compileMember(e: Member, scope: Scope): Compiled {
  const target = compileExpr(e.target, scope);
  const name = e.name;
  return node("dynamic", [target], ([t]) => (r) => memberValue(t.ev(r), name));
}

/** `d.name` / `d['name']` on a dynamic bag. */
export function memberValue(v: Value, name: string): Value {
  if (!isDynValue(v)) return null;
  const d = v.value;
  if (!isBag(d)) return null;
  const x = d.entries.get(name);
  return x === undefined || x === null ? null : dyn(x);
}

/** `d[i]` (negative counts from the end) or `d['key']`. */
export function indexValue(v: Value, i: Value): Value {
  if (!isDynValue(v)) return null;
  const d = v.value;
  const idx = isDynValue(i) ? i.value : i;
  if (typeof idx === "string") return memberValue(v, idx);
  if (Array.isArray(d) && typeof idx === "number") {
    const k = idx < 0 ? d.length + idx : idx;
    const x = (d as Dyn[])[k];
    return x === undefined || x === null ? null : dyn(x);
  }
  return null;
}

// ---------------------------------------------------------------------------- operators

function asText(v: Value): string {
  return valueToString(v);
}

function compileBinary(e: Binary, scope: Scope): Compiled {
  const op = e.op;
  if (op === "and" || op === "or") {
    const l = asBool(compileExpr(e.left, scope));
    const r = asBool(compileExpr(e.right, scope));
    if (op === "and") {
      return node("bool", [l, r], ([a, b]) => (row) => {
        const x = a.ev(row);
        if (x === false) return false;
        const y = b.ev(row);
        if (y === false) return false;
        return x === true && y === true ? true : null;
      });
    }
    return node("bool", [l, r], ([a, b]) => (row) => {
      const x = a.ev(row);
      if (x === true) return true;
      const y = b.ev(row);
      if (y === true) return true;
      return x === false && y === false ? false : null;
    });
  }
  if (e.left.kind === "Star") return compileAnyColumn(e, scope);
  const l = compileExpr(e.left, scope);
  const r = compileExpr(e.right, scope);
  if (op === "==" || op === "!=" || op === "<>" || op === "<" || op === "<=" || op === ">" || op === ">=") {
    if (!comparable(l.type, r.type, l, r)) {
      fail(`cannot compare values of types ${l.type} and ${r.type} (add an explicit conversion such as tostring() or toint())`, e, "KQL2004");
    }
  }
  switch (op) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "%": {
      const type = arithmeticType(op, l.type, r.type);
      if (type === null) fail(`operator '${op}' cannot be applied to ${l.type} and ${r.type}`, e, "KQL2004");
      const f = arithmetic(op, type, l.type);
      return node(type, [l, r], ([a, b]) => (row) => f(a.ev(row), b.ev(row)));
    }
    case "==":
      return node("bool", [l, r], ([a, b]) => (row) => equals(a.ev(row), b.ev(row)));
    case "!=":
    case "<>":
      return node("bool", [l, r], ([a, b]) => (row) => {
        const eq = equals(a.ev(row), b.ev(row));
        return eq === null ? null : !eq;
      });
    case "=~":
      return node("bool", [l, r], ([a, b]) => (row) => equalsCi(a.ev(row), b.ev(row), asText));
    case "!~":
      return node("bool", [l, r], ([a, b]) => (row) => !equalsCi(a.ev(row), b.ev(row), asText));
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const test = op === "<" ? (c: number) => c < 0 : op === "<=" ? (c: number) => c <= 0 : op === ">" ? (c: number) => c > 0 : (c: number) => c >= 0;
      const fast = fastOrdering(op, l.type, r.type);
      if (fast !== null) return node("bool", [l, r], ([a, b]) => (row) => fast(a.ev(row), b.ev(row)));
      return node("bool", [l, r], ([a, b]) => (row) => {
        const c = orderOf(a.ev(row), b.ev(row));
        return c === undefined ? null : test(c);
      });
    }
    default: {
      const f = stringOperator(op, e, r);
      return node("bool", [l, r], ([a, b]) => (row) => f(a.ev(row), b.ev(row)));
    }
  }
}

/**
 * `* has "x"` (any string operator with `*` on the left): true when any column of the row
 * matches; a negated operator (`* !has "x"`) is true when no column matches.
 */
function compileAnyColumn(e: Binary, scope: Scope): Compiled {
  if (!isStringOperator(e.op)) fail(`'*' can only be used with a string operator such as has or contains, not '${e.op}'`, e.left);
  const negated = e.op.startsWith("!");
  const r = compileExpr(e.right, scope);
  const f = stringOperator(negated ? e.op.slice(1) : e.op, e, r);
  const cols = scope.table.columns.map((c) => columnReader(c));
  return node("bool", [r, ...cols], ([b, ...cs]) => (row) => {
    const needle = b.ev(row);
    const any = cs.some((c) => f(c.ev(row), needle) === true);
    return negated ? !any : any;
  });
}

function isStringOperator(op: string): boolean {
  return !["==", "!=", "<>", "<", "<=", ">", ">=", "=~", "!~", "+", "-", "*", "/", "%", "and", "or"].includes(op);
}

const TICKED: ReadonlySet<KqlType> = new Set(["datetime", "timespan"]);
const NUMBERS: ReadonlySet<KqlType> = new Set(["int", "long", "real", "decimal"]);

/** Comparisons specialised by static type (no per-row type dispatch), or null. */
function fastOrdering(op: "<" | "<=" | ">" | ">=", lt: KqlType, rt: KqlType): ((a: Value, b: Value) => boolean | null) | null {
  if (TICKED.has(lt) && lt === rt) {
    type T = { ticks: bigint } | null;
    switch (op) {
      case "<":
        return (a, b) => (a === null || b === null ? null : (a as NonNullable<T>).ticks < (b as NonNullable<T>).ticks);
      case "<=":
        return (a, b) => (a === null || b === null ? null : (a as NonNullable<T>).ticks <= (b as NonNullable<T>).ticks);
      case ">":
        return (a, b) => (a === null || b === null ? null : (a as NonNullable<T>).ticks > (b as NonNullable<T>).ticks);
      default:
        return (a, b) => (a === null || b === null ? null : (a as NonNullable<T>).ticks >= (b as NonNullable<T>).ticks);
    }
  }
  if (NUMBERS.has(lt) && NUMBERS.has(rt)) {
    switch (op) {
      case "<":
        return (a, b) => (a === null || b === null ? null : (a as number) < (b as number));
      case "<=":
        return (a, b) => (a === null || b === null ? null : (a as number) <= (b as number));
      case ">":
        return (a, b) => (a === null || b === null ? null : (a as number) > (b as number));
      default:
        return (a, b) => (a === null || b === null ? null : (a as number) >= (b as number));
    }
  }
  return null;
}

/** Whether Kusto accepts comparing the two static types (dynamic and null literals go with anything). */
function comparable(a: KqlType, b: KqlType, l: Compiled, r: Compiled): boolean {
  if (a === b || a === "dynamic" || b === "dynamic") return true;
  if (NUMBERS.has(a) && NUMBERS.has(b)) return true;
  // A typed null literal (`int(null)`) compares with anything.
  if ((l.dep === null && l.value === null) || (r.dep === null && r.value === null)) return true;
  return (a === "guid" && b === "string") || (a === "string" && b === "guid");
}

/** A dynamic operand of a logical operator or `where`: its bool, or null. */
export function asBool(c: Compiled): Compiled {
  if (c.type !== "dynamic") return c;
  return node("bool", [c], ([x]) => (r) => {
    const v = x.ev(r);
    const d = isDynValue(v) ? v.value : v;
    return typeof d === "boolean" ? d : null;
  });
}

function compileBetween(e: Between, scope: Scope): Compiled {
  const x = compileExpr(e.left, scope);
  const lo = compileExpr(e.low, scope);
  let hi = compileExpr(e.high, scope);
  if ((x.type === "datetime" || lo.type === "datetime") && hi.type === "timespan") {
    const add = arithmetic("+", "datetime", "datetime");
    const span = hi;
    hi = node("datetime", [lo, span], ([a, b]) => (r) => add(a.ev(r), b.ev(r)));
  }
  for (const bound of [lo, hi]) {
    if (!comparable(x.type, bound.type, x, bound)) {
      fail(`cannot compare values of types ${x.type} and ${bound.type} in 'between' (add an explicit conversion such as todatetime() or toint())`, e, "KQL2004");
    }
  }
  const negated = e.negated;
  if (TICKED.has(x.type) && lo.type === x.type && hi.type === x.type) {
    type T = { ticks: bigint };
    return node("bool", [x, lo, hi], ([v, a, b]) => (r) => {
      const value = v.ev(r) as T | null;
      const low = a.ev(r) as T | null;
      const high = b.ev(r) as T | null;
      if (value === null || low === null || high === null) return null;
      const inside = value.ticks >= low.ticks && value.ticks <= high.ticks;
      return negated ? !inside : inside;
    });
  }
  return node("bool", [x, lo, hi], ([v, a, b]) => (r) => {
    const value = v.ev(r);
    const c1 = orderOf(value, a.ev(r));
    const c2 = orderOf(value, b.ev(r));
    if (c1 === undefined || c2 === undefined) return null;
    const inside = c1 >= 0 && c2 <= 0;
    return negated ? !inside : inside;
  });
}

/** True when the expression denotes a table rather than a scalar. */
export function isTabularExpr(e: Expr, env: Env, scopeTable?: { column(n: string): unknown }): boolean {
  switch (e.kind) {
    case "Pipeline":
    case "DataTable":
    case "Print":
    case "Range":
    case "Union":
    case "ExternalData":
    case "Search":
    case "Find":
    case "EvaluateSource":
      return true;
    case "NameRef": {
      if (scopeTable?.column(e.name)) return false;
      const b = env.get(e.name);
      if (b) return b.kind === "tabular" || (b.kind === "function" && lambdaIsTabular(b.lambda, b.env));
      return env.isStoredTable(e.name);
    }
    case "Call": {
      if (e.name === "materialize" || e.name === "table" || e.name === "view" || e.name === "_GetWatchlist") return true;
      const b = env.get(e.name);
      return b?.kind === "function" && lambdaIsTabular(b.lambda, b.env);
    }
    default:
      return false;
  }
}

export function lambdaIsTabular(l: Lambda, env: Env): boolean {
  const inner = env.child();
  for (const p of l.params) {
    if (p.type.kind === "TabularParam") inner.set(p.name, { kind: "tabular", get: () => fail("internal: probe", null) });
    else inner.set(p.name, { kind: "scalar", type: p.type.type, value: null });
  }
  for (const s of l.body) {
    if (s.kind === "Let") {
      if (s.value.kind === "Lambda") inner.set(s.name, { kind: "function", lambda: s.value, env: inner });
      else if (isTabularExpr(s.value, inner)) inner.set(s.name, { kind: "tabular", get: () => fail("internal: probe", null) });
      else inner.set(s.name, { kind: "scalar", type: "dynamic", value: null });
    }
  }
  return isTabularExpr(l.result, inner);
}

function compileIn(e: InExpr, scope: Scope): Compiled {
  const left = compileExpr(e.left, scope);
  const ci = e.op === "in~" || e.op === "!in~";
  const negate = e.op === "!in" || e.op === "!in~";
  // Gather the candidate values: scalars, dynamic arrays (flattened) and tables (first column).
  const items: Compiled[] = [];
  const constValues: Value[] = [];
  let allConst = true;
  for (const v of e.values) {
    if (isTabularExpr(v, scope.env, scope.table)) {
      const t = scope.ctx.evalTabular(v, scope.env);
      const c = t.columns[0];
      if (c) for (let i = 0; i < t.rowCount; i++) constValues.push(c.data.get(i));
      continue;
    }
    const c = compileExpr(v, scope);
    if (c.dep !== null) allConst = false;
    items.push(c);
  }
  const flatten = (vals: Value[]): Value[] => {
    const out: Value[] = [];
    for (const v of vals) {
      if (isDynValue(v) && Array.isArray(v.value)) for (const x of v.value as Dyn[]) out.push(x === null ? null : typeof x === "object" ? dyn(x) : (x as Value));
      else out.push(v);
    }
    return out;
  };
  if (e.op === "has_any" || e.op === "has_all") {
    const has = stringOperator("has", e, null);
    const all = e.op === "has_all";
    const build = (vals: Value[]): string[] => flatten(vals).map((v) => (typeof v === "string" ? v : asText(v)));
    if (allConst) {
      const terms = build([...constValues, ...items.map((c) => c.ev(0))]);
      return node("bool", [left], ([l]) => (r) => {
        const v = l.ev(r);
        if (all) return terms.every((t) => has(v, t) === true);
        for (const t of terms) if (has(v, t) === true) return true;
        return false;
      });
    }
    return node("bool", [left, ...items], ([l, ...rest]) => (r) => {
      const terms = build([...constValues, ...rest.map((c) => c.ev(r))]);
      const v = l.ev(r);
      return all ? terms.every((t) => has(v, t) === true) : terms.some((t) => has(v, t) === true);
    });
  }
  const keyOf = (v: Value): unknown => {
    const u = isDynValue(v) && (v.value === null || typeof v.value !== "object") ? v.value : v;
    if (ci) return typeof u === "string" ? u.toLowerCase() : typeof u === "object" && u !== null ? asText(u as Value).toLowerCase() : valueKey(u as Value);
    return valueKey(u as Value);
  };
  const makeSet = (vals: Value[]): Set<unknown> => new Set(flatten(vals).map(keyOf));
  if (allConst) {
    const set = makeSet([...constValues, ...items.map((c) => c.ev(0))]);
    return node("bool", [left], ([l]) => (r) => {
      const v = l.ev(r);
      if (v === null) return negate;
      return set.has(keyOf(v)) !== negate;
    });
  }
  return node("bool", [left, ...items], ([l, ...rest]) => (r) => {
    const set = makeSet([...constValues, ...rest.map((c) => c.ev(r))]);
    const v = l.ev(r);
    if (v === null) return negate;
    return set.has(keyOf(v)) !== negate;
  });
}

// ---------------------------------------------------------------------------- calls

function positional(args: readonly Arg[], call: Call): Expr[] {
  return args.map((a) => {
    if (a.kind === "NamedArg") fail(`named argument '${a.name}' is not accepted by ${call.name}()`, a);
    return a;
  });
}

/** Conversion functions for a trailing `typeof(T)` argument (`extract(re, 1, s, typeof(long))`). */
const CONVERT_TO: Readonly<Record<string, string>> = {
  string: "tostring",
  long: "tolong",
  int: "toint",
  real: "toreal",
  double: "toreal",
  bool: "tobool",
  boolean: "tobool",
  datetime: "todatetime",
  date: "todatetime",
  timespan: "totimespan",
  time: "totimespan",
  guid: "toguid",
  decimal: "todecimal",
  dynamic: "todynamic",
};

function typeofTarget(a: Arg | undefined): string | null {
  if (a === undefined || a.kind !== "Call" || a.name !== "typeof" || a.args.length !== 1) return null;
  const t = a.args[0];
  return t.kind === "NameRef" ? t.name.toLowerCase() : null;
}

function compileCall(e: Call, scope: Scope): Compiled {
  const target = typeofTarget(e.args[e.args.length - 1]);
  if (target !== null && e.args.length > 1) {
    const convert = CONVERT_TO[target];
    if (convert === undefined) fail(`unknown type '${target}' in typeof()`, e.args[e.args.length - 1]);
    const inner: Call = { ...e, args: e.args.slice(0, -1) };
    return compileCall({ kind: "Call", name: convert, args: [inner], span: e.span }, scope);
  }
  const user = scope.env.get(e.name);
  if (user?.kind === "function") return compileUserCall(user.lambda, user.env, e.args, e, scope);
  if (SPECIAL_CALLS.has(e.name)) return compileSpecialCall(e, scope);
  const f = SCALAR_FUNCTIONS.get(e.name);
  if (f === undefined) {
    if (AGGREGATE_NAMES.has(e.name)) fail(`aggregation '${e.name}()' can only be used in summarize (or make-series)`, e, "KQL2005");
    fail(`unknown function '${e.name}'`, e, "KQL2006");
  }
  const argExprs = positional(e.args, e);
  if (argExprs.length < f.minArgs || argExprs.length > f.maxArgs) {
    const expected = f.minArgs === f.maxArgs ? `${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
    fail(`${e.name}() expects ${expected} argument${f.maxArgs === 1 ? "" : "s"}, got ${argExprs.length}`, e, "KQL2007");
  }
  const args = argExprs.map((a) => compileExpr(a, scope));
  const types = args.map((a) => a.type);
  let type: KqlType;
  try {
    type = f.returns(types);
  } catch (err) {
    fail((err as Error).message, e);
  }
  const fctx = { now: scope.ctx.now };
  const call = (vals: Value[]): Value => {
    try {
      return f.call(vals, fctx, types);
    } catch (err) {
      if (err instanceof FunctionError || err instanceof RangeError || err instanceof TypeError || err instanceof SyntaxError) {
        throw new EvalFailure(err.message, e.span, "KQL2008");
      }
      throw err;
    }
  };
  const pure = !IMPURE_FUNCTIONS.has(e.name);
  switch (args.length) {
    case 0:
      return node(type, [], () => () => call([]), pure);
    case 1:
      return node(type, args, ([a]) => (r) => call([a.ev(r)]), pure);
    case 2:
      return node(type, args, ([a, b]) => (r) => call([a.ev(r), b.ev(r)]), pure);
    default:
      return node(type, args, (kids) => (r) => call(kids.map((k) => k.ev(r))), pure);
  }
}

/** Inlines a call of a user-defined scalar function: parameters bound to the argument expressions. */
export function compileUserCall(lambda: Lambda, defEnv: Env, args: readonly Arg[], at: Expr, scope: Scope): Compiled {
  const fnEnv = bindArguments(lambda, defEnv, args, at, scope);
  if (isTabularExpr(lambda.result, fnEnv)) fail("this function returns a table; it cannot be used as a scalar", at);
  return memoize(compileExpr(lambda.result, { table: scope.table, env: fnEnv, ctx: scope.ctx }));
}

/** Binds a user function's parameters (scalar: compiled in the caller's scope; tabular: evaluated). */
export function bindArguments(lambda: Lambda, defEnv: Env, args: readonly Arg[], at: Expr, scope: Scope | null): Env {
  const env = defEnv.child();
  const positionalArgs = args.filter((a) => a.kind !== "NamedArg") as Expr[];
  const named = new Map(args.filter((a) => a.kind === "NamedArg").map((a) => [a.name, a.value] as const));
  if (positionalArgs.length > lambda.params.length) fail(`function expects at most ${lambda.params.length} arguments, got ${positionalArgs.length}`, at, "KQL2007");
  lambda.params.forEach((p, i) => {
    const arg = positionalArgs[i] ?? named.get(p.name) ?? p.default;
    if (arg === undefined || arg === null) fail(`missing argument '${p.name}'`, at, "KQL2007");
    const callerEnv = scope?.env ?? defEnv;
    if (p.type.kind === "TabularParam") {
      let cached: import("./table.js").Table | null = null;
      env.set(p.name, {
        kind: "tabular",
        get: () => {
          cached ??= scope ? scope.ctx.evalTabular(arg, callerEnv) : fail("internal: no scope", at);
          return cached;
        },
      });
    } else if (scope) {
      const c = compileExpr(arg, scope);
      if (c.dep === null) env.set(p.name, { kind: "scalar", type: c.type, value: c.ev(0) });
      else env.set(p.name, { kind: "compiled", compiled: c });
    }
  });
  for (const s of lambda.body) {
    if (s.kind === "Let") bindLet(s.name, s.value, env, scope?.ctx ?? null);
  }
  return env;
}

/** Adds a `let` binding to `env` (scalar values are computed now; tables when first used). */
export function bindLet(name: string, value: Expr, env: Env, ctx: Scope["ctx"] | null): void {
  if (value.kind === "Lambda") {
    env.set(name, { kind: "function", lambda: value, env });
    return;
  }
  if (ctx === null) fail("internal: let without context", value);
  if (isTabularExpr(value, env)) {
    let cached: import("./table.js").Table | null = null;
    env.set(name, {
      kind: "tabular",
      get: () => {
        cached ??= ctx.evalTabular(value, env).withName(name);
        return cached;
      },
    });
    return;
  }
  const c = compileExpr(value, { table: EMPTY_SCOPE_TABLE, env, ctx });
  env.set(name, { kind: "scalar", type: c.type, value: c.ev(0) });
}

const EMPTY_SCOPE_TABLE = new Table("", [], 1);

/** Aggregation names, so that using one outside summarize gets a helpful message. */
export const AGGREGATE_NAMES: Set<string> = new Set();

export { memoize };

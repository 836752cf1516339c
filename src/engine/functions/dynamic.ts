/** Dynamic (array and property bag) functions: array_*, bag_*, set_*, pack*, zip, range... */
import { dynToJson } from "../format.js";
import { bag, type Dyn, type DynBag, dyn, isBag, isDateTime, isTimespan, type Value, timespan, datetime } from "../values.js";
import { asArray, asBag, asBool, asDyn, asInteger, asNumber, asString, dynAsString, tryParseJson } from "./coerce.js";
import { convertToType } from "./convert-to-type.js";
import { parseJsonPath, selectPath, type PathStep } from "./json-path.js";
import { fn, FunctionError, type ScalarFunction } from "./types.js";
import type { KqlType } from "../values.js";

/** Structural identity of a dynamic value (for set semantics and lookups). */
export function dynKey(d: Dyn): string {
  if (typeof d === "string") return `s${d}`;
  if (typeof d === "number") return `n${d}`;
  return `j${dynToJson(d)}`;
}

function distinct(items: readonly Dyn[]): Dyn[] {
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const d of items) {
    const k = dynKey(d);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

const TYPE_ORDER = (d: Dyn): number => {
  if (d === null) return 9;
  if (typeof d === "boolean") return 0;
  if (typeof d === "number") return 1;
  if (isDateTime(d) || isTimespan(d)) return 2;
  if (typeof d === "string") return 3;
  return 4;
};

/** Orders dynamic scalars: numbers numerically, strings ordinally, datetimes by ticks. */
function compareDyn(a: Dyn, b: Dyn): number {
  const ta = TYPE_ORDER(a);
  const tb = TYPE_ORDER(b);
  if (ta !== tb) return ta - tb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if ((isDateTime(a) || isTimespan(a)) && (isDateTime(b) || isTimespan(b)))
    return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
  const sa = typeof a === "string" ? a : dynToJson(a);
  const sb = typeof b === "string" ? b : dynToJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function arraySort(args: readonly Value[], descending: boolean): Value {
  let nullsLast = true;
  let arrayArgs = args;
  const last = args[args.length - 1];
  if (args.length > 1 && (typeof last === "boolean" || last === null)) {
    nullsLast = last !== false;
    arrayArgs = args.slice(0, -1);
  }
  const arrays = arrayArgs.map(asArray);
  if (arrays.some((a) => a === null)) return dyn(null);
  const first = arrays[0] as readonly Dyn[];
  const order = first.map((_, i) => i);
  order.sort((i, j) => {
    const a = first[i];
    const b = first[j];
    if (a === null || b === null) {
      if (a === b) return 0;
      return (a === null ? 1 : -1) * (nullsLast ? 1 : -1);
    }
    const c = compareDyn(a, b);
    return descending ? -c : c;
  });
  // An array whose length differs from the first one's becomes null (the others still sort).
  const sorted = arrays.map((arr) => ((arr as readonly Dyn[]).length === first.length ? order.map((i) => (arr as readonly Dyn[])[i]) : null));
  return dyn(sorted.length === 1 ? sorted[0] : sorted);
}

function sliceIndex(i: number, length: number): number {
  return i < 0 ? length + i : i;
}

function arraySlice(arr: readonly Dyn[], start: number, end: number): Dyn[] {
  const s = Math.max(0, sliceIndex(start, arr.length));
  const e = Math.min(arr.length - 1, sliceIndex(end, arr.length));
  return s > e ? [] : arr.slice(s, e + 1);
}

function arrayIndexOf(args: readonly Value[]): Value {
  const arr = asArray(args[0]);
  if (arr === null) return null;
  const lookup = dynKey(asDyn(args[1]));
  const startArg = args.length > 2 ? asInteger(args[2]) : 0;
  const length = args.length > 3 ? asInteger(args[3]) : -1;
  const occurrence = args.length > 4 ? asInteger(args[4]) : 1;
  if (startArg === null || length === null || occurrence === null || occurrence <= 0) return null;
  const start = Math.max(0, sliceIndex(startArg, arr.length));
  const end = length < 0 ? arr.length : Math.min(arr.length, start + length);
  let seen = 0;
  for (let i = start; i < end; i++) {
    if (dynKey(arr[i]) === lookup && ++seen === occurrence) return i;
  }
  return -1;
}

function arraySplit(arr: readonly Dyn[], indices: readonly number[]): Dyn[][] {
  const cuts = indices
    .map((i) => Math.min(arr.length, Math.max(0, sliceIndex(i, arr.length))))
    .sort((a, b) => a - b);
  const out: Dyn[][] = [];
  let from = 0;
  for (const cut of cuts) {
    out.push(arr.slice(from, cut));
    from = cut;
  }
  out.push(arr.slice(from));
  return out;
}

function arrayIff(args: readonly Value[]): Value {
  const conditions = asArray(args[0]);
  if (conditions === null) return dyn(null);
  const branch = (v: Value, i: number): Dyn => {
    const arr = asArray(v);
    if (arr !== null) return i < arr.length ? arr[i] : null;
    return asDyn(v);
  };
  return dyn(
    conditions.map((c, i) => {
      if (typeof c !== "boolean" && typeof c !== "number") return null;
      return asBool(c) ? branch(args[1], i) : branch(args[2], i);
    }),
  );
}

function rotate(arr: readonly Dyn[], right: number): Dyn[] {
  if (arr.length === 0) return [];
  const k = ((right % arr.length) + arr.length) % arr.length;
  return [...arr.slice(arr.length - k), ...arr.slice(0, arr.length - k)];
}

function shift(arr: readonly Dyn[], right: number, fill: Dyn): Dyn[] {
  const n = arr.length;
  return arr.map((_, i) => {
    const from = i - right;
    return from >= 0 && from < n ? arr[from] : fill;
  });
}

function bagSteps(path: string, caller: string): PathStep[] {
  const steps = parseJsonPath(path, caller);
  if (steps.some((s) => !("key" in s))) throw new FunctionError(caller, `only property names are allowed in '${path}'`);
  return steps;
}

function removePath(b: DynBag, keys: readonly string[]): DynBag {
  const [head, ...rest] = keys;
  if (!b.entries.has(head)) return b;
  const entries = new Map(b.entries);
  if (rest.length === 0) entries.delete(head);
  else {
    const child = b.entries.get(head) ?? null;
    if (!isBag(child)) return b;
    entries.set(head, removePath(child, rest));
  }
  return { t: "bag", entries };
}

function setPath(b: DynBag, keys: readonly string[], value: Dyn): DynBag {
  const [head, ...rest] = keys;
  const entries = new Map(b.entries);
  if (rest.length === 0) entries.set(head, value);
  else {
    const child = b.entries.get(head) ?? null;
    entries.set(head, setPath(isBag(child) ? child : bag([]), rest, value));
  }
  return { t: "bag", entries };
}

function pack(args: readonly Value[], caller: string): Value {
  if (args.length % 2 !== 0) throw new FunctionError(caller, "expects key/value pairs");
  const entries = new Map<string, Dyn>();
  for (let i = 0; i < args.length; i += 2) entries.set(asString(args[i]), asDyn(args[i + 1]));
  return dyn({ t: "bag", entries });
}

function setOp(args: readonly Value[], op: "union" | "intersect" | "difference"): Value {
  const arrays = args.map(asArray);
  if (arrays.some((a) => a === null)) return dyn(null);
  const [first, ...rest] = arrays as (readonly Dyn[])[];
  if (op === "union") return dyn(distinct(first.concat(...rest)));
  const restKeys = rest.map((a) => new Set(a.map(dynKey)));
  const keep = (d: Dyn): boolean => {
    const k = dynKey(d);
    return op === "intersect" ? restKeys.every((s) => s.has(k)) : !restKeys.some((s) => s.has(k));
  };
  return dyn(distinct(first).filter(keep));
}

function extractJson(args: readonly Value[]): Value {
  const steps = parseJsonPath(asString(args[0]), "extract_json");
  const type = args.length > 2 ? (asString(args[2]) as KqlType) : undefined;
  const source = args[1];
  const root = typeof source === "string" ? tryParseJson(source) : asDyn(source);
  const found = selectPath(root, steps);
  const value: Dyn = found.length === 0 ? null : found.length === 1 ? found[0] : found;
  if (type === undefined || type === "string") return found.length === 0 ? "" : dynAsString(value);
  if (type === "dynamic") return dyn(value);
  return convertToType(value === null ? null : typeof value === "object" ? dyn(value) : value, type);
}

const MAX_RANGE = 1_048_576;

function range(args: readonly Value[]): Value {
  const [start, stop] = args;
  const stepArg = args.length > 2 ? args[2] : null;
  if (isDateTime(start) || isTimespan(start)) {
    const end = isDateTime(stop) || isTimespan(stop) ? stop.ticks : null;
    const step = stepArg === null ? 864_000_000_000n : isTimespan(stepArg) ? stepArg.ticks : null;
    if (end === null || step === null || step === 0n) return dyn(null);
    const out: Dyn[] = [];
    for (let t = start.ticks; step > 0n ? t <= end : t >= end; t += step) {
      out.push(isDateTime(start) ? datetime(t) : timespan(t));
      if (out.length >= MAX_RANGE) break;
    }
    return dyn(out);
  }
  const a = asNumber(start);
  const b = asNumber(stop);
  const step = stepArg === null ? 1 : asNumber(stepArg);
  if (a === null || b === null || step === null || step === 0) return dyn(null);
  const out: Dyn[] = [];
  for (let x = a; step > 0 ? x <= b : x >= b; x += step) {
    out.push(x);
    if (out.length >= MAX_RANGE) break;
  }
  return dyn(out);
}

const arr1 = (f: (a: readonly Dyn[]) => Value): ScalarFunction["call"] => ([v]) => {
  const a = asArray(v);
  return a === null ? null : f(a);
};

export const DYNAMIC_FUNCTIONS: readonly ScalarFunction[] = [
  fn("array_length", 1, 1, "long", arr1((a) => a.length)),
  fn("arraylength", 1, 1, "long", arr1((a) => a.length)),
  fn("array_concat", 1, 64, "dynamic", (args) => {
    const arrays = args.map(asArray);
    return arrays.some((a) => a === null) ? dyn(null) : dyn(([] as Dyn[]).concat(...(arrays as Dyn[][])));
  }),
  fn("array_slice", 3, 3, "dynamic", ([v, s, e]) => {
    const a = asArray(v);
    const start = asInteger(s);
    const end = asInteger(e);
    return a === null || start === null || end === null ? dyn(null) : dyn(arraySlice(a, start, end));
  }),
  fn("array_index_of", 2, 5, "long", arrayIndexOf),
  fn("array_sort_asc", 1, 64, "dynamic", (args) => arraySort(args, false)),
  fn("array_sort_desc", 1, 64, "dynamic", (args) => arraySort(args, true)),
  fn("array_reverse", 1, 1, "dynamic", ([v]) => {
    const a = asArray(v);
    return dyn(a === null ? null : [...a].reverse());
  }),
  fn("array_split", 2, 2, "dynamic", ([v, idx]) => {
    const a = asArray(v);
    const list = asArray(idx) ?? [asInteger(idx)];
    if (a === null || list.some((i) => typeof i !== "number")) return dyn(null);
    return dyn(arraySplit(a, list as number[]));
  }),
  fn("array_sum", 1, 1, "real", arr1((a) => (a.every((x) => typeof x === "number") ? (a as number[]).reduce((s, x) => s + x, 0) : null))),
  fn("array_iff", 3, 3, "dynamic", arrayIff),
  fn("array_iif", 3, 3, "dynamic", arrayIff),
  fn("array_rotate_left", 2, 2, "dynamic", ([v, n]) => {
    const a = asArray(v);
    const k = asInteger(n);
    return a === null || k === null ? dyn(null) : dyn(rotate(a, -k));
  }),
  fn("array_rotate_right", 2, 2, "dynamic", ([v, n]) => {
    const a = asArray(v);
    const k = asInteger(n);
    return a === null || k === null ? dyn(null) : dyn(rotate(a, k));
  }),
  fn("array_shift_left", 2, 3, "dynamic", (args) => {
    const a = asArray(args[0]);
    const k = asInteger(args[1]);
    return a === null || k === null ? dyn(null) : dyn(shift(a, -k, args.length > 2 ? asDyn(args[2]) : null));
  }),
  fn("array_shift_right", 2, 3, "dynamic", (args) => {
    const a = asArray(args[0]);
    const k = asInteger(args[1]);
    return a === null || k === null ? dyn(null) : dyn(shift(a, k, args.length > 2 ? asDyn(args[2]) : null));
  }),
  fn("bag_keys", 1, 1, "dynamic", ([v]) => {
    const b = asBag(v);
    return dyn(b === null ? null : [...b.entries.keys()]);
  }),
  fn("bag_has_key", 2, 2, "bool", ([v, k]) => {
    const b = asBag(v);
    if (b === null) return null;
    return selectPath(b, bagSteps(asString(k), "bag_has_key")).length > 0;
  }),
  fn("bag_merge", 1, 64, "dynamic", (args) => {
    const entries = new Map<string, Dyn>();
    for (const a of args) {
      const b = asBag(a);
      if (b === null) continue;
      for (const [k, v] of b.entries) if (!entries.has(k)) entries.set(k, v);
    }
    return dyn({ t: "bag", entries });
  }),
  fn("bag_remove_keys", 2, 2, "dynamic", ([v, keys]) => {
    let b = asBag(v);
    const list = asArray(keys);
    if (b === null || list === null) return dyn(null);
    for (const k of list) {
      if (typeof k !== "string") continue;
      b = removePath(b, bagSteps(k, "bag_remove_keys").map((s) => (s as { key: string }).key));
    }
    return dyn(b);
  }),
  fn("bag_set_key", 3, 3, "dynamic", ([v, k, value]) => {
    const b = asBag(v);
    if (b === null) return dyn(null);
    const keys = bagSteps(asString(k), "bag_set_key").map((s) => (s as { key: string }).key);
    return dyn(setPath(b, keys, asDyn(value)));
  }),
  fn("bag_zip", 2, 2, "dynamic", ([k, v]) => {
    const keys = asArray(k);
    if (keys === null) return dyn(null);
    const values = asArray(v) ?? [];
    const entries = new Map<string, Dyn>();
    keys.forEach((key, i) => {
      if (typeof key === "string") entries.set(key, i < values.length ? values[i] : null);
    });
    return dyn({ t: "bag", entries });
  }),
  fn("bag_pack", 0, 128, "dynamic", (args) => pack(args, "bag_pack")),
  fn("pack", 0, 128, "dynamic", (args) => pack(args, "pack")),
  fn("pack_dictionary", 0, 128, "dynamic", (args) => pack(args, "pack_dictionary")),
  fn("pack_array", 0, 128, "dynamic", (args) => dyn(args.map(asDyn))),
  fn("set_has_element", 2, 2, "bool", ([v, x]) => {
    const a = asArray(v);
    if (a === null) return null;
    const k = dynKey(asDyn(x));
    return a.some((d) => dynKey(d) === k);
  }),
  fn("set_union", 1, 64, "dynamic", (args) => setOp(args, "union")),
  fn("set_intersect", 1, 64, "dynamic", (args) => setOp(args, "intersect")),
  fn("set_difference", 1, 64, "dynamic", (args) => setOp(args, "difference")),
  fn("jaccard_index", 2, 2, "real", ([a, b]) => {
    const x = asArray(a);
    const y = asArray(b);
    if (x === null || y === null) return null;
    const kx = new Set(x.map(dynKey));
    const ky = new Set(y.map(dynKey));
    const union = new Set([...kx, ...ky]).size;
    const intersection = [...kx].filter((k) => ky.has(k)).length;
    return union === 0 ? Number.NaN : intersection / union;
  }),
  fn("zip", 2, 64, "dynamic", (args) => {
    const arrays = args.map(asArray);
    if (arrays.some((a) => a === null)) return dyn(null);
    const length = Math.max(...arrays.map((a) => (a as readonly Dyn[]).length));
    return dyn(Array.from({ length }, (_, i) => arrays.map((a) => (a as readonly Dyn[])[i] ?? null)));
  }),
  fn("extract_json", 2, 3, (t) => t[2] ?? "string", extractJson),
  fn("extractjson", 2, 3, (t) => t[2] ?? "string", extractJson),
  fn("range", 2, 3, "dynamic", range),
];


/**
 * Aggregation functions for `summarize`: a registry from name to a compiler that, given the
 * call and the input scope, returns the output columns (Kusto's default names and static types)
 * and a function computing them for every group at once.
 *
 * Percentiles are exact (nearest rank over the sorted values), where Kusto estimates them with
 * t-digest; `dcount` is exact where Kusto uses HyperLogLog. Both agree on small inputs.
 */
import type { Call, Expr } from "../kql/ast.js";
import { DictColumn } from "./column.js";
import { compareValues, valueKey } from "./compare.js";
import type { Compiled } from "./compiled.js";
import { compileExpr, AGGREGATE_NAMES } from "./compile.js";
import { fail } from "./errors.js";
import { derivedName } from "./naming.js";
import type { Scope } from "./scope.js";
import { valueAsDyn } from "./special-calls.js";
import { bag, type Dyn, dyn, isBag, isDynValue, isTimespan, type KqlType, timespan, type Value } from "./values.js";

export interface AggregateColumn {
  readonly name: string;
  readonly type: KqlType;
}

export interface CompiledAggregate {
  readonly columns: readonly AggregateColumn[];
  /** Values of every output column, per group. */
  run(groupIds: Int32Array, groups: number, rows: number): Value[][];
}

interface AggContext {
  readonly call: Call;
  readonly args: readonly Expr[];
  readonly scope: Scope;
  /** Columns already produced by the by-clause (excluded from `*`). */
  readonly byNames: ReadonlySet<string>;
}

type AggregateCompiler = (c: AggContext) => CompiledAggregate;

interface AggregateDef {
  readonly min: number;
  readonly max: number;
  readonly compile: AggregateCompiler;
}

function argName(e: Expr | undefined): string {
  return e === undefined ? "" : (derivedName(e) ?? "");
}

function arg(c: AggContext, i: number): Compiled {
  return compileExpr(c.args[i], c.scope);
}

function truthy(v: Value): boolean {
  return v === true || (isDynValue(v) && v.value === true);
}

/** The row filter of an `...if` aggregate, or null. */
function predicate(c: AggContext, i: number | null): Compiled | null {
  return i === null ? null : arg(c, i);
}

function emptyOf(type: KqlType): Value {
  return type === "string" ? "" : null;
}

function isNull(v: Value): boolean {
  return v === null || (isDynValue(v) && v.value === null);
}

// ----------------------------------------------------------------------------- counting

function countAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const pred = predicate(c, predIndex);
    const name = prefix === "count" ? `count_${c.args.length > 0 && predIndex === null ? argName(c.args[0]) : ""}` : `${prefix}_`;
    return {
      columns: [{ name, type: "long" }],
      run(g, n, rows) {
        const counts = new Array<number>(n).fill(0);
        if (pred === null) for (let r = 0; r < rows; r++) counts[g[r]]++;
        else for (let r = 0; r < rows; r++) if (truthy(pred.ev(r))) counts[g[r]]++;
        return [counts];
      },
    };
  };
}

function dcountAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "long" }],
      run(g, n, rows) {
        const sets: Set<unknown>[] = Array.from({ length: n }, () => new Set());
        const src = x.source;
        if (src instanceof DictColumn && src.unique && pred === null) {
          for (let r = 0; r < rows; r++) {
            const v = src.dict[src.codes[r]];
            if (!isNull(v)) sets[g[r]].add(src.codes[r]);
          }
        } else {
          for (let r = 0; r < rows; r++) {
            if (pred !== null && !truthy(pred.ev(r))) continue;
            const v = x.ev(r);
            if (!isNull(v)) sets[g[r]].add(valueKey(v));
          }
        }
        return [sets.map((s) => s.size)];
      },
    };
  };
}

// ----------------------------------------------------------------------------- arithmetic

function numeric(v: Value): number | null {
  if (typeof v === "number") return v;
  if (isDynValue(v) && typeof v.value === "number") return v.value;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

function sumType(t: KqlType): KqlType {
  if (t === "int" || t === "long" || t === "bool") return "long";
  if (t === "timespan" || t === "decimal") return t;
  return "real";
}

function sumAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    const type = sumType(x.type);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type }],
      run(g, n, rows) {
        if (type === "timespan") {
          const sums = new Array<bigint>(n).fill(0n);
          for (let r = 0; r < rows; r++) {
            if (pred !== null && !truthy(pred.ev(r))) continue;
            const v = x.ev(r);
            if (isTimespan(v)) sums[g[r]] += v.ticks;
          }
          return [sums.map((s) => timespan(s))];
        }
        const sums = new Array<number>(n).fill(0);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = numeric(x.ev(r));
          if (v !== null) sums[g[r]] += v;
        }
        return [sums];
      },
    };
  };
}

function avgAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    const span = x.type === "timespan";
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: span ? "timespan" : "real" }],
      run(g, n, rows) {
        const sums = new Array<number>(n).fill(0);
        const counts = new Array<number>(n).fill(0);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = x.ev(r);
          const num = isTimespan(v) ? Number(v.ticks) : numeric(v);
          if (num === null) continue;
          sums[g[r]] += num;
          counts[g[r]]++;
        }
        return [sums.map((s, i) => (span ? (counts[i] ? timespan(BigInt(Math.round(s / counts[i]))) : null) : s / counts[i]))];
      },
    };
  };
}

function extremeAgg(prefix: string, sign: 1 | -1, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: x.type }],
      run(g, n, rows) {
        const best: Value[] = new Array(n).fill(null);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = x.ev(r);
          if (isNull(v) || (x.type === "string" && v === "")) continue;
          const cur = best[g[r]];
          if (cur === null || compareValues(v, cur) * sign > 0) best[g[r]] = v;
        }
        return [best.map((v) => (v === null ? emptyOf(x.type) : v))];
      },
    };
  };
}

/** arg_max / arg_min: the row with the extreme value of the first argument, projected. */
function argExtremeAgg(sign: 1 | -1): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const xName = derivedName(c.args[0]) ?? (sign > 0 ? "max_" : "min_");
    const cols: { name: string; compiled: Compiled }[] = [{ name: xName, compiled: x }];
    for (const e of c.args.slice(1)) {
      if (e.kind === "Star") {
        for (const col of c.scope.table.columns) {
          if (c.byNames.has(col.name) || cols.some((k) => k.name === col.name)) continue;
          cols.push({ name: col.name, compiled: compileExpr({ kind: "NameRef", name: col.name, span: e.span }, c.scope) });
        }
      } else {
        cols.push({ name: derivedName(e) ?? `${sign > 0 ? "max" : "min"}_${xName}_arg${cols.length}`, compiled: compileExpr(e, c.scope) });
      }
    }
    return {
      columns: cols.map((k) => ({ name: k.name, type: k.compiled.type })),
      run(g, n, rows) {
        const bestRow = new Array<number>(n).fill(-1);
        const bestVal: Value[] = new Array(n).fill(null);
        for (let r = 0; r < rows; r++) {
          const v = x.ev(r);
          const gi = g[r];
          if (isNull(v)) {
            if (bestRow[gi] < 0 && bestVal[gi] === null) bestRow[gi] = -2 - r;
            continue;
          }
          const cur = bestVal[gi];
          if (cur === null || compareValues(v, cur) * sign > 0) {
            bestVal[gi] = v;
            bestRow[gi] = r;
          }
        }
        return cols.map((k) =>
          bestRow.map((r) => (r >= 0 ? k.compiled.ev(r) : r < -1 && k.compiled !== x ? k.compiled.ev(-2 - r) : emptyOf(k.compiled.type))),
        );
      },
    };
  };
}

// ----------------------------------------------------------------------------- collections

function maxSizeArg(c: AggContext, i: number): number {
  if (c.args.length <= i) return 1_048_576;
  const v = arg(c, i).value;
  return typeof v === "number" ? v : 1_048_576;
}

function makeSetAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    const limit = maxSizeArg(c, predIndex === null ? 1 : 2);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "dynamic" }],
      run(g, n, rows) {
        const seen: Map<unknown, Dyn>[] = Array.from({ length: n }, () => new Map());
        const add = (m: Map<unknown, Dyn>, d: Dyn) => {
          if (d === null || m.size >= limit) return;
          const k = valueKey(d);
          if (!m.has(k)) m.set(k, d);
        };
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = x.ev(r);
          if (isNull(v)) continue;
          const d = valueAsDyn(v);
          const m = seen[g[r]];
          if (Array.isArray(d)) for (const e of d as Dyn[]) add(m, e);
          else add(m, d);
        }
        return [seen.map((m) => dyn([...m.values()]))];
      },
    };
  };
}

function makeListAgg(prefix: string, predIndex: number | null, withNulls: boolean): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    const limit = maxSizeArg(c, predIndex === null ? 1 : 2);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "dynamic" }],
      run(g, n, rows) {
        const lists: Dyn[][] = Array.from({ length: n }, () => []);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = x.ev(r);
          if (isNull(v) && !withNulls) continue;
          const l = lists[g[r]];
          if (l.length < limit) l.push(valueAsDyn(v));
        }
        return [lists.map((l) => dyn(l))];
      },
    };
  };
}

function makeBagAgg(prefix: string, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    const limit = maxSizeArg(c, predIndex === null ? 1 : 2);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "dynamic" }],
      run(g, n, rows) {
        const bags: Map<string, Dyn>[] = Array.from({ length: n }, () => new Map());
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = x.ev(r);
          if (!isDynValue(v) || !isBag(v.value)) continue;
          const m = bags[g[r]];
          for (const [k, d] of v.value.entries) if (!m.has(k) && m.size < limit) m.set(k, d);
        }
        return [bags.map((m) => dyn(bag(m)))];
      },
    };
  };
}

function takeAnyAgg(predIndex: number | null): AggregateCompiler {
  return (c) => {
    const pred = predicate(c, predIndex);
    const exprs = predIndex === null ? c.args : c.args.slice(0, predIndex);
    const cols: { name: string; compiled: Compiled }[] = [];
    for (const e of exprs) {
      if (e.kind === "Star") {
        for (const col of c.scope.table.columns) {
          if (c.byNames.has(col.name)) continue;
          cols.push({ name: col.name, compiled: compileExpr({ kind: "NameRef", name: col.name, span: e.span }, c.scope) });
        }
      } else {
        const d = derivedName(e);
        cols.push({ name: exprs.length === 1 || d === null ? `any_${d ?? ""}` : d, compiled: compileExpr(e, c.scope) });
      }
    }
    return {
      columns: cols.map((k) => ({ name: k.name, type: k.compiled.type })),
      run(g, n, rows) {
        const pick = new Array<number>(n).fill(-1);
        for (let r = 0; r < rows; r++) {
          if (pick[g[r]] >= 0) continue;
          if (pred !== null && !truthy(pred.ev(r))) continue;
          pick[g[r]] = r;
        }
        return cols.map((k) => pick.map((r) => (r >= 0 ? k.compiled.ev(r) : emptyOf(k.compiled.type))));
      },
    };
  };
}

// ----------------------------------------------------------------------------- statistics

function percentileName(p: number): string {
  return String(p).replace(".", "_");
}

function sortedGroups(x: Compiled, g: Int32Array, n: number, rows: number): Value[][] {
  const vals: Value[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < rows; r++) {
    const v = x.ev(r);
    if (!isNull(v)) vals[g[r]].push(isDynValue(v) ? (v.value as Value) : v);
  }
  for (const v of vals) v.sort(compareValues);
  return vals;
}

/** Nearest-rank percentile of sorted values. */
function nearestRank(sorted: readonly Value[], p: number): Value {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Percentile arguments: constants, or one dynamic array of them. */
function percentileArgs(c: AggContext, from: number): number[] {
  const out: number[] = [];
  for (const e of c.args.slice(from)) {
    const v = compileExpr(e, c.scope).value;
    if (typeof v === "number") out.push(v);
    else if (isDynValue(v) && Array.isArray(v.value)) for (const x of v.value as Dyn[]) out.push(Number(x));
    else fail("percentile must be a constant number", e);
  }
  return out;
}

/** percentile(s)[_array] and the weighted percentilew / percentilesw[_array]. */
function percentileAgg(array: boolean, weighted: boolean): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const w = weighted ? arg(c, 1) : null;
    const ps = percentileArgs(c, weighted ? 2 : 1);
    const type = x.type === "int" ? "long" : x.type;
    const sorted = (g: Int32Array, n: number, rows: number): Value[][] => {
      if (w === null) return sortedGroups(x, g, n, rows);
      const vals: Value[][] = Array.from({ length: n }, () => []);
      for (let r = 0; r < rows; r++) {
        const v = x.ev(r);
        const k = numeric(w.ev(r)) ?? 0;
        if (isNull(v)) continue;
        for (let i = 0; i < k; i++) vals[g[r]].push(isDynValue(v) ? (v.value as Value) : v);
      }
      for (const v of vals) v.sort(compareValues);
      return vals;
    };
    if (array) {
      return {
        columns: [{ name: `percentile_${argName(c.args[0])}`, type: "dynamic" }],
        run(g, n, rows) {
          return [sorted(g, n, rows).map((s) => dyn(ps.map((p) => valueAsDyn(nearestRank(s, p)))))];
        },
      };
    }
    return {
      columns: ps.map((p) => ({ name: `percentile_${argName(c.args[0])}_${percentileName(p)}`, type })),
      run(g, n, rows) {
        const s = sorted(g, n, rows);
        return ps.map((p) => s.map((vals) => nearestRank(vals, p)));
      },
    };
  };
}

function covarianceAgg(prefix: string, population: boolean, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const y = arg(c, 1);
    const pred = predicate(c, predIndex);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}_${argName(c.args[1])}`, type: "real" }],
      run(g, n, rows) {
        const count = new Array<number>(n).fill(0);
        const sx = new Array<number>(n).fill(0);
        const sy = new Array<number>(n).fill(0);
        const sxy = new Array<number>(n).fill(0);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const a = numeric(x.ev(r));
          const b = numeric(y.ev(r));
          if (a === null || b === null) continue;
          const i = g[r];
          count[i]++;
          sx[i] += a;
          sy[i] += b;
          sxy[i] += a * b;
        }
        return [
          count.map((k, i) => {
            const denom = population ? k : k - 1;
            return denom > 0 ? (sxy[i] - (sx[i] * sy[i]) / k) / denom : 0;
          }),
        ];
      },
    };
  };
}

function varianceAgg(prefix: string, population: boolean, sqrt: boolean, predIndex: number | null): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const pred = predicate(c, predIndex);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "real" }],
      run(g, n, rows) {
        const count = new Array<number>(n).fill(0);
        const mean = new Array<number>(n).fill(0);
        const m2 = new Array<number>(n).fill(0);
        for (let r = 0; r < rows; r++) {
          if (pred !== null && !truthy(pred.ev(r))) continue;
          const v = numeric(x.ev(r));
          if (v === null) continue;
          const i = g[r];
          count[i]++;
          const d = v - mean[i];
          mean[i] += d / count[i];
          m2[i] += d * (v - mean[i]);
        }
        return [
          count.map((k, i) => {
            const denom = population ? k : k - 1;
            const variance = denom > 0 ? m2[i] / denom : 0;
            return sqrt ? Math.sqrt(variance) : variance;
          }),
        ];
      },
    };
  };
}

function binaryAllAgg(prefix: string, op: (a: bigint, b: bigint) => bigint): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    return {
      columns: [{ name: `${prefix}_${argName(c.args[0])}`, type: "long" }],
      run(g, n, rows) {
        const acc: (bigint | null)[] = new Array(n).fill(null);
        for (let r = 0; r < rows; r++) {
          const v = numeric(x.ev(r));
          if (v === null) continue;
          const b = BigInt.asIntN(64, BigInt(Math.trunc(v)));
          const cur = acc[g[r]];
          acc[g[r]] = cur === null ? b : BigInt.asIntN(64, op(cur, b));
        }
        return [acc.map((a) => (a === null ? null : Number(a)))];
      },
    };
  };
}

/** The merged schema of dynamic values (buildschema): primitive type names, bag keys, array elements. */
interface SchemaNode {
  /** Items in order of first appearance: a primitive type name, "bag" or "array". */
  readonly order: string[];
  readonly bag: Map<string, SchemaNode>;
  array: SchemaNode | null;
}

function newSchema(): SchemaNode {
  return { order: [], bag: new Map(), array: null };
}

function dynTypeName(d: Dyn): string {
  if (typeof d === "boolean") return "bool";
  if (typeof d === "number") return Number.isInteger(d) ? "long" : "double";
  if (typeof d === "string") return "string";
  if (isDynValue(d as Value)) return "dynamic";
  const t = (d as { t?: string }).t;
  return t === "datetime" ? "datetime" : t === "timespan" ? "timespan" : t === "guid" ? "guid" : "dynamic";
}

function mergeSchema(node: SchemaNode, d: Dyn): void {
  if (d === null) return;
  const kind = Array.isArray(d) ? "array" : isBag(d) ? "bag" : dynTypeName(d);
  if (!node.order.includes(kind)) node.order.push(kind);
  if (Array.isArray(d)) {
    node.array ??= newSchema();
    for (const x of d as Dyn[]) mergeSchema(node.array, x);
  } else if (isBag(d)) {
    for (const [k, v] of d.entries) {
      let child = node.bag.get(k);
      if (!child) {
        child = newSchema();
        node.bag.set(k, child);
      }
      mergeSchema(child, v);
    }
  }
}

function schemaToDyn(node: SchemaNode): Dyn {
  const items: Dyn[] = node.order.map((kind) => {
    if (kind === "bag") return bag([...node.bag].map(([k, v]) => [k, schemaToDyn(v)] as [string, Dyn]));
    if (kind === "array") return bag([["`indexer`", node.array ? schemaToDyn(node.array) : null]]);
    return kind;
  });
  return items.length === 1 ? items[0] : items;
}

const buildSchemaAgg: AggregateCompiler = (c) => {
  const x = arg(c, 0);
  return {
    columns: [{ name: `schema_${argName(c.args[0])}`, type: "dynamic" }],
    run(g, n, rows) {
      const roots: (SchemaNode | null)[] = new Array(n).fill(null);
      for (let r = 0; r < rows; r++) {
        const v = x.ev(r);
        if (isNull(v)) continue;
        roots[g[r]] ??= newSchema();
        mergeSchema(roots[g[r]]!, valueAsDyn(v));
      }
      return [roots.map((s) => (s === null || s.order.length === 0 ? null : dyn(schemaToDyn(s))))];
    },
  };
};

/**
 * hll(x): an exact stand-in for Kusto's HyperLogLog sketch: the sorted distinct values (as a
 * dynamic array), which `dcount_hll` counts and `hll_merge` unions.
 */
function hllAgg(merge: boolean): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    return {
      columns: [{ name: `${merge ? "hll_merge" : "hll"}_${argName(c.args[0])}`, type: "dynamic" }],
      run(g, n, rows) {
        const sets: (Map<unknown, Dyn> | null)[] = new Array(n).fill(null);
        for (let r = 0; r < rows; r++) {
          const v = x.ev(r);
          if (isNull(v)) continue;
          const m = (sets[g[r]] ??= new Map());
          const items = merge && isDynValue(v) && Array.isArray(v.value) ? (v.value as Dyn[]) : [valueAsDyn(v)];
          for (const d of items) m.set(valueKey(d), d);
        }
        return [sets.map((m) => (m === null ? null : dyn([...m.values()].sort(compareValues))))];
      },
    };
  };
}

/**
 * tdigest(x [, weight]): an exact stand-in for Kusto's t-digest: sorted [value, weight] pairs,
 * read by `percentile_tdigest` / `rank_tdigest` and merged by `tdigest_merge`.
 */
function tdigestAgg(merge: boolean): AggregateCompiler {
  return (c) => {
    const x = arg(c, 0);
    const w = !merge && c.args.length > 1 ? arg(c, 1) : null;
    return {
      columns: [{ name: `${merge ? "tdigest_merge" : "tdigest"}_${argName(c.args[0])}`, type: "dynamic" }],
      run(g, n, rows) {
        const pairs: [Dyn, number][][] = Array.from({ length: n }, () => []);
        for (let r = 0; r < rows; r++) {
          const v = x.ev(r);
          if (isNull(v)) continue;
          if (merge) {
            if (isDynValue(v) && Array.isArray(v.value)) for (const p of v.value as Dyn[][]) pairs[g[r]].push([p[0], Number(p[1])]);
            continue;
          }
          pairs[g[r]].push([valueAsDyn(v), w ? (numeric(w.ev(r)) ?? 1) : 1]);
        }
        return [pairs.map((ps) => (ps.length === 0 ? null : dyn(ps.sort((a, b) => compareValues(a[0], b[0])).map(([v, k]) => [v, k]))))];
      },
    };
  };
}

const DEFS: ReadonlyMap<string, AggregateDef> = new Map<string, AggregateDef>([
  ["count", { min: 0, max: 1, compile: countAgg("count", null) }],
  ["countif", { min: 1, max: 1, compile: countAgg("countif", 0) }],
  ["dcount", { min: 1, max: 2, compile: dcountAgg("dcount", null) }],
  ["dcountif", { min: 2, max: 3, compile: dcountAgg("dcountif", 1) }],
  ["count_distinct", { min: 1, max: 1, compile: dcountAgg("count_distinct", null) }],
  ["count_distinctif", { min: 2, max: 2, compile: dcountAgg("count_distinctif", 1) }],
  ["sum", { min: 1, max: 1, compile: sumAgg("sum", null) }],
  ["sumif", { min: 2, max: 2, compile: sumAgg("sumif", 1) }],
  ["avg", { min: 1, max: 1, compile: avgAgg("avg", null) }],
  ["avgif", { min: 2, max: 2, compile: avgAgg("avgif", 1) }],
  ["min", { min: 1, max: 1, compile: extremeAgg("min", -1, null) }],
  ["max", { min: 1, max: 1, compile: extremeAgg("max", 1, null) }],
  ["minif", { min: 2, max: 2, compile: extremeAgg("minif", -1, 1) }],
  ["maxif", { min: 2, max: 2, compile: extremeAgg("maxif", 1, 1) }],
  ["arg_max", { min: 1, max: 64, compile: argExtremeAgg(1) }],
  ["arg_min", { min: 1, max: 64, compile: argExtremeAgg(-1) }],
  ["argmax", { min: 1, max: 64, compile: argExtremeAgg(1) }],
  ["argmin", { min: 1, max: 64, compile: argExtremeAgg(-1) }],
  ["make_set", { min: 1, max: 2, compile: makeSetAgg("set", null) }],
  ["makeset", { min: 1, max: 2, compile: makeSetAgg("set", null) }],
  ["make_set_if", { min: 2, max: 3, compile: makeSetAgg("set", 1) }],
  ["make_list", { min: 1, max: 2, compile: makeListAgg("list", null, false) }],
  ["makelist", { min: 1, max: 2, compile: makeListAgg("list", null, false) }],
  ["make_list_if", { min: 2, max: 3, compile: makeListAgg("list", 1, false) }],
  ["make_list_with_nulls", { min: 1, max: 2, compile: makeListAgg("list", null, true) }],
  ["make_bag", { min: 1, max: 2, compile: makeBagAgg("bag", null) }],
  ["make_bag_if", { min: 2, max: 3, compile: makeBagAgg("bag", 1) }],
  ["take_any", { min: 1, max: 64, compile: takeAnyAgg(null) }],
  ["any", { min: 1, max: 64, compile: takeAnyAgg(null) }],
  ["take_anyif", { min: 2, max: 2, compile: takeAnyAgg(1) }],
  ["anyif", { min: 2, max: 2, compile: takeAnyAgg(1) }],
  ["percentile", { min: 2, max: 2, compile: percentileAgg(false, false) }],
  ["percentiles", { min: 2, max: 64, compile: percentileAgg(false, false) }],
  ["percentiles_array", { min: 2, max: 64, compile: percentileAgg(true, false) }],
  ["percentilew", { min: 3, max: 3, compile: percentileAgg(false, true) }],
  ["percentilesw", { min: 3, max: 64, compile: percentileAgg(false, true) }],
  ["percentilesw_array", { min: 3, max: 64, compile: percentileAgg(true, true) }],
  ["covariance", { min: 2, max: 2, compile: covarianceAgg("covariance", false, null) }],
  ["covariancep", { min: 2, max: 2, compile: covarianceAgg("covariancep", true, null) }],
  ["covarianceif", { min: 3, max: 3, compile: covarianceAgg("covarianceif", false, 2) }],
  ["covariancepif", { min: 3, max: 3, compile: covarianceAgg("covariancepif", true, 2) }],
  ["variancepif", { min: 2, max: 2, compile: varianceAgg("variancepif", true, false, 1) }],
  ["stdevpif", { min: 2, max: 2, compile: varianceAgg("stdevpif", true, true, 1) }],
  ["stdev", { min: 1, max: 1, compile: varianceAgg("stdev", false, true, null) }],
  ["stdevif", { min: 2, max: 2, compile: varianceAgg("stdevif", false, true, 1) }],
  ["stdevp", { min: 1, max: 1, compile: varianceAgg("stdevp", true, true, null) }],
  ["variance", { min: 1, max: 1, compile: varianceAgg("variance", false, false, null) }],
  ["varianceif", { min: 2, max: 2, compile: varianceAgg("varianceif", false, false, 1) }],
  ["variancep", { min: 1, max: 1, compile: varianceAgg("variancep", true, false, null) }],
  ["binary_all_and", { min: 1, max: 1, compile: binaryAllAgg("binary_all_and", (a, b) => a & b) }],
  ["binary_all_or", { min: 1, max: 1, compile: binaryAllAgg("binary_all_or", (a, b) => a | b) }],
  ["binary_all_xor", { min: 1, max: 1, compile: binaryAllAgg("binary_all_xor", (a, b) => a ^ b) }],
  ["hll", { min: 1, max: 2, compile: hllAgg(false) }],
  ["hll_merge", { min: 1, max: 1, compile: hllAgg(true) }],
  ["tdigest", { min: 1, max: 2, compile: tdigestAgg(false) }],
  ["tdigest_merge", { min: 1, max: 1, compile: tdigestAgg(true) }],
  ["buildschema", { min: 1, max: 1, compile: buildSchemaAgg }],
]);

for (const name of DEFS.keys()) AGGREGATE_NAMES.add(name);

export function isAggregateName(name: string): boolean {
  return DEFS.has(name);
}

export function compileAggregate(call: Call, scope: Scope, byNames: ReadonlySet<string>): CompiledAggregate {
  const def = DEFS.get(call.name);
  if (def === undefined) fail(`'${call.name}' is not an aggregation function`, call, "KQL2005");
  const args = call.args.map((a) => (a.kind === "NamedArg" ? fail(`named argument '${a.name}' is not accepted by ${call.name}()`, a) : a));
  if (args.length < def.min || args.length > def.max) {
    const expected = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max}`;
    fail(`${call.name}() expects ${expected} argument${def.max === 1 ? "" : "s"}, got ${args.length}`, call, "KQL2007");
  }
  return def.compile({ call, args, scope, byNames });
}

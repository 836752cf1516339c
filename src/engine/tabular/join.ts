/**
 * `join` (all Kusto kinds; default innerunique) and `lookup`, as hash joins: the right side is
 * indexed by key, the left side probes it.
 */
import type { Expr, Join, Lookup, } from "../../kql/ast.js";
import { compileExpr } from "../compile.js";
import { type Compiled, memoize } from "../compiled.js";
import { valueKey } from "../compare.js";
import { fail, unsupported } from "../errors.js";
import { uniqueName } from "../naming.js";
import { type NamedColumn, Table } from "../table.js";
import type { Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";
import { optionText } from "./options.js";

interface KeyPair {
  readonly left: string;
  readonly right: string;
  readonly at: Expr;
}

function sideName(e: Expr): { side: "left" | "right" | null; name: string } | null {
  if (e.kind === "NameRef") return { side: null, name: e.name };
  if (e.kind === "Member" && e.target.kind === "NameRef" && (e.target.name === "$left" || e.target.name === "$right")) {
    return { side: e.target.name === "$left" ? "left" : "right", name: e.name };
  }
  return null;
}

function joinKeys(on: readonly Expr[]): KeyPair[] {
  const out: KeyPair[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === "Binary" && e.op === "and") {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === "Binary" && e.op === "==") {
      const a = sideName(e.left);
      const b = sideName(e.right);
      if (a && b) {
        const left = a.side === "right" ? b : a;
        const right = a.side === "right" ? a : b;
        out.push({ left: left.name, right: right.name, at: e });
        return;
      }
    }
    const single = sideName(e);
    if (single && single.side === null) {
      out.push({ left: single.name, right: single.name, at: e });
      return;
    }
    unsupported("join condition (only 'col', '$left.a == $right.b' and 'and' of those)", e);
  };
  for (const e of on) visit(e);
  return out;
}


/** Per-row key readers of both sides, as dense numbers where possible. */
interface JoinKeys {
  /** Key of a right row; null when a key value is null (never matches). */
  readonly right: (r: number) => unknown;
  /** Key of a left row; undefined when it cannot match any right row. */
  readonly left: (r: number) => unknown;
}

function keyColumns(table: Table, names: readonly string[], oc: OpContext, at: Expr[]): Compiled[] {
  return names.map((n, i) => {
    if (table.indexOf(n) < 0) fail(`unknown column '${n}' in join key`, at[i], "KQL2003");
    return memoize(compileExpr({ kind: "NameRef", name: n, span: at[i].span }, scopeOf(table, oc)));
  });
}

/**
 * Reads one key column as ids of distinct values, shared by both sides: ids are assigned while
 * reading the right side; left values unknown to the right side get -1 (no match possible).
 * Dictionary columns look each code up once.
 */
function idReader(c: Compiled, ids: Map<unknown, number>, assign: boolean): (r: number) => number {
  const lookup = (v: Value): number => {
    if (v === null) return -2;
    const k = valueKey(v);
    let id = ids.get(k);
    if (id === undefined) {
      if (!assign) return -1;
      id = ids.size;
      ids.set(k, id);
    }
    return id;
  };
  const src = c.source;
  if (src !== undefined) {
    const memo = new Int32Array(src.dict.length).fill(-3);
    const codes = src.codes;
    return (r) => {
      const code = codes[r];
      let id = memo[code];
      if (id === -3) id = memo[code] = lookup(src.dict[code]);
      return id;
    };
  }
  return (r) => lookup(c.ev(r));
}

function joinKeyReaders(left: Table, right: Table, keys: readonly KeyPair[], oc: OpContext): JoinKeys {
  const at = keys.map((k) => k.at);
  const lc = keyColumns(left, keys.map((k) => k.left), oc, at);
  const rc = keyColumns(right, keys.map((k) => k.right), oc, at);
  const maps = keys.map(() => new Map<unknown, number>());
  const read = (c: Compiled, map: Map<unknown, number>, assign: boolean, rows: number): Int32Array => {
    const f = idReader(c, map, assign);
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) out[r] = f(r);
    return out;
  };
  // Assign every right-side id first, so the sizes below are final.
  const rIds = rc.map((c, i) => read(c, maps[i], true, right.rowCount));
  const lIds = lc.map((c, i) => read(c, maps[i], false, left.rowCount));
  const sizes = maps.map((m) => Math.max(1, m.size));
  const dense = sizes.reduce((p, n) => p * n, 1) < 2 ** 52;
  /** Combined key per row: a number (or text), null for a null part, undefined for no match. */
  const combineAll = (ids: Int32Array[], rows: number): unknown[] => {
    const out = new Array<unknown>(rows);
    for (let r = 0; r < rows; r++) {
      let key: number | string | null | undefined = dense ? 0 : "";
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k][r];
        if (id < 0) {
          key = id === -2 ? null : undefined;
          break;
        }
        key = dense ? (key as number) * sizes[k] + id : `${key as string}${id},`;
      }
      out[r] = key;
    }
    return out;
  };
  const rKeys = combineAll(rIds, right.rowCount);
  const lKeys = combineAll(lIds, left.rowCount);
  return { right: (r) => rKeys[r], left: (r) => lKeys[r] };
}

/** Index of right rows by key (rows with a null key never match). */
function buildIndex(rows: number, key: (r: number) => unknown): Map<unknown, number[]> {
  const m = new Map<unknown, number[]>();
  for (let r = 0; r < rows; r++) {
    const k = key(r);
    if (k === null || k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function combine(left: Table, right: Table, lRows: number[], rRows: number[], dropRight: ReadonlySet<string> = new Set()): Table {
  const taken = new Set(left.columns.map((c) => c.name));
  const lIdx = Int32Array.from(lRows);
  const rIdx = Int32Array.from(rRows);
  const columns: NamedColumn[] = left.columns.map((c) => ({ name: c.name, data: c.data.take(lIdx) }));
  for (const c of right.columns) {
    if (dropRight.has(c.name)) continue;
    const name = uniqueName(c.name, taken);
    taken.add(name);
    columns.push({ name, data: c.data.take(rIdx) });
  }
  return new Table(left.name, columns, lRows.length);
}

const KINDS = new Set([
  "innerunique",
  "inner",
  "leftouter",
  "rightouter",
  "fullouter",
  "leftanti",
  "anti",
  "leftantisemi",
  "rightanti",
  "rightantisemi",
  "leftsemi",
  "rightsemi",
]);

export function joinTables(kindIn: string, left: Table, right: Table, keys: KeyPair[], oc: OpContext, at: Join | Lookup, lookup = false): Table {
  let kind = kindIn.toLowerCase();
  if (kind === "anti" || kind === "leftantisemi") kind = "leftanti";
  if (kind === "rightantisemi") kind = "rightanti";
  if (!KINDS.has(kind)) fail(`unknown join kind '${kindIn}'`, at);
  const readers = joinKeyReaders(left, right, keys, oc);
  const lKey = readers.left;
  const rKey = readers.right;
  const index = buildIndex(right.rowCount, rKey);
  const lRows: number[] = [];
  const rRows: number[] = [];
  const dropRight = lookup ? new Set(keys.map((k) => k.right)) : new Set<string>();
  switch (kind) {
    case "innerunique":
    case "inner":
    case "leftouter":
    case "fullouter":
    case "rightouter": {
      const seenLeftKeys = new Set<unknown>();
      const matchedRight = new Uint8Array(right.rowCount);
      for (let r = 0; r < left.rowCount; r++) {
        const k = lKey(r);
        if (kind === "innerunique") {
          if (k === null || (k !== undefined && seenLeftKeys.has(k))) continue;
          if (k !== undefined) seenLeftKeys.add(k);
        }
        const matches = k === null || k === undefined ? undefined : index.get(k);
        if (matches) {
          for (const m of matches) {
            lRows.push(r);
            rRows.push(m);
            matchedRight[m] = 1;
          }
        } else if (kind === "leftouter" || kind === "fullouter") {
          lRows.push(r);
          rRows.push(-1);
        }
      }
      if (kind === "rightouter" || kind === "fullouter") {
        for (let m = 0; m < right.rowCount; m++) {
          if (matchedRight[m]) continue;
          lRows.push(-1);
          rRows.push(m);
        }
      }
      if (kind === "rightouter") {
        // Kusto lists right-outer rows by right row order.
        const order = rRows.map((_, i) => i).sort((a, b) => rRows[a] - rRows[b] || a - b);
        return combine(left, right, order.map((i) => lRows[i]), order.map((i) => rRows[i]), dropRight);
      }
      return combine(left, right, lRows, rRows, dropRight);
    }
    case "leftsemi":
    case "leftanti": {
      const keep: number[] = [];
      for (let r = 0; r < left.rowCount; r++) {
        const k = lKey(r);
        const hit = k !== null && k !== undefined && index.has(k);
        if (hit === (kind === "leftsemi")) keep.push(r);
      }
      return left.take(Int32Array.from(keep));
    }
    default: {
      const leftKeys = new Set<unknown>();
      for (let r = 0; r < left.rowCount; r++) {
        const k = lKey(r);
        if (k !== null && k !== undefined) leftKeys.add(k);
      }
      const keep: number[] = [];
      for (let m = 0; m < right.rowCount; m++) {
        const k = rKey(m);
        const hit = k !== null && leftKeys.has(k);
        if (hit === (kind === "rightsemi")) keep.push(m);
      }
      return right.take(Int32Array.from(keep));
    }
  }
}

export const join: OperatorEval<Join> = (op, input, oc) => {
  if (op.on.length === 0) unsupported("join without 'on' (cross join)", op);
  const right = oc.ctx.evalTabular(op.right, oc.env);
  const kind = optionText(op.options, "kind") ?? "innerunique";
  return joinTables(kind, input, right, joinKeys(op.on), oc, op);
};

export const lookup: OperatorEval<Lookup> = (op, input, oc) => {
  const right = oc.ctx.evalTabular(op.right, oc.env);
  const kind = (optionText(op.options, "kind") ?? "leftouter").toLowerCase();
  if (kind !== "leftouter" && kind !== "inner") fail(`lookup supports kind=leftouter and kind=inner, not '${kind}'`, op);
  return joinTables(kind, input, right, joinKeys(op.on), oc, op, true);
};

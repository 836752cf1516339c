/**
 * `scan`: sequence matching over ordered rows, and `partition by` (a subquery per key value).
 *
 * Scan keeps, per step, the state of at most one in-flight match. Each row is offered to the
 * steps from last to first: a step takes the match of the step before it when its predicate
 * holds (the match advances), or keeps its own match when the predicate holds again; the first
 * step starts a new match. References `step.column` read the values captured when that step
 * matched; declared columns carry values along the match and are output with the row.
 */
import type { Assignment, Expr, Partition, Scan, ScanStep, TabularOperator } from "../../kql/ast.js";
import { ArrayColumn, type Column, emptyValue } from "../column.js";
import { compileExpr } from "../compile.js";
import type { Compiled } from "../compiled.js";
import { fail, unsupported } from "../errors.js";
import { groupRows } from "../grouping.js";
import { type NamedColumn, Table } from "../table.js";
import type { KqlType, Value } from "../values.js";
import { type OperatorEval, type OpContext, scopeOf } from "./context.js";
import { unionTables } from "./union.js";
import { optionText } from "./options.js";

/** A column whose value is set from the outside before each evaluation (step references). */
class SlotColumn implements Column {
  value: Value = null;
  constructor(
    readonly type: KqlType,
    readonly length: number,
  ) {}
  get(): Value {
    return this.value;
  }
  take(): Column {
    return this;
  }
}

const SEP = "\u0000";

/** Rewrites `step.col` into a reference to the slot column `\0step\0col`. */
function rewrite(e: Expr, steps: ReadonlySet<string>): Expr {
  const r = (x: Expr): Expr => rewrite(x, steps);
  switch (e.kind) {
    case "Member":
      if (e.target.kind === "NameRef" && steps.has(e.target.name)) return { kind: "NameRef", name: `${SEP}${e.target.name}${SEP}${e.name}`, span: e.span };
      return { ...e, target: r(e.target) };
    case "Call":
      return { ...e, args: e.args.map((a) => (a.kind === "NamedArg" ? { ...a, value: r(a.value) } : r(a))) };
    case "Binary":
      return { ...e, left: r(e.left), right: r(e.right) };
    case "Unary":
      return { ...e, operand: r(e.operand) };
    case "Index":
      return { ...e, target: r(e.target), index: r(e.index) };
    case "InExpr":
      return { ...e, left: r(e.left), values: e.values.map(r) };
    case "Between":
      return { ...e, left: r(e.left), low: r(e.low), high: r(e.high) };
    default:
      return e;
  }
}

interface Match {
  readonly id: number;
  /** Declared column values. */
  readonly vars: Value[];
  /** Per step index: the captured row values (input columns, then declared columns). */
  readonly snaps: (Value[] | null)[];
  /** output=last: the row waiting to be output when the match leaves the step. */
  pending: { row: number; vars: Value[] } | null;
}


export const scan: OperatorEval<Scan> = (op, input, oc) => {
  if (op.orderBy.length > 0 || op.partitionBy.length > 0) unsupported("scan 'order by' / 'partition by' (sort or partition first)", op);
  const stepNames = new Set(op.steps.map((s) => s.name));
  const declared = op.declare.map((d) => ({ name: d.name, type: d.type as KqlType, def: d.default ?? null }));
  const inputNames = input.columns.map((c) => c.name);
  // Slot columns: per step, one per input and declared column; plus the bare declared names.
  const slotCols: NamedColumn[] = [];
  const stepSlots: SlotColumn[][] = op.steps.map((s) => {
    const cols = [...input.columns.map((c) => ({ name: c.name, type: c.data.type })), ...declared];
    return cols.map((c) => {
      const slot = new SlotColumn(c.type, input.rowCount);
      slotCols.push({ name: `${SEP}${s.name}${SEP}${c.name}`, data: slot });
      return slot;
    });
  });
  const bare = declared.map((d) => {
    const slot = new SlotColumn(d.type, input.rowCount);
    if (!inputNames.includes(d.name)) slotCols.push({ name: d.name, data: slot });
    return slot;
  });
  const table = new Table(input.name, [...input.columns, ...slotCols], input.rowCount);
  const scope = scopeOf(table, oc);
  const defaults = declared.map((d) => (d.def ? compileExpr(d.def, scope).ev(0) : emptyValue(d.type)));
  const compileStep = (s: ScanStep) => ({
    step: s,
    predicate: compileExpr(rewrite(s.predicate, stepNames), scope),
    assignments: s.assignments.map((a: Assignment) => {
      const name = a.names[0];
      const k = declared.findIndex((d) => d.name === name);
      if (k < 0) fail(`scan can only assign declared columns; '${name ?? ""}' is not declared`, a);
      return { index: k, value: compileExpr(rewrite(a.value, stepNames), scope) as Compiled };
    }),
  });
  const steps = op.steps.map(compileStep);

  /** Loads the slots with a match's state (or the declared defaults for a new match). */
  const load = (m: Match | null): void => {
    stepSlots.forEach((slots, k) => {
      const snap = m?.snaps[k] ?? null;
      slots.forEach((slot, i) => {
        slot.value = snap ? snap[i] : i >= inputNames.length ? defaults[i - inputNames.length] : emptyValue(slot.type);
      });
    });
    bare.forEach((slot, i) => {
      slot.value = m ? m.vars[i] : defaults[i];
    });
  };
  const advance = (m: Match, k: number, r: number): Match => {
    const vars = [...m.vars];
    for (const a of steps[k].assignments) vars[a.index] = a.value.ev(r);
    const snaps = [...m.snaps];
    snaps[k] = [...input.columns.map((c) => c.data.get(r)), ...vars];
    return { id: m.id, vars, snaps, pending: null };
  };

  const state: (Match | null)[] = op.steps.map(() => null);
  const outRows: number[] = [];
  const outVars: Value[][] = [];
  const outIds: number[] = [];
  let nextId = 0;
  const emit = (k: number, m: Match, r: number): void => {
    const output = steps[k].step.output ?? "all";
    if (output === "none") return;
    if (output === "last") {
      m.pending = { row: r, vars: m.vars };
      return;
    }
    outRows.push(r);
    outVars.push(m.vars);
    outIds.push(m.id);
  };
  const flushPending = (m: Match): void => {
    if (m.pending === null) return;
    outRows.push(m.pending.row);
    outVars.push(m.pending.vars);
    outIds.push(m.id);
    m.pending = null;
  };
  for (let r = 0; r < input.rowCount; r++) {
    for (let k = steps.length - 1; k >= 0; k--) {
      const prev = k > 0 ? state[k - 1] : null;
      if (prev !== null) {
        load(prev);
        if (steps[k].predicate.ev(r) === true) {
          flushPending(prev);
          const m = advance(prev, k, r);
          state[k] = m;
          state[k - 1] = null;
          emit(k, m, r);
          continue;
        }
      }
      const own = state[k];
      if (own !== null) {
        load(own);
        if (steps[k].predicate.ev(r) === true) {
          const m = advance(own, k, r);
          m.pending = own.pending;
          state[k] = m;
          emit(k, m, r);
          continue;
        }
      }
      if (k === 0) {
        const fresh: Match = { id: nextId, vars: [...defaults], snaps: op.steps.map(() => null), pending: null };
        load(fresh);
        if (steps[0].predicate.ev(r) === true) {
          nextId++;
          const m = advance(fresh, 0, r);
          state[0] = m;
          emit(0, m, r);
        }
      }
    }
  }
  for (const m of state) if (m !== null) flushPending(m);
  // Output: rows in the order they were emitted (input order within each match step).
  const order = outRows.map((_, i) => i).sort((a, b) => outRows[a] - outRows[b] || a - b);
  const rows = Int32Array.from(order.map((i) => outRows[i]));
  const columns: NamedColumn[] = input.columns.map((c) => ({ name: c.name, data: c.data.take(rows) }));
  declared.forEach((d, j) => {
    const values = order.map((i) => outVars[i][j]);
    const col = { name: d.name, data: new ArrayColumn(d.type, values) };
    const at = columns.findIndex((c) => c.name === d.name);
    if (at >= 0) columns[at] = col;
    else columns.push(col);
  });
  const matchId = optionText(op.options, "with_match_id");
  if (matchId) columns.push({ name: matchId, data: new ArrayColumn("long", order.map((i) => outIds[i])) });
  return new Table(input.name, columns, rows.length);
};

/** Runs operators over a table (injected by the evaluator). */
export type RunOperators = (ops: readonly TabularOperator[], input: Table, oc: OpContext) => Table;

export function partition(run: RunOperators): OperatorEval<Partition> {
  return (op, input, oc) => {
    if (!Array.isArray(op.body)) unsupported("partition with a {...} expression body", op);
    const body = op.body as readonly TabularOperator[];
    const key = compileExpr(op.by, scopeOf(input, oc));
    const g = groupRows([key], input.rowCount);
    if (g.count === 0) return run(body, input, oc);
    const members: number[][] = Array.from({ length: g.count }, () => []);
    for (let r = 0; r < input.rowCount; r++) members[g.ids[r]].push(r);
    const parts = members.map((rows) => run(body, input.take(Int32Array.from(rows)), oc));
    return unionTables(parts, [], op);
  };
}

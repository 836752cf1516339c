/** What every tabular operator implementation receives besides its node and input table. */
import type { TabularOperator } from "../../kql/ast.js";
import type { Env, EvalContext, Scope } from "../scope.js";
import type { Table } from "../table.js";

export interface OpContext {
  readonly env: Env;
  readonly ctx: EvalContext;
}

export type OperatorEval<T extends TabularOperator> = (op: T, input: Table, oc: OpContext) => Table;

export function scopeOf(table: Table, oc: OpContext): Scope {
  return { table, env: oc.env, ctx: oc.ctx };
}

/**
 * Name resolution during evaluation: `let` bindings (scalar values, tables, functions) in nested
 * environments, and the per-query context (clock, table provider, materialized results).
 */
import type { Expr, Lambda } from "../kql/ast.js";
import type { Compiled } from "./compiled.js";
import type { Table } from "./table.js";
import type { KDateTime, KqlType, Value } from "./values.js";

export type Binding =
  /** `let x = 5;` evaluated once. */
  | { readonly kind: "scalar"; readonly type: KqlType; readonly value: Value }
  /** A scalar function parameter bound to the caller's per-row expression. */
  | { readonly kind: "compiled"; readonly compiled: Compiled }
  /** `let T = ...;` a table, evaluated on first use (then cached). */
  | { readonly kind: "tabular"; readonly get: () => Table }
  /** `let f = (a:long) { ... };` a user function closing over its defining environment. */
  | { readonly kind: "function"; readonly lambda: Lambda; readonly env: Env };

export class Env {
  private readonly vars = new Map<string, Binding>();
  /** `storedTables` (root only): whether a name is a stored table, so `let t = SigninLogs;` is tabular. */
  constructor(
    readonly parent: Env | null,
    private readonly storedTables?: (name: string) => boolean,
  ) {}
  /** True when `name` is not bound by a `let` but names a stored table. */
  isStoredTable(name: string): boolean {
    let root: Env = this;
    while (root.parent !== null) root = root.parent;
    return root.storedTables?.(name) ?? false;
  }
  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }
  get(name: string): Binding | undefined {
    for (let e: Env | null = this; e !== null; e = e.parent) {
      const b = e.vars.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }
  child(): Env {
    return new Env(this);
  }
}

export interface EvalContext {
  readonly now: KDateTime;
  /** Stored tables by name (fixtures, loaded files). */
  readonly tables: (name: string) => Table | undefined;
  /** Evaluates a tabular expression (injected to keep the compiler free of the operator code). */
  readonly evalTabular: (expr: Expr, env: Env) => Table;
  /** Results of `materialize(...)` (and of `let` tables), computed once per query. */
  readonly materialized: Map<Expr, Table>;
  /** Local file standing in for an `externaldata` URL (no network). */
  readonly externalData?: (url: string) => string | undefined;
  /** Sentinel watchlist rows by alias, read by `_GetWatchlist(alias)`. */
  readonly watchlist?: (alias: string) => Table | undefined;
  /** Names of all stored tables (wildcard `union`, `search` without `in`). */
  readonly tableNames?: () => Iterable<string>;
  /** Values of the script's `set name = value;` statements (read by `bin_auto`). */
  readonly queryOptions?: Map<string, Value>;
}

/** Where a scalar expression is compiled: the rows it reads, the bindings it sees. */
export interface Scope {
  readonly table: Table;
  readonly env: Env;
  readonly ctx: EvalContext;
  /** Columns `pack_all()` packs: the operator's input (not columns added by the same extend). */
  readonly packColumns?: readonly string[];
}

/**
 * Generic, table-driven child traversal over the AST. `CHILDREN` lists, for every node kind,
 * the fields that hold child nodes (in source order); the evaluator, validator and mutation
 * tests walk the tree through `forEachChild` / `mapChildren` instead of their own switches.
 */
import type * as A from "./ast.js";

/** Child-holding fields per node kind. Values may be a node, null, an array, or a plain wrapper object. */
export const CHILDREN: { readonly [K in A.NodeKind]: readonly string[] } = {
  Script: ["statements"],
  Let: ["value"],
  SetOption: ["value"],
  DeclareQueryParameters: ["params"],
  QueryStatement: ["expr"],
  ColumnDecl: ["default"],
  Param: ["type", "default"],
  StringLit: [],
  NumberLit: [],
  BoolLit: [],
  TimespanLit: [],
  TypedLit: [],
  DynamicLit: [],
  NameRef: [],
  Star: [],
  Member: ["target"],
  Index: ["target", "index"],
  NamedArg: ["value"],
  Call: ["args"],
  MethodCall: ["target", "args"],
  Binary: ["left", "right"],
  Unary: ["operand"],
  InExpr: ["left", "values"],
  Between: ["left", "low", "high"],
  Lambda: ["params", "body", "result"],
  Pipeline: ["source", "operators"],
  OperatorOption: ["value", "more"],
  Assignment: ["value"],
  SortKey: ["expr"],
  DataTable: ["options", "columns", "values"],
  Print: ["columns"],
  Range: ["from", "to", "step"],
  Union: ["options", "tables"],
  ExternalData: ["columns", "urls", "properties"],
  Search: ["options", "tables", "predicate"],
  Find: ["options", "tables", "predicate", "project"],
  EvaluateSource: ["options", "plugin"],
  Where: ["predicate"],
  Project: ["columns"],
  ProjectAway: [],
  ProjectKeep: [],
  ProjectRename: [],
  ProjectReorder: [],
  Extend: ["columns"],
  Summarize: ["options", "aggregates", "by"],
  Join: ["options", "right", "on"],
  Lookup: ["options", "right", "on"],
  UnionOp: ["options", "tables"],
  MvExpand: ["options", "columns", "limit"],
  MvExpandItem: ["value"],
  MvApply: ["options", "columns", "limit", "body"],
  Parse: ["options", "source"],
  ParseKv: ["source", "columns", "properties"],
  Evaluate: ["options", "plugin", "outputSchema"],
  Top: ["options", "count", "by"],
  TopNestedLevel: ["count", "of", "withOthers", "by"],
  TopNested: ["levels"],
  Sort: ["options", "by"],
  Take: ["options", "count"],
  Distinct: ["options", "columns"],
  Count: [],
  As: ["options"],
  Invoke: ["call"],
  Serialize: ["columns"],
  Sample: ["count"],
  SampleDistinct: ["count", "of"],
  SearchOp: ["options", "predicate"],
  Render: ["properties"],
  MakeSeries: ["options", "aggregates", "on", "from", "to", "step", "by"],
  GetSchema: [],
  ForkBranch: ["body"],
  Fork: ["branches"],
  Facet: ["with"],
  ScanStep: ["predicate", "assignments"],
  Scan: ["options", "orderBy", "partitionBy", "declare", "steps"],
  Partition: ["options", "by", "body"],
  Reduce: ["options", "by", "with"],
  Consume: ["options"],
  ProjectByNames: ["names"],
};

type Fields = Record<string, unknown>;

/** A node is an object with a string `kind` and a `span`. */
export function isNode(value: unknown): value is A.Node {
  return typeof value === "object" && value !== null && typeof (value as Fields).kind === "string" && typeof (value as Fields).span === "object";
}

function visitValue(value: unknown, fn: (child: A.Node) => void): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) visitValue(v, fn);
    return;
  }
  if (isNode(value)) {
    fn(value);
    return;
  }
  // wrapper objects without span: ParamType, make-series aggregates
  for (const v of Object.values(value as Fields)) visitValue(v, fn);
}

/** Calls `fn` on each direct child node of `node`, in source order. */
export function forEachChild(node: A.Node, fn: (child: A.Node) => void): void {
  const fields = CHILDREN[node.kind];
  for (const f of fields) visitValue((node as unknown as Fields)[f], fn);
}

function mapValue(value: unknown, fn: (child: A.Node) => A.Node): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const m = mapValue(v, fn);
      if (m !== v) changed = true;
      return m;
    });
    return changed ? out : value;
  }
  if (isNode(value)) return fn(value);
  let changed = false;
  const out: Fields = {};
  for (const [k, v] of Object.entries(value as Fields)) {
    const m = mapValue(v, fn);
    if (m !== v) changed = true;
    out[k] = m;
  }
  return changed ? out : value;
}

/**
 * A copy of `node` with each direct child replaced by `fn(child)`; returns `node` itself
 * when nothing changed. `fn` must return a node that fits the child's position.
 */
export function mapChildren<T extends A.Node>(node: T, fn: (child: A.Node) => A.Node): T {
  const fields = CHILDREN[node.kind];
  let copy: Fields | null = null;
  for (const f of fields) {
    const v = (node as unknown as Fields)[f];
    const m = mapValue(v, fn);
    if (m !== v) {
      copy ??= { ...(node as unknown as Fields) };
      copy[f] = m;
    }
  }
  return (copy ?? node) as T;
}

/** Depth-first pre-order walk of `node` and all its descendants. Iterative: deep trees are fine. */
export function walk(node: A.Node, fn: (n: A.Node) => void): void {
  const stack: A.Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    fn(n);
    const children: A.Node[] = [];
    forEachChild(n, (c) => children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/**
 * fast-check generators of canonical KQL ASTs (the shapes the parser produces), for the
 * printer round-trip property: parse(print(ast)) equals ast.
 */
import fc from "fast-check";
import type * as A from "../../src/kql/ast.js";
import { NO_SPAN } from "../../src/kql/ast.js";
import { isReservedAsCall, isReservedInDeclaration } from "../../src/kql/keywords.js";

const span = NO_SPAN;

/** Identifiers: plain ones, keywords (must be quoted) and odd names (bracket-quoted). */
export const arbName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom("where", "count", "by", "and", "has", "true", "datetime", "print", "union", "range", "kind", "on") },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
);

const arbFunctionName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((n) => !RESERVED_CALLS.has(n) && !isReservedAsCall(n));
/** Call names the parser reads as something else (typed literals, sources). */
const RESERVED_CALLS = new Set([
  "datetime", "date", "timespan", "time", "guid", "uniqueid", "int", "long", "int64", "real", "double", "bool", "boolean",
  "decimal", "dynamic", "print", "union", "search", "find", "datatable", "externaldata", "external_data", "evaluate", "range",
  "true", "false", "matches", "and", "or", "typeof", "toscalar", "materialize",
]);

const arbString: fc.Arbitrary<A.StringLit> = fc.record({
  kind: fc.constant("StringLit" as const),
  span: fc.constant(span),
  value: fc.string({ unit: "binary", maxLength: 12 }),
  obfuscated: fc.boolean(),
});

const arbNumber: fc.Arbitrary<A.NumberLit> = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((n) => ({ kind: "NumberLit" as const, span, type: "long" as const, text: n.toString() })),
  fc
    .tuple(fc.nat(99999), fc.nat(999))
    .map(([a, b]) => ({ kind: "NumberLit" as const, span, type: "real" as const, text: `${a}.${b}` })),
);

const arbTimespan: fc.Arbitrary<A.TimespanLit> = fc
  .tuple(fc.nat(1000), fc.constantFrom("d", "h", "m", "s", "ms", "microsecond", "tick", "days"))
  .map(([n, u]) => ({ kind: "TimespanLit", span, text: `${n}${u}` }));

const arbTyped: fc.Arbitrary<A.TypedLit> = fc.oneof(
  fc.constant<A.TypedLit>({ kind: "TypedLit", span, type: "datetime", text: "2024-01-01 10:00" }),
  fc.constant<A.TypedLit>({ kind: "TypedLit", span, type: "long", text: null }),
  fc.constant<A.TypedLit>({ kind: "TypedLit", span, type: "guid", text: "74be27de-1e4e-49d9-b579-fe0b331d3642" }),
  fc.constant<A.TypedLit>({ kind: "TypedLit", span, type: "timespan", text: "1.02:03:04" }),
);

const arbJson: fc.Arbitrary<string> = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => JSON.stringify(v))
  // JSON.stringify writes -0 as 0 and big exponents as 1e+21: keep it to what KQL spells
  .filter((s) => !/e\+/i.test(s));

const arbDynamic: fc.Arbitrary<A.DynamicLit> = arbJson.map((json) => ({ kind: "DynamicLit", span, json }));

const arbLiteral: fc.Arbitrary<A.Expr> = fc.oneof(
  arbString,
  arbNumber,
  arbTimespan,
  arbTyped,
  arbDynamic,
  fc.boolean().map((value) => ({ kind: "BoolLit" as const, span, value })),
);

const arbNameRef: fc.Arbitrary<A.NameRef> = arbName.map((name) => ({ kind: "NameRef", span, name }));

const BINARY_OPS: readonly A.BinaryOp[] = [
  "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "=~", "!~", "<>", "has", "!has", "has_cs", "contains",
  "!contains_cs", "startswith", "endswith", "hasprefix", "!hassuffix", "matches regex", "and", "or",
];
const LIST_OPS: readonly A.ListOp[] = ["in", "!in", "in~", "!in~", "has_any", "has_all"];

export const arbExpr: fc.Arbitrary<A.Expr> = fc.letrec<{ expr: A.Expr }>((tie) => {
  const e = tie("expr");
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      arbLiteral,
      arbNameRef,
      fc.record({ kind: fc.constant("Binary" as const), span: fc.constant(span), op: fc.constantFrom(...BINARY_OPS), left: e, right: e }),
      fc.record({ kind: fc.constant("Unary" as const), span: fc.constant(span), op: fc.constantFrom("-" as const, "+" as const), operand: e }),
      fc.record({ kind: fc.constant("Member" as const), span: fc.constant(span), target: e, name: arbName }),
      fc.record({ kind: fc.constant("Index" as const), span: fc.constant(span), target: e, index: e }),
      fc.record({
        kind: fc.constant("Call" as const),
        span: fc.constant(span),
        name: arbFunctionName,
        args: fc.array(
          fc.oneof(
            e,
            fc.record({ kind: fc.constant("NamedArg" as const), span: fc.constant(span), name: fc.stringMatching(/^[a-z][a-z_]{0,6}$/).filter((n) => !isReservedInDeclaration(n)), value: e }),
          ),
          { maxLength: 3 },
        ),
      }),
      fc.record({ kind: fc.constant("InExpr" as const), span: fc.constant(span), op: fc.constantFrom(...LIST_OPS), left: e, values: fc.array(e, { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant("Between" as const), span: fc.constant(span), negated: fc.boolean(), left: e, low: e, high: e }),
    ),
  };
}).expr;

const arbAssignment: fc.Arbitrary<A.Assignment> = fc.record({
  kind: fc.constant("Assignment" as const),
  span: fc.constant(span),
  names: fc.oneof(fc.constant([]), fc.array(arbName, { minLength: 1, maxLength: 1 }), fc.array(arbName, { minLength: 2, maxLength: 3 })),
  value: arbExpr,
});

const arbSortKey: fc.Arbitrary<A.SortKey> = fc.record({
  kind: fc.constant("SortKey" as const),
  span: fc.constant(span),
  expr: arbExpr,
  order: fc.constantFrom(null, "asc" as const, "desc" as const),
  nulls: fc.constantFrom(null, "first" as const, "last" as const),
});

const arbOperator: fc.Arbitrary<A.TabularOperator> = fc.oneof(
  fc.record({ kind: fc.constant("Where" as const), span: fc.constant(span), predicate: arbExpr }),
  fc.record({ kind: fc.constant("Extend" as const), span: fc.constant(span), columns: fc.array(arbAssignment, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("Project" as const), span: fc.constant(span), columns: fc.array(arbAssignment, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant("Summarize" as const),
    span: fc.constant(span),
    options: fc.constant([]),
    aggregates: fc.array(arbAssignment, { maxLength: 2 }),
    by: fc.array(arbAssignment, { maxLength: 2 }),
  }).filter((s) => s.aggregates.length + s.by.length > 0),
  fc.record({ kind: fc.constant("Sort" as const), span: fc.constant(span), options: fc.constant([]), by: fc.array(arbSortKey, { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("Take" as const), span: fc.constant(span), options: fc.constant([]), count: arbExpr }),
  fc.record({ kind: fc.constant("Top" as const), span: fc.constant(span), options: fc.constant([]), count: arbExpr, by: arbSortKey }),
  fc.record({ kind: fc.constant("ProjectAway" as const), span: fc.constant(span), columns: fc.array(fc.oneof(arbName, fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,4}\*$/)), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant("ProjectRename" as const),
    span: fc.constant(span),
    renames: fc.array(fc.record({ newName: arbName, oldName: arbName }), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant("Distinct" as const), span: fc.constant(span), options: fc.constant([]), columns: fc.array(arbExpr, { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("Count" as const), span: fc.constant(span), as: fc.constantFrom(null, "N") }),
  fc.record({
    kind: fc.constant("Join" as const),
    span: fc.constant(span),
    options: fc.constantFrom([], [{ kind: "OperatorOption" as const, span, name: "kind", value: { kind: "NameRef" as const, span, name: "leftouter" } }]),
    right: fc.oneof(
      arbNameRef,
      fc.record({ kind: fc.constant("Pipeline" as const), span: fc.constant(span), source: arbNameRef, operators: fc.array(fc.record({ kind: fc.constant("Where" as const), span: fc.constant(span), predicate: arbExpr }), { minLength: 1, maxLength: 2 }) }),
    ),
    on: fc.array(arbExpr, { maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant("MvExpand" as const),
    span: fc.constant(span),
    options: fc.constant([]),
    columns: fc.array(
      fc.record({
        kind: fc.constant("MvExpandItem" as const),
        span: fc.constant(span),
        name: fc.option(arbName, { nil: null }),
        value: arbExpr,
        toType: fc.constantFrom(null, "long" as const, "string" as const, "dynamic" as const),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    limit: fc.option(arbNumber, { nil: null }),
  }),
  fc.record({
    kind: fc.constant("Parse" as const),
    span: fc.constant(span),
    where: fc.boolean(),
    options: fc.constant([]),
    source: arbExpr,
    pattern: fc.array(
      fc.oneof(
        arbString.map((s) => ({ kind: "ParseText" as const, value: s.value })),
        fc.constant({ kind: "ParseWildcard" as const }),
        fc.record({ kind: fc.constant("ParseColumn" as const), name: arbName, type: fc.constantFrom(null, "long" as const, "string" as const) }),
      ),
      { minLength: 1, maxLength: 4 },
    )
      // adjacent string literals merge into one when read back: the parser never makes two in a row
      .filter((parts) => parts.every((p, i) => i === 0 || p.kind !== "ParseText" || parts[i - 1].kind !== "ParseText")),
  }),
);

export const arbPipeline: fc.Arbitrary<A.Pipeline> = fc.record({
  kind: fc.constant("Pipeline" as const),
  span: fc.constant(span),
  source: arbNameRef,
  operators: fc.array(arbOperator, { minLength: 1, maxLength: 4 }),
});

export const arbScript: fc.Arbitrary<A.Script> = fc
  .tuple(
    fc.array(fc.record({ kind: fc.constant("Let" as const), span: fc.constant(span), name: arbName, value: fc.oneof(arbExpr, arbPipeline), view: fc.constant(false) }), { maxLength: 2 }),
    arbPipeline,
  )
  .map(([lets, p]) => ({ kind: "Script", span, statements: [...lets, { kind: "QueryStatement", span, expr: p }] }));

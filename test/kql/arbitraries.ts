/**
 * fast-check generators of canonical KQL ASTs (the shapes the parser produces), for the
 * printer round-trip property: parse(print(ast)) equals ast.
 */
import fc from "fast-check";
import type * as A from "../../src/kql/ast.js";
import { NO_SPAN } from "../../src/kql/ast.js";
import { isReservedAsCall, isReservedName } from "../../src/kql/keywords.js";

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
            fc.record({ kind: fc.constant("NamedArg" as const), span: fc.constant(span), name: fc.stringMatching(/^[a-z][a-z_]{0,6}$/).filter((n) => !isReservedName(n)), value: e }),
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

const opt = (name: string, value: A.Expr): A.OperatorOption => ({ kind: "OperatorOption", span, name, value });
const nameRef = (name: string): A.NameRef => ({ kind: "NameRef", span, name });
const arbPlainName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).filter((n) => !isReservedName(n) && !/^(true|false)$/i.test(n));
const arbColumnDecl: fc.Arbitrary<A.ColumnDecl> = fc.record({
  kind: fc.constant("ColumnDecl" as const),
  span: fc.constant(span),
  name: arbName,
  type: fc.constantFrom("string" as const, "long" as const, "dynamic" as const, "datetime" as const, "real" as const),
});
const arbCall: fc.Arbitrary<A.Call> = fc.record({
  kind: fc.constant("Call" as const),
  span: fc.constant(span),
  name: arbFunctionName,
  args: fc.array(arbExpr, { maxLength: 2 }),
});
/** A literal value as datatable rows and defaults hold them. */
const arbValue: fc.Arbitrary<A.Expr> = fc.oneof(arbString, arbNumber, arbTimespan, arbTyped, arbDynamic);
const arbBody: fc.Arbitrary<A.TabularOperator[]> = fc.array(arbOperator, { minLength: 1, maxLength: 2 });

/** The rarer operators and sources, one shape each with varying parts. */
const arbMoreOperators: fc.Arbitrary<A.TabularOperator> = fc.oneof(
  fc.record({ kind: fc.constant("Lookup" as const), span: fc.constant(span), options: fc.constantFrom([], [opt("kind", nameRef("inner"))]), right: arbNameRef, on: fc.array(arbExpr, { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("UnionOp" as const), span: fc.constant(span), options: fc.constantFrom([], [opt("withsource", nameRef("Src")), opt("isfuzzy", { kind: "BoolLit", span, value: true })]), tables: fc.array(arbNameRef, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant("MvApply" as const),
    span: fc.constant(span),
    options: fc.constant([]),
    columns: fc.array(fc.record({ kind: fc.constant("MvExpandItem" as const), span: fc.constant(span), name: fc.option(arbName, { nil: null }), value: arbExpr, toType: fc.constantFrom(null, "long" as const) }), { minLength: 1, maxLength: 2 }),
    limit: fc.option(arbNumber, { nil: null }),
    body: arbBody,
  }),
  fc.record({ kind: fc.constant("Evaluate" as const), span: fc.constant(span), options: fc.constant([]), plugin: arbCall }),
  fc.record({ kind: fc.constant("Invoke" as const), span: fc.constant(span), call: arbCall }),
  fc.record({ kind: fc.constant("As" as const), span: fc.constant(span), options: fc.constant([]), name: arbName }),
  fc.record({ kind: fc.constant("Serialize" as const), span: fc.constant(span), columns: fc.array(arbAssignment, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant("Sample" as const), span: fc.constant(span), count: arbExpr }),
  fc.record({ kind: fc.constant("SampleDistinct" as const), span: fc.constant(span), count: arbExpr, of: arbExpr }),
  fc.record({ kind: fc.constant("GetSchema" as const), span: fc.constant(span) }),
  fc.record({ kind: fc.constant("Consume" as const), span: fc.constant(span), options: fc.constant([]) }),
  fc.record({ kind: fc.constant("SearchOp" as const), span: fc.constant(span), options: fc.constant([]), predicate: arbExpr }),
  fc.record({ kind: fc.constant("ProjectKeep" as const), span: fc.constant(span), columns: fc.array(arbName, { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("ProjectByNames" as const), span: fc.constant(span), names: fc.array(arbExpr, { minLength: 1, maxLength: 2 }) }),
  fc.record({
    kind: fc.constant("ProjectReorder" as const),
    span: fc.constant(span),
    columns: fc.array(fc.record({ pattern: arbName, order: fc.constantFrom(null, "asc" as const, "granny-desc" as const) }), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    kind: fc.constant("Render" as const),
    span: fc.constant(span),
    chart: fc.constantFrom("timechart", "barchart", "table"),
    properties: fc.constantFrom([], [opt("title", { kind: "StringLit", span, value: "t", obfuscated: false })], [{ ...opt("ycolumns", nameRef("a")), more: [nameRef("b")] }]),
  }),
  fc.record({
    kind: fc.constant("TopNested" as const),
    span: fc.constant(span),
    levels: fc.array(
      fc.record({
        kind: fc.constant("TopNestedLevel" as const),
        span: fc.constant(span),
        count: fc.option(arbNumber, { nil: null }),
        of: arbAssignment,
        withOthers: fc.option(arbValue, { nil: null }),
        by: arbAssignment,
        order: fc.constantFrom(null, "asc" as const, "desc" as const),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({
    kind: fc.constant("MakeSeries" as const),
    span: fc.constant(span),
    options: fc.constant([]),
    aggregates: fc.array(fc.record({ assignment: arbAssignment, default: fc.option(arbNumber, { nil: null }) }), { minLength: 1, maxLength: 2 }),
    on: arbNameRef,
    from: fc.option(arbExpr, { nil: null }),
    to: fc.option(arbExpr, { nil: null }),
    step: arbTimespan,
    inRange: fc.constant(false),
    by: fc.array(arbAssignment, { maxLength: 1 }),
  }),
  fc.record({ kind: fc.constant("Fork" as const), span: fc.constant(span), branches: fc.array(fc.record({ kind: fc.constant("ForkBranch" as const), span: fc.constant(span), name: fc.option(arbPlainName, { nil: null }), body: arbBody }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("Facet" as const), span: fc.constant(span), columns: fc.array(arbName, { minLength: 1, maxLength: 2 }), with: fc.option(arbBody, { nil: null }) }),
  fc.record({ kind: fc.constant("Partition" as const), span: fc.constant(span), options: fc.constant([]), by: arbNameRef, body: arbBody }),
  fc.record({ kind: fc.constant("Reduce" as const), span: fc.constant(span), options: fc.constant([]), by: arbExpr, with: fc.constantFrom([], [opt("threshold", { kind: "NumberLit", span, type: "real", text: "0.5" })]) }),
  fc.record({ kind: fc.constant("ParseKv" as const), span: fc.constant(span), source: arbExpr, columns: fc.array(arbColumnDecl, { minLength: 1, maxLength: 2 }), properties: fc.constantFrom([], [opt("pair_delimiter", { kind: "StringLit", span, value: ";", obfuscated: false })]) }),
  fc.record({
    kind: fc.constant("Scan" as const),
    span: fc.constant(span),
    options: fc.constant([]),
    orderBy: fc.array(arbSortKey, { maxLength: 1 }),
    partitionBy: fc.array(arbNameRef, { maxLength: 1 }),
    declare: fc.array(arbColumnDecl, { maxLength: 2 }),
    steps: fc.array(
      fc.record({
        kind: fc.constant("ScanStep" as const),
        span: fc.constant(span),
        name: arbPlainName,
        output: fc.constantFrom(null, "all" as const, "none" as const),
        predicate: arbExpr,
        assignments: fc.array(arbAssignment.map((a) => ({ ...a, names: [a.names[0] ?? "x"] })), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
);

const arbSource: fc.Arbitrary<A.Expr> = fc.oneof(
  { weight: 6, arbitrary: arbNameRef },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(arbColumnDecl, { minLength: 1, maxLength: 3 }), fc.nat(3))
      .chain(([columns, rows]) =>
        fc.array(arbValue, { minLength: columns.length * rows, maxLength: columns.length * rows }).map((values): A.DataTable => ({ kind: "DataTable", span, options: [], columns, values })),
      ),
  },
  { weight: 1, arbitrary: fc.array(arbAssignment, { minLength: 1, maxLength: 3 }).map((columns): A.Print => ({ kind: "Print", span, columns })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("Range" as const), span: fc.constant(span), name: arbName, from: arbExpr, to: arbExpr, step: arbExpr }) },
  { weight: 1, arbitrary: fc.array(arbNameRef, { minLength: 1, maxLength: 3 }).map((tables): A.Union => ({ kind: "Union", span, options: [], tables })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("ExternalData" as const),
      span: fc.constant(span),
      columns: fc.array(arbColumnDecl, { minLength: 1, maxLength: 2 }),
      urls: fc.array(arbString, { minLength: 1, maxLength: 2 }),
      properties: fc.constantFrom([], [opt("format", { kind: "StringLit", span, value: "csv", obfuscated: false })]),
    }),
  },
);

export const arbPipeline: fc.Arbitrary<A.Pipeline> = fc.record({
  kind: fc.constant("Pipeline" as const),
  span: fc.constant(span),
  source: arbSource,
  operators: fc.array(fc.oneof({ weight: 3, arbitrary: arbOperator }, { weight: 2, arbitrary: arbMoreOperators }), { minLength: 1, maxLength: 4 }),
});

const arbParam: fc.Arbitrary<A.Param> = fc.record({
  kind: fc.constant("Param" as const),
  span: fc.constant(span),
  name: arbName,
  type: fc.oneof(
    fc.constantFrom("long" as const, "string" as const, "dynamic" as const).map((type): A.ParamType => ({ kind: "ScalarParam", type })),
    fc.array(arbColumnDecl, { maxLength: 2 }).map((columns): A.ParamType => ({ kind: "TabularParam", columns, open: columns.length === 0 })),
  ),
  default: fc.constant(null),
});

const arbLambda: fc.Arbitrary<A.Lambda> = fc.record({
  kind: fc.constant("Lambda" as const),
  span: fc.constant(span),
  params: fc.array(arbParam, { maxLength: 2 }),
  body: fc.array(fc.record({ kind: fc.constant("Let" as const), span: fc.constant(span), name: arbName, value: arbExpr, view: fc.constant(false) }), { maxLength: 1 }),
  result: fc.oneof(arbExpr, arbPipeline),
});

const arbStatement: fc.Arbitrary<A.Statement> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("Let" as const), span: fc.constant(span), name: arbName, value: fc.oneof(arbExpr, arbPipeline, arbLambda), view: fc.constant(false) }) },
  { weight: 1, arbitrary: arbLambda.map((l): A.Let => ({ kind: "Let", span, name: "v", value: { ...l, params: [] }, view: true })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("SetOption" as const), span: fc.constant(span), name: arbPlainName, value: fc.option(arbValue, { nil: null }) }) },
  {
    weight: 1,
    arbitrary: fc
      .array(arbParam.filter((p) => p.type.kind === "ScalarParam"), { minLength: 1, maxLength: 2 })
      .map((params): A.DeclareQueryParameters => ({ kind: "DeclareQueryParameters", span, params })),
  },
);

export const arbScript: fc.Arbitrary<A.Script> = fc
  .tuple(fc.array(arbStatement, { maxLength: 3 }), arbPipeline)
  .map(([lets, p]) => ({ kind: "Script", span, statements: [...lets, { kind: "QueryStatement", span, expr: p }] }));

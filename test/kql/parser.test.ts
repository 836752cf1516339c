import { describe, expect, it } from "vitest";
import { type Expr, type Pipeline, type Script, parse, parseExpression, stripSpans } from "../../src/kql/index.js";

function expr(text: string): Expr {
  const r = parseExpression(text);
  expect(r.diagnostics).toEqual([]);
  return stripSpans(r.expr!);
}

function script(text: string): Script {
  const r = parse(text);
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return stripSpans(r.script);
}

function pipeline(text: string): Pipeline {
  const s = script(text);
  const st = s.statements[s.statements.length - 1];
  if (st.kind !== "QueryStatement" || st.expr.kind !== "Pipeline") throw new Error(`not a pipeline: ${text}`);
  return st.expr;
}

describe("expressions", () => {
  it("gives and tighter binding than or, comparisons tighter than and", () => {
    expect(expr("a or b and c == 1")).toEqual({
      kind: "Binary",
      op: "or",
      left: { kind: "NameRef", name: "a" },
      right: {
        kind: "Binary",
        op: "and",
        left: { kind: "NameRef", name: "b" },
        right: { kind: "Binary", op: "==", left: { kind: "NameRef", name: "c" }, right: { kind: "NumberLit", type: "long", text: "1" } },
      },
    });
  });

  it("follows Kusto's levels: string operators bind tighter than arithmetic, comparisons do not chain", () => {
    expect(expr('a + b has "x"')).toMatchObject({ op: "+", right: { op: "has" } });
    expect(expr('x has "a" == true')).toMatchObject({ op: "==", left: { op: "has" } });
    expect(expr("x == y + 1")).toMatchObject({ op: "==", right: { op: "+" } });
    expect(expr("a > 1 == b < 2")).toMatchObject({ op: "==", left: { op: ">" }, right: { op: "<" } });
    expect(parseExpression("a == b == c").diagnostics[0].message).toMatch(/cannot follow another operator of the same level/);
    expect(parseExpression("a < b < c").diagnostics[0].message).toMatch(/add parentheses/);
    expect(parseExpression("x in (1) == true").diagnostics).toHaveLength(1);
    expect(expr("(a == b) == c")).toMatchObject({ op: "==", left: { op: "==" } });
  });

  it("parses arithmetic left-associatively with * above +", () => {
    const e = expr("1 - 2 - 3 * 4");
    expect(e).toMatchObject({ kind: "Binary", op: "-", left: { op: "-" }, right: { op: "*" } });
  });

  it("reads every string operator, negated and case-sensitive forms", () => {
    for (const op of ["has", "!has", "has_cs", "!has_cs", "hasprefix", "hassuffix_cs", "contains", "!contains_cs", "startswith", "!startswith", "endswith_cs", "=~", "!~", "<>"]) {
      expect(expr(`x ${op} "a"`)).toMatchObject({ kind: "Binary", op });
    }
    expect(expr(`x matches regex "a+"`)).toMatchObject({ kind: "Binary", op: "matches regex" });
  });

  it("reads list operators and between", () => {
    for (const op of ["in", "!in", "in~", "!in~", "has_any", "has_all"]) {
      expect(expr(`x ${op} ("a", "b")`)).toMatchObject({ kind: "InExpr", op, values: [{ value: "a" }, { value: "b" }] });
    }
    expect(expr("x between (1 .. 10)")).toMatchObject({ kind: "Between", negated: false, low: { text: "1" }, high: { text: "10" } });
    expect(expr("x !between (ago(1d) .. now())")).toMatchObject({ kind: "Between", negated: true });
    expect(expr("x in (T | project y)")).toMatchObject({ kind: "InExpr", values: [{ kind: "Pipeline" }] });
  });

  it("reads member, index, calls with named args and star", () => {
    expect(expr("a.b['c'][0]")).toEqual({
      kind: "Index",
      target: { kind: "Index", target: { kind: "Member", target: { kind: "NameRef", name: "a" }, name: "b" }, index: { kind: "StringLit", value: "c", obfuscated: false } },
      index: { kind: "NumberLit", type: "long", text: "0" },
    });
    expect(expr("bag_unpack(d, columnsConflict='error')")).toMatchObject({ kind: "Call", args: [{ kind: "NameRef" }, { kind: "NamedArg", name: "columnsConflict" }] });
    expect(expr("count(*)")).toEqual({ kind: "Call", name: "count", args: [{ kind: "Star" }] });
    expect(expr("cluster('c').database('d').T")).toMatchObject({ kind: "Member", name: "T", target: { kind: "MethodCall", name: "database" } });
    expect(expr("$left.a == $right.b")).toMatchObject({ left: { target: { name: "$left" } }, right: { target: { name: "$right" } } });
    expect(expr("['odd name']")).toEqual({ kind: "NameRef", name: "odd name" });
    expect(expr("-x")).toEqual({ kind: "Unary", op: "-", operand: { kind: "NameRef", name: "x" } });
    expect(expr("-(-x)")).toEqual({ kind: "Unary", op: "-", operand: { kind: "Unary", op: "-", operand: { kind: "NameRef", name: "x" } } });
    expect(parseExpression("- -x").diagnostics[0].message).toMatch(/write -\(-x\)/);
  });
});

describe("literals", () => {
  it("decodes every string form", () => {
    const cases: [string, string, boolean][] = [
      [`'it\\'s'`, "it's", false],
      [`"a\\"b\\\\c\\n\\t"`, 'a"b\\c\n\t', false],
      [`@'C:\\path\\'`, "C:\\path\\", false],
      [`@"say ""hi"""`, 'say "hi"', false],
      [`h'secret'`, "secret", true],
      [`H@"x\\y"`, "x\\y", true],
      ["```line1\nline2```", "line1\nline2", false],
      [`"a" 'b' @"c"`, "abc", false],
      [`"\\u00e9\\x41"`, "éA", false],
    ];
    for (const [text, value, obfuscated] of cases) expect(expr(text)).toEqual({ kind: "StringLit", value, obfuscated });
  });

  it("reads numbers, bools and timespan shorthands", () => {
    expect(expr("42")).toEqual({ kind: "NumberLit", type: "long", text: "42" });
    expect(expr("1.5")).toEqual({ kind: "NumberLit", type: "real", text: "1.5" });
    expect(expr("1e3")).toEqual({ kind: "NumberLit", type: "real", text: "1e3" });
    expect(expr("0x1F")).toEqual({ kind: "NumberLit", type: "long", text: "0x1F" });
    expect(expr("true")).toEqual({ kind: "BoolLit", value: true });
    for (const ts of ["1d", "5m", "1.5h", "100ms", "10microsecond", "3tick", "2Days"]) {
      expect(expr(ts)).toEqual({ kind: "TimespanLit", text: ts.toLowerCase() });
    }
  });

  it("reads typed literals with raw content", () => {
    expect(expr("datetime(2024-01-01 10:00)")).toEqual({ kind: "TypedLit", type: "datetime", text: "2024-01-01 10:00" });
    expect(expr("time(1d)")).toEqual({ kind: "TypedLit", type: "timespan", text: "1d" });
    expect(expr("long(null)")).toEqual({ kind: "TypedLit", type: "long", text: null });
    expect(expr("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)")).toMatchObject({ type: "guid", text: "74be27de-1e4e-49d9-b579-fe0b331d3642" });
    expect(expr("double(1.5)")).toMatchObject({ type: "real" });
  });

  it("re-serialises dynamic literals as compact JSON keeping number digits", () => {
    expect(expr(`dynamic({ "a" : [1, 2.50, -3, 'x', 12345678901234567890], "b": {"c": null, "d": true} })`)).toEqual({
      kind: "DynamicLit",
      json: '{"a":[1,2.50,-3,"x",12345678901234567890],"b":{"c":null,"d":true}}',
    });
    expect(expr("dynamic(null)")).toEqual({ kind: "DynamicLit", json: "null" });
  });
});

describe("statements and operators", () => {
  it("reads let statements: scalar, tabular, lambdas with typed, tabular and default params, views", () => {
    const s = script(`let n = 5;
let T2 = T | where x > n;
let f = (x: long, T: (a: string), y: string = "d") { let z = x; T | where a == y | take z };
let g = (T: (*)) { T | count };
let v = view () { T2 };
f(1, T2, "q")`);
    expect(s.statements.map((x) => x.kind)).toEqual(["Let", "Let", "Let", "Let", "Let", "QueryStatement"]);
    expect(s.statements[2]).toMatchObject({
      kind: "Let",
      name: "f",
      value: {
        kind: "Lambda",
        params: [
          { name: "x", type: { kind: "ScalarParam", type: "long" }, default: null },
          { name: "T", type: { kind: "TabularParam", columns: [{ name: "a", type: "string" }], open: false } },
          { name: "y", default: { value: "d" } },
        ],
        body: [{ kind: "Let", name: "z" }],
        result: { kind: "Pipeline" },
      },
    });
    expect(s.statements[3]).toMatchObject({ value: { params: [{ name: "T", type: { kind: "TabularParam", columns: [], open: true } }] } });
    expect(s.statements[4]).toMatchObject({ kind: "Let", view: true, value: { kind: "Lambda", params: [] } });
  });

  it("reads set and declare query_parameters", () => {
    const s = script(`set notruncation; set query_now = datetime(2024-01-01); declare query_parameters(u: string = "x", n: int); T`);
    expect(s.statements[0]).toEqual({ kind: "SetOption", name: "notruncation", value: null });
    expect(s.statements[1]).toMatchObject({ kind: "SetOption", name: "query_now", value: { kind: "TypedLit" } });
    expect(s.statements[2]).toMatchObject({ kind: "DeclareQueryParameters", params: [{ name: "u" }, { name: "n", type: { type: "int" } }] });
  });

  it("reads the common operators", () => {
    const p = pipeline(`T
| where a > 1
| extend b = a * 2, (c, d) = f(x)
| project a, e = b
| project-away x*, y
| project-keep a*
| project-rename n = o
| project-reorder b desc, a*
| summarize hint.strategy=shuffle c = count(), dcount(u) by bin(t, 1h), k
| join kind=leftouter hint.remote=auto (U | where z) on a, $left.b == $right.c
| lookup kind=inner V on k
| union withsource=Src isfuzzy=true W, X*
| mv-expand bagexpansion=array with_itemindex=i m = arr to typeof(long) limit 10
| mv-apply e = arr to typeof(string) on (where e has "x" | take 1)
| parse msg with "a=" a:long "," * "b=" b
| parse-where kind=regex flags=U msg with @"(\\d+)" n
| sort by a desc nulls last, b asc
| order by a
| top 5 by c desc
| take 10
| limit 10
| distinct a, b
| count
| as hint.materialized=true Step
| serialize rn = row_number()
| evaluate bag_unpack(d)
| invoke f(1)
| render timechart with (title="t", ycolumns=a, b)`);
    expect(p.operators.map((o) => o.kind)).toEqual([
      "Where", "Extend", "Project", "ProjectAway", "ProjectKeep", "ProjectRename", "ProjectReorder", "Summarize", "Join", "Lookup",
      "UnionOp", "MvExpand", "MvApply", "Parse", "Parse", "Sort", "Sort", "Top", "Take", "Take", "Distinct", "Count", "As",
      "Serialize", "Evaluate", "Invoke", "Render",
    ]);
    expect(p.operators[1]).toMatchObject({ columns: [{ names: ["b"] }, { names: ["c", "d"] }] });
    expect(p.operators[3]).toEqual({ kind: "ProjectAway", columns: ["x*", "y"] });
    expect(p.operators[7]).toMatchObject({ options: [{ name: "hint.strategy", value: { kind: "NameRef", name: "shuffle" } }], aggregates: [{ names: ["c"] }, { names: [] }] });
    expect(p.operators[8]).toMatchObject({ options: [{ name: "kind" }, { name: "hint.remote" }], right: { kind: "Pipeline" }, on: [{ kind: "NameRef" }, { kind: "Binary" }] });
    expect(p.operators[10]).toMatchObject({ tables: [{ name: "W" }, { name: "X*" }] });
    expect(p.operators[11]).toMatchObject({ columns: [{ name: "m", toType: "long" }], limit: { text: "10" } });
    expect(p.operators[13]).toMatchObject({
      where: false,
      pattern: [{ kind: "ParseText", value: "a=" }, { kind: "ParseColumn", name: "a", type: "long" }, { kind: "ParseText", value: "," }, { kind: "ParseWildcard" }, { kind: "ParseText", value: "b=" }, { kind: "ParseColumn", name: "b", type: null }],
    });
    expect(p.operators[15]).toMatchObject({ by: [{ order: "desc", nulls: "last" }, { order: "asc", nulls: null }] });
    expect(p.operators[26]).toMatchObject({ chart: "timechart", properties: [{ name: "title" }, { name: "ycolumns", value: { name: "a" }, more: [{ name: "b" }] }] });
  });

  it("reads pipeline-start operators", () => {
    expect(pipeline(`datatable(a: long, b: string) [1, "x", 2, "y",] | take 1`).source).toMatchObject({ kind: "DataTable", columns: [{ name: "a", type: "long" }, { name: "b" }], values: [{}, {}, {}, {}] });
    expect(pipeline("print x = 1, 2 | take 1").source).toMatchObject({ kind: "Print", columns: [{ names: ["x"] }, { names: [] }] });
    expect(pipeline("range x from 1 to 10 step 2 | take 1").source).toMatchObject({ kind: "Range", name: "x" });
    expect(pipeline("union kind=outer T1, (T2 | where x) | take 1").source).toMatchObject({ kind: "Union", tables: [{ kind: "NameRef" }, { kind: "Pipeline" }] });
    expect(pipeline(`externaldata (u: string) ["https://x/y.csv"] with (format="csv", ignoreFirstRecord=true) | take 1`).source).toMatchObject({
      kind: "ExternalData",
      properties: [{ name: "format" }, { name: "ignoreFirstRecord", value: { kind: "BoolLit" } }],
    });
    expect(pipeline(`search in (T1, T2) "err" | take 1`).source).toMatchObject({ kind: "Search", tables: [{}, {}] });
    expect(pipeline("find withsource=S in (T*) where x == 1 project-smart | take 1").source).toMatchObject({ kind: "Find", project: "smart" });
  });

  it("flattens a parenthesised pipeline that is piped further", () => {
    const p = pipeline("(T | where a) | take 1");
    expect(p.source).toEqual({ kind: "NameRef", name: "T" });
    expect(p.operators.map((o) => o.kind)).toEqual(["Where", "Take"]);
  });

  it("reads the rarer operators", () => {
    const kinds = (text: string) => pipeline(text).operators.map((o) => o.kind);
    expect(kinds("T | top-nested 3 of a with others = 0 by m = max(b) desc, top-nested of c by sum(d)")).toEqual(["TopNested"]);
    expect(kinds("T | sample 10 | sample-distinct 5 of a | getschema")).toEqual(["Sample", "SampleDistinct", "GetSchema"]);
    expect(kinds("T | make-series kind=nonempty n = count() default = 0 on t from ago(1d) to now() step 1h by k")).toEqual(["MakeSeries"]);
    expect(kinds("T | make-series avg(x) on t in range(ago(1d), now(), 1h)")).toEqual(["MakeSeries"]);
    expect(kinds("T | fork (where a | take 1) (summarize count())")).toEqual(["Fork"]);
    expect(kinds("T | facet by a, b with (take 3)")).toEqual(["Facet"]);
    expect(kinds("T | partition hint.strategy=native by k (top 1 by t)")).toEqual(["Partition"]);
    expect(kinds("T | partition by k { U | where x }")).toEqual(["Partition"]);
    expect(kinds("T | reduce by Text with threshold=0.5")).toEqual(["Reduce"]);
    expect(kinds(`T | parse-kv m as (a: string, b: long) with (pair_delimiter=";", kv_delimiter="=")`)).toEqual(["ParseKv"]);
    expect(kinds("T | search kind=case_sensitive \"x\"")).toEqual(["SearchOp"]);
    expect(kinds("T | consume decodeblocks=true")).toEqual(["Consume"]);
    expect(kinds("T | evaluate bag_unpack(d) : (*, Name: string)")).toEqual(["Evaluate"]);
    expect(kinds(`T | project-by-names "Name", "C*", column_names_of(U)`)).toEqual(["ProjectByNames"]);
    expect(pipeline(`T | project-by-names "a", names`).operators[0]).toMatchObject({ names: [{ kind: "StringLit", value: "a" }, { kind: "NameRef", name: "names" }] });
    expect(kinds("T | scan order by t partition by k declare (n: long = 0) with (step s1 output=all: x > 1 => n = s1.n + 1; step s2: x < 0;)")).toEqual(["Scan"]);
  });
});

describe("diagnostics", () => {
  it("reports line, column, caret snippet and what was expected", () => {
    const r = parse("T\n| where a >\n| take 1", { file: "q.kql" });
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d).toMatchObject({ severity: "error", file: "q.kql", line: 3, column: 1 });
    expect(d.message).toMatch(/expected an expression, found '\|'/);
    expect(d.snippet).toBe("| take 1\n^");
  });

  it("recovers at | and ; to report several errors", () => {
    const r = parse("T | where a >\n| extend = 3\n| summarize count() by\n| take 1;\nlet x = ;\nU | wher x");
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(4);
    const lines = r.diagnostics.map((d) => d.line);
    expect(new Set(lines).size).toBeGreaterThanOrEqual(4);
  });

  it("says when an operator is valid KQL that Kustodian does not support", () => {
    expect(parse("T | make-graph a --> b with N on id").diagnostics[0]).toMatchObject({
      code: "KQL1005",
      column: 5,
      message: "'make-graph' is valid KQL but not supported by Kustodian (graph and preview operators are out of scope)",
    });
  });

  it("rejects unknown operators, unterminated strings and bad escapes with positions", () => {
    expect(parse("T | frobnicate").diagnostics[0]).toMatchObject({ line: 1, column: 5, message: expect.stringMatching(/tabular operator/) });
    expect(parse("T | wher x").diagnostics[0].message).toBe("expected a tabular operator after '|' (did you mean 'where'?), found 'wher'");
    expect(parse("T | Summarize count()").diagnostics[0].message).toMatch(/did you mean 'summarize'/);
    expect(parse("print (1 + (2\n| take 1").diagnostics[0].message).toMatch(/expected '\)' to close the '\(' at 1:12/);
    expect(parse('print "abc').diagnostics[0]).toMatchObject({ column: 7, message: expect.stringMatching(/unterminated string/) });
    expect(parse('print "a\\qb"').diagnostics[0]).toMatchObject({ message: expect.stringMatching(/invalid escape/) });
    expect(parse("T | where x in list").diagnostics[0].message).toMatch(/expected '\(' to start the list/);
  });

  it("bounds deep nesting with a clear error instead of overflowing the stack", () => {
    const deep = `print ${"(".repeat(100000)}1${")".repeat(100000)}`;
    const r = parse(deep);
    expect(r.diagnostics[0].message).toMatch(/nested too deeply/);
    const deepCalls = `print ${"f(".repeat(5000)}1${")".repeat(5000)}`;
    expect(parse(deepCalls).diagnostics[0].message).toMatch(/nested too deeply/);
    const deepUnary = `print ${"-(".repeat(50000)}1${")".repeat(50000)}`;
    expect(parse(deepUnary).diagnostics[0].message).toMatch(/nested too deeply/);
    const deepLambda = `let f = ${"() { ".repeat(5000)}1${" }".repeat(5000)}; print 1`;
    expect(parse(deepLambda).diagnostics[0].message).toMatch(/nested too deeply/);
    const deepDynamic = `print dynamic(${"[".repeat(50000)}${"]".repeat(50000)})`;
    expect(parse(deepDynamic).diagnostics[0].message).toMatch(/nested too deeply/);
  });

  it("parseExpression rejects trailing text", () => {
    const r = parseExpression("a + b c");
    expect(r.expr).toBeNull();
    expect(r.diagnostics[0].message).toMatch(/end of expression/);
  });
});

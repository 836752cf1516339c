/**
 * The KQL abstract syntax tree: the one contract every room of Kustodian speaks.
 *
 * - The parser (`parser.ts`) produces it from text, the DSL builds it, the printer
 *   (`printer.ts`) turns it back into canonical KQL, the evaluator runs it.
 * - Nodes are immutable plain objects discriminated by `kind`. Every node carries a
 *   `span` (offsets into the source text); nodes built by the DSL carry `NO_SPAN`.
 * - Structural equality ignoring `span` is the round-trip contract:
 *   parse(print(ast)) equals ast.
 * - Parentheses are not nodes: the printer re-derives them from precedence.
 *
 * Add node kinds here (never rename existing ones) and teach the printer and the
 * evaluator about them in the same change.
 */

/** Half-open range [start, end) of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export const NO_SPAN: Span = Object.freeze({ start: -1, end: -1 });

interface NodeBase<K extends string> {
  readonly kind: K;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Types that appear in source (column declarations, casts, lambda parameters)
// ---------------------------------------------------------------------------

/** KQL scalar type names in canonical spelling (aliases such as `double`, `boolean`, `date` normalised). */
export type ScalarTypeName =
  | "bool"
  | "int"
  | "long"
  | "real"
  | "decimal"
  | "string"
  | "datetime"
  | "timespan"
  | "guid"
  | "dynamic";

/** `name:type`, as in `datatable(a:string)`, `parse ... x:long`, `parse-kv ... as (k:string)`. */
export interface ColumnDecl extends NodeBase<"ColumnDecl"> {
  readonly name: string;
  readonly type: ScalarTypeName;
}

/** A lambda parameter's declared type: scalar, or tabular `(*)` (open) / `(a:string, b:long)` (Kusto accepts one or the other, not both). */
export type ParamType =
  | { readonly kind: "ScalarParam"; readonly type: ScalarTypeName }
  | { readonly kind: "TabularParam"; readonly columns: readonly ColumnDecl[]; readonly open: boolean };

export interface Param extends NodeBase<"Param"> {
  readonly name: string;
  readonly type: ParamType;
  readonly default: Expr | null;
}

// ---------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------

/** Any string literal form; adjacent literals (`"a" "b"`) are merged by the parser. */
export interface StringLit extends NodeBase<"StringLit"> {
  readonly value: string;
  /** `h"..."`: obfuscated in logs. Kept because it changes what the service records. */
  readonly obfuscated: boolean;
}

/**
 * A numeric literal. `text` is the literal as written without sign (`10`, `1.5`, `1e3`, `0x1F`);
 * `type` is what Kusto infers: integers are `long`, numbers with `.` or exponent are `real`.
 */
export interface NumberLit extends NodeBase<"NumberLit"> {
  readonly type: "long" | "real";
  readonly text: string;
}

export interface BoolLit extends NodeBase<"BoolLit"> {
  readonly value: boolean;
}

/** Timespan shorthand: `1d`, `5m`, `1.5h`, `100ms`, `10microsecond`, `3tick`. `text` as written, normalised to lower case. */
export interface TimespanLit extends NodeBase<"TimespanLit"> {
  readonly text: string;
}

/**
 * A typed literal written as a call: `datetime(2024-01-01 10:00)`, `timespan(1.02:03:04)`,
 * `guid(...)`, `int(5)`, `long(null)`, `real(nan)`, `bool(true)`, `time(1d)`, `decimal(1.5)`.
 * `text` is the raw content between the parentheses, trimmed; `null` for `type(null)`.
 * `time(...)` is normalised to `timespan`.
 */
export interface TypedLit extends NodeBase<"TypedLit"> {
  readonly type: Exclude<ScalarTypeName, "dynamic" | "string">;
  readonly text: string | null;
}

/**
 * `dynamic(...)`. `json` is the content re-serialised as compact JSON text (numbers keep their
 * written digits, so longs survive). Non-JSON scalars inside (`datetime(...)`) are kept as the
 * JSON string of their literal text, e.g. `"datetime(2020-01-01)"` is not produced: the parser
 * reports such content as unsupported inside dynamic.
 */
export interface DynamicLit extends NodeBase<"DynamicLit"> {
  readonly json: string;
}

export type Literal = StringLit | NumberLit | BoolLit | TimespanLit | TypedLit | DynamicLit;

// ---------------------------------------------------------------------------
// Scalar expressions
// ---------------------------------------------------------------------------

/** A name: column, let-bound variable, table, `$left`/`$right`. `['odd name']` is stored unquoted. */
export interface NameRef extends NodeBase<"NameRef"> {
  readonly name: string;
}

/** `*` where an argument list allows it: `count(*)`, `arg_max(T, *)`, `project-away *`. */
export interface Star extends NodeBase<"Star"> {}

/** `target.name` */
export interface Member extends NodeBase<"Member"> {
  readonly target: Expr;
  readonly name: string;
}

/** `target[index]`: `a['b']`, `a[0]`, `a[-1]`. */
export interface Index extends NodeBase<"Index"> {
  readonly target: Expr;
  readonly index: Expr;
}

/** `name = value` inside an argument list: `bag_unpack(d, columnsConflict='error')`. */
export interface NamedArg extends NodeBase<"NamedArg"> {
  readonly name: string;
  readonly value: Expr;
}

export type Arg = Expr | NamedArg;

/** `name(args)`. Aggregations, scalar functions, user functions, `materialize`, `toscalar`, `table`. */
export interface Call extends NodeBase<"Call"> {
  readonly name: string;
  readonly args: readonly Arg[];
}

/** `target.name(args)`: database/cluster-qualified calls, e.g. `cluster('x').database('y')`. */
export interface MethodCall extends NodeBase<"MethodCall"> {
  readonly target: Expr;
  readonly name: string;
  readonly args: readonly Arg[];
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "=~" | "!~" | "<>";
/** String operators, written exactly as in KQL. Negated forms start with `!`. */
export type StringOp =
  | "has" | "!has" | "has_cs" | "!has_cs"
  | "hasprefix" | "!hasprefix" | "hasprefix_cs" | "!hasprefix_cs"
  | "hassuffix" | "!hassuffix" | "hassuffix_cs" | "!hassuffix_cs"
  | "contains" | "!contains" | "contains_cs" | "!contains_cs"
  | "startswith" | "!startswith" | "startswith_cs" | "!startswith_cs"
  | "endswith" | "!endswith" | "endswith_cs" | "!endswith_cs"
  | "matches regex" | "like" | "notlike" | "likecs" | "notlikecs";
export type LogicalOp = "and" | "or";
export type BinaryOp = ArithmeticOp | ComparisonOp | StringOp | LogicalOp;

export interface Binary extends NodeBase<"Binary"> {
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface Unary extends NodeBase<"Unary"> {
  readonly op: "-" | "+";
  readonly operand: Expr;
}

/** List operators: `x in (a, b)`, `x !in~ (T | project y)`, `x has_any (dynamic([...]))`. */
export type ListOp = "in" | "!in" | "in~" | "!in~" | "has_any" | "has_all";

export interface InExpr extends NodeBase<"InExpr"> {
  readonly op: ListOp;
  readonly left: Expr;
  /** The parenthesised list; one element may be a tabular expression or a dynamic array. */
  readonly values: readonly Expr[];
}

/** `x between (lo .. hi)`, `x !between (lo .. hi)`. */
export interface Between extends NodeBase<"Between"> {
  readonly negated: boolean;
  readonly left: Expr;
  readonly low: Expr;
  readonly high: Expr;
}

/** `(x: long, T: (*)) { let y = x; T | where a > y }` */
export interface Lambda extends NodeBase<"Lambda"> {
  readonly params: readonly Param[];
  readonly body: readonly Statement[];
  /** The final (value) expression of the body. */
  readonly result: Expr;
}

// ---------------------------------------------------------------------------
// Tabular expressions
// ---------------------------------------------------------------------------

/** `source | op | op ...`. Nested pipelines (`(T | where x) | take 1`) are flattened by the parser. */
export interface Pipeline extends NodeBase<"Pipeline"> {
  readonly source: Expr;
  readonly operators: readonly TabularOperator[];
}

/** `kind=inner`, `hint.strategy=broadcast`, `withsource=T`, `with_itemindex=i`, `isfuzzy=true`. */
export interface OperatorOption extends NodeBase<"OperatorOption"> {
  readonly name: string;
  /** A literal or a bare name (`NameRef`). */
  readonly value: Expr;
  /**
   * Set only for properties that take a comma list, e.g. `render ... with (ycolumns=a, b)`:
   * the items after the first (`value` holds the first).
   */
  readonly more?: readonly Expr[];
}

/**
 * `name = expr`, `(a, b) = expr`, or a bare `expr` (column name chosen by Kusto's rules).
 * Used by project, extend, summarize aggregates and by-keys, print, serialize, mv-expand.
 */
export interface Assignment extends NodeBase<"Assignment"> {
  readonly names: readonly string[];
  readonly value: Expr;
}

export type SortOrder = "asc" | "desc";
export type NullsOrder = "first" | "last";

export interface SortKey extends NodeBase<"SortKey"> {
  readonly expr: Expr;
  readonly order: SortOrder | null;
  readonly nulls: NullsOrder | null;
}

/** `datatable (a:long, b:string) [1, "x", 2, "y"]` */
export interface DataTable extends NodeBase<"DataTable"> {
  readonly options: readonly OperatorOption[];
  readonly columns: readonly ColumnDecl[];
  readonly values: readonly Expr[];
}

/** `print x = 1, y` */
export interface Print extends NodeBase<"Print"> {
  readonly columns: readonly Assignment[];
}

/** `range x from 1 to 10 step 1` */
export interface Range extends NodeBase<"Range"> {
  readonly name: string;
  readonly from: Expr;
  readonly to: Expr;
  readonly step: Expr;
}

/** `union [options] T1, (T2 | where x), T*` as a source; as an operator it is `UnionOp`. */
export interface Union extends NodeBase<"Union"> {
  readonly options: readonly OperatorOption[];
  readonly tables: readonly Expr[];
}

/** `externaldata (cols) [ "url", ... ] with (format="csv", ignoreFirstRecord=true)` */
export interface ExternalData extends NodeBase<"ExternalData"> {
  readonly columns: readonly ColumnDecl[];
  readonly urls: readonly Expr[];
  readonly properties: readonly OperatorOption[];
}

/** `search [kind=case_sensitive] [in (T1, T2)] predicate`, as source or operator. */
export interface Search extends NodeBase<"Search"> {
  readonly options: readonly OperatorOption[];
  readonly tables: readonly Expr[];
  readonly predicate: Expr;
}

/** `find [withsource=T] [in (T1, T2)] where predicate [project c1, c2 | project-smart]` */
export interface Find extends NodeBase<"Find"> {
  readonly options: readonly OperatorOption[];
  readonly tables: readonly Expr[];
  readonly predicate: Expr;
  readonly project: readonly Expr[] | "smart" | null;
}

/** `evaluate plugin(...)` at the start of a query (e.g. `evaluate python(...)`). */
export interface EvaluateSource extends NodeBase<"EvaluateSource"> {
  readonly options: readonly OperatorOption[];
  readonly plugin: Call;
}

/** A pipeline-start operator. */
export type TabularSource = DataTable | Print | Range | Union | ExternalData | Search | Find | EvaluateSource;

// ---------------------------------------------------------------------------
// Tabular operators (after `|`)
// ---------------------------------------------------------------------------

export interface Where extends NodeBase<"Where"> {
  readonly predicate: Expr;
}
export interface Project extends NodeBase<"Project"> {
  readonly columns: readonly Assignment[];
}
/** Column names may contain `*` wildcards. */
export interface ProjectAway extends NodeBase<"ProjectAway"> {
  readonly columns: readonly string[];
}
export interface ProjectKeep extends NodeBase<"ProjectKeep"> {
  readonly columns: readonly string[];
}
export interface ProjectRename extends NodeBase<"ProjectRename"> {
  readonly renames: readonly { readonly newName: string; readonly oldName: string }[];
}
export interface ProjectReorder extends NodeBase<"ProjectReorder"> {
  readonly columns: readonly { readonly pattern: string; readonly order: "asc" | "desc" | "granny-asc" | "granny-desc" | null }[];
}
export interface Extend extends NodeBase<"Extend"> {
  readonly columns: readonly Assignment[];
}
export interface Summarize extends NodeBase<"Summarize"> {
  readonly options: readonly OperatorOption[];
  readonly aggregates: readonly Assignment[];
  readonly by: readonly Assignment[];
}
export interface Join extends NodeBase<"Join"> {
  readonly options: readonly OperatorOption[];
  readonly right: Expr;
  /** `on a, $left.b == $right.c`; empty when the join has no `on` clause. */
  readonly on: readonly Expr[];
}
export interface Lookup extends NodeBase<"Lookup"> {
  readonly options: readonly OperatorOption[];
  readonly right: Expr;
  readonly on: readonly Expr[];
}
export interface UnionOp extends NodeBase<"UnionOp"> {
  readonly options: readonly OperatorOption[];
  readonly tables: readonly Expr[];
}
/** `mv-expand [bagexpansion=array] [with_itemindex=i] a, b = c to typeof(long) [limit n]` */
export interface MvExpand extends NodeBase<"MvExpand"> {
  readonly options: readonly OperatorOption[];
  readonly columns: readonly MvExpandItem[];
  readonly limit: Expr | null;
}
export interface MvExpandItem extends NodeBase<"MvExpandItem"> {
  readonly name: string | null;
  readonly value: Expr;
  readonly toType: ScalarTypeName | null;
}
/** `mv-apply [options] items [limit n] [id_column] on (subquery)` */
export interface MvApply extends NodeBase<"MvApply"> {
  readonly options: readonly OperatorOption[];
  readonly columns: readonly MvExpandItem[];
  readonly limit: Expr | null;
  /** The operators of the subquery; its implicit source is the expanded row set. */
  readonly body: readonly TabularOperator[];
}
/** A piece of a parse pattern: a string literal to match, a column to capture, or `*`. */
export type ParsePart =
  | { readonly kind: "ParseText"; readonly value: string }
  | { readonly kind: "ParseColumn"; readonly name: string; readonly type: ScalarTypeName | null }
  | { readonly kind: "ParseWildcard" };
export interface Parse extends NodeBase<"Parse"> {
  /** `parse` or `parse-where` */
  readonly where: boolean;
  /** kind=simple|regex|relaxed, flags=... */
  readonly options: readonly OperatorOption[];
  readonly source: Expr;
  readonly pattern: readonly ParsePart[];
}
/** `parse-kv src as (k1:string, k2:long) with (pair_delimiter=',', kv_delimiter='=')` */
export interface ParseKv extends NodeBase<"ParseKv"> {
  readonly source: Expr;
  readonly columns: readonly ColumnDecl[];
  readonly properties: readonly OperatorOption[];
}
export interface Evaluate extends NodeBase<"Evaluate"> {
  readonly options: readonly OperatorOption[];
  readonly plugin: Call;
  /** `evaluate bag_unpack(d) : (*, Name:string)`: the declared output schema, when written. */
  readonly outputSchema?: { readonly columns: readonly ColumnDecl[]; readonly open: boolean };
}
export interface Top extends NodeBase<"Top"> {
  readonly options: readonly OperatorOption[];
  readonly count: Expr;
  readonly by: SortKey;
}
export interface TopNestedLevel extends NodeBase<"TopNestedLevel"> {
  readonly count: Expr | null;
  readonly of: Assignment;
  readonly withOthers: Expr | null;
  readonly by: Assignment;
  readonly order: SortOrder | null;
}
export interface TopNested extends NodeBase<"TopNested"> {
  readonly levels: readonly TopNestedLevel[];
}
export interface Sort extends NodeBase<"Sort"> {
  readonly options: readonly OperatorOption[];
  readonly by: readonly SortKey[];
}
export interface Take extends NodeBase<"Take"> {
  readonly options: readonly OperatorOption[];
  readonly count: Expr;
}
/** `distinct a, b` or `distinct *` (columns is `[Star]`). */
export interface Distinct extends NodeBase<"Distinct"> {
  readonly options: readonly OperatorOption[];
  readonly columns: readonly Expr[];
}
export interface Count extends NodeBase<"Count"> {
  /** `count as Name` */
  readonly as: string | null;
}
export interface As extends NodeBase<"As"> {
  readonly options: readonly OperatorOption[];
  readonly name: string;
}
export interface Invoke extends NodeBase<"Invoke"> {
  readonly call: Call;
}
export interface Serialize extends NodeBase<"Serialize"> {
  readonly columns: readonly Assignment[];
}
export interface Sample extends NodeBase<"Sample"> {
  readonly count: Expr;
}
export interface SampleDistinct extends NodeBase<"SampleDistinct"> {
  readonly count: Expr;
  readonly of: Expr;
}
export interface SearchOp extends NodeBase<"SearchOp"> {
  readonly options: readonly OperatorOption[];
  readonly predicate: Expr;
}
export interface Render extends NodeBase<"Render"> {
  readonly chart: string;
  readonly properties: readonly OperatorOption[];
}
/** `make-series [kind=nonempty] a = avg(x) default = 0, ... on T from s to e step d by k` (or `in range(s, e, d)`). */
export interface MakeSeries extends NodeBase<"MakeSeries"> {
  readonly options: readonly OperatorOption[];
  readonly aggregates: readonly { readonly assignment: Assignment; readonly default: Expr | null }[];
  readonly on: Expr;
  readonly from: Expr | null;
  readonly to: Expr | null;
  readonly step: Expr;
  /** `in range(...)` spelling instead of `from ... to ... step ...` */
  readonly inRange: boolean;
  readonly by: readonly Assignment[];
}
export interface GetSchema extends NodeBase<"GetSchema"> {}
export interface ForkBranch extends NodeBase<"ForkBranch"> {
  readonly name: string | null;
  readonly body: readonly TabularOperator[];
}
export interface Fork extends NodeBase<"Fork"> {
  readonly branches: readonly ForkBranch[];
}
export interface Facet extends NodeBase<"Facet"> {
  readonly columns: readonly string[];
  readonly with: readonly TabularOperator[] | null;
}
export interface ScanStep extends NodeBase<"ScanStep"> {
  readonly name: string;
  readonly output: "all" | "last" | "none" | null;
  readonly predicate: Expr;
  readonly assignments: readonly Assignment[];
}
export interface Scan extends NodeBase<"Scan"> {
  readonly options: readonly OperatorOption[];
  readonly orderBy: readonly SortKey[];
  readonly partitionBy: readonly Expr[];
  readonly declare: readonly (ColumnDecl & { readonly default?: Expr | null })[];
  readonly steps: readonly ScanStep[];
}
export interface Partition extends NodeBase<"Partition"> {
  readonly options: readonly OperatorOption[];
  readonly by: Expr;
  /** `( subquery )` as operators over the partition, or `{ expression }` as a full expression. */
  readonly body: readonly TabularOperator[] | Expr;
}
/** `project-by-names "Name", "C*", dyn_array`: columns chosen by name values (wildcards allowed). */
export interface ProjectByNames extends NodeBase<"ProjectByNames"> {
  readonly names: readonly Expr[];
}
export interface Reduce extends NodeBase<"Reduce"> {
  readonly options: readonly OperatorOption[];
  readonly by: Expr;
  readonly with: readonly OperatorOption[];
}
/** `| materialize`-free spellings that take a whole expression as the right side: `| as`, handled above. */
export interface Consume extends NodeBase<"Consume"> {
  readonly options: readonly OperatorOption[];
}
export interface Sql extends NodeBase<"Sql"> {
  readonly text: string;
}

export type TabularOperator =
  | Where | Project | ProjectAway | ProjectKeep | ProjectRename | ProjectReorder | Extend
  | Summarize | Join | Lookup | UnionOp | MvExpand | MvApply | Parse | ParseKv | Evaluate
  | Top | TopNested | Sort | Take | Distinct | Count | As | Invoke | Serialize | Sample
  | SampleDistinct | SearchOp | Render | MakeSeries | GetSchema | Fork | Facet | Scan
  | Partition | Reduce | Consume | ProjectByNames;

export type Expr =
  | Literal
  | NameRef | Star | Member | Index | Call | MethodCall
  | Binary | Unary | InExpr | Between | Lambda
  | Pipeline | TabularSource;

// ---------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------

/** `let name = expr;` (scalar, tabular, lambda, `view () {...}`, `materialize(...)`). */
export interface Let extends NodeBase<"Let"> {
  readonly name: string;
  readonly value: Expr;
  /** `let f = view () { ... }` */
  readonly view: boolean;
}
/** `set name [= value];` */
export interface SetOption extends NodeBase<"SetOption"> {
  readonly name: string;
  readonly value: Expr | null;
}
/** `declare query_parameters(p:type [= default], ...);` */
export interface DeclareQueryParameters extends NodeBase<"DeclareQueryParameters"> {
  readonly params: readonly Param[];
}
/** A query (expression) statement. */
export interface QueryStatement extends NodeBase<"QueryStatement"> {
  readonly expr: Expr;
}

export type Statement = Let | SetOption | DeclareQueryParameters | QueryStatement;

/** A whole KQL text: statements separated by `;`. */
export interface Script extends NodeBase<"Script"> {
  readonly statements: readonly Statement[];
}

export type Node =
  | Script | Statement | Expr | TabularOperator | Assignment | SortKey | OperatorOption | ColumnDecl
  | Param | NamedArg | MvExpandItem | TopNestedLevel | ForkBranch | ScanStep;

export type NodeKind = Node["kind"];

/**
 * The KQL parser: tokens (`lexer.ts`) in, AST (`ast.ts`) out. Recursive descent for
 * statements and tabular operators, precedence climbing for scalar expressions.
 *
 * Errors are thrown as `ParseError` inside a statement or operator and caught at the nearest
 * recovery point (next `|` or `;`), so one pass reports several problems. Nesting depth is
 * bounded so hostile input cannot overflow the stack.
 */
import { closestName } from "../util/did-you-mean.js";
import type * as A from "./ast.js";
import { isReservedAsCall, isReservedInDeclaration, isReservedInExpression, isReservedName } from "./keywords.js";
import { type Comment, tokenize } from "./lexer.js";
import { MATCHES_REGEX, PREC, STRING_OPERATORS, TYPE_ALIASES, infixInfo } from "./operators.js";
import { lineColAt } from "../diagnostics.js";
import type { InfixInfo } from "./operators.js";
import type { Token, TokenKind } from "./tokens.js";

/** Deepest nesting of parentheses, calls and subqueries the parser accepts. */
export const MAX_NESTING = 256;
/**
 * Most binary operators on one path of the tree (`a or b or ...`, also across parentheses):
 * keeps every tree shallow enough for recursive walks (printer, evaluator, JSON).
 */
export const MAX_CHAIN = 1000;
/** Stop collecting after this many errors: later ones are usually echoes. */
const MAX_ERRORS = 50;

export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly code: string;
}

export interface ParseOutput<T> {
  readonly node: T;
  readonly errors: readonly SyntaxProblem[];
}

/**
 * A syntax error thrown inside the parser and caught at the next recovery point. Not an
 * `Error` subclass on purpose: capturing a stack trace for every error made error-heavy
 * input (fuzzing, half-typed queries) several times slower, and it never leaves the parser.
 */
export class ParseError {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly message: string,
    readonly code = "KQL1001",
  ) {}
}

type OperatorParser = (p: Parser, start: Token) => A.TabularOperator;

/** Option names (besides `hint.*`) each operator accepts before its arguments. */
const OPTIONS = {
  join: ["kind", "withsource"],
  lookup: ["kind"],
  union: ["kind", "withsource", "isfuzzy"],
  mvexpand: ["bagexpansion", "with_itemindex", "kind"],
  mvapply: ["with_itemindex", "bagexpansion"],
  parse: ["kind", "flags"],
  search: ["kind", "withsource"],
  find: ["withsource", "kind", "datascope", "dataScope"],
  makeSeries: ["kind"],
  none: [],
  as: [],
  reduce: ["kind"],
  consume: ["decodeblocks"],
  datatable: [],
  scan: ["with_match_id"],
} satisfies Record<string, readonly string[]>;

const SORT_WORDS = new Set(["asc", "desc"]);
/** Functions whose arguments are whole queries, written without extra parentheses. */
export const TABULAR_ARG_FUNCTIONS: ReadonlySet<string> = new Set(["toscalar", "materialize"]);
/** A plain word (not an operator spelled with letters such as `!has`, `in~`, `mv-apply`). */
function isWordName(text: string): boolean {
  // identifier tokens are words unless they spell an operator: `!has`, `in~`, `mv-apply`
  return text.charCodeAt(0) !== 33 && !text.includes("-") && !text.includes("~");
}
/** Valid KQL operators Kustodian deliberately does not parse (no AST node). */
const UNSUPPORTED_OPERATORS = new Set([
  "make-graph", "graph-match", "graph-merge", "graph-to-table", "graph-shortest-paths", "graph-mark-components",
  "top-hitters", "execute-and-cache", "assert-schema", "macro-expand", "lookup-graph",
]);
/** Operators that may follow `*` (all columns): the string operators and `==` (`* has "x"`, `* == 1`). */
const STAR_OPERATORS = new Set([...STRING_OPERATORS.filter((op) => /^[!a-z]/.test(op)), "matches"]);
/** Properties `parse-kv ... with (...)` accepts. */
const PARSE_KV_PROPERTIES = new Set(["pair_delimiter", "kv_delimiter", "quote", "escape", "greedy", "regex"]);
/** Kinds `join kind=` accepts. */
const JOIN_KINDS = new Set([
  "inner", "innerunique", "leftouter", "rightouter", "fullouter", "leftanti", "anti", "leftantisemi", "rightanti",
  "rightantisemi", "leftsemi", "rightsemi",
]);
/** Kinds `lookup kind=` accepts. */
const LOOKUP_KINDS = new Set(["leftouter", "inner"]);
/** Values `parse kind=` accepts. */
const PARSE_KINDS = new Set(["simple", "regex", "relaxed"]);
/** `with (...)` properties whose value is a comma list of names. */
const LIST_PROPERTIES = new Set(["ycolumns", "series", "anomalycolumns"]);

export class Parser {
  private readonly toks: Token[];
  private i = 0;
  private depth = 0;
  /** Token index where a tabular source (`print`, `union`, `datatable`, ...) may start. */
  private sourceAt = -1;
  /** Binary operators on the current path from the root: bounds the depth of left-deep chains. */
  private chainDepth = 0;
  /** Token index of a `let` value: the only place `materialize(...)` may appear. */
  private materializeAt = -1;
  readonly errors: SyntaxProblem[] = [];

  constructor(
    private readonly text: string,
    comments?: Comment[],
  ) {
    this.toks = tokenize(text, comments);
  }

  // ---------------------------------------------------------------- tokens

  private get tok(): Token {
    return this.toks[this.i];
  }
  private peek(k = 1): Token {
    const j = this.i + k;
    return this.toks[j < this.toks.length ? j : this.toks.length - 1];
  }
  private prevEnd(): number {
    return this.i > 0 ? this.toks[this.i - 1].end : 0;
  }
  private advance(): Token {
    const t = this.toks[this.i];
    if (t.kind !== "eof") this.i++;
    return t;
  }
  private at(kind: TokenKind): boolean {
    return this.toks[this.i].kind === kind;
  }
  private atWord(word: string): boolean {
    const t = this.toks[this.i];
    return t.kind === "id" && t.text === word;
  }
  private isWord(t: Token, word: string): boolean {
    return t.kind === "id" && t.text === word;
  }
  private eat(kind: TokenKind): boolean {
    if (this.toks[this.i].kind === kind) {
      this.i++;
      return true;
    }
    return false;
  }
  private eatWord(word: string): boolean {
    if (this.atWord(word)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(kind: TokenKind, what?: string): Token {
    const t = this.tok;
    if (t.kind !== kind) throw this.unexpected(what ?? `'${kind}'`);
    this.i++;
    return t;
  }
  private expectWord(word: string): Token {
    const t = this.tok;
    if (!this.isWord(t, word)) throw this.unexpected(`'${word}'`);
    this.i++;
    return t;
  }
  private span(start: number): A.Span {
    return { start, end: Math.max(start, this.prevEnd()) };
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case "eof":
        return "end of query";
      case "str":
        return "a string literal";
      case "num":
      case "ts":
        return `'${t.text}'`;
      case "bad":
        return t.value;
      default:
        return `'${t.text.length > 40 ? `${t.text.slice(0, 40)}...` : t.text}'`;
    }
  }

  unexpected(expected: string, t: Token = this.tok): ParseError {
    if (t.kind === "bad") return new ParseError(t.start, t.end, `${t.value} (expected ${expected})`, "KQL1000");
    return new ParseError(t.start, Math.max(t.end, t.start + 1), `expected ${expected}, found ${this.describe(t)}`);
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) {
      const t = this.tok;
      this.depth = 0;
      throw new ParseError(t.start, t.end, `query is nested too deeply (more than ${MAX_NESTING} levels)`, "KQL1002");
    }
  }
  private leave(): void {
    this.depth--;
  }

  private record(e: ParseError): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ start: e.start, end: e.end, message: e.message, code: e.code });
  }

  // ------------------------------------------------------------- statements

  /** One expression; the whole text must be consumed. */
  parseSingleExpression(): A.Expr | null {
    try {
      const e = this.parsePipe();
      if (!this.at("eof")) throw this.unexpected("end of expression");
      return e;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.record(err);
      return null;
    }
  }

  parseScript(): A.Script {
    const statements: A.Statement[] = [];
    while (!this.at("eof")) {
      const startIndex = this.i;
      try {
        this.depth = 0;
        this.chainDepth = 0;
        statements.push(this.parseStatement());
        if (!this.at(";") && !this.at("eof")) throw this.unexpected("';' or end of query");
        this.eat(";");
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.record(e);
        this.skipTo(startIndex, [";"]);
        this.eat(";");
      }
      if (this.errors.length >= MAX_ERRORS) break;
    }
    return { kind: "Script", span: { start: 0, end: this.text.length }, statements };
  }

  /** After an error: skip to the next token of `stops` that is not nested in brackets. */
  private skipTo(fromIndex: number, stops: readonly TokenKind[]): void {
    let balance = 0;
    for (let j = fromIndex; j < this.i; j++) balance += bracketDelta(this.toks[j].kind);
    if (this.i === fromIndex && !this.at("eof") && !stops.includes(this.tok.kind)) {
      balance += bracketDelta(this.tok.kind);
      this.i++;
    }
    while (!this.at("eof")) {
      const k = this.tok.kind;
      if (balance <= 0 && stops.includes(k)) return;
      if (k === ";" && stops.includes(";")) return;
      balance += bracketDelta(k);
      this.i++;
    }
  }

  private parseStatement(): A.Statement {
    const t = this.tok;
    if (this.isWord(t, "let")) return this.parseLet();
    if (this.isWord(t, "set") && (this.peek().kind === "id" || this.peek().kind === "qid")) return this.parseSet();
    if (this.isWord(t, "declare") && this.isWord(this.peek(), "query_parameters")) return this.parseDeclare();
    const expr = this.parsePipe(true);
    return { kind: "QueryStatement", span: this.span(t.start), expr };
  }

  private parseLet(): A.Let {
    const start = this.advance().start;
    const name = this.parseDeclaredName("a name after 'let'", isReservedName);
    this.expect("=", "'=' after the let name");
    let view = false;
    let value: A.Expr;
    if (this.atWord("view") && this.peek().kind === "(") {
      this.advance();
      view = true;
      value = this.parseLambda();
    } else if (this.looksLikeLambda()) {
      value = this.parseLambda();
    } else {
      this.materializeAt = this.i;
      value = this.parsePipe(true);
    }
    return { kind: "Let", span: this.span(start), name, value, view };
  }

  private parseSet(): A.SetOption {
    const start = this.advance().start;
    let name = this.parseDeclaredName("an option name after 'set'", isReservedName);
    while (this.at(".") && this.peek().kind === "id") {
      this.advance();
      name += `.${this.advance().text}`;
    }
    let value: A.Expr | null = null;
    if (this.eat("=")) value = this.parseExpr();
    return { kind: "SetOption", span: this.span(start), name, value };
  }

  private parseDeclare(): A.DeclareQueryParameters {
    const start = this.advance().start;
    this.advance(); // query_parameters
    this.expect("(", "'(' after 'declare query_parameters'");
    const params: A.Param[] = [];
    if (!this.at(")")) {
      do params.push(this.parseParam());
      while (this.eat(","));
    }
    this.expect(")", "')' or ','");
    return { kind: "DeclareQueryParameters", span: this.span(start), params };
  }

  // --------------------------------------------------------------- lambdas

  /** `(` `)` `{`, or `(` name `:` starts a lambda. */
  private looksLikeLambda(): boolean {
    if (!this.at("(")) return false;
    const a = this.peek(1);
    if (a.kind === ")") return this.peek(2).kind === "{";
    if (a.kind === "id") return this.peek(2).kind === ":";
    const qw = this.quotedNameWidth(1);
    if (qw > 0) return this.peek(1 + qw).kind === ":";
    return false;
  }

  private parseLambda(): A.Lambda {
    const start = this.tok.start;
    this.enter();
    this.expect("(", "'(' to start the parameter list");
    const params: A.Param[] = [];
    if (!this.at(")")) {
      do params.push(this.parseParam());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the parameter list");
    this.expect("{", "'{' to start the function body");
    const body: A.Statement[] = [];
    let result: A.Expr | null = null;
    for (;;) {
      if (this.eat(";")) continue;
      if (this.at("}")) break;
      const s = this.parseStatement();
      if (s.kind === "QueryStatement" && (this.at("}") || (this.at(";") && this.peek().kind === "}"))) {
        result = s.expr;
        this.eat(";");
        break;
      }
      body.push(s);
      if (!this.at(";")) throw this.unexpected("';' or '}'");
    }
    if (result === null) throw this.unexpected("the function's result expression");
    this.expect("}", "'}' to close the function body");
    this.leave();
    return { kind: "Lambda", span: this.span(start), params, body, result };
  }

  private parseParam(): A.Param {
    const start = this.tok.start;
    const name = this.parseDeclaredName("a parameter name", isReservedInDeclaration);
    this.expect(":", "':' and a type after the parameter name");
    let type: A.ParamType;
    if (this.at("(")) {
      this.advance();
      // `(*)`: any table; `(a: string, b: long)`: a table with at least these columns
      const columns: A.ColumnDecl[] = [];
      const open = this.eat("*");
      if (!open && !this.at(")")) {
        do columns.push(this.parseColumnDecl());
        while (this.eat(","));
      }
      this.expect(")", "')' to close the tabular parameter schema");
      type = { kind: "TabularParam", columns, open };
    } else {
      type = { kind: "ScalarParam", type: this.parseTypeName() };
    }
    let def: A.Expr | null = null;
    // a default is a single value (`= -1`, `= x`, `= datetime(null)`), not an expression
    if (this.eat("=")) def = this.parseUnary();
    return { kind: "Param", span: this.span(start), name, type, default: def };
  }

  private parseTypeName(): A.ScalarTypeName {
    const t = this.tok;
    const type = t.kind === "id" ? TYPE_ALIASES.get(t.text) : undefined;
    if (type === undefined) throw this.unexpected("a type name (string, long, real, bool, datetime, timespan, guid, dynamic, int, decimal)");
    this.advance();
    return type;
  }

  private parseColumnDecl(): A.ColumnDecl {
    const start = this.tok.start;
    const name = this.parseDeclaredName("a column name", isReservedInDeclaration);
    this.expect(":", "':' and a type after the column name");
    const type = this.parseTypeName();
    return { kind: "ColumnDecl", span: this.span(start), name, type };
  }

  private parseColumnDecls(): A.ColumnDecl[] {
    this.expect("(", "'(' to start the column list");
    const cols: A.ColumnDecl[] = [];
    if (!this.at(")")) {
      do cols.push(this.parseColumnDecl());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the column list");
    return cols;
  }

  // ------------------------------------------------------------------ names

  private atName(): boolean {
    const t = this.tok;
    return (t.kind === "id" && isWordName(t.text)) || this.quotedNameWidth(0) > 0;
  }

  /** Tokens in a bracket-quoted name (`['a b']`, `['a' 'b']`) starting `k` tokens ahead; 0 if none. */
  private quotedNameWidth(k: number): number {
    if (this.peek(k).kind !== "[" || this.peek(k + 1).kind !== "str") return 0;
    let j = k + 2;
    while (this.peek(j).kind === "str") j++;
    return this.peek(j).kind === "]" ? j - k + 1 : 0;
  }

  /** A plain or bracket-quoted (`['a b']`) name. */
  parseName(what: string): string {
    const t = this.tok;
    if (t.kind === "id" && isWordName(t.text)) {
      this.i++;
      return t.text;
    }
    const width = this.quotedNameWidth(0);
    if (width > 0) {
      let name = "";
      for (let j = 1; j < width - 1; j++) name += this.peek(j).value;
      this.i += width;
      return name;
    }
    throw this.unexpected(what);
  }

  /** A name being declared; bare keywords that `reserved` rejects must be bracket-quoted. */
  private parseDeclaredName(what: string, reserved: (word: string) => boolean): string {
    const t = this.tok;
    if (t.kind === "id" && reserved(t.text)) throw this.keywordAsName(t);
    return this.parseName(what);
  }

  /** A name that may contain `*` wildcards (`Col*`, `*Id`), as in project-away and union. */
  private parseWildcardName(what: string): string {
    let name = "";
    let last = -1;
    for (;;) {
      const t = this.tok;
      if (last >= 0 && t.start !== last) break;
      if (t.kind === "*") name += "*";
      else if (t.kind === "id" && isWordName(t.text)) name += t.text;
      else if (t.kind === "num" && last >= 0) name += t.text;
      else if (name === "" && this.atName()) {
        return this.parseName(what);
      } else break;
      last = t.end;
      this.i++;
    }
    if (name === "") throw this.unexpected(what);
    if (isReservedName(name)) throw this.keywordAsName(this.toks[this.i - 1]);
    return name;
  }

  // ---------------------------------------------------------- expressions

  /** An expression that may be followed by `| operator ...`. */
  parsePipe(recover = false): A.Expr {
    this.enter();
    const first = this.tok.start;
    this.sourceAt = this.i;
    const source = this.parseExpr();
    let result: A.Expr = source;
    if (this.at("|")) {
      const operators: A.TabularOperator[] = [];
      let src = source;
      if (source.kind === "Pipeline") {
        operators.push(...source.operators);
        src = source.source;
      }
      this.parseOperatorChain(operators, recover);
      result = { kind: "Pipeline", span: this.span(first), source: src, operators };
    }
    this.leave();
    return result;
  }

  /** `| op | op ...` */
  private parseOperatorChain(into: A.TabularOperator[], recover: boolean): void {
    while (this.at("|")) {
      this.advance();
      const startIndex = this.i;
      if (!recover) {
        into.push(this.parseOperator());
        continue;
      }
      // an error unwinds frames without `leave()`: restore the counters for the next operator
      const depth = this.depth;
      const chainDepth = this.chainDepth;
      try {
        into.push(this.parseOperator());
        if (!this.at("|") && !this.at(";") && !this.at("eof") && !this.at(")") && !this.at("}")) {
          throw this.unexpected("'|', ';' or end of query");
        }
      } catch (e) {
        if (!(e instanceof ParseError) || e.code === "KQL1002") throw e;
        this.depth = depth;
        this.chainDepth = chainDepth;
        this.record(e);
        this.skipTo(startIndex, ["|", ";"]);
        if (this.errors.length >= MAX_ERRORS) throw e;
      }
    }
  }

  /** Operators of a subquery without a source: `(where x | take 3)` in mv-apply, fork, facet, partition. */
  private parseOperatorBody(): A.TabularOperator[] {
    this.enter();
    const ops: A.TabularOperator[] = [];
    ops.push(this.parseOperator());
    this.parseOperatorChain(ops, false);
    this.leave();
    return ops;
  }

  /**
   * Precedence climbing over Kusto's levels (see `PREC`). After an operator of a
   * non-associative level, only looser operators may follow: `a < b < c` is an error.
   */
  parseExpr(minPrec: number = PREC.or): A.Expr {
    this.enter();
    let left = this.parseUnary();
    let chain = 0;
    let ceiling = Number.POSITIVE_INFINITY;
    for (;;) {
      const t = this.tok;
      let info: InfixInfo | undefined;
      let width = 1;
      if (t.kind === "id") {
        info = infixInfo(t.text);
        if (info === undefined && t.text === "matches" && this.isWord(this.peek(), "regex")) {
          info = MATCHES_REGEX;
          width = 2;
        }
      } else if (t.kind !== "str" && t.kind !== "num" && t.kind !== "eof" && t.kind !== "ts") {
        info = infixInfo(t.kind);
      }
      if (info === undefined || info.prec < minPrec) break;
      if (info.prec >= ceiling) {
        throw new ParseError(t.start, Math.max(t.end, t.start + 1), `'${info.op}' cannot follow another operator of the same level: add parentheses`);
      }
      chain++;
      if (++this.chainDepth > MAX_CHAIN) {
        throw new ParseError(t.start, t.end, `expression has more than ${MAX_CHAIN} chained operators: split it (for example with 'in (...)' or has_any)`, "KQL1002");
      }
      this.i += width;
      const start = left.span.start;
      if (info.kind === "binary") {
        const right = this.parseExpr(info.prec + 1);
        left = { kind: "Binary", span: this.span(start), op: info.op as A.BinaryOp, left, right };
      } else if (info.kind === "list") {
        const values = this.parseParenList();
        left = { kind: "InExpr", span: this.span(start), op: info.op as A.ListOp, left, values };
      } else {
        this.expect("(", "'(' after between");
        const low = this.parseExpr();
        this.expect("..", "'..' between the bounds");
        const high = this.parseExpr();
        this.expect(")", "')' to close between");
        left = { kind: "Between", span: this.span(start), negated: info.op === "!between", left, low, high };
      }
      ceiling = info.chains ? Number.POSITIVE_INFINITY : info.prec;
    }
    this.chainDepth -= chain;
    this.leave();
    return left;
  }

  /** `( e, e, ... )` where each element may be a tabular expression. */
  private parseParenList(): A.Expr[] {
    this.expect("(", "'(' to start the list");
    const values: A.Expr[] = [];
    if (!this.at(")")) {
      do values.push(this.parsePipe());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the list");
    return values;
  }

  private parseUnary(): A.Expr {
    const t = this.tok;
    if (t.kind === "-" || t.kind === "+") {
      // KQL has no `- -x`: a sign applies to a primary (write `-(-x)`)
      this.advance();
      if (this.at("-") || this.at("+")) throw this.unexpected("an expression after the sign (write -(-x) to negate twice)");
      const operand = this.parsePostfix(this.parsePrimary());
      return { kind: "Unary", span: this.span(t.start), op: t.kind, operand };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(e: A.Expr): A.Expr {
    for (;;) {
      const t = this.tok;
      if (t.kind === ".") {
        const n = this.peek();
        if (n.kind === "id") {
          this.i += 2;
          if (!this.at("(") && isReservedInExpression(n.text)) throw this.keywordAsName(n);
          if (this.at("(")) {
            const args = this.parseArgs();
            e = { kind: "MethodCall", span: this.span(e.span.start), target: e, name: n.text, args };
          } else {
            e = { kind: "Member", span: this.span(e.span.start), target: e, name: n.text };
          }
          continue;
        }
        if (n.kind === "[" && this.quotedNameWidth(1) > 0) {
          this.i++;
          const name = this.parseName("a member name");
          e = { kind: "Member", span: this.span(e.span.start), target: e, name };
          continue;
        }
        throw this.unexpected("a member name after '.'", n);
      }
      if (t.kind === "[") {
        this.advance();
        this.enter();
        const index = this.parseExpr();
        this.leave();
        this.expect("]", "']' to close the index");
        e = { kind: "Index", span: this.span(e.span.start), target: e, index };
        continue;
      }
      return e;
    }
  }

  /** `(args)`; `tabular` when the function takes a whole query (`toscalar(T | count)`). */
  private parseArgs(tabular = false): A.Arg[] {
    this.enter();
    this.expect("(", "'('");
    const args: A.Arg[] = [];
    if (!this.at(")")) {
      do args.push(this.parseArg(tabular));
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the argument list");
    this.leave();
    return args;
  }

  private parseArg(tabular: boolean): A.Arg {
    const t = this.tok;
    if (t.kind === "id" && this.peek().kind === "=") {
      if (isReservedName(t.text) || !isWordName(t.text)) throw this.keywordAsName(t);
      this.i += 2;
      const value = this.parseArgValue(tabular);
      return { kind: "NamedArg", span: this.span(t.start), name: t.text, value };
    }
    return this.parseArgValue(tabular);
  }

  private parseArgValue(tabular: boolean): A.Expr {
    if (tabular) return this.parsePipe();
    if (this.at("*") && (this.peek().kind === ")" || this.peek().kind === ",")) {
      const t = this.advance();
      return { kind: "Star", span: this.span(t.start) };
    }
    this.sourceAt = -1;
    return this.parseExpr();
  }

  private parsePrimary(): A.Expr {
    const t = this.tok;
    switch (t.kind) {
      case "str":
        return this.parseStringLit();
      case "num":
        this.advance();
        return { kind: "NumberLit", span: this.span(t.start), type: t.value === "real" ? "real" : "long", text: t.text };
      case "ts":
        this.advance();
        return { kind: "TimespanLit", span: this.span(t.start), text: t.text.toLowerCase() };
      case "typed":
        return this.parseTypedLit();
      case "*": {
        // `*` stands for "all columns": alone in an argument list, or before an operator (`* has "x"`)
        const n = this.peek();
        if ((n.kind === "id" && STAR_OPERATORS.has(n.text)) || n.kind === "==" || n.kind === "=~" || n.kind === "!~") {
          this.advance();
          return { kind: "Star", span: this.span(t.start) };
        }
        break;
      }
      case "(":
        return this.parseParenthesized();
      case "[":
        if (this.quotedNameWidth(0) > 0) {
          const name = this.parseName("a name");
          return this.parseNameOrCall(t, name);
        }
        break;
      case "id":
        return this.parseWordPrimary(t);
    }
    throw this.unexpected("an expression");
  }

  private parseParenthesized(): A.Expr {
    if (this.looksLikeLambda()) return this.parseLambda();
    const open = this.advance();
    const inner = this.parsePipe();
    if (!this.at(")")) {
      const { line, column } = lineColAt(this.text, open.start);
      throw this.unexpected(`')' to close the '(' at ${line}:${column}`);
    }
    this.advance();
    return inner;
  }

  private parseStringLit(): A.StringLit {
    const t = this.advance();
    let value = t.value;
    let obfuscated = t.obfuscated;
    while (this.at("str")) {
      const n = this.advance();
      value += n.value;
      obfuscated ||= n.obfuscated;
    }
    return { kind: "StringLit", span: this.span(t.start), value, obfuscated };
  }

  private parseTypedLit(): A.TypedLit {
    const t = this.advance();
    const type = TYPE_ALIASES.get(t.text) as A.TypedLit["type"];
    const content = t.value;
    if (content === "") throw new ParseError(t.start, t.end, `empty ${t.text}() literal: expected a value or null`);
    return { kind: "TypedLit", span: this.span(t.start), type, text: content === "null" ? null : content };
  }

  private parseWordPrimary(t: Token): A.Expr {
    const next = this.peek();
    if (this.i === this.sourceAt) {
      const source = this.parseSourceAt(t, next);
      if (source !== null) return source;
    }
    switch (t.text) {
      case "true":
      case "false":
      case "True":
      case "False":
      case "TRUE":
      case "FALSE":
        this.advance();
        return { kind: "BoolLit", span: this.span(t.start), value: t.text.toLowerCase() === "true" };
      case "dynamic":
        if (next.kind === "(") return this.parseDynamic();
        break;
      case "datatable":
        if (next.kind === "(") return this.parseDataTable();
        break;
      case "typeof":
        if (next.kind === "(") return this.parseTypeOf();
        break;
    }
    if (!isWordName(t.text)) throw this.unexpected("an expression");
    this.advance();
    if (this.at("(")) {
      if (isReservedAsCall(t.text)) throw this.keywordAsName(t);
      if (t.text === "materialize" && this.i - 1 !== this.materializeAt) {
        throw new ParseError(t.start, t.end, "materialize(...) can only be the value of a let statement: let x = materialize(...);", "KQL1004");
      }
    } else if (isReservedInExpression(t.text)) {
      throw this.keywordAsName(t);
    }
    return this.parseNameOrCall(t, t.text);
  }

  /** `typeof(long)`: a type name as the argument. */
  private parseTypeOf(): A.Call {
    const t = this.advance();
    this.expect("(", "'(' after typeof");
    const a = this.tok;
    if (a.kind !== "id" || !TYPE_ALIASES.has(a.text)) throw this.unexpected("a type name");
    this.advance();
    const arg: A.NameRef = { kind: "NameRef", span: this.span(a.start), name: a.text };
    this.expect(")", "')' after the type name");
    return { kind: "Call", span: this.span(t.start), name: "typeof", args: [arg] };
  }

  private keywordAsName(t: Token): ParseError {
    return new ParseError(t.start, t.end, `'${t.text}' is a keyword here: write ['${t.text}'] to use it as a name`, "KQL1004");
  }

  /** A pipeline-start operator (`print`, `union`, `datatable`, ...), or null. */
  private parseSourceAt(t: Token, next: Token): A.Expr | null {
    switch (t.text) {
      case "datatable":
        if (next.kind === "(" || next.kind === "id") return this.parseDataTable();
        break;
      case "print":
        return this.parsePrint();
      case "range":
        if ((next.kind === "id" && this.isWord(this.peek(2), "from")) || (next.kind === "[" && this.isWord(this.peek(1 + this.quotedNameWidth(1)), "from"))) {
          return this.parseRange();
        }
        break;
      case "union":
        return this.parseUnionSource();
      case "externaldata":
      case "external_data":
        return this.parseExternalData();
      case "search":
        return this.parseSearchSource();
      case "find":
        return this.parseFind();
      case "evaluate":
        if (next.kind === "id" && (this.peek(2).kind === "(" || this.peek(2).kind === ".")) return this.parseEvaluateSource();
        break;
    }
    return null;
  }

  private parseNameOrCall(t: Token, name: string): A.Expr {
    if (this.at("(")) {
      const tabular = TABULAR_ARG_FUNCTIONS.has(name);
      const args = this.parseArgs(tabular);
      if (tabular && args.length !== 1) throw new ParseError(t.start, this.prevEnd(), `${name}() takes exactly one argument`);
      return { kind: "Call", span: this.span(t.start), name, args };
    }
    return { kind: "NameRef", span: this.span(t.start), name };
  }

  // ------------------------------------------------------------- dynamic

  private parseDynamic(): A.DynamicLit {
    const start = this.advance().start;
    this.expect("(", "'(' after dynamic");
    this.enter();
    const json = this.parseJsonValue();
    this.leave();
    this.expect(")", "')' to close dynamic(...)");
    return { kind: "DynamicLit", span: this.span(start), json };
  }

  private parseJsonValue(): string {
    const t = this.tok;
    switch (t.kind) {
      case "str":
        return JSON.stringify(this.parseStringLit().value);
      case "num":
        this.advance();
        return jsonNumber(t.text);
      case "-":
        if (this.peek().kind === "num") {
          this.advance();
          return `-${jsonNumber(this.advance().text)}`;
        }
        break;
      case "id":
        if (t.text === "true" || t.text === "false" || t.text === "null") {
          this.advance();
          return t.text;
        }
        if (t.text === "dynamic" && this.peek().kind === "(") return this.parseDynamic().json;
        break;
      case "[": {
        this.advance();
        this.enter();
        const items: string[] = [];
        if (!this.at("]")) {
          do items.push(this.parseJsonValue());
          while (this.eat(","));
        }
        this.expect("]", "']' or ',' in the dynamic array");
        this.leave();
        return `[${items.join(",")}]`;
      }
      case "{": {
        this.advance();
        this.enter();
        const members: string[] = [];
        if (!this.at("}")) {
          do {
            const k = this.tok;
            if (k.kind !== "str") throw this.unexpected("a property name (a string literal) in the dynamic object");
            const key = this.advance().value;
            this.expect(":", "':' after the property name");
            members.push(`${JSON.stringify(key)}:${this.parseJsonValue()}`);
          } while (this.eat(","));
        }
        this.expect("}", "'}' or ',' in the dynamic object");
        this.leave();
        return `{${members.join(",")}}`;
      }
      case "typed":
      case "ts":
        throw new ParseError(t.start, t.end, `${t.text} is not supported inside dynamic(...) by Kustodian: use a string, number, bool, null, array or object`, "KQL1003");
    }
    throw this.unexpected("a JSON value (string, number, true, false, null, [...] or {...})");
  }

  // -------------------------------------------------------- tabular sources

  private parseOptions(allowed: readonly string[]): A.OperatorOption[] {
    const options: A.OperatorOption[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind !== "id") return options;
      let width: number;
      let name: string;
      if (t.text === "hint" && this.peek().kind === ".") {
        // hint.strategy=..., hint.shufflekey=...
        name = "hint";
        let j = 1;
        while (this.peek(j).kind === "." && this.peek(j + 1).kind === "id") {
          name += `.${this.peek(j + 1).text}`;
          j += 2;
        }
        if (this.peek(j).kind !== "=") return options;
        width = j + 1;
      } else if (allowed.includes(t.text) && this.peek().kind === "=") {
        name = t.text;
        width = 2;
      } else {
        return options;
      }
      this.i += width;
      const value = this.parseOptionValue();
      options.push({ kind: "OperatorOption", span: this.span(t.start), name, value });
    }
  }

  /** An operator option's value: a literal or a plain name (`kind=inner`, `isfuzzy=true`). */
  private parseOptionValue(): A.Expr {
    return this.parseLiteralOrName("an option value (a literal or a name)");
  }

  /** `with (name = value, ...)` property lists. */
  /** `with (name = value, ...)`; `literal` when values must be literals or names (parse-kv, externaldata). */
  private parseProperties(literal = false): A.OperatorOption[] {
    const props: A.OperatorOption[] = [];
    this.expect("(", "'(' after with");
    if (!this.at(")")) {
      do {
        const t = this.tok;
        const name = this.parseName("a property name");
        this.expect("=", `'=' after ${name}`);
        const value = literal ? this.parseLiteralOrName("a literal value") : this.parsePropertyValue();
        if (LIST_PROPERTIES.has(name) && this.at(",") && this.peek().kind === "id" && this.peek(2).kind !== "=") {
          const more: A.Expr[] = [];
          while (this.at(",") && this.peek().kind === "id" && this.peek(2).kind !== "=") {
            this.advance();
            more.push(this.parsePropertyValue());
          }
          props.push({ kind: "OperatorOption", span: this.span(t.start), name, value, more });
          continue;
        }
        props.push({ kind: "OperatorOption", span: this.span(t.start), name, value });
      } while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the property list");
    return props;
  }

  private parsePropertyValue(): A.Expr {
    const t = this.tok;
    if (t.kind === "id" && !["true", "false", "dynamic"].includes(t.text) && isWordName(t.text) && this.peek().kind !== "(" && this.peek().kind !== ".") {
      this.advance();
      return { kind: "NameRef", span: this.span(t.start), name: t.text };
    }
    return this.parseExpr();
  }

  private parseDataTable(): A.DataTable {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.datatable);
    const columns = this.parseColumnDecls();
    this.expect("[", "'[' to start the datatable values");
    const values: A.Expr[] = [];
    while (!this.at("]")) {
      values.push(this.parseLiteralValue("a literal value in the datatable"));
      if (!this.eat(",")) break;
    }
    this.expect("]", "']' or ',' in the datatable values");
    return { kind: "DataTable", span: this.span(start), options, columns, values };
  }

  /** A literal or a plain name (`pair_delimiter=x`). */
  private parseLiteralOrName(what: string): A.Expr {
    const t = this.tok;
    if (t.kind === "id" && isWordName(t.text) && !/^(true|false|dynamic)$/i.test(t.text)) {
      if (isReservedName(t.text)) throw this.keywordAsName(t);
      this.advance();
      return { kind: "NameRef", span: this.span(t.start), name: t.text };
    }
    return this.parseLiteralValue(what);
  }

  /** A literal, optionally signed: what datatable rows may hold. */
  private parseLiteralValue(what: string): A.Expr {
    const t = this.tok;
    if (t.kind === "-" || t.kind === "+") {
      const n = this.peek();
      if (n.kind === "num" || n.kind === "ts") {
        this.advance();
        const operand = this.parsePrimary();
        return { kind: "Unary", span: this.span(t.start), op: t.kind, operand };
      }
      throw this.unexpected(what, n);
    }
    if (t.kind === "str" || t.kind === "num" || t.kind === "ts" || t.kind === "typed") return this.parsePrimary();
    if (t.kind === "id" && (t.text === "dynamic" || /^(true|false)$/i.test(t.text))) return this.parsePrimary();
    throw this.unexpected(what);
  }

  private parsePrint(): A.Print {
    const start = this.advance().start;
    const columns = this.parseAssignments();
    return { kind: "Print", span: this.span(start), columns };
  }

  private parseRange(): A.Range {
    const start = this.advance().start;
    const name = this.parseDeclaredName("a column name after range", isReservedName);
    this.expectWord("from");
    const from = this.parseExpr();
    this.expectWord("to");
    const to = this.parseExpr();
    this.expectWord("step");
    const step = this.parseExpr();
    return { kind: "Range", span: this.span(start), name, from, to, step };
  }

  private parseUnionSource(): A.Union {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.union);
    const tables = this.parseTableList();
    return { kind: "Union", span: this.span(start), options, tables };
  }

  /** The tables of union, search and find: names, wildcards, calls and parenthesised queries. */
  private parseTableList(): A.Expr[] {
    const tables: A.Expr[] = [];
    do {
      const t = this.tok;
      if (t.kind === "id" && isReservedInExpression(t.text)) throw this.keywordAsName(t);
      tables.push(this.parseTableRef());
    } while (this.eat(","));
    return tables;
  }

  /** A table operand: `T`, `T*`, `(T | where x)`, `table('x')`, `cluster('c').database('d').T`. */
  private parseTableRef(wildcards = true): A.Expr {
    const t = this.tok;
    const n = this.peek();
    const wildcard = wildcards && n.start === t.end && ((t.kind === "id" && n.kind === "*") || (t.kind === "*" && (n.kind === "id" || n.kind === "num")));
    if (wildcard) {
      const name = this.parseWildcardName("a table name");
      return { kind: "NameRef", span: this.span(t.start), name };
    }
    if (t.kind !== "(" && t.kind !== "id" && this.quotedNameWidth(0) === 0) throw this.unexpected("a table name or a parenthesised query");
    return this.parsePostfix(this.parsePrimary());
  }

  private parseExternalData(): A.ExternalData {
    const start = this.advance().start;
    const columns = this.parseColumnDecls();
    this.expect("[", "'[' to start the list of storage URLs");
    const urls: A.Expr[] = [];
    while (!this.at("]")) {
      urls.push(this.parseExpr());
      if (!this.eat(",")) break;
    }
    this.expect("]", "']' or ',' in the URL list");
    let properties: A.OperatorOption[] = [];
    if (this.eatWord("with")) properties = this.parseProperties(true);
    return { kind: "ExternalData", span: this.span(start), columns, urls, properties };
  }

  private parseSearchSource(): A.Search {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.search);
    let tables: A.Expr[] = [];
    if (this.atWord("in") && this.peek().kind === "(") {
      this.advance();
      this.expect("(");
      tables = this.parseTableList();
      this.expect(")", "')' to close the table list");
    }
    const predicate = this.parseExpr();
    return { kind: "Search", span: this.span(start), options, tables, predicate };
  }

  private parseFind(): A.Find {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.find);
    let tables: A.Expr[] = [];
    if (this.atWord("in") && this.peek().kind === "(") {
      this.advance();
      this.expect("(");
      tables = this.parseTableList();
      this.expect(")", "')' to close the table list");
    }
    this.expectWord("where");
    const predicate = this.parseExpr();
    let project: A.Find["project"] = null;
    if (this.eatWord("project-smart")) project = "smart";
    else if (this.eatWord("project")) project = this.parseExprList();
    return { kind: "Find", span: this.span(start), options, tables, predicate, project };
  }

  private parseEvaluateSource(): A.EvaluateSource {
    const start = this.advance().start;
    const options = this.parseOptions([]);
    const plugin = this.parsePluginCall();
    return { kind: "EvaluateSource", span: this.span(start), options, plugin };
  }

  private parsePluginCall(): A.Call {
    const t = this.tok;
    const name = this.parseName("a plugin name");
    if (!this.at("(")) throw this.unexpected("'(' after the plugin name");
    const args = this.parseArgs();
    return { kind: "Call", span: this.span(t.start), name, args };
  }

  // ----------------------------------------------------- tabular operators

  private parseOperator(): A.TabularOperator {
    const t = this.tok;
    if (t.kind !== "id") throw this.unexpected("a tabular operator after '|'");
    const handler = OPERATOR_PARSERS[t.text];
    if (handler === undefined) {
      if (UNSUPPORTED_OPERATORS.has(t.text)) {
        throw new ParseError(t.start, t.end, `'${t.text}' is valid KQL but not supported by Kustodian (graph and preview operators are out of scope)`, "KQL1005");
      }
      const guess = closestWord(t.text, Object.keys(OPERATOR_PARSERS));
      throw this.unexpected(`a tabular operator after '|'${guess ? ` (did you mean '${guess}'?)` : ""}`);
    }
    this.advance();
    this.enter();
    const op = handler(this, t);
    this.leave();
    return op;
  }

  /** `name = expr`, `(a, b) = expr` or `expr`. */
  parseAssignment(): A.Assignment {
    const t = this.tok;
    if (t.kind === "id" && this.peek().kind === "=") {
      if (isReservedInDeclaration(t.text) || !isWordName(t.text)) throw this.keywordAsName(t);
      this.i += 2;
      const value = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names: [t.text], value };
    }
    const qw = this.quotedNameWidth(0);
    if (qw > 0 && this.peek(qw).kind === "=") {
      const name = this.parseName("a column name");
      this.advance();
      const value = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names: [name], value };
    }
    if (t.kind === "(" && this.looksLikeNameTuple()) {
      this.advance();
      const names: string[] = [];
      do names.push(this.parseDeclaredName("a column name", isReservedInDeclaration));
      while (this.eat(","));
      this.expect(")");
      this.expect("=");
      const value = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names, value };
    }
    const value = this.parseExpr();
    return { kind: "Assignment", span: this.span(t.start), names: [], value };
  }

  private looksLikeNameTuple(): boolean {
    let j = 1;
    for (;;) {
      const a = this.peek(j);
      const qw = this.quotedNameWidth(j);
      if (a.kind === "id") j++;
      else if (qw > 0) j += qw;
      else return false;
      const b = this.peek(j);
      if (b.kind === ")") return this.peek(j + 1).kind === "=";
      if (b.kind !== ",") return false;
      j++;
    }
  }

  parseAssignments(): A.Assignment[] {
    const list: A.Assignment[] = [];
    do list.push(this.parseAssignment());
    while (this.eat(","));
    return list;
  }

  private parseSortKey(): A.SortKey {
    const start = this.tok.start;
    const expr = this.parseExpr();
    let order: A.SortOrder | null = null;
    let nulls: A.NullsOrder | null = null;
    if (this.tok.kind === "id" && SORT_WORDS.has(this.tok.text)) order = this.advance().text as A.SortOrder;
    if (this.atWord("nulls")) {
      this.advance();
      if (this.atWord("first") || this.atWord("last")) nulls = this.advance().text as A.NullsOrder;
      else throw this.unexpected("'first' or 'last' after nulls");
    }
    return { kind: "SortKey", span: this.span(start), expr, order, nulls };
  }

  private parseExprList(): A.Expr[] {
    const list: A.Expr[] = [];
    do list.push(this.parseExpr());
    while (this.eat(","));
    return list;
  }

  private parseMvExpandItem(): A.MvExpandItem {
    const start = this.tok.start;
    let name: string | null = null;
    if (this.atName() && (this.peek().kind === "=" || (this.at("[") && this.peek(this.quotedNameWidth(0)).kind === "="))) {
      name = this.parseDeclaredName("a column name", isReservedInDeclaration);
      this.expect("=");
    }
    const value = this.parseExpr();
    let toType: A.ScalarTypeName | null = null;
    if (this.eatWord("to")) {
      this.expectWord("typeof");
      this.expect("(", "'(' after typeof");
      toType = this.parseTypeName();
      this.expect(")", "')' after the type");
    }
    return { kind: "MvExpandItem", span: this.span(start), name, value, toType };
  }

  private parseParsePattern(): A.ParsePart[] {
    const parts: A.ParsePart[] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind === "str") {
        parts.push({ kind: "ParseText", value: this.parseStringLit().value });
      } else if (t.kind === "*") {
        this.advance();
        parts.push({ kind: "ParseWildcard" });
      } else if (this.atName() && !(t.kind === "id" && t.text.startsWith("!"))) {
        const name = this.parseDeclaredName("a column name in the parse pattern", isReservedInDeclaration);
        let type: A.ScalarTypeName | null = null;
        if (this.eat(":")) type = this.parseTypeName();
        parts.push({ kind: "ParseColumn", name, type });
      } else {
        break;
      }
    }
    if (parts.length === 0) throw this.unexpected("a parse pattern (strings, * and column names)");
    return parts;
  }

  /** Operator handlers reach parser internals through these thin accessors. */
  readonly ops = {
    where: (start: Token): A.Where => ({ kind: "Where", predicate: this.parseExpr(), span: this.span(start.start) }),
    project: (start: Token): A.Project => ({ kind: "Project", columns: this.parseAssignments(), span: this.span(start.start) }),
    extend: (start: Token): A.Extend => ({ kind: "Extend", columns: this.parseAssignments(), span: this.span(start.start) }),
    projectAway: (start: Token): A.ProjectAway => {
      const columns: string[] = [];
      do columns.push(this.parseWildcardName("a column name"));
      while (this.eat(","));
      return { kind: "ProjectAway", span: this.span(start.start), columns };
    },
    projectKeep: (start: Token): A.ProjectKeep => {
      const columns: string[] = [];
      do columns.push(this.parseWildcardName("a column name"));
      while (this.eat(","));
      return { kind: "ProjectKeep", span: this.span(start.start), columns };
    },
    projectRename: (start: Token): A.ProjectRename => {
      const renames: { newName: string; oldName: string }[] = [];
      do {
        const newName = this.parseDeclaredName("the new column name", isReservedName);
        this.expect("=", "'=' in project-rename");
        const oldName = this.parseDeclaredName("the existing column name", isReservedName);
        renames.push({ newName, oldName });
      } while (this.eat(","));
      return { kind: "ProjectRename", span: this.span(start.start), renames };
    },
    projectReorder: (start: Token): A.ProjectReorder => {
      const columns: { pattern: string; order: A.ProjectReorder["columns"][number]["order"] }[] = [];
      do {
        const pattern = this.parseWildcardName("a column name");
        let order: A.ProjectReorder["columns"][number]["order"] = null;
        const t = this.tok;
        if (t.kind === "id" && (t.text === "asc" || t.text === "desc" || t.text === "granny-asc" || t.text === "granny-desc")) {
          this.advance();
          order = t.text;
        }
        columns.push({ pattern, order });
      } while (this.eat(","));
      return { kind: "ProjectReorder", span: this.span(start.start), columns };
    },
    summarize: (start: Token): A.Summarize => {
      const options = this.parseOptions(OPTIONS.none);
      let aggregates: A.Assignment[] = [];
      if (!this.atWord("by")) aggregates = this.parseAssignments();
      let by: A.Assignment[] = [];
      if (this.eatWord("by")) by = this.parseAssignments();
      return { kind: "Summarize", span: this.span(start.start), options, aggregates, by };
    },
    join: (start: Token): A.Join => {
      const options = this.parseOptions(OPTIONS.join);
      this.checkKind(options, JOIN_KINDS, "join");
      const right = this.parseTableRef(false);
      let on: A.Expr[] = [];
      if (this.eatWord("on")) on = this.parseExprList();
      return { kind: "Join", span: this.span(start.start), options, right, on };
    },
    lookup: (start: Token): A.Lookup => {
      const options = this.parseOptions(OPTIONS.lookup);
      this.checkKind(options, LOOKUP_KINDS, "lookup");
      const right = this.parseTableRef(false);
      this.expectWord("on");
      const on = this.parseExprList();
      return { kind: "Lookup", span: this.span(start.start), options, right, on };
    },
    union: (start: Token): A.UnionOp => {
      const options = this.parseOptions(OPTIONS.union);
      const tables = this.parseTableList();
      return { kind: "UnionOp", span: this.span(start.start), options, tables };
    },
    mvExpand: (start: Token): A.MvExpand => {
      const options = this.parseOptions(OPTIONS.mvexpand);
      const columns: A.MvExpandItem[] = [];
      do columns.push(this.parseMvExpandItem());
      while (this.eat(","));
      let limit: A.Expr | null = null;
      if (this.eatWord("limit")) limit = this.parseExpr();
      return { kind: "MvExpand", span: this.span(start.start), options, columns, limit };
    },
    mvApply: (start: Token): A.MvApply => {
      const options = this.parseOptions(OPTIONS.mvapply);
      const columns: A.MvExpandItem[] = [];
      do columns.push(this.parseMvExpandItem());
      while (this.eat(","));
      let limit: A.Expr | null = null;
      if (this.eatWord("limit")) limit = this.parseExpr();
      this.expectWord("on");
      this.expect("(", "'(' to start the mv-apply subquery");
      const body = this.parseOperatorBody();
      this.expect(")", "')' to close the mv-apply subquery");
      return { kind: "MvApply", span: this.span(start.start), options, columns, limit, body };
    },
    parse: (start: Token): A.Parse => {
      const options = this.parseOptions(OPTIONS.parse);
      for (const o of options) {
        const v = o.value;
        const kind = v.kind === "NameRef" ? v.name : v.kind === "StringLit" ? v.value : "";
        if (o.name === "kind" && !PARSE_KINDS.has(kind.toLowerCase())) {
          throw new ParseError(o.value.span.start, o.value.span.end, "expected one of simple, regex, relaxed after parse kind=");
        }
      }
      const source = this.parseExpr();
      this.expectWord("with");
      const pattern = this.parseParsePattern();
      return { kind: "Parse", span: this.span(start.start), where: start.text === "parse-where", options, source, pattern };
    },
    parseKv: (start: Token): A.ParseKv => {
      const source = this.parseExpr();
      this.expectWord("as");
      const columns = this.parseColumnDecls();
      let properties: A.OperatorOption[] = [];
      if (this.eatWord("with")) properties = this.parseProperties(true);
      for (const p of properties) {
        if (!PARSE_KV_PROPERTIES.has(p.name)) throw new ParseError(p.span.start, p.span.end, `unknown parse-kv property '${p.name}' (expected ${[...PARSE_KV_PROPERTIES].join(", ")})`);
      }
      return { kind: "ParseKv", span: this.span(start.start), source, columns, properties };
    },
    evaluate: (start: Token): A.Evaluate => {
      const options = this.parseOptions(OPTIONS.none);
      const plugin = this.parsePluginCall();
      if (this.eat(":")) {
        this.expect("(", "'(' to start the output schema");
        const columns: A.ColumnDecl[] = [];
        let open = false;
        do {
          if (this.eat("*")) open = true;
          else columns.push(this.parseColumnDecl());
        } while (this.eat(","));
        this.expect(")", "')' to close the output schema");
        return { kind: "Evaluate", span: this.span(start.start), options, plugin, outputSchema: { columns, open } };
      }
      return { kind: "Evaluate", span: this.span(start.start), options, plugin };
    },
    top: (start: Token): A.Top => {
      const options = this.parseOptions(OPTIONS.none);
      const count = this.parseExpr();
      this.expectWord("by");
      const by = this.parseSortKey();
      return { kind: "Top", span: this.span(start.start), options, count, by };
    },
    topNested: (start: Token): A.TopNested => {
      const levels: A.TopNestedLevel[] = [];
      let levelStart = start.start;
      for (;;) {
        let count: A.Expr | null = null;
        if (!this.atWord("of")) count = this.parseExpr();
        this.expectWord("of");
        const of = this.parseAssignment();
        let withOthers: A.Expr | null = null;
        if (this.atWord("with") && this.isWord(this.peek(), "others")) {
          this.i += 2;
          this.expect("=", "'=' after with others");
          withOthers = this.parseExpr();
        }
        this.expectWord("by");
        const by = this.parseAssignment();
        let order: A.SortOrder | null = null;
        if (this.tok.kind === "id" && SORT_WORDS.has(this.tok.text)) order = this.advance().text as A.SortOrder;
        levels.push({ kind: "TopNestedLevel", span: this.span(levelStart), count, of, withOthers, by, order });
        if (this.at(",") && this.isWord(this.peek(), "top-nested")) {
          this.advance();
          levelStart = this.advance().start;
          continue;
        }
        break;
      }
      return { kind: "TopNested", span: this.span(start.start), levels };
    },
    sort: (start: Token): A.Sort => {
      const options = this.parseOptions(OPTIONS.none);
      this.expectWord("by");
      const by: A.SortKey[] = [];
      do by.push(this.parseSortKey());
      while (this.eat(","));
      return { kind: "Sort", span: this.span(start.start), options, by };
    },
    take: (start: Token): A.Take => {
      const options = this.parseOptions(OPTIONS.none);
      const count = this.parseExpr();
      return { kind: "Take", span: this.span(start.start), options, count };
    },
    distinct: (start: Token): A.Distinct => {
      const options = this.parseOptions(OPTIONS.none);
      if (this.at("*")) {
        const star = this.advance();
        return { kind: "Distinct", span: this.span(start.start), options, columns: [{ kind: "Star", span: this.span(star.start) }] };
      }
      const columns = this.parseExprList();
      return { kind: "Distinct", span: this.span(start.start), options, columns };
    },
    count: (start: Token): A.Count => {
      let as: string | null = null;
      if (this.eatWord("as")) as = this.parseName("a column name after 'as'");
      return { kind: "Count", span: this.span(start.start), as };
    },
    as: (start: Token): A.As => {
      const options = this.parseOptions(OPTIONS.as);
      const name = this.parseName("a name after 'as'");
      return { kind: "As", span: this.span(start.start), options, name };
    },
    invoke: (start: Token): A.Invoke => {
      const call = this.parsePluginCall();
      return { kind: "Invoke", span: this.span(start.start), call };
    },
    serialize: (start: Token): A.Serialize => {
      const columns = this.atOperatorEnd() ? [] : this.parseAssignments();
      return { kind: "Serialize", span: this.span(start.start), columns };
    },
    sample: (start: Token): A.Sample => ({ kind: "Sample", count: this.parseExpr(), span: this.span(start.start) }),
    sampleDistinct: (start: Token): A.SampleDistinct => {
      const count = this.parseExpr();
      this.expectWord("of");
      const of = this.parseExpr();
      return { kind: "SampleDistinct", span: this.span(start.start), count, of };
    },
    search: (start: Token): A.SearchOp => {
      const options = this.parseOptions(OPTIONS.search);
      const predicate = this.parseExpr();
      return { kind: "SearchOp", span: this.span(start.start), options, predicate };
    },
    render: (start: Token): A.Render => {
      const chart = this.parseName("a chart type after render");
      let properties: A.OperatorOption[] = [];
      if (this.eatWord("with")) properties = this.parseProperties();
      return { kind: "Render", span: this.span(start.start), chart, properties };
    },
    makeSeries: (start: Token): A.MakeSeries => {
      const options = this.parseOptions(OPTIONS.makeSeries);
      const aggregates: { assignment: A.Assignment; default: A.Expr | null }[] = [];
      do {
        const assignment = this.parseAssignment();
        let def: A.Expr | null = null;
        if (this.atWord("default") && this.peek().kind === "=") {
          this.i += 2;
          def = this.parseExpr();
        }
        aggregates.push({ assignment, default: def });
      } while (this.eat(","));
      this.expectWord("on");
      // the axis column: `in range(...)` must not read as an `in` list
      const on = this.parseExpr(PREC.additive);
      let from: A.Expr | null = null;
      let to: A.Expr | null = null;
      let step: A.Expr;
      let inRange = false;
      if (this.atWord("in") && this.isWord(this.peek(), "range")) {
        this.i += 2;
        inRange = true;
        this.expect("(", "'(' after in range");
        from = this.parseExpr();
        this.expect(",");
        to = this.parseExpr();
        this.expect(",");
        step = this.parseExpr();
        this.expect(")", "')' to close range(...)");
      } else {
        if (this.eatWord("from")) from = this.parseExpr();
        if (this.eatWord("to")) to = this.parseExpr();
        this.expectWord("step");
        step = this.parseExpr();
      }
      let by: A.Assignment[] = [];
      if (this.eatWord("by")) by = this.parseAssignments();
      return { kind: "MakeSeries", span: this.span(start.start), options, aggregates, on, from, to, step, inRange, by };
    },
    getschema: (start: Token): A.GetSchema => ({ kind: "GetSchema", span: this.span(start.start) }),
    fork: (start: Token): A.Fork => {
      const branches: A.ForkBranch[] = [];
      while (this.at("(") || (this.atName() && this.peek().kind === "=")) {
        const bStart = this.tok.start;
        let name: string | null = null;
        if (!this.at("(")) {
          name = this.parseName("a branch name");
          this.expect("=");
        }
        this.expect("(", "'(' to start a fork branch");
        const body = this.parseOperatorBody();
        this.expect(")", "')' to close the fork branch");
        branches.push({ kind: "ForkBranch", span: this.span(bStart), name, body });
      }
      if (branches.length === 0) throw this.unexpected("'(' to start a fork branch");
      return { kind: "Fork", span: this.span(start.start), branches };
    },
    facet: (start: Token): A.Facet => {
      this.expectWord("by");
      const columns: string[] = [];
      do columns.push(this.parseName("a column name"));
      while (this.eat(","));
      let body: A.TabularOperator[] | null = null;
      if (this.eatWord("with")) {
        this.expect("(", "'(' after with");
        body = this.parseOperatorBody();
        this.expect(")", "')' to close the facet subquery");
      }
      return { kind: "Facet", span: this.span(start.start), columns, with: body };
    },
    scan: (start: Token): A.Scan => {
      const options = this.parseOptions(OPTIONS.scan);
      let orderBy: A.SortKey[] = [];
      let partitionBy: A.Expr[] = [];
      let declare: (A.ColumnDecl & { default?: A.Expr | null })[] = [];
      if (this.atWord("order") && this.isWord(this.peek(), "by")) {
        this.i += 2;
        orderBy = [];
        do orderBy.push(this.parseSortKey());
        while (this.eat(","));
      }
      if (this.atWord("partition") && this.isWord(this.peek(), "by")) {
        this.i += 2;
        partitionBy = this.parseExprList();
      }
      if (this.eatWord("declare")) {
        this.expect("(", "'(' after declare");
        declare = [];
        do {
          const c = this.parseColumnDecl();
          if (this.eat("=")) declare.push({ ...c, default: this.parseExpr(), span: this.span(c.span.start) });
          else declare.push(c);
        } while (this.eat(","));
        this.expect(")", "')' to close declare");
      }
      this.expectWord("with");
      this.expect("(", "'(' after with");
      const steps: A.ScanStep[] = [];
      while (this.atWord("step")) {
        const sStart = this.advance().start;
        const name = this.parseName("a step name");
        let output: A.ScanStep["output"] = null;
        if (this.eatWord("output")) {
          this.expect("=", "'=' after output");
          const o = this.tok;
          if (o.kind === "id" && (o.text === "all" || o.text === "last" || o.text === "none")) output = this.advance().text as "all";
          else throw this.unexpected("all, last or none");
        }
        this.expect(":", "':' after the step name");
        const predicate = this.parseExpr();
        const assignments: A.Assignment[] = [];
        if (this.eat("=>")) {
          // scan assignments always name their column: `=> a = 1, b = s1.x`
          do {
            const a = this.parseAssignment();
            if (a.names.length !== 1) throw new ParseError(a.span.start, a.span.end, "expected 'column = value' in a scan step");
            assignments.push(a);
          } while (this.eat(","));
        }
        this.expect(";", "';' after the scan step");
        steps.push({ kind: "ScanStep", span: this.span(sStart), name, output, predicate, assignments });
      }
      this.expect(")", "'step' or ')' in scan");
      return { kind: "Scan", span: this.span(start.start), options, orderBy, partitionBy, declare, steps };
    },
    partition: (start: Token): A.Partition => {
      const options = this.parseOptions(OPTIONS.none);
      this.expectWord("by");
      const byStart = this.tok.start;
      // a column name: `by x (` must not read as a call
      const by: A.Expr = { kind: "NameRef", name: this.parseName("the partition column"), span: this.span(byStart) };
      let body: A.Partition["body"];
      if (this.at("{")) {
        this.advance();
        body = this.parsePipe();
        this.expect("}", "'}' to close the partition expression");
      } else {
        this.expect("(", "'(' or '{' to start the partition subquery");
        body = this.parseOperatorBody();
        this.expect(")", "')' to close the partition subquery");
      }
      return { kind: "Partition", span: this.span(start.start), options, by, body };
    },
    projectByNames: (start: Token): A.ProjectByNames => ({ kind: "ProjectByNames", names: this.parseExprList(), span: this.span(start.start) }),
    reduce: (start: Token): A.Reduce => {
      const options = this.parseOptions(OPTIONS.reduce);
      this.expectWord("by");
      const by = this.parseExpr();
      let withProps: A.OperatorOption[] = [];
      if (this.eatWord("with")) {
        withProps = [];
        do {
          const t = this.tok;
          const name = this.parseName("a reduce setting");
          this.expect("=");
          withProps.push({ kind: "OperatorOption", span: this.span(t.start), name, value: this.parsePropertyValue() });
        } while (this.eat(","));
      }
      return { kind: "Reduce", span: this.span(start.start), options, by, with: withProps };
    },
    consume: (start: Token): A.Consume => ({ kind: "Consume", options: this.parseOptions(OPTIONS.consume), span: this.span(start.start) }),
  };

  /** `kind=` must name one of `kinds`. */
  private checkKind(options: readonly A.OperatorOption[], kinds: ReadonlySet<string>, op: string): void {
    for (const o of options) {
      if (o.name !== "kind") continue;
      if (o.value.kind !== "NameRef" || !kinds.has(o.value.name)) {
        throw new ParseError(o.value.span.start, o.value.span.end, `expected one of ${[...kinds].join(", ")} after ${op} kind=`);
      }
    }
  }

  private atOperatorEnd(): boolean {
    const k = this.tok.kind;
    return k === "|" || k === ";" || k === ")" || k === "}" || k === "eof";
  }
}

/** The candidate a misspelled word most likely meant, or null. */
export function closestWord(word: string, candidates: readonly string[]): string | null {
  return closestName(word, candidates);
}

function bracketDelta(kind: TokenKind): number {
  if (kind === "(" || kind === "[" || kind === "{") return 1;
  if (kind === ")" || kind === "]" || kind === "}") return -1;
  return 0;
}

function jsonNumber(text: string): string {
  if (/^0[xX]/.test(text)) return BigInt(text).toString();
  if (text.endsWith(".")) return text.slice(0, -1);
  return text.replace(/^(\d+)\.([eE])/, "$1$2");
}

const OPERATOR_PARSERS: Record<string, OperatorParser> = {
  where: (p, t) => p.ops.where(t),
  filter: (p, t) => p.ops.where(t),
  project: (p, t) => p.ops.project(t),
  "project-away": (p, t) => p.ops.projectAway(t),
  "project-keep": (p, t) => p.ops.projectKeep(t),
  "project-rename": (p, t) => p.ops.projectRename(t),
  "project-reorder": (p, t) => p.ops.projectReorder(t),
  "project-by-names": (p, t) => p.ops.projectByNames(t),
  extend: (p, t) => p.ops.extend(t),
  summarize: (p, t) => p.ops.summarize(t),
  join: (p, t) => p.ops.join(t),
  lookup: (p, t) => p.ops.lookup(t),
  union: (p, t) => p.ops.union(t),
  "mv-expand": (p, t) => p.ops.mvExpand(t),
  mvexpand: (p, t) => p.ops.mvExpand(t),
  "mv-apply": (p, t) => p.ops.mvApply(t),
  mvapply: (p, t) => p.ops.mvApply(t),
  parse: (p, t) => p.ops.parse(t),
  "parse-where": (p, t) => p.ops.parse(t),
  "parse-kv": (p, t) => p.ops.parseKv(t),
  evaluate: (p, t) => p.ops.evaluate(t),
  top: (p, t) => p.ops.top(t),
  "top-nested": (p, t) => p.ops.topNested(t),
  sort: (p, t) => p.ops.sort(t),
  order: (p, t) => p.ops.sort(t),
  take: (p, t) => p.ops.take(t),
  limit: (p, t) => p.ops.take(t),
  distinct: (p, t) => p.ops.distinct(t),
  count: (p, t) => p.ops.count(t),
  as: (p, t) => p.ops.as(t),
  invoke: (p, t) => p.ops.invoke(t),
  serialize: (p, t) => p.ops.serialize(t),
  sample: (p, t) => p.ops.sample(t),
  "sample-distinct": (p, t) => p.ops.sampleDistinct(t),
  search: (p, t) => p.ops.search(t),
  render: (p, t) => p.ops.render(t),
  "make-series": (p, t) => p.ops.makeSeries(t),
  getschema: (p, t) => p.ops.getschema(t),
  fork: (p, t) => p.ops.fork(t),
  facet: (p, t) => p.ops.facet(t),
  scan: (p, t) => p.ops.scan(t),
  partition: (p, t) => p.ops.partition(t),
  reduce: (p, t) => p.ops.reduce(t),
  consume: (p, t) => p.ops.consume(t),
};

/** Parse a whole KQL text; `comments`, when given, receives the `//` comments. */
export function parseScriptText(text: string, comments?: Comment[]): ParseOutput<A.Script> {
  const p = new Parser(text, comments);
  const node = p.parseScript();
  return { node, errors: p.errors };
}

/** Parse one expression (scalar or tabular); the whole text must be consumed. */
export function parseExpressionText(text: string): ParseOutput<A.Expr | null> {
  const p = new Parser(text);
  const out = p.parseSingleExpression();
  return { node: out, errors: p.errors };
}

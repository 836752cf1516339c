// src/diagnostics.ts
function lineColAt(text, offset) {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
function caretSnippet(text, offset, length = 1) {
  const { column } = lineColAt(text, offset);
  const start = offset - (column - 1);
  let stop = text.indexOf("\n", start);
  if (stop < 0) stop = text.length;
  const lineText = text.slice(start, stop).replace(/\t/g, " ");
  const width = Math.max(1, Math.min(length, stop - offset));
  return `${lineText}
${" ".repeat(column - 1)}${"^".repeat(width)}`;
}

// src/kql/keywords.ts
var EXPRESSION_KEYWORDS = /* @__PURE__ */ new Set([
  "accumulate",
  "and",
  "anomalychart",
  "areachart",
  "as",
  "asc",
  "bagexpansion",
  "barchart",
  "between",
  "bin_legacy",
  "by",
  "cachingpolicy",
  "callout",
  "cancel",
  "card",
  "columnchart",
  "contains",
  "containscs",
  "contains_cs",
  "cycles",
  "dataexport",
  "datascope",
  "datatable",
  "decodeblocks",
  "desc",
  "earliest",
  "encodingpolicy",
  "endswith",
  "endswith_cs",
  "expandoutput",
  "extent_tags_retention",
  "externaldata",
  "external_data",
  "find",
  "first",
  "flags",
  "harddelete",
  "hardretention",
  "has",
  "has_any",
  "has_all",
  "has_cs",
  "hasprefix",
  "hasprefix_cs",
  "hassuffix",
  "hassuffix_cs",
  "hotcache",
  "in",
  "invoke",
  "isfuzzy",
  "force_remote",
  "journal",
  "ladderchart",
  "last",
  "latest",
  "like",
  "likecs",
  "linechart",
  "materialize",
  "mdm",
  "missing",
  "nooptimization",
  "notcontains",
  "notcontainscs",
  "notlike",
  "notlikecs",
  "of",
  "or",
  "others",
  "pathformat",
  "piechart",
  "pivotchart",
  "print",
  "project",
  "queries",
  "query_results",
  "relaxed",
  "restricted_view_access",
  "row_level_security",
  "rowstore",
  "rowstore_references",
  "rowstore_sealinfo",
  "rowstorepolicy",
  "rowstores",
  "sample",
  "scatterchart",
  "seal",
  "seals",
  "search",
  "set",
  "shards",
  "simple",
  "softdelete",
  "softretention",
  "sql",
  "stackedareachart",
  "startswith",
  "startswith_cs",
  "statistics",
  "storedqueryresultcontainers",
  "tablepurge",
  "timechart",
  "timeline",
  "timepivot",
  "title",
  "to",
  "toscalar",
  "totable",
  "treemap",
  "union",
  "unrestrictedviewers",
  "verbose",
  "viewers",
  "views",
  "where",
  "with_itemindex",
  "with_match_id",
  "with_step_name",
  "writeaheadlog",
  "boolean",
  "int8",
  "char",
  "uint8",
  "byte",
  "int16",
  "uint16",
  "int",
  "int32",
  "uint",
  "uint32",
  "long",
  "int64",
  "ulong",
  "uint64",
  "float",
  "real",
  "decimal",
  "double",
  "string",
  "time",
  "timespan",
  "date",
  "datetime",
  "uniqueid",
  "dynamic"
]);
var DECLARATION_ONLY = /* @__PURE__ */ new Set(["kind", "with_source", "withsource"]);
var DECLARABLE = /* @__PURE__ */ new Set([
  "accumulate",
  "as",
  "by",
  "contains",
  "datatable",
  "earliest",
  "externaldata",
  "find",
  "has",
  "in",
  "invoke",
  "latest",
  "materialize",
  "mdm",
  "of",
  "print",
  "sample",
  "search",
  "set",
  "sql",
  "title",
  "to",
  "toscalar",
  "totable",
  "verbose",
  "viewers",
  "where"
]);
var CALLABLE = /* @__PURE__ */ new Set([
  "toscalar",
  "totable",
  "materialize",
  "int",
  "int32",
  "long",
  "int64",
  "real",
  "decimal",
  "double",
  "time",
  "timespan",
  "date",
  "datetime",
  "dynamic"
]);
function isReservedInExpression(word) {
  return EXPRESSION_KEYWORDS.has(word);
}
function isReservedAsCall(word) {
  return EXPRESSION_KEYWORDS.has(word) && !CALLABLE.has(word) || DECLARATION_ONLY.has(word);
}
function isReservedInDeclaration(word) {
  return EXPRESSION_KEYWORDS.has(word) && !DECLARABLE.has(word) || DECLARATION_ONLY.has(word);
}
function isReservedName(word) {
  return EXPRESSION_KEYWORDS.has(word) || DECLARATION_ONLY.has(word);
}

// src/kql/lexer.ts
var DASHED_WORDS = /* @__PURE__ */ new Set([
  "project-away",
  "project-keep",
  "project-rename",
  "project-reorder",
  "project-smart",
  "mv-expand",
  "mv-apply",
  "parse-where",
  "parse-kv",
  "top-nested",
  "top-hitters",
  "make-series",
  "sample-distinct",
  "granny-asc",
  "granny-desc",
  "make-graph",
  "graph-match",
  "graph-merge",
  "graph-to-table",
  "graph-shortest-paths",
  "graph-mark-components",
  "execute-and-cache",
  "assert-schema",
  "nulls-first"
]);
var DASHED_HEADS = new Set([...DASHED_WORDS].map((w) => w.slice(0, w.indexOf("-"))));
var NEGATABLE_WORDS = /* @__PURE__ */ new Set([
  "has",
  "has_cs",
  "hasprefix",
  "hasprefix_cs",
  "hassuffix",
  "hassuffix_cs",
  "contains",
  "contains_cs",
  "startswith",
  "startswith_cs",
  "endswith",
  "endswith_cs",
  "in",
  "between"
]);
var TYPED_LITERAL_WORDS = /* @__PURE__ */ new Set([
  "datetime",
  "date",
  "timespan",
  "time",
  "guid",
  "int",
  "int32",
  "long",
  "int64",
  "real",
  "double",
  "bool",
  "decimal"
]);
var TIMESPAN_UNITS = /* @__PURE__ */ new Set([
  "d",
  "day",
  "days",
  "h",
  "hr",
  "hrs",
  "hour",
  "hours",
  "m",
  "min",
  "minute",
  "minutes",
  "s",
  "sec",
  "second",
  "seconds",
  "ms",
  "milli",
  "millis",
  "millisec",
  "millisecond",
  "milliseconds",
  "micro",
  "micros",
  "microsec",
  "microsecond",
  "microseconds",
  "nano",
  "nanos",
  "nanosec",
  "nanosecond",
  "nanoseconds",
  "tick",
  "ticks"
]);
var CH_TAB = 9;
var CH_LF = 10;
var CH_CR = 13;
var CH_SPACE = 32;
var CH_BANG = 33;
var CH_DQUOTE = 34;
var CH_DOLLAR = 36;
var CH_SQUOTE = 39;
var CH_DOT = 46;
var CH_SLASH = 47;
var CH_0 = 48;
var CH_9 = 57;
var CH_AT = 64;
var CH_BACKSLASH = 92;
var CH_UNDERSCORE = 95;
var CH_BACKTICK = 96;
var CH_TILDE = 126;
function isDigit(c) {
  return c >= CH_0 && c <= CH_9;
}
function isHexDigit(c) {
  return isDigit(c) || c >= 97 && c <= 102 || c >= 65 && c <= 70;
}
var NON_ASCII_LETTER = /[\p{L}\p{Nl}]/u;
function isIdentStart(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === CH_UNDERSCORE || c > 127 && NON_ASCII_LETTER.test(String.fromCharCode(c));
}
function isIdentPart(c) {
  return isIdentStart(c) || isDigit(c);
}
function isLetter(c) {
  return c >= 97 && c <= 122 || c >= 65 && c <= 90;
}
var PUNCT2 = {
  "==": "==",
  "!=": "!=",
  "<>": "<>",
  "<=": "<=",
  ">=": ">=",
  "=~": "=~",
  "!~": "!~",
  "=>": "=>",
  "..": ".."
};
var PUNCT1 = new Set("|()[]{},;.:=<>+-*/%?@");
function tokenize(text, comments) {
  return new Scanner(text, comments).scanAll();
}
var Scanner = class {
  constructor(text, comments) {
    this.text = text;
    this.comments = comments;
  }
  text;
  comments;
  pos = 0;
  out = [];
  scanAll() {
    const text = this.text;
    const n = text.length;
    for (; ; ) {
      this.skipTrivia();
      if (this.pos >= n) {
        this.push("eof", n, n, "");
        return this.out;
      }
      this.scanToken();
    }
  }
  push(kind, start, end, value, obfuscated = false, text) {
    this.out.push({ kind, text: text ?? this.text.slice(start, end), start, end, value, obfuscated });
    this.pos = end;
  }
  skipTrivia() {
    const text = this.text;
    const n = text.length;
    let p = this.pos;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === CH_SPACE || c === CH_LF || c === CH_CR || c === CH_TAB || c === 65279 || c === 160 || c === 12 || c === 11) {
        p++;
      } else if (c === CH_SLASH && text.charCodeAt(p + 1) === CH_SLASH) {
        const start = p;
        p += 2;
        while (p < n && text.charCodeAt(p) !== CH_LF && text.charCodeAt(p) !== CH_CR) p++;
        this.comments?.push({ start, end: p, text: text.slice(start, p).trimEnd() });
      } else {
        break;
      }
    }
    this.pos = p;
  }
  scanToken() {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (isIdentStart(c) || c === CH_DOLLAR && isIdentStart(text.charCodeAt(start + 1))) {
      if ((c === 104 || c === 72) && this.isStringStart(start + 1)) {
        this.scanString(start + 1, start, true);
        return;
      }
      this.scanWord(start);
      return;
    }
    if (isDigit(c)) {
      this.scanNumber(start);
      return;
    }
    if (c === CH_SQUOTE || c === CH_DQUOTE || c === CH_BACKTICK || c === CH_TILDE || c === CH_AT) {
      if (this.isStringStart(start)) {
        this.scanString(start, start, false);
        return;
      }
    }
    if (c === CH_BANG) {
      let p = start + 1;
      while (p < text.length && isIdentPart(text.charCodeAt(p))) p++;
      const word = text.slice(start + 1, p);
      if (word && NEGATABLE_WORDS.has(word)) {
        if (word === "in" && text.charCodeAt(p) === CH_TILDE) p++;
        this.push("id", start, p, "");
        return;
      }
    }
    const two = text.substr(start, 2);
    const p2 = PUNCT2[two];
    if (p2 !== void 0) {
      this.push(p2, start, start + 2, "");
      return;
    }
    const one = text[start];
    if (PUNCT1.has(one)) {
      this.push(one, start, start + 1, "");
      return;
    }
    const cp = text.codePointAt(start) ?? c;
    const len = cp > 65535 ? 2 : 1;
    this.push("bad", start, start + len, `unexpected character '${text.slice(start, start + len)}'`);
  }
  isStringStart(p) {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === CH_SQUOTE || c === CH_DQUOTE) return true;
    if (c === CH_AT) {
      const d = text.charCodeAt(p + 1);
      return d === CH_SQUOTE || d === CH_DQUOTE;
    }
    if (c === CH_BACKTICK) return text.startsWith("```", p);
    if (c === CH_TILDE) return text.startsWith("~~~", p);
    return false;
  }
  scanWord(start) {
    const text = this.text;
    let p = start + 1;
    while (p < text.length && isIdentPart(text.charCodeAt(p))) p++;
    let word = text.slice(start, p);
    if (text.charCodeAt(p) === 45 && DASHED_HEADS.has(word)) {
      let q = p + 1;
      while (q < text.length && (isIdentPart(text.charCodeAt(q)) || text.charCodeAt(q) === 45 && isIdentStart(text.charCodeAt(q + 1)))) q++;
      let best = -1;
      for (let e = q; e > p; e--) {
        const cand = text.slice(start, e);
        if (DASHED_WORDS.has(cand) && !isIdentPart(text.charCodeAt(e))) {
          best = e;
          break;
        }
      }
      if (best > 0) {
        p = best;
        word = text.slice(start, p);
      }
    }
    if (word === "in" && text.charCodeAt(p) === CH_TILDE) {
      this.push("id", start, p + 1, "");
      return;
    }
    if (TYPED_LITERAL_WORDS.has(word)) {
      let q = p;
      while (q < text.length && (text.charCodeAt(q) === CH_SPACE || text.charCodeAt(q) === CH_TAB)) q++;
      if (text.charCodeAt(q) === 40) {
        const close = text.indexOf(")", q + 1);
        const nl = this.firstLineBreak(q + 1, close < 0 ? text.length : close);
        if (close < 0 || nl >= 0) {
          this.push("bad", start, close < 0 ? text.length : close + 1, `unterminated ${word}(...) literal: expected ')'`);
          return;
        }
        this.push("typed", start, close + 1, text.slice(q + 1, close).trim(), false, word);
        return;
      }
    }
    this.push("id", start, p, "", false, word);
  }
  firstLineBreak(from, to) {
    for (let i = from; i < to; i++) {
      const c = this.text.charCodeAt(i);
      if (c === CH_LF || c === CH_CR) return i;
    }
    return -1;
  }
  scanNumber(start) {
    const text = this.text;
    let p = start;
    if (text.charCodeAt(p) === CH_0 && (text.charCodeAt(p + 1) === 120 || text.charCodeAt(p + 1) === 88) && isHexDigit(text.charCodeAt(p + 2))) {
      p += 2;
      while (isHexDigit(text.charCodeAt(p))) p++;
      if (isIdentPart(text.charCodeAt(p))) return this.badNumber(start, p);
      this.push("num", start, p, "long");
      return;
    }
    while (isDigit(text.charCodeAt(p))) p++;
    let real = false;
    if (text.charCodeAt(p) === CH_DOT && text.charCodeAt(p + 1) !== CH_DOT) {
      real = true;
      p++;
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      let q = p + 1;
      const s = text.charCodeAt(q);
      if (s === 43 || s === 45) q++;
      if (isDigit(text.charCodeAt(q))) {
        while (isDigit(text.charCodeAt(q))) q++;
        real = true;
        p = q;
      }
    }
    if (isLetter(text.charCodeAt(p))) {
      let q = p;
      while (isIdentPart(text.charCodeAt(q))) q++;
      const unit = text.slice(p, q).toLowerCase();
      if (TIMESPAN_UNITS.has(unit)) {
        this.push("ts", start, q, "");
        return;
      }
      return this.badNumber(start, q);
    }
    if (isIdentPart(text.charCodeAt(p))) {
      let q = p;
      while (isIdentPart(text.charCodeAt(q))) q++;
      return this.badNumber(start, q);
    }
    this.push("num", start, p, real ? "real" : "long");
  }
  badNumber(start, end) {
    this.push("bad", start, end, `malformed number or timespan '${this.text.slice(start, end)}'`);
  }
  /** Scans a string literal whose quote (or `@`, or fence) is at `p`; the token starts at `start`. */
  scanString(p, start, obfuscated) {
    const text = this.text;
    let c = text.charCodeAt(p);
    if (c === CH_BACKTICK || c === CH_TILDE) {
      const fence = c === CH_BACKTICK ? "```" : "~~~";
      const close = text.indexOf(fence, p + 3);
      if (close < 0) {
        this.push("bad", start, text.length, "unterminated multi-line string: expected closing " + fence);
        return;
      }
      this.push("str", start, close + 3, text.slice(p + 3, close), obfuscated);
      return;
    }
    let verbatim = false;
    if (c === CH_AT) {
      verbatim = true;
      p++;
      c = text.charCodeAt(p);
    }
    const quote = c;
    p++;
    let value = "";
    let chunk = p;
    const n = text.length;
    for (; ; ) {
      if (p >= n) {
        this.push("bad", start, n, "unterminated string literal");
        return;
      }
      const d = text.charCodeAt(p);
      if (d === CH_LF || d === CH_CR) {
        this.push("bad", start, p, "unterminated string literal: strings cannot span lines (use ``` for multi-line text)");
        return;
      }
      if (d === quote) {
        if (verbatim && text.charCodeAt(p + 1) === quote) {
          value += text.slice(chunk, p + 1);
          p += 2;
          chunk = p;
          continue;
        }
        value += text.slice(chunk, p);
        this.push("str", start, p + 1, value, obfuscated);
        return;
      }
      if (d === CH_BACKSLASH && !verbatim) {
        value += text.slice(chunk, p);
        const r = decodeEscape(text, p);
        if (r === null) {
          const q = Math.min(p + 2, n);
          let e = q;
          while (e < n && text.charCodeAt(e) !== quote && text.charCodeAt(e) !== CH_LF) {
            e += text.charCodeAt(e) === CH_BACKSLASH ? 2 : 1;
          }
          this.push("bad", start, Math.min(e + 1, n), `invalid escape sequence '${text.slice(p, q)}' in string literal`);
          return;
        }
        value += r.value;
        p = r.end;
        chunk = p;
        continue;
      }
      p++;
    }
  }
};
var SIMPLE_ESCAPES = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "	",
  v: "\v"
};
function decodeEscape(text, p) {
  const e = text[p + 1];
  if (e === void 0) return null;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== void 0) return { value: simple, end: p + 2 };
  const hex = (len) => {
    const digits = text.slice(p + 2, p + 2 + len);
    if (digits.length !== len || !/^[0-9a-fA-F]+$/.test(digits)) return null;
    const code = Number.parseInt(digits, 16);
    if (code > 1114111) return null;
    return { value: String.fromCodePoint(code), end: p + 2 + len };
  };
  if (e === "u") return hex(4);
  if (e === "U") return hex(8);
  if (e === "x") return hex(2);
  if (e >= "0" && e <= "7") {
    let q = p + 1;
    let code = 0;
    while (q < p + 4 && text[q] >= "0" && text[q] <= "7") {
      code = code * 8 + (text.charCodeAt(q) - CH_0);
      q++;
    }
    return { value: String.fromCharCode(code), end: q };
  }
  return null;
}

// src/kql/operators.ts
var PREC = {
  pipe: 0,
  or: 1,
  and: 2,
  compare: 3,
  additive: 4,
  multiplicative: 5,
  unary: 6,
  postfix: 7
};
var table = /* @__PURE__ */ new Map();
function add(kind, prec, ops) {
  for (const op of ops) table.set(op, { kind, prec, op });
}
add("binary", PREC.or, ["or"]);
add("binary", PREC.and, ["and"]);
add("binary", PREC.compare, ["==", "!=", "<", "<=", ">", ">=", "=~", "!~", "<>"]);
var STRING_OPS = [
  "has",
  "!has",
  "has_cs",
  "!has_cs",
  "hasprefix",
  "!hasprefix",
  "hasprefix_cs",
  "!hasprefix_cs",
  "hassuffix",
  "!hassuffix",
  "hassuffix_cs",
  "!hassuffix_cs",
  "contains",
  "!contains",
  "contains_cs",
  "!contains_cs",
  "startswith",
  "!startswith",
  "startswith_cs",
  "!startswith_cs",
  "endswith",
  "!endswith",
  "endswith_cs",
  "!endswith_cs",
  "like",
  "notlike",
  "likecs",
  "notlikecs"
];
add("binary", PREC.compare, STRING_OPS);
add("list", PREC.compare, ["in", "!in", "in~", "!in~", "has_any", "has_all"]);
add("between", PREC.compare, ["between", "!between"]);
add("binary", PREC.additive, ["+", "-"]);
add("binary", PREC.multiplicative, ["*", "/", "%"]);
function infixInfo(text) {
  return table.get(text);
}
var binaryPrec = /* @__PURE__ */ new Map();
for (const [op, info] of table) if (info.kind === "binary") binaryPrec.set(op, info.prec);
binaryPrec.set("matches regex", PREC.compare);
var TYPE_ALIASES = /* @__PURE__ */ new Map([
  ["bool", "bool"],
  ["boolean", "bool"],
  ["int", "int"],
  ["int32", "int"],
  ["long", "long"],
  ["int64", "long"],
  ["real", "real"],
  ["double", "real"],
  ["decimal", "decimal"],
  ["string", "string"],
  ["datetime", "datetime"],
  ["date", "datetime"],
  ["timespan", "timespan"],
  ["time", "timespan"],
  ["guid", "guid"],
  ["uniqueid", "guid"],
  ["dynamic", "dynamic"]
]);

// src/kql/parser.ts
var MAX_NESTING = 128;
var MAX_ERRORS = 50;
var ParseError = class extends Error {
  constructor(start, end, message, code = "KQL1001") {
    super(message);
    this.start = start;
    this.end = end;
    this.code = code;
  }
  start;
  end;
  code;
};
var OPTIONS = {
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
  scan: ["with_match_id"]
};
var SORT_WORDS = /* @__PURE__ */ new Set(["asc", "desc"]);
var TABULAR_ARG_FUNCTIONS = /* @__PURE__ */ new Set(["toscalar", "materialize"]);
function isWordName(text) {
  return /^[A-Za-z_$][A-Za-z0-9_]*$/.test(text);
}
var STAR_OPERATORS = /* @__PURE__ */ new Set([
  "has",
  "!has",
  "has_cs",
  "!has_cs",
  "hasprefix",
  "!hasprefix",
  "hasprefix_cs",
  "!hasprefix_cs",
  "hassuffix",
  "!hassuffix",
  "hassuffix_cs",
  "!hassuffix_cs",
  "contains",
  "!contains",
  "contains_cs",
  "!contains_cs",
  "startswith",
  "!startswith",
  "startswith_cs",
  "!startswith_cs",
  "endswith",
  "!endswith",
  "endswith_cs",
  "!endswith_cs",
  "matches",
  "like",
  "notlike",
  "likecs",
  "notlikecs"
]);
var PARSE_KV_PROPERTIES = /* @__PURE__ */ new Set(["pair_delimiter", "kv_delimiter", "quote", "escape", "greedy", "regex"]);
var JOIN_KINDS = /* @__PURE__ */ new Set([
  "inner",
  "innerunique",
  "leftouter",
  "rightouter",
  "fullouter",
  "leftanti",
  "anti",
  "leftantisemi",
  "rightanti",
  "rightantisemi",
  "leftsemi",
  "rightsemi"
]);
var LOOKUP_KINDS = /* @__PURE__ */ new Set(["leftouter", "inner"]);
var PARSE_KINDS = /* @__PURE__ */ new Set(["simple", "regex", "relaxed"]);
var LIST_PROPERTIES = /* @__PURE__ */ new Set(["ycolumns", "series", "anomalycolumns"]);
var Parser = class {
  constructor(text, comments) {
    this.text = text;
    this.toks = tokenize(text, comments);
  }
  text;
  toks;
  i = 0;
  depth = 0;
  /** Token index where a tabular source (`print`, `union`, `datatable`, ...) may start. */
  sourceAt = -1;
  errors = [];
  // ---------------------------------------------------------------- tokens
  get tok() {
    return this.toks[this.i];
  }
  peek(k = 1) {
    const j = this.i + k;
    return this.toks[j < this.toks.length ? j : this.toks.length - 1];
  }
  prevEnd() {
    return this.i > 0 ? this.toks[this.i - 1].end : 0;
  }
  advance() {
    const t = this.toks[this.i];
    if (t.kind !== "eof") this.i++;
    return t;
  }
  at(kind) {
    return this.toks[this.i].kind === kind;
  }
  atWord(word) {
    const t = this.toks[this.i];
    return t.kind === "id" && t.text === word;
  }
  isWord(t, word) {
    return t.kind === "id" && t.text === word;
  }
  eat(kind) {
    if (this.toks[this.i].kind === kind) {
      this.i++;
      return true;
    }
    return false;
  }
  eatWord(word) {
    if (this.atWord(word)) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(kind, what) {
    const t = this.tok;
    if (t.kind !== kind) throw this.unexpected(what ?? `'${kind}'`);
    this.i++;
    return t;
  }
  expectWord(word) {
    const t = this.tok;
    if (!this.isWord(t, word)) throw this.unexpected(`'${word}'`);
    this.i++;
    return t;
  }
  span(start) {
    return { start, end: Math.max(start, this.prevEnd()) };
  }
  describe(t) {
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
  unexpected(expected, t = this.tok) {
    if (t.kind === "bad") return new ParseError(t.start, t.end, `${t.value} (expected ${expected})`, "KQL1000");
    return new ParseError(t.start, Math.max(t.end, t.start + 1), `expected ${expected}, found ${this.describe(t)}`);
  }
  enter() {
    if (++this.depth > MAX_NESTING) {
      const t = this.tok;
      this.depth = 0;
      throw new ParseError(t.start, t.end, `query is nested too deeply (more than ${MAX_NESTING} levels)`, "KQL1002");
    }
  }
  leave() {
    this.depth--;
  }
  record(e) {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ start: e.start, end: e.end, message: e.message, code: e.code });
  }
  // ------------------------------------------------------------- statements
  /** One expression; the whole text must be consumed. */
  parseSingleExpression() {
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
  parseScript() {
    const statements = [];
    while (!this.at("eof")) {
      const startIndex = this.i;
      try {
        this.depth = 0;
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
  skipTo(fromIndex, stops) {
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
  parseStatement() {
    const t = this.tok;
    if (this.isWord(t, "let")) return this.parseLet();
    if (this.isWord(t, "set") && (this.peek().kind === "id" || this.peek().kind === "qid")) return this.parseSet();
    if (this.isWord(t, "declare") && this.isWord(this.peek(), "query_parameters")) return this.parseDeclare();
    const expr = this.parsePipe(true);
    return { kind: "QueryStatement", span: this.span(t.start), expr };
  }
  parseLet() {
    const start = this.advance().start;
    const name = this.parseDeclaredName("a name after 'let'", isReservedName);
    this.expect("=", "'=' after the let name");
    let view = false;
    let value;
    if (this.atWord("view") && this.peek().kind === "(") {
      this.advance();
      view = true;
      value = this.parseLambda();
    } else if (this.looksLikeLambda()) {
      value = this.parseLambda();
    } else {
      value = this.parsePipe(true);
    }
    return { kind: "Let", span: this.span(start), name, value, view };
  }
  parseSet() {
    const start = this.advance().start;
    let name = this.parseDeclaredName("an option name after 'set'", isReservedName);
    while (this.at(".") && this.peek().kind === "id") {
      this.advance();
      name += `.${this.advance().text}`;
    }
    let value = null;
    if (this.eat("=")) value = this.parseExpr();
    return { kind: "SetOption", span: this.span(start), name, value };
  }
  parseDeclare() {
    const start = this.advance().start;
    this.advance();
    this.expect("(", "'(' after 'declare query_parameters'");
    const params = [];
    if (!this.at(")")) {
      do
        params.push(this.parseParam());
      while (this.eat(","));
    }
    this.expect(")", "')' or ','");
    return { kind: "DeclareQueryParameters", span: this.span(start), params };
  }
  // --------------------------------------------------------------- lambdas
  /** `(` `)` `{`, or `(` name `:` starts a lambda. */
  looksLikeLambda() {
    if (!this.at("(")) return false;
    const a = this.peek(1);
    if (a.kind === ")") return this.peek(2).kind === "{";
    if (a.kind === "id") return this.peek(2).kind === ":";
    const qw = this.quotedNameWidth(1);
    if (qw > 0) return this.peek(1 + qw).kind === ":";
    return false;
  }
  parseLambda() {
    const start = this.tok.start;
    this.enter();
    this.expect("(", "'(' to start the parameter list");
    const params = [];
    if (!this.at(")")) {
      do
        params.push(this.parseParam());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the parameter list");
    this.expect("{", "'{' to start the function body");
    const body = [];
    let result = null;
    for (; ; ) {
      if (this.eat(";")) continue;
      if (this.at("}")) break;
      const s = this.parseStatement();
      if (s.kind === "QueryStatement" && (this.at("}") || this.at(";") && this.peek().kind === "}")) {
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
  parseParam() {
    const start = this.tok.start;
    const name = this.parseDeclaredName("a parameter name", isReservedInDeclaration);
    this.expect(":", "':' and a type after the parameter name");
    let type;
    if (this.at("(")) {
      this.advance();
      const columns = [];
      let open = false;
      if (!this.at(")")) {
        do {
          if (this.eat("*")) {
            open = true;
            continue;
          }
          columns.push(this.parseColumnDecl());
        } while (this.eat(","));
      }
      this.expect(")", "')' to close the tabular parameter schema");
      type = { kind: "TabularParam", columns, open };
    } else {
      type = { kind: "ScalarParam", type: this.parseTypeName() };
    }
    let def = null;
    if (this.eat("=")) def = this.parseExpr();
    return { kind: "Param", span: this.span(start), name, type, default: def };
  }
  parseTypeName() {
    const t = this.tok;
    const type = t.kind === "id" ? TYPE_ALIASES.get(t.text) : void 0;
    if (type === void 0) throw this.unexpected("a type name (string, long, real, bool, datetime, timespan, guid, dynamic, int, decimal)");
    this.advance();
    return type;
  }
  parseColumnDecl() {
    const start = this.tok.start;
    const name = this.parseDeclaredName("a column name", isReservedInDeclaration);
    this.expect(":", "':' and a type after the column name");
    const type = this.parseTypeName();
    return { kind: "ColumnDecl", span: this.span(start), name, type };
  }
  parseColumnDecls() {
    this.expect("(", "'(' to start the column list");
    const cols = [];
    if (!this.at(")")) {
      do
        cols.push(this.parseColumnDecl());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the column list");
    return cols;
  }
  // ------------------------------------------------------------------ names
  atName() {
    const t = this.tok;
    return t.kind === "id" && isWordName(t.text) || this.quotedNameWidth(0) > 0;
  }
  /** Tokens in a bracket-quoted name (`['a b']`, `['a' 'b']`) starting `k` tokens ahead; 0 if none. */
  quotedNameWidth(k) {
    if (this.peek(k).kind !== "[" || this.peek(k + 1).kind !== "str") return 0;
    let j = k + 2;
    while (this.peek(j).kind === "str") j++;
    return this.peek(j).kind === "]" ? j - k + 1 : 0;
  }
  /** A plain or bracket-quoted (`['a b']`) name. */
  parseName(what) {
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
  parseDeclaredName(what, reserved) {
    const t = this.tok;
    if (t.kind === "id" && reserved(t.text)) throw this.keywordAsName(t);
    return this.parseName(what);
  }
  /** A name that may contain `*` wildcards (`Col*`, `*Id`), as in project-away and union. */
  parseWildcardName(what) {
    let name = "";
    let last = -1;
    for (; ; ) {
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
  parsePipe(recover = false) {
    this.enter();
    const first = this.tok.start;
    this.sourceAt = this.i;
    const source = this.parseExpr();
    let result = source;
    if (this.at("|")) {
      const operators = [];
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
  parseOperatorChain(into, recover) {
    while (this.at("|")) {
      this.advance();
      const startIndex = this.i;
      if (!recover) {
        into.push(this.parseOperator());
        continue;
      }
      try {
        into.push(this.parseOperator());
        if (!this.at("|") && !this.at(";") && !this.at("eof") && !this.at(")") && !this.at("}")) {
          throw this.unexpected("'|', ';' or end of query");
        }
      } catch (e) {
        if (!(e instanceof ParseError) || e.code === "KQL1002") throw e;
        this.record(e);
        this.skipTo(startIndex, ["|", ";"]);
        if (this.errors.length >= MAX_ERRORS) throw e;
      }
    }
  }
  /** Operators of a subquery without a source: `(where x | take 3)` in mv-apply, fork, facet, partition. */
  parseOperatorBody() {
    this.enter();
    const ops = [];
    ops.push(this.parseOperator());
    this.parseOperatorChain(ops, false);
    this.leave();
    return ops;
  }
  parseExpr(minPrec = 1) {
    this.enter();
    let left = this.parseUnary();
    for (; ; ) {
      const t = this.tok;
      let text;
      if (t.kind === "id") text = t.text;
      else if (t.kind === "str" || t.kind === "num" || t.kind === "eof" || t.kind === "ts") break;
      else text = t.kind;
      let info = infixInfo(text);
      let width = 1;
      if (info === void 0 && text === "matches" && this.isWord(this.peek(), "regex")) {
        info = { kind: "binary", prec: PREC.compare, op: "matches regex" };
        width = 2;
      }
      if (info === void 0 || info.prec < minPrec) break;
      this.i += width;
      const start = left.span.start;
      if (info.kind === "binary") {
        const right = this.parseExpr(info.prec + 1);
        left = { kind: "Binary", span: this.span(start), op: info.op, left, right };
      } else if (info.kind === "list") {
        const values = this.parseParenList();
        left = { kind: "InExpr", span: this.span(start), op: info.op, left, values };
      } else {
        this.expect("(", "'(' after between");
        const low = this.parseExpr(PREC.compare + 1);
        this.expect("..", "'..' between the bounds");
        const high = this.parseExpr(PREC.compare + 1);
        this.expect(")", "')' to close between");
        left = { kind: "Between", span: this.span(start), negated: info.op === "!between", left, low, high };
      }
    }
    this.leave();
    return left;
  }
  /** `( e, e, ... )` where each element may be a tabular expression. */
  parseParenList() {
    this.expect("(", "'(' to start the list");
    const values = [];
    if (!this.at(")")) {
      do
        values.push(this.parsePipe());
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the list");
    return values;
  }
  parseUnary() {
    const t = this.tok;
    if (t.kind === "-" || t.kind === "+") {
      this.advance();
      if (this.at("-") || this.at("+")) throw this.unexpected("an expression after the sign (write -(-x) to negate twice)");
      const operand = this.parsePostfix(this.parsePrimary());
      return { kind: "Unary", span: this.span(t.start), op: t.kind, operand };
    }
    return this.parsePostfix(this.parsePrimary());
  }
  parsePostfix(e) {
    for (; ; ) {
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
  parseArgs(tabular = false) {
    this.enter();
    this.expect("(", "'('");
    const args = [];
    if (!this.at(")")) {
      do
        args.push(this.parseArg(tabular));
      while (this.eat(","));
    }
    this.expect(")", "')' or ',' in the argument list");
    this.leave();
    return args;
  }
  parseArg(tabular) {
    const t = this.tok;
    if (t.kind === "id" && this.peek().kind === "=") {
      if (isReservedName(t.text) || !isWordName(t.text)) throw this.keywordAsName(t);
      this.i += 2;
      const value = this.parseArgValue(tabular);
      return { kind: "NamedArg", span: this.span(t.start), name: t.text, value };
    }
    return this.parseArgValue(tabular);
  }
  parseArgValue(tabular) {
    if (tabular) return this.parsePipe();
    if (this.at("*") && (this.peek().kind === ")" || this.peek().kind === ",")) {
      const t = this.advance();
      return { kind: "Star", span: this.span(t.start) };
    }
    this.sourceAt = -1;
    return this.parseExpr();
  }
  parsePrimary() {
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
        const n = this.peek();
        if (n.kind === "id" && STAR_OPERATORS.has(n.text) || n.kind === "==" || n.kind === "=~") {
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
  parseParenthesized() {
    if (this.looksLikeLambda()) return this.parseLambda();
    const open = this.advance();
    const inner = this.parsePipe();
    if (!this.at(")")) throw this.unexpected(`')' to match the '(' at offset ${open.start}`);
    this.advance();
    return inner;
  }
  parseStringLit() {
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
  parseTypedLit() {
    const t = this.advance();
    const type = TYPE_ALIASES.get(t.text);
    const content = t.value;
    if (content === "") throw new ParseError(t.start, t.end, `empty ${t.text}() literal: expected a value or null`);
    return { kind: "TypedLit", span: this.span(t.start), type, text: content === "null" ? null : content };
  }
  parseWordPrimary(t) {
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
    } else if (isReservedInExpression(t.text)) {
      throw this.keywordAsName(t);
    }
    return this.parseNameOrCall(t, t.text);
  }
  /** `typeof(long)`: a type name as the argument. */
  parseTypeOf() {
    const t = this.advance();
    this.expect("(", "'(' after typeof");
    const a = this.tok;
    if (a.kind !== "id" || !TYPE_ALIASES.has(a.text)) throw this.unexpected("a type name");
    this.advance();
    const arg = { kind: "NameRef", span: this.span(a.start), name: a.text };
    this.expect(")", "')' after the type name");
    return { kind: "Call", span: this.span(t.start), name: "typeof", args: [arg] };
  }
  keywordAsName(t) {
    return new ParseError(t.start, t.end, `'${t.text}' is a keyword here: write ['${t.text}'] to use it as a name`, "KQL1004");
  }
  /** A pipeline-start operator (`print`, `union`, `datatable`, ...), or null. */
  parseSourceAt(t, next) {
    switch (t.text) {
      case "datatable":
        if (next.kind === "(" || next.kind === "id") return this.parseDataTable();
        break;
      case "print":
        return this.parsePrint();
      case "range":
        if (next.kind === "id" && this.isWord(this.peek(2), "from") || next.kind === "[" && this.isWord(this.peek(1 + this.quotedNameWidth(1)), "from")) {
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
  parseNameOrCall(t, name) {
    if (this.at("(")) {
      const tabular = TABULAR_ARG_FUNCTIONS.has(name);
      const args = this.parseArgs(tabular);
      if (tabular && args.length !== 1) throw new ParseError(t.start, this.prevEnd(), `${name}() takes exactly one argument`);
      return { kind: "Call", span: this.span(t.start), name, args };
    }
    return { kind: "NameRef", span: this.span(t.start), name };
  }
  // ------------------------------------------------------------- dynamic
  parseDynamic() {
    const start = this.advance().start;
    this.expect("(", "'(' after dynamic");
    this.enter();
    const json = this.parseJsonValue();
    this.leave();
    this.expect(")", "')' to close dynamic(...)");
    return { kind: "DynamicLit", span: this.span(start), json };
  }
  parseJsonValue() {
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
        const items = [];
        if (!this.at("]")) {
          do
            items.push(this.parseJsonValue());
          while (this.eat(","));
        }
        this.expect("]", "']' or ',' in the dynamic array");
        this.leave();
        return `[${items.join(",")}]`;
      }
      case "{": {
        this.advance();
        this.enter();
        const members = [];
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
  parseOptions(allowed) {
    const options = [];
    for (; ; ) {
      const t = this.tok;
      if (t.kind !== "id") return options;
      let width;
      let name;
      if (t.text === "hint" && this.peek().kind === ".") {
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
  parseOptionValue() {
    const t = this.tok;
    if (t.kind === "id" && t.text !== "true" && t.text !== "false") {
      this.advance();
      return { kind: "NameRef", span: this.span(t.start), name: t.text };
    }
    return this.parseUnary();
  }
  /** `with (name = value, ...)` property lists. */
  parseProperties() {
    const props = [];
    this.expect("(", "'(' after with");
    if (!this.at(")")) {
      do {
        const t = this.tok;
        const name = this.parseName("a property name");
        this.expect("=", `'=' after ${name}`);
        const value = this.parsePropertyValue();
        if (LIST_PROPERTIES.has(name) && this.at(",") && this.peek().kind === "id" && this.peek(2).kind !== "=") {
          const more = [];
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
  parsePropertyValue() {
    const t = this.tok;
    if (t.kind === "id" && !["true", "false", "dynamic"].includes(t.text) && this.peek().kind !== "(" && this.peek().kind !== ".") {
      this.advance();
      return { kind: "NameRef", span: this.span(t.start), name: t.text };
    }
    return this.parseExpr();
  }
  parseDataTable() {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.datatable);
    const columns = this.parseColumnDecls();
    this.expect("[", "'[' to start the datatable values");
    const values = [];
    while (!this.at("]")) {
      values.push(this.parseLiteralValue("a literal value in the datatable"));
      if (!this.eat(",")) break;
    }
    this.expect("]", "']' or ',' in the datatable values");
    return { kind: "DataTable", span: this.span(start), options, columns, values };
  }
  /** A literal, optionally signed: what datatable rows may hold. */
  parseLiteralValue(what) {
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
  parsePrint() {
    const start = this.advance().start;
    const columns = this.parseAssignments();
    return { kind: "Print", span: this.span(start), columns };
  }
  parseRange() {
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
  parseUnionSource() {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.union);
    const tables = this.parseTableList();
    return { kind: "Union", span: this.span(start), options, tables };
  }
  /** The tables of union, search and find: names, wildcards, calls and parenthesised queries. */
  parseTableList() {
    const tables = [];
    do {
      const t = this.tok;
      if (t.kind === "id" && isReservedInExpression(t.text)) throw this.keywordAsName(t);
      tables.push(this.parseTableRef());
    } while (this.eat(","));
    return tables;
  }
  /** A table operand: `T`, `T*`, `(T | where x)`, `table('x')`, `cluster('c').database('d').T`. */
  parseTableRef() {
    const t = this.tok;
    const n = this.peek();
    const wildcard = t.kind === "id" && n.kind === "*" && n.start === t.end || t.kind === "*" && n.kind === "id" && n.start === t.end;
    if (wildcard) {
      const name = this.parseWildcardName("a table name");
      return { kind: "NameRef", span: this.span(t.start), name };
    }
    return this.parsePostfix(this.parsePrimary());
  }
  parseExternalData() {
    const start = this.advance().start;
    const columns = this.parseColumnDecls();
    this.expect("[", "'[' to start the list of storage URLs");
    const urls = [];
    while (!this.at("]")) {
      urls.push(this.parseExpr());
      if (!this.eat(",")) break;
    }
    this.expect("]", "']' or ',' in the URL list");
    let properties = [];
    if (this.eatWord("with")) properties = this.parseProperties();
    return { kind: "ExternalData", span: this.span(start), columns, urls, properties };
  }
  parseSearchSource() {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.search);
    let tables = [];
    if (this.atWord("in") && this.peek().kind === "(") {
      this.advance();
      this.expect("(");
      tables = this.parseTableList();
      this.expect(")", "')' to close the table list");
    }
    const predicate = this.parseExpr();
    return { kind: "Search", span: this.span(start), options, tables, predicate };
  }
  parseFind() {
    const start = this.advance().start;
    const options = this.parseOptions(OPTIONS.find);
    let tables = [];
    if (this.atWord("in") && this.peek().kind === "(") {
      this.advance();
      this.expect("(");
      tables = this.parseTableList();
      this.expect(")", "')' to close the table list");
    }
    this.expectWord("where");
    const predicate = this.parseExpr();
    let project = null;
    if (this.eatWord("project-smart")) project = "smart";
    else if (this.eatWord("project")) project = this.parseExprList();
    return { kind: "Find", span: this.span(start), options, tables, predicate, project };
  }
  parseEvaluateSource() {
    const start = this.advance().start;
    const options = this.parseOptions([]);
    const plugin = this.parsePluginCall();
    return { kind: "EvaluateSource", span: this.span(start), options, plugin };
  }
  parsePluginCall() {
    const t = this.tok;
    const name = this.parseName("a plugin name");
    if (!this.at("(")) throw this.unexpected("'(' after the plugin name");
    const args = this.parseArgs();
    return { kind: "Call", span: this.span(t.start), name, args };
  }
  // ----------------------------------------------------- tabular operators
  parseOperator() {
    const t = this.tok;
    if (t.kind !== "id") throw this.unexpected("a tabular operator after '|'");
    const handler = OPERATOR_PARSERS[t.text];
    if (handler === void 0) throw this.unexpected("a tabular operator after '|'");
    this.advance();
    this.enter();
    const op = handler(this, t);
    this.leave();
    return op;
  }
  /** `name = expr`, `(a, b) = expr` or `expr`. */
  parseAssignment() {
    const t = this.tok;
    if (t.kind === "id" && this.peek().kind === "=") {
      if (isReservedInDeclaration(t.text) || !isWordName(t.text)) throw this.keywordAsName(t);
      this.i += 2;
      const value2 = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names: [t.text], value: value2 };
    }
    const qw = this.quotedNameWidth(0);
    if (qw > 0 && this.peek(qw).kind === "=") {
      const name = this.parseName("a column name");
      this.advance();
      const value2 = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names: [name], value: value2 };
    }
    if (t.kind === "(" && this.looksLikeNameTuple()) {
      this.advance();
      const names = [];
      do
        names.push(this.parseDeclaredName("a column name", isReservedInDeclaration));
      while (this.eat(","));
      this.expect(")");
      this.expect("=");
      const value2 = this.parseExpr();
      return { kind: "Assignment", span: this.span(t.start), names, value: value2 };
    }
    const value = this.parseExpr();
    return { kind: "Assignment", span: this.span(t.start), names: [], value };
  }
  looksLikeNameTuple() {
    let j = 1;
    for (; ; ) {
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
  parseAssignments() {
    const list = [];
    do
      list.push(this.parseAssignment());
    while (this.eat(","));
    return list;
  }
  parseSortKey() {
    const start = this.tok.start;
    const expr = this.parseExpr();
    let order = null;
    let nulls = null;
    if (this.tok.kind === "id" && SORT_WORDS.has(this.tok.text)) order = this.advance().text;
    if (this.atWord("nulls")) {
      this.advance();
      if (this.atWord("first") || this.atWord("last")) nulls = this.advance().text;
      else throw this.unexpected("'first' or 'last' after nulls");
    }
    return { kind: "SortKey", span: this.span(start), expr, order, nulls };
  }
  parseExprList() {
    const list = [];
    do
      list.push(this.parseExpr());
    while (this.eat(","));
    return list;
  }
  parseMvExpandItem() {
    const start = this.tok.start;
    let name = null;
    if (this.atName() && (this.peek().kind === "=" || this.at("[") && this.peek(this.quotedNameWidth(0)).kind === "=")) {
      name = this.parseDeclaredName("a column name", isReservedInDeclaration);
      this.expect("=");
    }
    const value = this.parseExpr();
    let toType = null;
    if (this.eatWord("to")) {
      this.expectWord("typeof");
      this.expect("(", "'(' after typeof");
      toType = this.parseTypeName();
      this.expect(")", "')' after the type");
    }
    return { kind: "MvExpandItem", span: this.span(start), name, value, toType };
  }
  parseParsePattern() {
    const parts = [];
    for (; ; ) {
      const t = this.tok;
      if (t.kind === "str") {
        parts.push({ kind: "ParseText", value: this.parseStringLit().value });
      } else if (t.kind === "*") {
        this.advance();
        parts.push({ kind: "ParseWildcard" });
      } else if (this.atName() && !(t.kind === "id" && t.text.startsWith("!"))) {
        const name = this.parseDeclaredName("a column name in the parse pattern", isReservedInDeclaration);
        let type = null;
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
  ops = {
    where: (start) => ({ kind: "Where", predicate: this.parseExpr(), span: this.span(start.start) }),
    project: (start) => ({ kind: "Project", columns: this.parseAssignments(), span: this.span(start.start) }),
    extend: (start) => ({ kind: "Extend", columns: this.parseAssignments(), span: this.span(start.start) }),
    projectAway: (start) => {
      const columns = [];
      do
        columns.push(this.parseWildcardName("a column name"));
      while (this.eat(","));
      return { kind: "ProjectAway", span: this.span(start.start), columns };
    },
    projectKeep: (start) => {
      const columns = [];
      do
        columns.push(this.parseWildcardName("a column name"));
      while (this.eat(","));
      return { kind: "ProjectKeep", span: this.span(start.start), columns };
    },
    projectRename: (start) => {
      const renames = [];
      do {
        const newName = this.parseDeclaredName("the new column name", isReservedName);
        this.expect("=", "'=' in project-rename");
        const oldName = this.parseDeclaredName("the existing column name", isReservedName);
        renames.push({ newName, oldName });
      } while (this.eat(","));
      return { kind: "ProjectRename", span: this.span(start.start), renames };
    },
    projectReorder: (start) => {
      const columns = [];
      do {
        const pattern = this.parseWildcardName("a column name");
        let order = null;
        const t = this.tok;
        if (t.kind === "id" && (t.text === "asc" || t.text === "desc" || t.text === "granny-asc" || t.text === "granny-desc")) {
          this.advance();
          order = t.text;
        }
        columns.push({ pattern, order });
      } while (this.eat(","));
      return { kind: "ProjectReorder", span: this.span(start.start), columns };
    },
    summarize: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      let aggregates = [];
      if (!this.atWord("by")) aggregates = this.parseAssignments();
      let by = [];
      if (this.eatWord("by")) by = this.parseAssignments();
      return { kind: "Summarize", span: this.span(start.start), options, aggregates, by };
    },
    join: (start) => {
      const options = this.parseOptions(OPTIONS.join);
      this.checkKind(options, JOIN_KINDS, "join");
      const right = this.parseTableRef();
      let on = [];
      if (this.eatWord("on")) on = this.parseExprList();
      return { kind: "Join", span: this.span(start.start), options, right, on };
    },
    lookup: (start) => {
      const options = this.parseOptions(OPTIONS.lookup);
      this.checkKind(options, LOOKUP_KINDS, "lookup");
      const right = this.parseTableRef();
      this.expectWord("on");
      const on = this.parseExprList();
      return { kind: "Lookup", span: this.span(start.start), options, right, on };
    },
    union: (start) => {
      const options = this.parseOptions(OPTIONS.union);
      const tables = this.parseTableList();
      return { kind: "UnionOp", span: this.span(start.start), options, tables };
    },
    mvExpand: (start) => {
      const options = this.parseOptions(OPTIONS.mvexpand);
      const columns = [];
      do
        columns.push(this.parseMvExpandItem());
      while (this.eat(","));
      let limit = null;
      if (this.eatWord("limit")) limit = this.parseExpr();
      return { kind: "MvExpand", span: this.span(start.start), options, columns, limit };
    },
    mvApply: (start) => {
      const options = this.parseOptions(OPTIONS.mvapply);
      const columns = [];
      do
        columns.push(this.parseMvExpandItem());
      while (this.eat(","));
      let limit = null;
      if (this.eatWord("limit")) limit = this.parseExpr();
      this.expectWord("on");
      this.expect("(", "'(' to start the mv-apply subquery");
      const body = this.parseOperatorBody();
      this.expect(")", "')' to close the mv-apply subquery");
      return { kind: "MvApply", span: this.span(start.start), options, columns, limit, body };
    },
    parse: (start) => {
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
    parseKv: (start) => {
      const source = this.parseExpr();
      this.expectWord("as");
      const columns = this.parseColumnDecls();
      let properties = [];
      if (this.eatWord("with")) properties = this.parseProperties();
      for (const p of properties) {
        if (!PARSE_KV_PROPERTIES.has(p.name)) throw new ParseError(p.span.start, p.span.end, `unknown parse-kv property '${p.name}' (expected ${[...PARSE_KV_PROPERTIES].join(", ")})`);
      }
      return { kind: "ParseKv", span: this.span(start.start), source, columns, properties };
    },
    evaluate: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      const plugin = this.parsePluginCall();
      if (this.eat(":")) {
        this.expect("(", "'(' to start the output schema");
        const columns = [];
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
    top: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      const count = this.parseExpr();
      this.expectWord("by");
      const by = this.parseSortKey();
      return { kind: "Top", span: this.span(start.start), options, count, by };
    },
    topNested: (start) => {
      const levels = [];
      let levelStart = start.start;
      for (; ; ) {
        let count = null;
        if (!this.atWord("of")) count = this.parseExpr();
        this.expectWord("of");
        const of = this.parseAssignment();
        let withOthers = null;
        if (this.atWord("with") && this.isWord(this.peek(), "others")) {
          this.i += 2;
          this.expect("=", "'=' after with others");
          withOthers = this.parseExpr();
        }
        this.expectWord("by");
        const by = this.parseAssignment();
        let order = null;
        if (this.tok.kind === "id" && SORT_WORDS.has(this.tok.text)) order = this.advance().text;
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
    sort: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      this.expectWord("by");
      const by = [];
      do
        by.push(this.parseSortKey());
      while (this.eat(","));
      return { kind: "Sort", span: this.span(start.start), options, by };
    },
    take: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      const count = this.parseExpr();
      return { kind: "Take", span: this.span(start.start), options, count };
    },
    distinct: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      if (this.at("*")) {
        const star = this.advance();
        return { kind: "Distinct", span: this.span(start.start), options, columns: [{ kind: "Star", span: this.span(star.start) }] };
      }
      const columns = this.parseExprList();
      return { kind: "Distinct", span: this.span(start.start), options, columns };
    },
    count: (start) => {
      let as = null;
      if (this.eatWord("as")) as = this.parseName("a column name after 'as'");
      return { kind: "Count", span: this.span(start.start), as };
    },
    as: (start) => {
      const options = this.parseOptions(OPTIONS.as);
      const name = this.parseName("a name after 'as'");
      return { kind: "As", span: this.span(start.start), options, name };
    },
    invoke: (start) => {
      const call = this.parsePluginCall();
      return { kind: "Invoke", span: this.span(start.start), call };
    },
    serialize: (start) => {
      const columns = this.atOperatorEnd() ? [] : this.parseAssignments();
      return { kind: "Serialize", span: this.span(start.start), columns };
    },
    sample: (start) => ({ kind: "Sample", count: this.parseExpr(), span: this.span(start.start) }),
    sampleDistinct: (start) => {
      const count = this.parseExpr();
      this.expectWord("of");
      const of = this.parseExpr();
      return { kind: "SampleDistinct", span: this.span(start.start), count, of };
    },
    search: (start) => {
      const options = this.parseOptions(OPTIONS.search);
      const predicate = this.parseExpr();
      return { kind: "SearchOp", span: this.span(start.start), options, predicate };
    },
    render: (start) => {
      const chart = this.parseName("a chart type after render");
      let properties = [];
      if (this.eatWord("with")) properties = this.parseProperties();
      return { kind: "Render", span: this.span(start.start), chart, properties };
    },
    makeSeries: (start) => {
      const options = this.parseOptions(OPTIONS.makeSeries);
      const aggregates = [];
      do {
        const assignment = this.parseAssignment();
        let def = null;
        if (this.atWord("default") && this.peek().kind === "=") {
          this.i += 2;
          def = this.parseExpr();
        }
        aggregates.push({ assignment, default: def });
      } while (this.eat(","));
      this.expectWord("on");
      const on = this.parseExpr(PREC.additive);
      let from = null;
      let to = null;
      let step;
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
      let by = [];
      if (this.eatWord("by")) by = this.parseAssignments();
      return { kind: "MakeSeries", span: this.span(start.start), options, aggregates, on, from, to, step, inRange, by };
    },
    getschema: (start) => ({ kind: "GetSchema", span: this.span(start.start) }),
    fork: (start) => {
      const branches = [];
      while (this.at("(") || this.atName() && this.peek().kind === "=") {
        const bStart = this.tok.start;
        let name = null;
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
    facet: (start) => {
      this.expectWord("by");
      const columns = [];
      do
        columns.push(this.parseName("a column name"));
      while (this.eat(","));
      let body = null;
      if (this.eatWord("with")) {
        this.expect("(", "'(' after with");
        body = this.parseOperatorBody();
        this.expect(")", "')' to close the facet subquery");
      }
      return { kind: "Facet", span: this.span(start.start), columns, with: body };
    },
    scan: (start) => {
      const options = this.parseOptions(OPTIONS.scan);
      let orderBy = [];
      let partitionBy = [];
      let declare = [];
      if (this.atWord("order") && this.isWord(this.peek(), "by")) {
        this.i += 2;
        orderBy = [];
        do
          orderBy.push(this.parseSortKey());
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
      const steps = [];
      while (this.atWord("step")) {
        const sStart = this.advance().start;
        const name = this.parseName("a step name");
        let output = null;
        if (this.eatWord("output")) {
          this.expect("=", "'=' after output");
          const o = this.tok;
          if (o.kind === "id" && (o.text === "all" || o.text === "last" || o.text === "none")) output = this.advance().text;
          else throw this.unexpected("all, last or none");
        }
        this.expect(":", "':' after the step name");
        const predicate = this.parseExpr();
        let assignments = [];
        if (this.eat("=>")) assignments = this.parseAssignments();
        this.expect(";", "';' after the scan step");
        steps.push({ kind: "ScanStep", span: this.span(sStart), name, output, predicate, assignments });
      }
      this.expect(")", "'step' or ')' in scan");
      return { kind: "Scan", span: this.span(start.start), options, orderBy, partitionBy, declare, steps };
    },
    partition: (start) => {
      const options = this.parseOptions(OPTIONS.none);
      this.expectWord("by");
      const byStart = this.tok.start;
      const by = { kind: "NameRef", name: this.parseName("the partition column"), span: this.span(byStart) };
      let body;
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
    reduce: (start) => {
      const options = this.parseOptions(OPTIONS.reduce);
      this.expectWord("by");
      const by = this.parseExpr();
      let withProps = [];
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
    consume: (start) => ({ kind: "Consume", options: this.parseOptions(OPTIONS.consume), span: this.span(start.start) })
  };
  /** `kind=` must name one of `kinds`. */
  checkKind(options, kinds, op) {
    for (const o of options) {
      if (o.name !== "kind") continue;
      if (o.value.kind !== "NameRef" || !kinds.has(o.value.name)) {
        throw new ParseError(o.value.span.start, o.value.span.end, `expected one of ${[...kinds].join(", ")} after ${op} kind=`);
      }
    }
  }
  atOperatorEnd() {
    const k = this.tok.kind;
    return k === "|" || k === ";" || k === ")" || k === "}" || k === "eof";
  }
};
function bracketDelta(kind) {
  if (kind === "(" || kind === "[" || kind === "{") return 1;
  if (kind === ")" || kind === "]" || kind === "}") return -1;
  return 0;
}
function jsonNumber(text) {
  if (/^0[xX]/.test(text)) return BigInt(text).toString();
  if (text.endsWith(".")) return text.slice(0, -1);
  return text.replace(/^(\d+)\.([eE])/, "$1$2");
}
var OPERATOR_PARSERS = {
  where: (p, t) => p.ops.where(t),
  filter: (p, t) => p.ops.where(t),
  project: (p, t) => p.ops.project(t),
  "project-away": (p, t) => p.ops.projectAway(t),
  "project-keep": (p, t) => p.ops.projectKeep(t),
  "project-rename": (p, t) => p.ops.projectRename(t),
  "project-reorder": (p, t) => p.ops.projectReorder(t),
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
  consume: (p, t) => p.ops.consume(t)
};
function parseScriptText(text, comments) {
  const p = new Parser(text, comments);
  const node = p.parseScript();
  return { node, errors: p.errors };
}

// src/kql/ast.ts
var NO_SPAN = Object.freeze({ start: -1, end: -1 });

// src/kql/index.ts
function parse(text, options = {}) {
  const { node, errors } = parseScriptText(text);
  return { script: node, diagnostics: errors.map((e) => toDiagnostic(text, e, options.file)) };
}
function toDiagnostic(text, e, file) {
  const { line, column } = lineColAt(text, e.start);
  return {
    severity: "error",
    message: e.message,
    ...file !== void 0 ? { file } : {},
    line,
    column,
    code: e.code,
    snippet: caretSnippet(text, e.start, Math.max(1, e.end - e.start))
  };
}

// src/kql/oracle.ts
import { createRequire } from "node:module";
var kustoCode = null;
function load() {
  if (kustoCode) return kustoCode;
  const require2 = createRequire(import.meta.url);
  require2("@kusto/language-service-next/bridge.js");
  require2("@kusto/language-service-next/Kusto.Language.Bridge.js");
  const g = globalThis;
  kustoCode = g.Kusto.Language.KustoCode;
  return kustoCode;
}
function officialSyntaxDiagnostics(text) {
  const list = load().Parse(text).GetSyntaxDiagnostics();
  const items = [];
  if (Array.isArray(list)) items.push(...list);
  else for (let i = 0; i < list.Count; i++) items.push(list.getItem(i));
  return items.map((d) => ({ start: d.Start, length: d.Length, message: d.Message, code: d.Code }));
}

// test/kql/corpus.ts
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
var CONFORMANCE = [
  fileURLToPath(new URL("../engine/conformance/cases.jsonl", import.meta.url)),
  fileURLToPath(new URL("../../../shared/kql-conformance/cases.jsonl", import.meta.url))
];
var SENTINEL = fileURLToPath(new URL("./fixtures/sentinel-queries.kql", import.meta.url));
function conformanceQueries() {
  const path = CONFORMANCE.find((p) => existsSync(p));
  if (path === void 0) throw new Error(`KQL conformance corpus not found (looked in ${CONFORMANCE.join(", ")})`);
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)).map((c) => ({ id: c.id, query: c.query }));
}
function sentinelQueries() {
  const text = readFileSync(SENTINEL, "utf8");
  const out = [];
  const re = /^\/\/ ==== (.*)$/gm;
  const heads = [...text.matchAll(re)];
  heads.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1].index ?? text.length : text.length;
    out.push({ id: `sentinel: ${m[1]}`, query: text.slice(start, end).trim() });
  });
  return out;
}
var UNSUPPORTED = new Map([
  ...[
    "all-graph-function.md#1",
    "all-graph-function.md#2",
    "any-graph-function.md#1",
    "graph-mark-components-operator.md#2",
    "graph-match-operator.md#1",
    "graph-match-operator.md#3",
    "graph-shortest-paths-operator.md#1",
    "graph-shortest-paths-operator.md#2",
    "graph-to-table-operator.md#1",
    "inner-nodes-graph-function.md#1",
    "map-graph-function.md#1",
    "map-graph-function.md#2",
    "node-id.md#1",
    "tutorials/your-first-graph.md#1"
  ].map((id) => [id, "graph operators (make-graph, graph-match, ...) are outside Kustodian's scope: no AST node"]),
  ...["project-by-names-operator.md#1", "project-by-names-operator.md#3", "project-by-names-operator.md#5"].map(
    (id) => [id, "project-by-names (preview operator) has no AST node"]
  ),
  ["array-iff-function.md#3", "datetime(...) inside dynamic(...) is rejected by design (see DynamicLit in ast.ts)"]
]);

// test/kql/mutate.ts
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var SOUP = [
  "|",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ";",
  ".",
  "..",
  ":",
  "=",
  "==",
  "!=",
  "<",
  ">",
  "=~",
  "+",
  "-",
  "*",
  "/",
  "%",
  "where",
  "project",
  "extend",
  "summarize",
  "by",
  "join",
  "kind=inner",
  "on",
  "let",
  "x",
  "T",
  "count()",
  "1",
  "1.5",
  "2d",
  "'s'",
  '"t"',
  "@'v'",
  "h'o'",
  "```m```",
  "dynamic([1])",
  "datetime(2024-01-01)",
  "has",
  "!has",
  "in",
  "in~",
  "between",
  "and",
  "or",
  "not",
  "mv-expand",
  "mv-apply",
  "parse",
  "with",
  "take",
  "sort",
  "asc",
  "$left",
  "$right",
  "['q']",
  "view",
  "union",
  "print",
  "range",
  "from",
  "to",
  "step",
  "datatable",
  "evaluate",
  "render",
  "toscalar",
  "materialize",
  "\n",
  "//c\n",
  "!",
  "~",
  "`",
  "@",
  "#",
  "'",
  '"',
  "\\"
];
function tokenSoup(random2, maxTokens = 30) {
  const n = 1 + Math.floor(random2() * maxTokens);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(SOUP[Math.floor(random2() * SOUP.length)]);
  return parts.join(random2() < 0.5 ? " " : "");
}
function mutate(text, random2) {
  const toks = tokenize(text).filter((t2) => t2.kind !== "eof");
  if (toks.length === 0) return tokenSoup(random2);
  const pick = () => toks[Math.floor(random2() * toks.length)];
  const t = pick();
  switch (Math.floor(random2() * 7)) {
    case 0:
      return text.slice(0, t.start) + text.slice(t.end);
    case 1: {
      return text.slice(0, t.end) + " " + text.slice(t.start, t.end) + text.slice(t.end);
    }
    case 2: {
      const i = toks.indexOf(t);
      const u = toks[i + 1];
      if (!u) return text.slice(0, t.start);
      return text.slice(0, t.start) + text.slice(u.start, u.end) + text.slice(t.end, u.start) + text.slice(t.start, t.end) + text.slice(u.end);
    }
    case 3:
      return text.slice(0, t.start) + SOUP[Math.floor(random2() * SOUP.length)] + text.slice(t.end);
    case 4:
      return text.slice(0, Math.floor(random2() * text.length));
    case 5:
      return text.slice(0, t.start) + SOUP[Math.floor(random2() * SOUP.length)] + " " + text.slice(t.start);
    default: {
      const u = pick();
      return text.slice(0, t.start) + text.slice(u.start, u.end) + text.slice(t.end);
    }
  }
}

// ../../tmp/kq/cat.ts
var base = [...conformanceQueries().filter((c) => !UNSUPPORTED.has(c.id)), ...sentinelQueries()].map((c) => c.query);
var random = rng(Number(process.argv[2] ?? 20240601));
var N = Number(process.argv[3] ?? 1200);
var inputs = [];
for (let i = 0; i < N; i++) inputs.push(mutate(base[Math.floor(random() * base.length)], random));
for (let i = 0; i < N / 4; i++) inputs.push(tokenSoup(random));
var agree = 0;
var cats = /* @__PURE__ */ new Map();
for (const q of inputs) {
  const o = parse(q).diagnostics;
  const t = officialSyntaxDiagnostics(q);
  if (o.length === 0 === (t.length === 0)) {
    agree++;
    continue;
  }
  const key = o.length ? "WE REJECT: " + o[0].message.replace(/'[^']*'/g, "'\u2026'") : "WE ACCEPT: " + t[0].message.replace(/'[^']*'/g, "'\u2026'");
  cats.set(key, (cats.get(key) ?? 0) + 1);
  if (process.argv[4] && key.includes(process.argv[4])) console.log("----\n" + q);
}
console.log("agree", agree, "of", inputs.length, (100 * agree / inputs.length).toFixed(2) + "%");
console.log([...cats].sort((a, b) => b[1] - a[1]).map(([k, v]) => v + "  " + k).join("\n"));

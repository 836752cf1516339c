/** Regressions for QA defects: let-bound tables, watchlists, wildcards, search, long range, escaping. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  formatTextTable,
  KqlError,
  loadTableFile,
  rowsAsRecords,
  type Table,
  TableLoadError,
  tableFromRecords,
  toCsv,
  toLogAnalyticsJson,
} from "../../src/engine/index.js";
import { NOW, records, run } from "./helpers.js";

const signins = tableFromRecords(
  "SigninLogs",
  [
    { UserPrincipalName: "alice@contoso.com", AppDisplayName: "Azure Portal", ResultType: "0" },
    { UserPrincipalName: "bob@contoso.com", AppDisplayName: "Teams", ResultType: "50126" },
  ],
  {
    columns: [
      { name: "UserPrincipalName", type: "string" },
      { name: "AppDisplayName", type: "string" },
      { name: "ResultType", type: "string" },
    ],
  },
);
const T = { SigninLogs: signins };

function errorOf(query: string, options: Partial<Parameters<typeof evaluate>[1]> = {}): KqlError {
  try {
    evaluate(query, { tables: (n: string) => (T as Record<string, Table>)[n], now: NOW, ...options });
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`expected '${query}' to fail`);
}

describe("let bound to a stored table", () => {
  it("let s = Table; is tabular", () => {
    expect(records("let s = SigninLogs; s | count", T)).toEqual([{ Count: 2 }]);
    expect(records("let s = (SigninLogs); s | where ResultType == '0' | project UserPrincipalName", T)).toEqual([{ UserPrincipalName: "alice@contoso.com" }]);
  });
  it("view() and parameterless functions whose body is a table name", () => {
    expect(records("let V = view() { SigninLogs }; V | count", T)).toEqual([{ Count: 2 }]);
    expect(records("let f = () { SigninLogs }; f() | count", T)).toEqual([{ Count: 2 }]);
  });
  it("a let name shadows nothing: an unknown name is still an unknown variable", () => {
    expect(errorOf("let s = NoSuchTable; s").message).toMatch(/unknown column or variable 'NoSuchTable'/);
  });
});

describe("_GetWatchlist", () => {
  const vip = tableFromRecords("VIPUsers", [{ SearchKey: "alice@contoso.com", Role: "admin" }], {
    columns: [
      { name: "SearchKey", type: "string" },
      { name: "Role", type: "string" },
    ],
  });
  const watchlist = (alias: string) => (alias === "VIPUsers" ? vip : undefined);
  it("reads the watchlist's rows from the watchlist option", () => {
    const r = evaluate("let vips = _GetWatchlist('VIPUsers') | project SearchKey; SigninLogs | where UserPrincipalName in (vips) | project UserPrincipalName", {
      tables: (n) => (T as Record<string, Table>)[n],
      now: NOW,
      watchlist,
    });
    expect(rowsAsRecords(r.tables[0])).toEqual([{ UserPrincipalName: "alice@contoso.com" }]);
  });
  it("an unknown alias is a positioned error", () => {
    const e = errorOf("_GetWatchlist('Nope') | count", { watchlist });
    expect(e.message).toBe("unknown watchlist 'Nope'");
    expect(e.diagnostics[0]).toMatchObject({ line: 1, column: 15 });
    expect(errorOf("_GetWatchlist('VIPUsers')").message).toBe("unknown watchlist 'VIPUsers'");
  });
});

describe("loading a table file with a schema", () => {
  const dir = mkdtempSync(join(tmpdir(), "kustodian-qa-load-"));
  const schema = {
    name: "AuditLogs",
    columns: [
      { name: "TimeGenerated", type: "datetime" as const },
      { name: "OperationName", type: "string" as const },
    ],
  };
  function loadFailure(name: string, text: string): TableLoadError {
    const path = join(dir, name);
    writeFileSync(path, text);
    try {
      loadTableFile(path, { schema });
    } catch (e) {
      if (e instanceof TableLoadError) return e;
      throw e;
    }
    throw new Error(`expected ${name} to be rejected`);
  }
  it("rejects a column the schema lacks, at its key, with a did-you-mean (every format)", () => {
    const jsonl = loadFailure("a.jsonl", '{"TimeGenerated":"2024-05-01T10:00:00Z","OperationName":"a"}\n{"TimeGenerated":"2024-05-01T10:00:00Z","OperationNam":"x"}\n');
    expect(jsonl.diagnostics[0]).toMatchObject({ line: 2, column: 41, message: "column 'OperationNam' is not in the AuditLogs schema (did you mean 'OperationName'?)" });
    const json = loadFailure("a.json", '[\n  {"OperationName": "a"},\n  {"Other": 1}\n]');
    expect(json.diagnostics[0]).toMatchObject({ line: 3, column: 4, message: "column 'Other' is not in the AuditLogs schema" });
    const csv = loadFailure("a.csv", "TimeGenerated,operationname\n2024-05-01T10:00:00Z,a\n");
    expect(csv.diagnostics[0]).toMatchObject({ line: 1, column: 15, message: "column 'operationname' is not in the AuditLogs schema (did you mean 'OperationName'?)" });
    const la = loadFailure("la.json", '{"tables":[{"name":"PrimaryResult","columns":[{"name":"Extra","type":"string"}],"rows":[["x"]]}]}');
    expect(la.diagnostics[0].message).toBe("column 'Extra' is not in the AuditLogs schema");
  });
  it("points a badly typed cell at its value", () => {
    const jsonl = loadFailure("b.jsonl", '{"TimeGenerated":"2024-05-01T10:00:00Z"}\n{"TimeGenerated": "nope"}\n');
    expect(jsonl.diagnostics[0]).toMatchObject({ line: 2, column: 19 });
    const json = loadFailure("b.json", '[{"TimeGenerated":\n   "nope"}]');
    expect(json.diagnostics[0]).toMatchObject({ line: 2, column: 4 });
  });
  it("without a schema, any columns load", () => {
    const path = join(dir, "free.jsonl");
    writeFileSync(path, '{"a":1}\n{"b":"x"}\n');
    expect(loadTableFile(path).schema.map((c) => c.name)).toEqual(["a", "b"]);
  });
});

describe("text tables are safe for a terminal", () => {
  const one = (s: string) => ({ tables: [{ name: "PrimaryResult", columns: [{ name: "c", type: "string" as const }], rows: [[s]] }] });
  it("escapes ESC, tab, DEL, C1 and bidi controls; CSV and JSON stay exact", () => {
    expect(formatTextTable(run('print a="\\u001b[31mred\\tx\\u007f\\u0085\\u202e\\r\\n"'))).toBe(
      `a\n${"-".repeat(30)}\n\\x1b[31mred\\tx\\x7f\\x85\\u202e\\n\n(1 row)\n`,
    );
    const raw = "\u001b[31mred\tx";
    expect(toCsv(one(raw))).toBe(`c\n${raw}\n`);
    expect(JSON.parse(toLogAnalyticsJson(one(raw))).tables[0].rows[0][0]).toBe(raw);
  });
  it("no string puts a control character other than the row newlines on screen", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (cell, column) => {
        const text = formatTextTable({ tables: [{ name: "PrimaryResult", columns: [{ name: column, type: "string" }], rows: [[cell]] }] });
        expect(text.split("\n")).toHaveLength(5);
        expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text)).toBe(false);
      }),
    );
  });
});

describe("wildcard tables, search everywhere, any-column predicates", () => {
  const aad = tableFromRecords("AADNonInteractiveUserSignInLogs", [{ UserPrincipalName: "svc@contoso.com", AppDisplayName: "Graph" }]);
  const audit = tableFromRecords("AuditLogs", [{ OperationName: "Add member to role", Result: "success" }]);
  const all: Record<string, Table> = { SigninLogs: signins, AADNonInteractiveUserSignInLogs: aad, AuditLogs: audit };
  const withNames = (query: string) =>
    rowsAsRecords(evaluate(query, { tables: (n) => all[n], tableNames: () => Object.keys(all), now: NOW }).tables[0]);
  it("union expands wildcard table names (sorted), withsource names each row's table", () => {
    expect(withNames("union withsource=T SigninLog*, *NonInteractive* | project T, UserPrincipalName")).toEqual([
      { T: "SigninLogs", UserPrincipalName: "alice@contoso.com" },
      { T: "SigninLogs", UserPrincipalName: "bob@contoso.com" },
      { T: "AADNonInteractiveUserSignInLogs", UserPrincipalName: "svc@contoso.com" },
    ]);
    expect(withNames("union A*s | summarize count() by Type = iff(isempty(OperationName), 'signin', 'audit') | order by Type asc")).toEqual([
      { Type: "audit", count_: 1 },
      { Type: "signin", count_: 1 },
    ]);
    expect(errorOf("union SigninLog*").message).toMatch(/wildcard table name 'SigninLog\*' needs the list of stored tables/);
  });
  it("search without 'in' scans every table; 'in' accepts wildcards", () => {
    expect(withNames('search "svc" | project $table, UserPrincipalName')).toEqual([{ $table: "AADNonInteractiveUserSignInLogs", UserPrincipalName: "svc@contoso.com" }]);
    expect(withNames('search in (SigninLogs) "teams" | project $table, UserPrincipalName')).toEqual([{ $table: "SigninLogs", UserPrincipalName: "bob@contoso.com" }]);
    expect(withNames('search in (Sign*, AuditLogs) "member" | project $table')).toEqual([{ $table: "AuditLogs" }]);
    expect(errorOf('search "svc"').message).toMatch(/search without 'in \(tables\)'/);
  });
  it("where * <string operator> matches when any column does", () => {
    expect(records('SigninLogs | where * has "teams" | project UserPrincipalName', T)).toEqual([{ UserPrincipalName: "bob@contoso.com" }]);
    expect(records('SigninLogs | where * contains "50126" | count', T)).toEqual([{ Count: 1 }]);
    expect(records('SigninLogs | where * !has "portal" | project UserPrincipalName', T)).toEqual([{ UserPrincipalName: "bob@contoso.com" }]);
    expect(errorOf('SigninLogs | where * == "x"').diagnostics[0]).toMatchObject({ line: 1, column: 20 });
  });
  it("comparing a string with a datetime is a positioned type error, also in between", () => {
    expect(errorOf('print r = "x" > datetime(2024-01-01)').diagnostics[0]).toMatchObject({ code: "KQL2004", line: 1, column: 11 });
    const e = errorOf('SigninLogs | where "x" between (datetime(2024-01-01) .. now())');
    expect(e.message).toMatch(/cannot compare values of types string and datetime in 'between'/);
    expect(e.diagnostics[0]).toMatchObject({ code: "KQL2004", line: 1, column: 20 });
    expect(records("print r = datetime(2024-01-02) between (datetime(2024-01-01) .. 2d)")).toEqual([{ r: true }]);
  });
});

describe("long literals beyond the exact range", () => {
  it("are positioned errors rather than silently rounded", () => {
    const e = errorOf("print m = 9223372036854775807");
    expect(e.message).toBe("long literal exceeds the evaluator's exact integer range (±2^53)");
    expect(e.diagnostics[0]).toMatchObject({ line: 1, column: 11 });
    expect(errorOf("print m = -9007199254740993").message).toMatch(/exact integer range/);
    expect(errorOf("print m = long(9007199254740993)").message).toMatch(/exact integer range/);
    expect(errorOf("print m = 0x7fffffffffffffff").message).toMatch(/exact integer range/);
  });
  it("within ±(2^53 - 1), or held exactly by a double (nanosecond timestamps), are kept", () => {
    expect(records("print m = 9007199254740991, n = -9007199254740991, r = 9223372036854775807.0")).toEqual([
      { m: 9007199254740991, n: -9007199254740991, r: 2 ** 63 },
    ]);
    expect(records("print ns = 1546300800000000000, d = unixtime_nanoseconds_todatetime(1546300800000000000)")).toEqual([
      { ns: 1546300800000000000, d: "2019-01-01T00:00:00.0000000Z" },
    ]);
  });
});

/** Regressions for QA defects: let-bound tables, watchlists, wildcards, search, long range, escaping. */
import { describe, expect, it } from "vitest";
import { evaluate, KqlError, rowsAsRecords, type Table, tableFromRecords } from "../../src/engine/index.js";
import { NOW, records } from "./helpers.js";

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

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyTable, evaluate, KqlError, rowsAsRecords, tableFromRecords } from "../../src/engine/index.js";
import { NOW, records, run, schemaOf } from "./helpers.js";

const signins = tableFromRecords(
  "SigninLogs",
  [
    { TimeGenerated: "2024-05-01T10:00:00Z", User: "alice@contoso.com", IP: "10.0.0.1", App: "Azure Portal", ResultType: "0", Agent: "Mozilla/5.0", Loc: { city: "Paris", geo: { lat: 48.8 } } },
    { TimeGenerated: "2024-05-01T11:00:00Z", User: "bob@contoso.com", IP: "10.0.0.2", App: "Azure Portal", ResultType: "50126", Agent: "python-requests/2.31", Loc: { city: "Lagos" } },
    { TimeGenerated: "2024-04-20T09:00:00Z", User: "alice@contoso.com", IP: "10.0.0.1", App: "Teams", ResultType: "0", Agent: "pythonista", Loc: null },
    { TimeGenerated: "2024-05-01T11:30:00Z", User: "Alice@Contoso.com", IP: "10.0.0.9", App: "Azure Portal", ResultType: "0", Agent: "curl/8", Loc: { city: "paris" } },
  ],
  {
    columns: [
      { name: "TimeGenerated", type: "datetime" },
      { name: "User", type: "string" },
      { name: "IP", type: "string" },
      { name: "App", type: "string" },
      { name: "ResultType", type: "string" },
      { name: "Agent", type: "string" },
      { name: "Loc", type: "dynamic" },
    ],
  },
);
const T = { SigninLogs: signins };

describe("string operators", () => {
  it("has matches whole terms, case-insensitively", () => {
    expect(records('SigninLogs | where Agent has "python" | project Agent', T)).toEqual([{ Agent: "python-requests/2.31" }]);
    expect(records('SigninLogs | where Agent has "PYTHON" | count', T)).toEqual([{ Count: 1 }]);
    expect(records('SigninLogs | where Agent contains "python" | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where Agent !has "python" | count', T)).toEqual([{ Count: 3 }]);
  });
  it("== is case-sensitive, =~ is not", () => {
    expect(records('SigninLogs | where User == "alice@contoso.com" | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where User =~ "alice@contoso.com" | count', T)).toEqual([{ Count: 3 }]);
    expect(records('SigninLogs | where User !~ "alice@contoso.com" | count', T)).toEqual([{ Count: 1 }]);
  });
  it("in, in~, !in, has_any and has_all", () => {
    expect(records('SigninLogs | where IP in ("10.0.0.1", "10.0.0.9") | count', T)).toEqual([{ Count: 3 }]);
    expect(records('SigninLogs | where tostring(Loc.city) in~ ("PARIS") | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where IP !in (dynamic(["10.0.0.1"])) | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where Agent has_any ("curl", "python") | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where App has_all ("azure", "portal") | count', T)).toEqual([{ Count: 3 }]);
  });
  it("matches regex uses RE2 and startswith/endswith", () => {
    expect(records('SigninLogs | where IP matches regex @"\\.[29]$" | count', T)).toEqual([{ Count: 2 }]);
    expect(records('SigninLogs | where Agent startswith "MOZ" | count', T)).toEqual([{ Count: 1 }]);
    expect(records('SigninLogs | where Agent endswith_cs "/8" | count', T)).toEqual([{ Count: 1 }]);
  });
  it("in against a subquery", () => {
    const q = 'SigninLogs | where User in ((SigninLogs | where ResultType != "0" | project User)) | project IP';
    expect(records(q, T)).toEqual([{ IP: "10.0.0.2" }]);
  });
});

describe("summarize", () => {
  it("names aggregate columns as Kusto does", () => {
    const q = "SigninLogs | summarize count(), dcount(IP), max(TimeGenerated), make_set(App), countif(ResultType == '0') by User";
    expect(schemaOf(q, T)).toEqual(["User:string", "count_:long", "dcount_IP:long", "max_TimeGenerated:datetime", "set_App:dynamic", "countif_:long"]);
  });
  it("groups by bin() of datetime and keeps the column name", () => {
    const rows = records("SigninLogs | summarize n = count() by bin(TimeGenerated, 1d) | sort by TimeGenerated asc", T);
    expect(rows).toEqual([
      { TimeGenerated: "2024-04-20T00:00:00.0000000Z", n: 1 },
      { TimeGenerated: "2024-05-01T00:00:00.0000000Z", n: 3 },
    ]);
  });
  it("arg_max with * expands the other columns", () => {
    const rows = records("SigninLogs | summarize arg_max(TimeGenerated, *) by User | where User == 'alice@contoso.com' | project User, TimeGenerated, IP, App", T);
    expect(rows).toEqual([{ User: "alice@contoso.com", TimeGenerated: "2024-05-01T10:00:00.0000000Z", IP: "10.0.0.1", App: "Azure Portal" }]);
  });
  it("aggregations over no rows give one row without by, none with by", () => {
    expect(records("SigninLogs | where false | summarize count(), sum(strlen(User)), make_list(IP)", T)).toEqual([{ count_: 0, sum_: 0, list_IP: [] }]);
    expect(records("SigninLogs | where false | summarize count() by User", T)).toEqual([]);
  });
  it("percentiles (exact), avg, stdev and expressions over aggregations", () => {
    const rows = records("range x from 1 to 100 step 1 | summarize percentiles(x, 50, 95), avg(x), s = round(stdev(x), 2), ratio = todouble(sum(x)) / count()");
    expect(rows).toEqual([{ percentile_x_50: 50, percentile_x_95: 95, avg_x: 50.5, s: 29.01, ratio: 50.5 }]);
  });
  it("buildschema, hll and tdigest (exact stand-ins for the sketches)", () => {
    expect(records('datatable(d:dynamic)[dynamic({"a": 1}), dynamic({"a": "x", "b": [true]})] | summarize buildschema(d)')).toEqual([
      { schema_d: { a: ["long", "string"], b: { "`indexer`": "bool" } } },
    ]);
    const q = "range x from 1 to 100 step 1 | summarize h = hll(x % 10), t = tdigest(x) | project d = dcount_hll(h), p = percentile_tdigest(t, 90), r = rank_tdigest(t, 42)";
    expect(records(q)).toEqual([{ d: 10, p: 90, r: 42 }]);
  });
  it("make_bag, take_any, minif/maxif and dcountif", () => {
    const rows = records("SigninLogs | summarize bag = make_bag(bag_pack(IP, App)), minif(TimeGenerated, App == 'Teams'), dcountif(User, ResultType == '0')", T);
    expect(rows[0].bag).toEqual({ "10.0.0.1": "Azure Portal", "10.0.0.2": "Azure Portal", "10.0.0.9": "Azure Portal" });
    expect(rows[0].minif_TimeGenerated).toBe("2024-04-20T09:00:00.0000000Z");
    expect(rows[0].dcountif_User).toBe(2);
  });
});

describe("join", () => {
  const L = tableFromRecords("L", [
    { k: 1, a: "x" },
    { k: 1, a: "y" },
    { k: 2, a: "z" },
  ]);
  const R = tableFromRecords("R", [
    { k: 1, b: "p" },
    { k: 1, b: "q" },
    { k: 3, b: "r" },
  ]);
  const LR = { L, R };
  it("defaults to innerunique: the left side deduplicated by key", () => {
    expect(records("L | join R on k", LR)).toEqual([
      { k: 1, a: "x", k1: 1, b: "p" },
      { k: 1, a: "x", k1: 1, b: "q" },
    ]);
  });
  it("supports every kind", () => {
    const count = (kind: string) => records(`L | join kind=${kind} R on k | count`, LR)[0].Count;
    expect(count("inner")).toBe(4);
    expect(count("leftouter")).toBe(5);
    expect(count("rightouter")).toBe(5);
    expect(count("fullouter")).toBe(6);
    expect(count("leftanti")).toBe(1);
    expect(count("rightanti")).toBe(1);
    expect(count("leftsemi")).toBe(2);
    expect(count("rightsemi")).toBe(2);
  });
  it("joins on $left/$right column pairs and fills outer rows with nulls", () => {
    const R2 = tableFromRecords("R2", [{ key: 2, b: "w" }]);
    expect(records("L | join kind=leftouter (R2) on $left.k == $right.key | where a == 'x'", { L, R2 })).toEqual([{ k: 1, a: "x", key: null, b: "" }]);
  });
  it("lookup keeps one copy of the key columns", () => {
    expect(schemaOf("L | lookup R on k", LR)).toEqual(["k:long", "a:string", "b:string"]);
    expect(records("L | lookup kind=inner R on k | count", LR)).toEqual([{ Count: 4 }]);
  });
});

describe("let, functions, union and friends", () => {
  it("binds scalars, tables, functions and materialize", () => {
    const q = `let threshold = 1;
let recent = materialize(SigninLogs | where TimeGenerated > ago(1d));
let f = (u:string) { tolower(u) };
recent | summarize n = count() by u = f(User) | where n > threshold`;
    expect(records(q, T)).toEqual([{ u: "alice@contoso.com", n: 2 }]);
  });
  it("toscalar, iff, case, coalesce and column_ifexists", () => {
    const q = `let n = toscalar(SigninLogs | count);
print total = n, size = iff(n > 3, "many", "few"), c = case(n == 1, "one", n == 4, "four", "other"), z = coalesce(int(null), 7)`;
    expect(records(q, T)).toEqual([{ total: 4, size: "many", c: "four", z: 7 }]);
    expect(records("SigninLogs | take 1 | project x = column_ifexists('Nope', 'default'), y = column_ifexists('IP', '')", T)).toEqual([{ x: "default", y: "10.0.0.1" }]);
  });
  it("union with withsource and differing schemas", () => {
    const A = tableFromRecords("A", [{ x: 1 }]);
    const B = tableFromRecords("B", [{ y: "b" }]);
    expect(records("union withsource=Source A, B", { A, B })).toEqual([
      { Source: "A", x: 1, y: "" },
      { Source: "B", x: null, y: "b" },
    ]);
  });
  it("union isfuzzy=true skips tables that do not exist", () => {
    expect(records("union isfuzzy=true SigninLogs, NoSuchTable | count", T)).toEqual([{ Count: 4 }]);
    expect(() => records("union SigninLogs, NoSuchTable | count", T)).toThrow(/unknown table 'NoSuchTable'/);
  });
  it("invokes tabular functions", () => {
    const q = "let onlyFailures = (T:(ResultType:string)) { T | where ResultType != '0' }; SigninLogs | invoke onlyFailures() | project User";
    expect(records(q, T)).toEqual([{ User: "bob@contoso.com" }]);
  });
});

describe("rows and columns", () => {
  it("mv-expand with typeof, itemindex and bag expansion", () => {
    const rows = records("print d = dynamic([1, 2, 3]) | mv-expand with_itemindex=i x = d to typeof(long) | project i, x");
    expect(rows).toEqual([
      { i: 0, x: 1 },
      { i: 1, x: 2 },
      { i: 2, x: 3 },
    ]);
    expect(records('print b = dynamic({"a": 1, "b": 2}) | mv-expand kind=array b | project b')).toEqual([{ b: ["a", 1] }, { b: ["b", 2] }]);
  });
  it("mv-apply runs its subquery per row", () => {
    const q = "datatable(id:long, arr:dynamic)[1, dynamic([3, 9, 4]), 2, dynamic([7])] | mv-apply v = arr to typeof(long) on (top 1 by v) | project id, v";
    expect(records(q)).toEqual([
      { id: 1, v: 9 },
      { id: 2, v: 7 },
    ]);
  });
  it("parse simple and regex, parse-where drops non-matching rows", () => {
    expect(records('print s = "user=alice id=42" | parse s with "user=" user " id=" id:long | project user, id')).toEqual([{ user: "alice", id: 42 }]);
    expect(records('datatable(s:string)["a=1", "nope"] | parse-where s with "a=" v:long | project v')).toEqual([{ v: 1 }]);
    expect(records('print s = "k: v1, k: v2" | parse kind=regex s with "k: " v "," * | project v')).toEqual([{ v: "v1" }]);
  });
  it("sort puts nulls last when descending and first when ascending", () => {
    const q = "datatable(x:long)[2, long(null), 1]";
    expect(records(`${q} | sort by x desc`).map((r) => r.x)).toEqual([2, 1, null]);
    expect(records(`${q} | sort by x asc`).map((r) => r.x)).toEqual([null, 1, 2]);
    expect(records(`${q} | sort by x asc nulls last`).map((r) => r.x)).toEqual([1, 2, null]);
  });
  it("serialize with row_number, prev, next and row_cumsum", () => {
    const rows = records("range x from 1 to 4 step 1 | serialize rn = row_number(), p = prev(x), n = next(x, 1, -1), c = row_cumsum(x)");
    expect(rows.map((r) => [r.rn, r.p, r.n, r.c])).toEqual([
      [1, null, 2, 1],
      [2, 1, 3, 3],
      [3, 2, 4, 6],
      [4, 3, -1, 10],
    ]);
  });
  it("project-away/keep/rename/reorder with wildcards, distinct and top", () => {
    expect(schemaOf("SigninLogs | project-away T*, Loc, Agent | project-rename Application = App | project-reorder IP", T)).toEqual([
      "IP:string",
      "User:string",
      "Application:string",
      "ResultType:string",
    ]);
    expect(records("SigninLogs | distinct App | sort by App asc", T)).toEqual([{ App: "Azure Portal" }, { App: "Teams" }]);
    expect(records("SigninLogs | top 1 by TimeGenerated asc | project IP", T)).toEqual([{ IP: "10.0.0.1" }]);
  });
  it("scan matches sequences and carries declared columns", () => {
    const q = `datatable(Ts:long, Event:string)[1, "Start", 2, "B", 3, "Stop", 4, "C", 5, "Start", 6, "Stop"]
| scan with_match_id=m declare (startTs:long) with (
    step s1: Event == "Start" => startTs = Ts;
    step s2: Event == "B";
    step s3: Event == "Stop";
)`;
    expect(records(q).map((r) => [r.Ts, r.startTs, r.m])).toEqual([
      [1, 1, 0],
      [2, 1, 0],
      [3, 1, 0],
      [5, 5, 1],
      // A completed match stays in the last step, so a further Stop extends it (Kusto's check 2).
      [6, 1, 0],
    ]);
    expect(records("range x from 1 to 4 step 1 | scan declare (total:long=0) with (step s: true => total = x + s.total;)").map((r) => r.total)).toEqual([1, 3, 6, 10]);
  });
  it("partition runs a subquery per key", () => {
    const q = "datatable(k:string, v:long)['a', 1, 'a', 5, 'b', 2] | partition hint.strategy=native by k (top 1 by v) | sort by k asc";
    expect(records(q)).toEqual([
      { k: "a", v: 5 },
      { k: "b", v: 2 },
    ]);
  });
  it("evaluate bag_unpack", () => {
    expect(records('print d = dynamic({"b": 2, "a": "x"}) | evaluate bag_unpack(d)')).toEqual([{ a: "x", b: 2 }]);
  });
});

describe("plugins and less common operators", () => {
  it("search matches terms in any column and names the table", () => {
    expect(records('SigninLogs | search "pythonista" | project $table, User', T)).toEqual([{ $table: "SigninLogs", User: "alice@contoso.com" }]);
    expect(records('search in (SigninLogs) "curl*" and ResultType == "0" | count', T)).toEqual([{ Count: 1 }]);
  });
  it("pivot turns values into columns", () => {
    expect(records("SigninLogs | evaluate pivot(ResultType, count(), App) | sort by App asc", T)).toEqual([
      { App: "Azure Portal", "0": 2, "50126": 1 },
      { App: "Teams", "0": 1, "50126": 0 },
    ]);
  });
  it("top-nested keeps the best groups per level", () => {
    const rows = records("SigninLogs | top-nested 1 of App by n = count(), top-nested 1 of IP by c = count()", T);
    expect(rows).toEqual([{ App: "Azure Portal", n: 3, IP: "10.0.0.1", c: 1 }]);
  });
  it("ipv4_lookup joins addresses with CIDR ranges", () => {
    const q = `let Ranges = datatable(net:string, site:string)["10.0.0.0/31", "hq", "10.0.0.8/29", "lab"];
SigninLogs | evaluate ipv4_lookup(Ranges, IP, net, return_unmatched = true) | project IP, site`;
    expect(records(q, T)).toEqual([
      { IP: "10.0.0.1", site: "hq" },
      { IP: "10.0.0.2", site: "" },
      { IP: "10.0.0.1", site: "hq" },
      { IP: "10.0.0.9", site: "lab" },
    ]);
  });
  it("activity_counts_metrics counts per window", () => {
    const q = "SigninLogs | evaluate activity_counts_metrics(User, TimeGenerated, datetime(2024-04-20), datetime(2024-05-01), 11d)";
    expect(records(q, T)).toEqual([
      { Timestamp: "2024-04-20T00:00:00.0000000Z", count: 1, dcount: 1, new_dcount: 1, aggregated_dcount: 1 },
      { Timestamp: "2024-05-01T00:00:00.0000000Z", count: 3, dcount: 3, new_dcount: 2, aggregated_dcount: 3 },
    ]);
  });
  it("make-series fills bins with aggregates and defaults", () => {
    const ok = "SigninLogs | make-series n = count() default = -1 on TimeGenerated from datetime(2024-04-30) to datetime(2024-05-02) step 1d by App | sort by App asc";
    expect(records(ok, T)).toEqual([
      { App: "Azure Portal", n: [-1, 3], TimeGenerated: ["2024-04-30T00:00:00.0000000Z", "2024-05-01T00:00:00.0000000Z"] },
    ]);
  });
  it("row_window_session and typeof() conversions", () => {
    const q = "datatable(t:datetime)[datetime(2024-01-01 10:00), datetime(2024-01-01 10:03), datetime(2024-01-01 11:00)] | extend s = row_window_session(t, 1h, 5m)";
    expect(records(q).map((r) => r.s)).toEqual(["2024-01-01T10:00:00.0000000Z", "2024-01-01T10:00:00.0000000Z", "2024-01-01T11:00:00.0000000Z"]);
    expect(records('print m = extract(@"-(\\d+)-", 1, "a-12-b", typeof(long))')).toEqual([{ m: 12 }]);
    expect(schemaOf('print m = extract(@"-(\\d+)-", 1, "a-12-b", typeof(long))')).toEqual(["m:long"]);
  });
});

describe("externaldata", () => {
  it("reads a local file standing in for the URL, by position for CSV", () => {
    const dir = mkdtempSync(join(tmpdir(), "kustodian-ext-"));
    const csv = join(dir, "iocs.csv");
    writeFileSync(csv, 'ip,note\n10.0.0.2,"bad, very"\n10.0.0.7,meh\n');
    const q = `let iocs = externaldata(ip:string, note:string)["https://example.com/iocs.csv"] with (format="csv", ignoreFirstRecord=true);
SigninLogs | where IP in ((iocs | project ip)) | lookup iocs on $left.IP == $right.ip | project User, note`;
    const result = evaluate(q, { tables: (n) => T[n as keyof typeof T], now: NOW, externalData: (url) => (url === "https://example.com/iocs.csv" ? csv : undefined) });
    expect(rowsAsRecords(result.tables[0])).toEqual([{ User: "bob@contoso.com", note: "bad, very" }]);
  });
  it("is an explicit error when the URL has no local file", () => {
    expect(() => records('externaldata(x:string)["https://example.com/x.txt"]')).toThrow(/unsupported: externaldata: no local file for 'https:\/\/example.com\/x.txt'/);
  });
});

describe("values", () => {
  it("datetime and timespan arithmetic", () => {
    const rows = records("print a = datetime(2024-01-01) + 1d, b = datetime(2024-01-02) - datetime(2024-01-01 06:00), c = 2h * 3, d = 1d / 1h");
    expect(rows).toEqual([{ a: "2024-01-02T00:00:00.0000000Z", b: "18:00:00", c: "06:00:00", d: 24 }]);
  });
  it("integer division and Kusto's modulo", () => {
    expect(records("print a = 7 / 2, b = -14 % 12, c = 7.0 / 2")).toEqual([{ a: 3, b: 10, c: 3.5 }]);
  });
  it("null rules: null == null is null, a value vs null is unequal, strings are never null", () => {
    const rows = records("datatable(v:long, s:string)[5, 'a', long(null), ''] | extend eq = v == long(null), ne = v != 5, gt = v > 3, e = isempty(s)");
    expect(rows).toEqual([
      { v: 5, s: "a", eq: false, ne: false, gt: true, e: false },
      { v: null, s: "", eq: null, ne: true, gt: null, e: true },
    ]);
  });
  it("dynamic property and index access, tostring of dynamic", () => {
    const rows = records('print d = dynamic({"a": {"b": [10, 20]}}) | project x = d.a.b[-1], y = tostring(d.a), z = d["a"]["b"][0]');
    expect(rows).toEqual([{ x: 20, y: '{"b":[10,20]}', z: 10 }]);
  });
  it("dynamic booleans filter rows and combine with and/or", () => {
    const q = 'datatable(d:dynamic)[dynamic({"ok": true}), dynamic({"ok": false}), dynamic({})] | where d.ok or d.ok == true | count';
    expect(records(q)).toEqual([{ Count: 1 }]);
    expect(records('datatable(d:dynamic)[dynamic({"ok": true}), dynamic({"ok": false})] | where d.ok | count')).toEqual([{ Count: 1 }]);
  });
  it("between on numbers and datetimes with a timespan upper bound", () => {
    expect(records("range x from 1 to 10 step 1 | where x between (3 .. 5) | count")).toEqual([{ Count: 3 }]);
    expect(records("SigninLogs | where TimeGenerated between (datetime(2024-05-01) .. 1d) | count", T)).toEqual([{ Count: 3 }]);
    expect(records("SigninLogs | where TimeGenerated !between (ago(1d) .. now()) | count", T)).toEqual([{ Count: 1 }]);
  });
});

describe("schemas of empty inputs", () => {
  it("keeps output column names and types when a table has no rows", () => {
    const empty = { SigninLogs: emptyTable("SigninLogs", signins.schema) };
    const q = "SigninLogs | extend City = tostring(Loc.city) | summarize n = count(), lastSeen = max(TimeGenerated) by City, bin(TimeGenerated, 1h)";
    expect(schemaOf(q, empty)).toEqual(["City:string", "TimeGenerated:datetime", "n:long", "lastSeen:datetime"]);
    expect(run(q, empty).tables[0].rows).toEqual([]);
  });
});

describe("errors", () => {
  function errorOf(q: string): KqlError {
    try {
      run(q, T);
    } catch (e) {
      if (e instanceof KqlError) return e;
      throw e;
    }
    throw new Error("expected a KqlError");
  }
  it("reports unknown columns, tables and functions with positions", () => {
    const col = errorOf("SigninLogs\n| where Nope == 1");
    expect(col.diagnostics[0]).toMatchObject({ message: "unknown column or variable 'Nope'", line: 2, column: 9 });
    expect(errorOf("Missing | take 1").diagnostics[0]).toMatchObject({ message: "unknown table 'Missing'", line: 1, column: 1 });
    expect(errorOf("print nosuchfn(1)").diagnostics[0]).toMatchObject({ message: "unknown function 'nosuchfn'", column: 7 });
  });
  it("suggests the column the user probably meant", () => {
    expect(errorOf("SigninLogs | where user == 'x'").message).toBe("unknown column or variable 'user' (did you mean 'User'?)");
    expect(errorOf("SigninLogs | where ResultTyp == 'x'").message).toBe("unknown column or variable 'ResultTyp' (did you mean 'ResultType'?)");
    expect(errorOf("SigninLogs | where ResultType == 0").message).toMatch(/cannot compare values of types string and long/);
  });
  it("rejects unsupported operators explicitly", () => {
    const e = errorOf("SigninLogs | fork (take 1) (take 2)");
    expect(e.diagnostics[0]).toMatchObject({ message: "unsupported: operator 'fork'", line: 1, column: 14 });
  });
  it("reports syntax errors from the parser", () => {
    expect(errorOf("SigninLogs | where (").message).toMatch(/^syntax error/);
  });
  it("checks argument counts and aggregation placement", () => {
    expect(errorOf("print strlen()").message).toMatch(/strlen\(\) expects 1 argument/);
    expect(errorOf("SigninLogs | extend c = count()").message).toMatch(/can only be used in summarize/);
  });
});

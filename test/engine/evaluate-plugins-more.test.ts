/** Semantics added for the conformance corpus; expectations from the Kusto reference pages. */
import { describe, expect, it } from "vitest";
import { records, schemaOf } from "./helpers.js";

describe("ipv6_lookup", () => {
  const q = (extra: string) => `let Nets = datatable(network:string, country:string)["2001:0db8:85a3::/48", "US", "2404:6800:4001::/48", "JP"];
datatable(ip:string)["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd"]
| evaluate ipv6_lookup(Nets, ip, network${extra})`;
  it("puts the lookup table's columns first, then the source's (doc example)", () => {
    expect(schemaOf(q(""))).toEqual(["network:string", "country:string", "ip:string"]);
    expect(records(q(""))).toEqual([{ network: "2001:0db8:85a3::/48", country: "US", ip: "2001:0db8:85a3:0000:0000:8a2e:0370:7334" }]);
  });
  it("a trailing positional true is return_unmatched (doc example)", () => {
    expect(records(q(", true"))).toHaveLength(2);
    expect(records(q(", true"))[1]).toEqual({ network: "", country: "", ip: "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd" });
    expect(records(q(", return_unmatched = true"))).toHaveLength(2);
  });
});

describe("union column naming", () => {
  it("x:long, x:int and x_long become x_long1, x_int, x_long (doc example)", () => {
    const q = `let View_1 = view () { print x=1 };
let View_2 = view () { print x=toint(2) };
let View_3 = view () { print x_long=3 };
union withsource=TableName View_1, View_2, View_3`;
    expect(schemaOf(q)).toEqual(["TableName:string", "x_long1:long", "x_int:int", "x_long:long"]);
    expect(records(q)).toEqual([
      { TableName: "View_1", x_long1: 1, x_int: null, x_long: null },
      { TableName: "View_2", x_long1: null, x_int: 2, x_long: null },
      { TableName: "View_3", x_long1: null, x_int: null, x_long: 3 },
    ]);
  });
});

describe("set options and bin_auto", () => {
  it("bin_auto bins by query_bin_auto_size from query_bin_auto_at (doc example)", () => {
    const q = `set query_bin_auto_size=1h;
set query_bin_auto_at=datetime(2017-01-01 00:05);
range Timestamp from datetime(2017-01-01 00:05) to datetime(2017-01-01 02:00) step 1m
| summarize count() by bin_auto(Timestamp)`;
    expect(records(q)).toEqual([
      { Timestamp: "2017-01-01T00:05:00.0000000Z", count_: 60 },
      { Timestamp: "2017-01-01T01:05:00.0000000Z", count_: 56 },
    ]);
  });
  it("bin_auto without query_bin_auto_size is an error; other set options are accepted", () => {
    expect(() => records("print bin_auto(5)")).toThrow(/query_bin_auto_size/);
    expect(records("set query_bin_auto_size=10; set hint.strategy=shuffle; print b = bin_auto(27)")).toEqual([{ b: 20 }]);
  });
});

describe("table-reading scalar functions", () => {
  it("column_names_of(T) lists T's columns (doc example)", () => {
    expect(records("let T = datatable(A:string, B:int) []; print Columns=column_names_of(T)")).toEqual([{ Columns: ["A", "B"] }]);
  });
  it("estimate_data_size(*): 8 bytes per long plus the string's length (doc example: 180)", () => {
    const q = "range x from 1 to 10 step 1 | extend Text = '1234567890' | summarize Total=sum(estimate_data_size(*))";
    expect(records(q)).toEqual([{ Total: 180 }]);
    expect(records("print a = 1, s = 'abc', b = true | project n = estimate_data_size(s, b)")).toEqual([{ n: 4 }]);
  });
});

describe("activity plugins", () => {
  it("active_users_count counts ids active in >= N periods of the lookback, per bin (doc example)", () => {
    const q = `let T = datatable(User:string, Timestamp:datetime)
["B", datetime(2018-06-29), "B", datetime(2018-06-30), "A", datetime(2018-07-02), "B", datetime(2018-07-04),
 "B", datetime(2018-07-08), "A", datetime(2018-07-10), "A", datetime(2018-07-14), "A", datetime(2018-07-17),
 "A", datetime(2018-07-20), "B", datetime(2018-07-24)];
T | evaluate active_users_count(User, Timestamp, datetime(2018-07-01), datetime(2018-07-31), 8d, 1d, 3, 7d)`;
    expect(records(q)).toEqual([
      { Timestamp: "2018-07-01T00:00:00.0000000Z", dcount: 1 },
      { Timestamp: "2018-07-15T00:00:00.0000000Z", dcount: 1 },
    ]);
  });
  it("dcount_intersect gives the distinct counts of S1, S1∩S2, S1∩S2∩S3 (doc example)", () => {
    const q = `range x from 1 to 100 step 1
| summarize e = hll(iif(x % 2 == 0, x, 0)), m3 = hll(iif(x % 3 == 0, x, 0)), m5 = hll(iif(x % 5 == 0, x, 0))
| evaluate dcount_intersect(e, m3, m5)`;
    expect(records(q)).toEqual([{ s0: 51, s1: 17, s2: 4 }]);
  });
});

describe("bag_unpack output schema", () => {
  const q = (schema: string) => `datatable(d:dynamic, Description: string)
[dynamic({"Name": "John", "Age":20, "height":180}), "Student", dynamic({"Name": "Dave", "Age":"40"}), "Teacher"]
| evaluate bag_unpack(d) ${schema}`;
  it(": (*, Name:string, Age:long) unpacks only the declared properties, typed, after the input columns (doc example)", () => {
    expect(schemaOf(q(": (*, Name:string, Age:long)"))).toEqual(["Description:string", "Name:string", "Age:long"]);
    expect(records(q(": (*, Name:string, Age:long)"))).toEqual([
      { Description: "Student", Name: "John", Age: 20 },
      { Description: "Teacher", Name: "Dave", Age: 40 },
    ]);
  });
  it("without * only the declared columns remain; a missing property is empty", () => {
    expect(records(q(": (Name:string, Weight:real)"))).toEqual([
      { Name: "John", Weight: null },
      { Name: "Dave", Weight: null },
    ]);
  });
});

describe("project-by-names", () => {
  const T = "datatable(Name:string, Age:int, City:string, Country:string) ['Peter', 39, 'New York', 'USA']";
  it("keeps the named columns in the order given (doc example)", () => {
    expect(records(`${T} | project-by-names "City", "Name"`)).toEqual([{ City: "New York", Name: "Peter" }]);
  });
  it("matches wildcards and reads dynamic arrays of names; unknown names are ignored (doc examples)", () => {
    expect(schemaOf(`${T} | project-by-names "C*"`)).toEqual(["City:string", "Country:string"]);
    expect(schemaOf(`${T} | project-by-names dynamic(["Country", "NonExistent"]), "N*", "Country"`)).toEqual(["Country:string", "Name:string"]);
  });
  it("accepts column_names_of() of another table (doc example)", () => {
    const q = `let Lookup = datatable(Name:string, Country:string) ['Peter', 'USA'];
let F = (Source:(Name:string), cols: dynamic) { Source | lookup Lookup on Name | project-by-names column_names_of(Source), cols };
datatable(Name:string, Data:string) ['Peter', 'Source-data'] | invoke F(dynamic(['Country', 'NonExistent']))`;
    expect(records(q)).toEqual([{ Name: "Peter", Data: "Source-data", Country: "USA" }]);
  });
});

describe("functions returning several columns", () => {
  const arrays = 'let array1 = dynamic([1,3,4,5,2]); let array2 = dynamic(["a","b","c","d","e"]);';
  it("print array_sort_asc(array1, array2) makes array1_sorted and array2_sorted (doc example)", () => {
    expect(records(`${arrays} print array_sort_asc(array1, array2)`)).toEqual([{ array1_sorted: [1, 2, 3, 4, 5], array2_sorted: ["a", "e", "b", "c", "d"] }]);
    expect(records(`${arrays} print array_sort_desc(array1, array2)`)).toEqual([{ array1_sorted: [5, 4, 3, 2, 1], array2_sorted: ["d", "c", "b", "e", "a"] }]);
  });
  it("extend (out1, out2) = array_sort_asc(...) names the columns (doc note); indexing picks one array", () => {
    const q = `${arrays} print a = array1, b = array2 | extend (x, y) = array_sort_asc(a, b) | project x, y, z = array_sort_asc(a, b)[1]`;
    expect(records(q)).toEqual([{ x: [1, 2, 3, 4, 5], y: ["a", "e", "b", "c", "d"], z: ["a", "e", "b", "c", "d"] }]);
  });
  it("an array whose length differs from the first one's becomes null (doc)", () => {
    expect(records('print array_sort_asc(dynamic([2,1]), dynamic(["x"]))')).toEqual([{ array1_sorted: [1, 2], array2_sorted: null }]);
  });
  it("the wrong number of names, or several names on a single-valued call, is an error", () => {
    expect(() => records(`${arrays} print (x, y, z) = array_sort_asc(array1, array2)`)).toThrow(/returns 2 columns but 3 names/);
    expect(() => records('print (x, y) = strlen("a")')).toThrow(/multiple names/);
  });
});

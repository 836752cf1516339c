import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadTableFile, rowsAsRecords, TableLoadError, type Table } from "../../src/engine/index.js";
import { loadSchemas } from "../../src/schema/registry.js";
import { run } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "kustodian-engine-load-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function firstRows(t: Table, query = "T | take 10"): Record<string, unknown>[] {
  return rowsAsRecords(run(query, { T: t }).tables[0]);
}

function loadError(path: string, options = {}): TableLoadError {
  try {
    loadTableFile(path, options);
  } catch (e) {
    if (e instanceof TableLoadError) return e;
    throw e;
  }
  throw new Error("expected a TableLoadError");
}

const signinSchema = loadSchemas(null).get("SigninLogs")!;

describe("loading tables", () => {
  it("types JSON Lines by a known schema and fills missing columns", () => {
    const p = file("SigninLogs.jsonl", '{"TimeGenerated":"2024-05-01T10:00:00Z","UserPrincipalName":"a@x.com","LocationDetails":{"city":"Paris"}}\n\n{"TimeGenerated":"2024-05-01T11:00:00.1234567Z","UserPrincipalName":"b@x.com","LocationDetails":"{\\"city\\":\\"Oslo\\"}"}\n');
    const t = loadTableFile(p, { schema: signinSchema });
    expect(t.name).toBe("SigninLogs");
    expect(t.rowCount).toBe(2);
    expect(t.column("TimeGenerated")?.data.type).toBe("datetime");
    expect(t.column("LocationDetails")?.data.type).toBe("dynamic");
    expect(t.columns.length).toBe(signinSchema.columns.length);
    const rows = firstRows(t, "T | project TimeGenerated, City = tostring(LocationDetails.city), AppDisplayName, ResultType");
    expect(rows).toEqual([
      { TimeGenerated: "2024-05-01T10:00:00.0000000Z", City: "Paris", AppDisplayName: "", ResultType: "" },
      { TimeGenerated: "2024-05-01T11:00:00.1234567Z", City: "Oslo", AppDisplayName: "", ResultType: "" },
    ]);
  });
  it("infers types without a schema", () => {
    const p = file("Custom.json", JSON.stringify([{ n: 1, r: 1.5, b: true, t: "2024-01-01T00:00:00Z", s: "x", d: { a: 1 } }, { n: 2, r: 2, b: false, s: "y" }], null, 2));
    const t = loadTableFile(p);
    expect(t.schema.map((c) => `${c.name}:${c.type}`)).toEqual(["n:long", "r:real", "b:bool", "t:datetime", "s:string", "d:dynamic"]);
    expect(firstRows(t)[1]).toEqual({ n: 2, r: 2, b: false, t: null, s: "y", d: null });
  });
  it("reads CSV with a header, quoted fields and inferred types", () => {
    const p = file("C.csv", 'name,count,when,note\nalice,3,2024-01-01T00:00:00Z,"has, comma"\nbob,4,2024-01-02T00:00:00Z,"say ""hi"""\n');
    const t = loadTableFile(p);
    expect(t.schema.map((c) => c.type)).toEqual(["string", "long", "datetime", "string"]);
    expect(firstRows(t).map((r) => r.note)).toEqual(["has, comma", 'say "hi"']);
  });
  it("reads the Log Analytics response shape", () => {
    const la = { tables: [{ name: "PrimaryResult", columns: [{ name: "TimeGenerated", type: "datetime" }, { name: "Props", type: "dynamic" }, { name: "N", type: "long" }], rows: [["2024-05-01T00:00:00Z", '{"k":"v"}', 5]] }] };
    const t = loadTableFile(file("LA.json", JSON.stringify(la)));
    expect(firstRows(t, "T | extend k = tostring(Props.k)")).toEqual([{ TimeGenerated: "2024-05-01T00:00:00.0000000Z", Props: { k: "v" }, N: 5, k: "v" }]);
  });
  it("names the file, line and column of a bad cell", () => {
    const p = file("Bad.jsonl", '{"TimeGenerated":"2024-05-01T10:00:00Z"}\n{"UserPrincipalName":"x", "TimeGenerated":"yesterday"}\n');
    const e = loadError(p, { schema: signinSchema });
    expect(e.diagnostics[0]).toMatchObject({ file: p, line: 2, column: 43 });
    expect(e.message).toContain("column 'TimeGenerated': expected a datetime");
  });
  it("reports invalid JSON and bad CSV with positions", () => {
    const j = file("Broken.jsonl", '{"a":1}\n{"a":\n');
    expect(loadError(j).diagnostics[0]).toMatchObject({ file: j, line: 2 });
    const c = file("Broken.csv", 'a,b\n1,"open\n');
    expect(loadError(c).diagnostics[0]).toMatchObject({ file: c, line: 2, column: 3, message: "unterminated quoted field" });
    const wide = file("Wide.csv", "a,b\n1,2,3\n");
    expect(loadError(wide).diagnostics[0]).toMatchObject({ line: 2, column: 5 });
    const arr = file("Arr.json", '[\n  {"n": 1},\n  {"n": "x"}\n]');
    expect(loadError(arr, { schema: { columns: [{ name: "n", type: "long" }] } }).diagnostics[0]).toMatchObject({ line: 3, column: 9 });
  });
  it("keeps low-cardinality strings dictionary-encoded", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ App: `app${i % 3}`, Id: `id-${i}` })).join("\n");
    const t = loadTableFile(file("Dict.jsonl", lines));
    const app = t.column("App")!.data as { dict?: readonly unknown[] };
    expect(app.dict?.length).toBe(3);
    expect(firstRows(t, "T | summarize dcount(Id), dcount(App)")).toEqual([{ dcount_Id: 1000, dcount_App: 3 }]);
  });
});

describe("the JSON Lines fast path", () => {
  const keys = ["a", "b", "Time", "d"];
  const cell = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const record = fc.dictionary(fc.constantFrom(...keys), cell, { maxKeys: 4 });
  it("loads any records exactly like JSON.parse does", () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), fc.boolean(), (records, spaced) => {
        const text = records.map((r) => JSON.stringify(r, null, spaced ? 1 : undefined).replace(/\n/g, " ")).join("\r\n");
        const fast = loadTableFile(file(`prop-${n++}.jsonl`, text), { name: "T" });
        const slow = loadTableFile(file(`prop-${n++}.json`, JSON.stringify(records)), { name: "T" });
        expect(fast.schema).toEqual(slow.schema);
        expect(firstRows(fast, "T")).toEqual(firstRows(slow, "T"));
      }),
      { numRuns: 150 },
    );
  });
  it("handles escapes, unicode, nested values and keys appearing later", () => {
    const lines = [
      '{"s":"quote \\" and \\\\ backslash","u":"\\u00e9t\\u00e9 ☃","d":{"k":[1,{"x":"}"}]}}',
      '  {"s":"plain", "d":[1, 2], "late": 5}  ',
      '{"d":"{\\"k\\":1}","s":"x"}',
    ];
    const t = loadTableFile(file("edge.jsonl", lines.join("\n")), {
      schema: {
        columns: [
          { name: "s", type: "string" },
          { name: "d", type: "dynamic" },
          { name: "u", type: "string" },
          { name: "late", type: "long" },
        ],
      },
    });
    expect(firstRows(t, "T | project s, d, u, late")).toEqual([
      { s: 'quote " and \\ backslash', d: { k: [1, { x: "}" }] }, u: "été ☃", late: null },
      { s: "plain", d: [1, 2], u: "", late: 5 },
      { s: "x", d: { k: 1 }, u: "", late: null },
    ]);
  });
  it("reports invalid JSON inside a dynamic cell", () => {
    const p = file("baddyn.jsonl", '{"d":{"k":1}}\n{"d":{"k":}}\n');
    expect(loadError(p, { schema: { columns: [{ name: "d", type: "dynamic" }] } }).diagnostics[0]).toMatchObject({ line: 2 });
  });
});

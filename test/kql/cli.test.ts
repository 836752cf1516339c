import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kustodian-kql-"));
}

describe("kustodian fmt (real bin)", () => {
  it("formats standard input canonically and keeps comments", async () => {
    const r = await runCli(["fmt"], { input: "// header\nlet n=5;\nT|where a>n // why\n// next\n|summarize count() by b" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("// header\nlet n = 5;\nT\n| where a > n // why\n// next\n| summarize count() by b\n");
  });

  it("--check exits 1 naming files that are not canonical, 0 when all are", async () => {
    const dir = tempDir();
    const good = join(dir, "good.kql");
    const bad = join(dir, "bad.kql");
    writeFileSync(good, "T\n| where a > 1\n");
    writeFileSync(bad, "T | where a>1");
    const r = await runCli(["fmt", "--check", good, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: not canonically formatted`);
    expect(r.stderr).not.toContain(`${good}:`);
    expect(readFileSync(bad, "utf8")).toBe("T | where a>1");
    expect((await runCli(["fmt", "--check", good])).code).toBe(0);
    const stdin = await runCli(["fmt", "--check", "-"], { input: "T|take 1" });
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toContain("<stdin>: not canonically formatted\n");
    expect((await runCli(["fmt", "--check"], { input: "T\n| take 1\n" })).code).toBe(0);
  });

  it("--write rewrites files in place and leaves no temporary files", async () => {
    const dir = tempDir();
    const file = join(dir, "q.kql");
    writeFileSync(file, "SigninLogs|where ResultType==0|project UserPrincipalName, IPAddress");
    const r = await runCli(["fmt", "--write", file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("SigninLogs\n| where ResultType == 0\n| project UserPrincipalName, IPAddress\n");
    expect(readdirSync(dir)).toEqual(["q.kql"]);
    expect((await runCli(["fmt", "--check", file])).code).toBe(0);
  });

  it("reports syntax errors as file:line:col and exits 1 without touching the file", async () => {
    const dir = tempDir();
    const file = join(dir, "broken.kql");
    writeFileSync(file, "T\n| where a >\n| take 1\n");
    const r = await runCli(["fmt", "--write", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:1: error: expected an expression, found '|'`);
    expect(r.stderr).toContain("^");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, "utf8")).toBe("T\n| where a >\n| take 1\n");
  });

  it("rejects unusable flag combinations with exit 2", async () => {
    expect((await runCli(["fmt", "--write"])).code).toBe(2);
    expect((await runCli(["fmt", "--write", "--check", "x.kql"])).code).toBe(2);
    const missing = await runCli(["fmt", "no/such/file.kql"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no/such/file.kql: cannot read file");
  });
});

describe("kustodian parse (real bin)", () => {
  it("prints the AST as JSON", async () => {
    const r = await runCli(["parse", "--json", "-"], { input: "T | where a == 1" });
    expect(r.code).toBe(0);
    const ast = JSON.parse(r.stdout);
    expect(ast.kind).toBe("Script");
    expect(ast.statements[0].expr).toMatchObject({ kind: "Pipeline", source: { kind: "NameRef", name: "T" }, operators: [{ kind: "Where" }] });
    expect(ast.statements[0].expr.operators[0].span).toEqual({ start: 4, end: 16 });
  });

  it("--no-spans leaves spans out", async () => {
    const r = await runCli(["parse", "--json", "--no-spans"], { input: "print 1" });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('"span"');
    expect(JSON.parse(r.stdout).statements[0].expr).toEqual({ kind: "Print", columns: [{ kind: "Assignment", names: [], value: { kind: "NumberLit", type: "long", text: "1" } }] });
  });

  it("prints diagnostics to stderr and exits 1 on syntax errors", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.kql");
    writeFileSync(file, "let x = ;\nT | summarize count( by y");
    const r = await runCli(["parse", "--json", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:1:9: error: expected an expression, found ';'`);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:\\d+: error: `));
  });
});

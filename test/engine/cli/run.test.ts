import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

// Runs the real bin: `npm run build` first.
let fixtures: string;
beforeAll(() => {
  fixtures = mkdtempSync(join(tmpdir(), "kustodian-run-"));
  writeFileSync(
    join(fixtures, "SigninLogs.jsonl"),
    [
      '{"TimeGenerated":"2024-05-01T10:00:00Z","UserPrincipalName":"a@x.com","ResultType":"0","LocationDetails":{"city":"Paris"}}',
      '{"TimeGenerated":"2024-04-01T10:00:00Z","UserPrincipalName":"b@x.com","ResultType":"50126","LocationDetails":{"city":"Oslo"}}',
    ].join("\n"),
  );
  writeFileSync(join(fixtures, "Extra.csv"), "k,v\na,1\nb,2\n");
});

describe("kustodian run", () => {
  it("evaluates a query over a fixtures folder with an injected clock", async () => {
    const r = await runCli(["run", "--fixtures", fixtures, "--now", "2024-05-01T12:00:00Z", "--format", "json"], {
      input: "SigninLogs | where TimeGenerated > ago(1d) | project UserPrincipalName, City = tostring(LocationDetails.city)",
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      tables: [
        {
          name: "PrimaryResult",
          columns: [
            { name: "UserPrincipalName", type: "string" },
            { name: "City", type: "string" },
          ],
          rows: [["a@x.com", "Paris"]],
        },
      ],
    });
  });
  it("loads --table files and prints csv and aligned text", async () => {
    const csv = await runCli(["run", "--table", `T=${join(fixtures, "Extra.csv")}`, "--format", "csv"], { input: "T | summarize total = sum(v)" });
    expect(csv.stdout).toBe("total\n3\n");
    const text = await runCli(["run", "--fixtures", fixtures], { input: "Extra | where k == 'b'" });
    expect(text.stderr).toBe("");
    expect(text.stdout).toBe("k | v\n--+--\nb | 2\n(1 row)\n");
  });
  it("maps externaldata URLs to local files with --external-data", async () => {
    const ioc = join(fixtures, "ioc.txt");
    writeFileSync(ioc, "a@x.com\n");
    const r = await runCli(["run", "--fixtures", fixtures, "--external-data", `https://example.com/ioc.txt=${ioc}`, "--format", "csv"], {
      input: 'let bad = externaldata(u:string)["https://example.com/ioc.txt"] with (format="txt"); SigninLogs | where UserPrincipalName in (bad) | project UserPrincipalName',
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("UserPrincipalName\na@x.com\n");
  });
  it("reports query errors with positions and exits 1", async () => {
    const r = await runCli(["run", "--fixtures", fixtures], { input: "SigninLogs\n| where Nope > 1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("<stdin>:2:9: error: unknown column or variable 'Nope'");
    const fork = await runCli(["run"], { input: "print x = 1 | fork (take 1) (take 2)" });
    expect(fork.stderr).toContain("<stdin>:1:15: error: unsupported: operator 'fork'");
  });
  it("rejects bad flags and bad table files with exit 2", async () => {
    expect((await runCli(["run", "--format", "xml"], { input: "print 1" })).code).toBe(2);
    expect((await runCli(["run", "--now", "soon"], { input: "print 1" })).stderr).toContain("--now: expected an ISO 8601 datetime");
    const bad = join(fixtures, "Bad.jsonl");
    writeFileSync(bad, '{"TimeGenerated":"2024-05-01T10:00:00Z"}\n{"TimeGenerated":"not a date"}\n');
    const r = await runCli(["run", "--table", `SigninLogs=${bad}`], { input: "SigninLogs | count" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2:18: error: column 'TimeGenerated': expected a datetime`);
  });
});

describe("kustodian run: QA regressions", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kustodian-run-qa-"));
    writeFileSync(join(dir, "SigninLogs.jsonl"), '{"TimeGenerated":"2024-05-01T10:00:00Z","UserPrincipalName":"a@x.com","AppDisplayName":"Azure Portal"}\n');
    writeFileSync(join(dir, "AADNonInteractiveUserSignInLogs.jsonl"), '{"TimeGenerated":"2024-05-01T11:00:00Z","UserPrincipalName":"svc@x.com","AppDisplayName":"Graph"}\n');
  });
  it("binds let names to fixture tables and expands wildcard union / search over the fixtures", async () => {
    const r = await runCli(["run", "--fixtures", dir, "--format", "csv"], {
      input: 'let s = SigninLogs; let v = view() { s }; union withsource=T SigninLog*, AADNon* | where * has "svc" or T in ((v | project "SigninLogs")) | project T',
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("T\nSigninLogs\nAADNonInteractiveUserSignInLogs\n");
    const search = await runCli(["run", "--fixtures", dir, "--format", "csv"], { input: 'search "graph" | project $table' });
    expect(search.stdout).toBe("$table\nAADNonInteractiveUserSignInLogs\n");
  });
  it("rejects a fixture column the schema lacks, at its key, with exit 2", async () => {
    const bad = mkdtempSync(join(tmpdir(), "kustodian-run-qa-bad-"));
    writeFileSync(join(bad, "AuditLogs.jsonl"), '{"TimeGenerated":"2024-05-01T10:00:00Z","OperationName":"a"}\n{"TimeGenerated":"2024-05-01T10:00:00Z","OperationNam":"x"}\n');
    const r = await runCli(["run", "--fixtures", bad], { input: "AuditLogs | count" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AuditLogs.jsonl:2:41: error: column 'OperationNam' is not in the AuditLogs schema (did you mean 'OperationName'?)");
  });
  it("never writes terminal control characters from data, and long literals beyond 2^53 fail", async () => {
    const r = await runCli(["run"], { input: 'print a="\\u001b[31mred\\t"' });
    expect(r.stdout).toBe("a\n-------------\n\\x1b[31mred\\t\n(1 row)\n");
    const big = await runCli(["run"], { input: "print m = 9223372036854775807" });
    expect(big.code).toBe(1);
    expect(big.stderr).toContain("<stdin>:1:11: error: long literal exceeds the evaluator's exact integer range (±2^53)");
  });
});

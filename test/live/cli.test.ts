/**
 * The live commands through the real bin against `kustodian serve` over loopback TLS (the CA
 * trusted with NODE_EXTRA_CA_CERTS, the token passed as KUSTODIAN_LIVE_TOKEN): `query`,
 * `backtest`, and `test --live` on the bundled pack, plus a proxy that alters one result so a
 * difference between the engines is reported precisely. Needs `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTableFile } from "../../src/engine/index.js";
import { evaluate } from "../../src/engine/index.js";
import { datetime, TICKS_PER_HOUR } from "../../src/engine/values.js";
import { loadTestProject } from "../../src/testing/project.js";
import { ruleTiming } from "../../src/testing/rule.js";
import { parseInstant } from "../../src/testing/time.js";
import { runCli } from "../helpers/run-cli.js";
import { makeTlsPair, removeDir, type ServeProcess, startProxy, startServe, type TlsPair } from "./helpers.js";

const TOKEN = "cli-test-token-7b21";
const FIXTURES = "fixtures/aadinternals-backdoor-cmdlet/scenario";
let tls: TlsPair;
let serve: ServeProcess;
let env: Record<string, string>;

beforeAll(async () => {
  tls = makeTlsPair();
  serve = await startServe(["--fixtures", FIXTURES, "--tls-cert", tls.certFile, "--tls-key", tls.keyFile, "--token", TOKEN, "--now", "2026-03-17T00:00:00Z"]);
  env = { NODE_EXTRA_CA_CERTS: tls.certFile, KUSTODIAN_LIVE_TOKEN: TOKEN };
});

afterAll(async () => {
  await serve?.stop();
  if (tls) removeDir(tls.dir);
});

describe("kustodian query", () => {
  it("prints the result in run's table, json and csv formats", async () => {
    const q = "DeviceProcessEvents | summarize n = count() by DeviceName | order by DeviceName asc";
    const table = await runCli(["query", "-", "--workspace", "w1", "--endpoint", serve.url, "--timespan", "P30D"], { input: q, env });
    expect(table.stderr).toBe("");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^DeviceName\s+\| n\n/);
    expect(table.stdout).toContain("aadc01.corp.contoso.com     | 8");
    expect(table.stdout).toMatch(/\(4 rows\)\n$/);
    const json = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url, "--timespan", "P30D", "--format", "json"], { input: q, env });
    expect(JSON.parse(json.stdout).tables[0].columns).toEqual([{ name: "DeviceName", type: "string" }, { name: "n", type: "long" }]);
    const csv = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url, "--timespan", "P30D", "--format", "csv"], { input: q, env });
    expect(csv.stdout.split("\n")[0]).toBe("DeviceName,n");
  });

  it("runs a detection's compiled query by slug over its lookback", async () => {
    const r = await runCli(["query", "aadinternals-backdoor-cmdlet", "-w", "w1", "--endpoint", serve.url, "--format", "json"], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tables[0].columns.map((c: { name: string }) => c.name)).toContain("Backdoor");
  });

  it("reports a service error at its line and column in the query, exit 1", async () => {
    const r = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url], { input: "print a = 1\n| where nosuch > 1", env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("<stdin>:2:9: error: unknown column or variable 'nosuch'");
    expect(r.stderr).toContain("SemanticError");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("reports a wrong token without printing any token", async () => {
    const secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXNlY3JldA";
    const r = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url], { input: "print 1", env: { ...env, KUSTODIAN_LIVE_TOKEN: secret } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not authorised (HTTP 403)");
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it("prints a partial result and warns with the service's error, exit 1", async () => {
    const proxy = await startProxy(tls, serve.url, {
      rewrite: (body) => {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        parsed.error = {
          code: "PartialError",
          message: "There were some errors when processing your query.",
          details: [{ code: "EngineError", message: "Query result set has exceeded the internal data size limit" }],
        };
        return JSON.stringify(parsed);
      },
    });
    try {
      const r = await runCli(["query", "-", "-w", "w1", "--endpoint", proxy.url], { input: "print x = 7", env });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^x\n-+\n7\n\(1 row\)\n$/);
      expect(r.stderr).toContain("warning: partial result");
      expect(r.stderr).toContain("PartialError: There were some errors when processing your query.; EngineError: Query result set has exceeded the internal data size limit");
    } finally {
      await proxy.close();
    }
  });

  it("stops at --timeout: the service's wait limit is set from it", async () => {
    const started = Date.now();
    const slow = "range x from 1 to 3000000 step 1 | extend s = hash_sha256(tostring(x)) | summarize dcount(s)";
    const r = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url, "--timeout", "1"], { input: slow, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/time limit|timed out/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects bad flags with exit 2", async () => {
    const fmt = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url, "--format", "xml"], { input: "print 1", env });
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain("--format must be one of table, json, csv");
    const http = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url.replace("https:", "http:")], { input: "print 1", env });
    expect(http.code).toBe(2);
    // says what to do, and the redaction leaves the prose about bearer tokens alone
    expect(http.stderr).toContain("is not https: the Azure SDK sends bearer tokens only over TLS");
    expect(http.stderr).toContain("--tls-cert cert.pem --tls-key key.pem");
    expect(http.stderr).toContain("NODE_EXTRA_CA_CERTS=cert.pem");
    expect(http.stderr).not.toContain("<redacted>");
    const span = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url, "--timespan", "yesterday"], { input: "print 1", env });
    expect(span.code).toBe(2);
    const none = await runCli(["query", "no-such-detection", "-w", "w1", "--endpoint", serve.url], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no detection 'no-such-detection'");
  });

  it("points a syntax error at the end of input at the last line written, not past the final line break", async () => {
    const r = await runCli(["query", "-", "-w", "w1", "--endpoint", serve.url], { input: "SigninLogs\n| where x ==\n", env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:2:13: error: /m);
    expect(r.stderr).toContain(`| where x ==\n${" ".repeat(14)}^`);
  });
});

describe("kustodian backtest arguments", () => {
  it("says it takes only detections, and suggests close slugs", async () => {
    const nope = await runCli(["backtest", "nope", "-w", "w1", "--endpoint", serve.url], { env });
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain("no detection 'nope' (backtest takes a detection id or slug");
    expect(nope.stderr).not.toContain(".kql file, or '-'");
    const partial = await runCli(["backtest", "aadinternals", "-w", "w1", "--endpoint", serve.url], { env });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/did you mean .*aadinternals-backdoor-cmdlet/);
  });
});

describe("kustodian backtest", () => {
  it("counts each scheduled run's rows like a local replay, per day, with a chart", async () => {
    const end = "2026-03-17T00:00:00Z";
    const r = await runCli(["backtest", "aadinternals-backdoor-cmdlet", "-w", "w1", "--endpoint", serve.url, "--days", "3", "--end", end, "--format", "json", "--runs-per-query", "30"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runs: { at: string; rows: number; alerts: number }[]; days: { day: string; rows: number; alerts: number }[]; queries: number };
    expect(out.queries).toBe(3); // 72 hourly runs, 30 per query
    // Independent expectation: the detection evaluated locally once per run over its window.
    const project = await loadTestProject();
    const d = project.detections.find((x) => x.slug === "aadinternals-backdoor-cmdlet")!;
    const timing = ruleTiming(d.spec);
    expect(timing.frequency).toBe(TICKS_PER_HOUR);
    const tables = new Map(["DeviceEvents", "DeviceProcessEvents", "Event"].map((n) => [n.toLowerCase(), loadTableFile(`${FIXTURES}/${n}.jsonl`, { name: n, schema: project.schemas.get(n)! })]));
    const expected = out.runs.map((run) => {
      const at = parseInstant(run.at)!;
      const lookup = (name: string) => {
        const t = tables.get(name.toLowerCase());
        if (!t) return undefined;
        const col = t.column("TimeGenerated")!.data;
        const keep: number[] = [];
        for (let i = 0; i < t.rowCount; i++) {
          const v = col.get(i) as { ticks: bigint };
          if (v.ticks > at - timing.period && v.ticks <= at) keep.push(i);
        }
        return t.take(keep);
      };
      return evaluate(d.kql, { tables: lookup, now: datetime(at) }).tables[0].rows.length;
    });
    expect(out.runs.map((x) => x.rows)).toEqual(expected);
    expect(expected.some((n) => n > 0)).toBe(true);
    expect(out.runs).toHaveLength(72);
    const text = await runCli(["backtest", "aadinternals-backdoor-cmdlet", "-w", "w1", "--endpoint", serve.url, "--days", "3", "--end", end], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("72 scheduled runs in 1 service query");
    expect(text.stdout).toMatch(/day\s+runs\s+fired\s+alerts\s+rows/);
    expect(text.stdout).toContain("alerts per day");
    expect(text.stdout).toMatch(/2026-03-16 │█+ \d+/);
  });
});

describe("kustodian test --live", () => {
  it("agrees with the local evaluator on every case of the bundled pack", async () => {
    const r = await runCli(["test", "--live", "-w", "w1", "--endpoint", serve.url], { env });
    const summary = /(\d+) agreed, (\d+) differed, (\d+) skipped, (\d+) failed/.exec(r.stdout);
    expect(summary, r.stdout + r.stderr).not.toBeNull();
    const [, agreed, differed, , failed] = summary!.map(Number);
    expect(differed).toBe(0);
    expect(failed).toBe(0);
    expect(agreed).toBeGreaterThan(50);
    expect(r.code).toBe(0);
  }, 120_000);

  it("reports a difference precisely when the service's answer differs", async () => {
    // The proxy drops the last row of every non-empty result.
    const proxy = await startProxy(tls, serve.url, {
      rewrite: (body) => {
        const parsed = JSON.parse(body) as { tables: { rows: unknown[] }[] };
        if (parsed.tables[0]?.rows.length) parsed.tables[0].rows.pop();
        return JSON.stringify(parsed);
      },
    });
    try {
      const r = await runCli(["test", "--live", "-w", "w1", "--endpoint", proxy.url, "ptaspy-artifact"], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^DIFF ptaspy-artifact › the DLL dropped, injected and the password log written.* \(local 3 rows, live 2\)$/m);
      expect(r.stdout).toMatch(/^\s+missing row: .*FileName=/m);
      expect(r.stdout).toContain("row count: expected 3, got 2");
      expect(r.stdout).toMatch(/^ok {3}ptaspy-artifact › the agent's own signed DLLs stay quiet/m);
    } finally {
      await proxy.close();
    }
  });
});

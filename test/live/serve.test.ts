/**
 * `kustodian serve` end to end over loopback TLS, driven by the real `LogsQueryClient`
 * (`createLogsClient` with the test CA and a static token credential): results, the service's
 * error shapes, token checks, size and time limits, throttling with retry, and `$batch`.
 */
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynToJson, formatDateTime } from "../../src/engine/format.js";
import { isDateTime, isDynValue } from "../../src/engine/values.js";
import { createLogsClient, type LiveClient, runLiveQuery, staticTokenCredential } from "../../src/live/client.js";
import { LiveError } from "../../src/live/errors.js";
import { makeTlsPair, removeDir, type ServeProcess, startProxy, startServe, type TlsPair } from "./helpers.js";

const TOKEN = "serve-test-token-4f9d";
const FIXTURES = "fixtures/aadinternals-backdoor-cmdlet/scenario";
const SLOW = "range x from 1 to 3000000 step 1 | extend s = hash_sha256(tostring(x)) | summarize dcount(s)";

let tls: TlsPair;
let serve: ServeProcess;
let client: LiveClient;

async function clientFor(url: string, token = TOKEN): Promise<LiveClient> {
  return createLogsClient({ endpoint: url, credential: staticTokenCredential(token), ca: tls.cert });
}

async function failure(p: Promise<unknown>): Promise<LiveError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LiveError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = https.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: "POST", ca: tls.cert, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  tls = makeTlsPair();
  serve = await startServe([
    "--fixtures", FIXTURES, "--tls-cert", tls.certFile, "--tls-key", tls.keyFile, "--token", TOKEN,
    "--now", "2026-03-17T00:00:00Z", "--query-timeout", "1", "--max-body", "65536",
  ]);
  client = await clientFor(serve.url);
});

afterAll(async () => {
  await serve?.stop();
  if (tls) removeDir(tls.dir);
});

describe("kustodian serve through the Azure SDK", () => {
  it("listens on loopback https and answers a query in the service's shape", async () => {
    expect(serve.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    const live = await runLiveQuery(client, "any-workspace", "DeviceProcessEvents | summarize n = count() by DeviceName | order by DeviceName asc", { timespan: "P30D" });
    expect(live.status).toBe("Success");
    const t = live.result.tables[0];
    expect(t.columns).toEqual([{ name: "DeviceName", type: "string" }, { name: "n", type: "long" }]);
    expect(t.rows).toContainEqual(["aadc01.corp.contoso.com", 8]);
    expect(t.rows.reduce((a, r) => a + Number(r[1]), 0)).toBe(21);
  });

  it("applies the timespan to TimeGenerated as the service does", async () => {
    const all = await runLiveQuery(client, "w", "DeviceProcessEvents | count", { timespan: "P30D" });
    const none = await runLiveQuery(client, "w", "DeviceProcessEvents | count", { timespan: "2020-01-01T00:00:00Z/2020-01-02T00:00:00Z" });
    expect(all.result.tables[0].rows[0][0]).toBe(21);
    expect(none.result.tables[0].rows[0][0]).toBe(0);
  });

  it("keeps datetimes to the tick and dynamic values as values", async () => {
    const live = await runLiveQuery(client, "w", 'print t = datetime(2024-05-01T10:00:00.1234567Z), d = dynamic({"a":[1,2]}), r = real(nan)');
    const [t, d, r] = live.result.tables[0].rows[0];
    expect(isDateTime(t) && formatDateTime(t)).toBe("2024-05-01T10:00:00.1234567Z");
    expect(isDynValue(d) && dynToJson(d.value)).toBe('{"a":[1,2]}');
    expect(Number.isNaN(r)).toBe(true);
  });

  it("reports a query error with the service's code chain and its position", async () => {
    const e = await failure(runLiveQuery(client, "w", "print a = 1\n| where nosuch > 1"));
    expect(e.kind).toBe("service");
    expect(e.status).toBe(400);
    expect(e.message).toContain("BadArgumentError");
    expect(e.message).toContain("SemanticError");
    expect(e.position()).toEqual({ line: 2, column: 9, message: "unknown column or variable 'nosuch'" });
    const syntax = await failure(runLiveQuery(client, "w", "print x = "));
    expect(syntax.message).toContain("SyntaxError");
    expect(syntax.position()?.line).toBe(1);
  });

  it("rejects a wrong token (403) and a missing one (401) in the service's shape", async () => {
    const wrong = await failure(runLiveQuery(await clientFor(serve.url, "not-the-token"), "w", "print 1"));
    expect(wrong.kind).toBe("auth");
    expect(wrong.status).toBe(403);
    expect(wrong.message).toContain("InvalidAuthenticationToken");
    expect(wrong.message).not.toContain("not-the-token");
    const missing = await post(`${serve.url}/workspaces/w/query`, '{"query":"print 1"}', { authorization: "" });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." } });
  });

  it("answers 413 past the request size limit, and keeps serving", async () => {
    const big = `print s = "${"x".repeat(70_000)}"`;
    const e = await failure(runLiveQuery(client, "w", big));
    expect(e.status).toBe(413);
    expect(e.message).toContain("RequestEntityTooLarge");
    const ok = await runLiveQuery(client, "w", "print 1");
    expect(ok.status).toBe("Success");
  });

  it("stops a query past its time limit with 504 and stays responsive", async () => {
    const started = Date.now();
    const [slow, quick] = await Promise.allSettled([
      runLiveQuery(client, "w", SLOW, { timeoutSeconds: 20 }),
      (async () => {
        await new Promise((r) => setTimeout(r, 200));
        const t = Date.now();
        const r = await runLiveQuery(client, "w", "print 1");
        return Date.now() - t + (r.status === "Success" ? 0 : 1e9);
      })(),
    ]);
    expect(slow.status).toBe("rejected");
    const e = (slow as PromiseRejectedResult).reason as LiveError;
    expect(e).toBeInstanceOf(LiveError);
    expect(e.kind).toBe("timeout");
    expect(e.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The other worker answered while the slow query ran.
    expect(quick.status).toBe("fulfilled");
    const after = await runLiveQuery(client, "w", "print 2");
    expect(after.result.tables[0].rows[0][0]).toBe(2);
  });

  it("retries a 429 after its Retry-After and then succeeds", async () => {
    const throttled = { status: 429, headers: { "retry-after": "1" }, body: JSON.stringify({ error: { code: "TooManyRequests", message: "slow down" } }) };
    const proxy = await startProxy(tls, serve.url, { intercept: (n) => (n === 1 ? throttled : undefined) });
    try {
      const messages: string[] = [];
      const started = Date.now();
      const live = await runLiveQuery(await clientFor(proxy.url), "w", "print x = 42", { onRetry: (m) => messages.push(m) });
      expect(live.result.tables[0].rows[0][0]).toBe(42);
      expect(live.attempts).toBe(2);
      expect(proxy.seen).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^throttled \(429\): retrying in 1\.\d s \(attempt 2 of 4\)$/);
    } finally {
      await proxy.close();
    }
  });

  it("gives up after the bounded attempts when throttling persists", async () => {
    const throttled = { status: 429, headers: { "retry-after": "0" }, body: JSON.stringify({ error: { code: "TooManyRequests", message: "slow down" } }) };
    const proxy = await startProxy(tls, serve.url, { intercept: () => throttled });
    try {
      const e = await failure(runLiveQuery(await clientFor(proxy.url), "w", "print 1", { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } }));
      expect(e.kind).toBe("throttled");
      expect(proxy.seen).toHaveLength(3);
    } finally {
      await proxy.close();
    }
  });

  it("answers the SDK's queryBatch through $batch", async () => {
    const results = await client.sdk.queryBatch([
      { workspaceId: "w", query: "print a = 1", timespan: { duration: "P1D" } },
      { workspaceId: "w", query: "DeviceProcessEvents | count", timespan: { duration: "P30D" } },
      { workspaceId: "w", query: "print x = nosuch", timespan: { duration: "P1D" } },
    ]);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ status: "Success", tables: [{ rows: [[1]] }] });
    expect(results[1]).toMatchObject({ status: "Success", tables: [{ rows: [[21]] }] });
    expect(results[2]).toMatchObject({ status: "PartialFailure", partialError: { code: "BadArgumentError" } });
  });
});

describe("kustodian serve limits", () => {
  it("queues past its concurrency and answers 429 with Retry-After when the queue is full", async () => {
    const small = await startServe(["--tls-cert", tls.certFile, "--tls-key", tls.keyFile, "--token", TOKEN, "--concurrency", "1", "--queue", "0", "--query-timeout", "2"]);
    try {
      const slow = post(`${small.url}/workspaces/w/query`, JSON.stringify({ query: SLOW }));
      await new Promise((r) => setTimeout(r, 300));
      const busy = await post(`${small.url}/workspaces/w/query`, JSON.stringify({ query: "print 1" }));
      expect(busy.status).toBe(429);
      expect(busy.headers["retry-after"]).toBe("1");
      expect(JSON.parse(busy.body).error.code).toBe("TooManyRequests");
      expect((await slow).status).toBe(504);
    } finally {
      await small.stop();
    }
  });

  it("answers unknown paths and bad bodies with the service's error shape", async () => {
    const path = await post(`${serve.url.replace(/\/v1$/, "")}/v2/nothing`, "{}");
    expect(path.status).toBe(404);
    expect(JSON.parse(path.body).error.code).toBe("PathNotFoundError");
    const bad = await post(`${serve.url}/workspaces/w/query`, "not json");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe("BadArgumentError");
    const span = await post(`${serve.url}/workspaces/w/query`, JSON.stringify({ query: "print 1", timespan: "P1Y" }));
    expect(span.status).toBe(400);
    expect(JSON.parse(span.body).error.innererror.code).toBe("InvalidTimespan");
  });
});

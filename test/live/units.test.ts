/** Unit tests for the subtle parts of the live room: durations, retries, redaction, KQL building, backtest planning. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompiledDetection } from "../../src/dsl/model.js";
import { emptyTable, evaluate } from "../../src/engine/index.js";
import { type KqlType, datetime, dyn, guid, timespan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, type Value } from "../../src/engine/values.js";
import { parse, print } from "../../src/kql/index.js";
import { loadSchemas } from "../../src/schema/registry.js";
import { compareResultSets } from "../../src/testing/compare.js";
import { parseInstant } from "../../src/testing/time.js";
import { planBacktest, scheduleRuns, simulateAlerts } from "../../src/live/backtest.js";
import { normalizeEndpoint } from "../../src/live/client.js";
import { LiveError } from "../../src/live/errors.js";
import { formatIsoDuration, parseIsoDuration, parseTimespan } from "../../src/live/iso8601.js";
import { datatableLet, pinClock, tablesRead, valueLiteral } from "../../src/live/kql-build.js";
import { redactSecrets } from "../../src/live/redact.js";
import { retryDelay, withRetry } from "../../src/live/retry.js";
import { runLiveTests } from "../../src/live/test-live.js";

const T0 = parseInstant("2024-05-01T12:00:00Z")!;

describe("ISO 8601 durations and the timespan parameter", () => {
  it("parses durations and intervals the service accepts", () => {
    expect(parseIsoDuration("P1D")).toBe(TICKS_PER_DAY);
    expect(parseIsoDuration("PT1H30M")).toBe(TICKS_PER_HOUR + 30n * TICKS_PER_MINUTE);
    expect(parseIsoDuration("P2W")).toBe(14n * TICKS_PER_DAY);
    expect(parseIsoDuration("PT0.5S")).toBe(5_000_000n);
    for (const bad of ["P", "PT", "P1Y", "P1M", "1d", "", "P1DT"]) expect(parseIsoDuration(bad)).toBeUndefined();
    expect(parseTimespan("P1D", T0)).toEqual({ from: T0 - TICKS_PER_DAY, to: T0 });
    expect(parseTimespan("2024-05-01T00:00:00Z/2024-05-01T12:00:00Z", 0n)).toEqual({ from: T0 - 12n * TICKS_PER_HOUR, to: T0 });
    expect(parseTimespan("2024-05-01T00:00:00Z/PT12H", 0n)).toEqual({ from: T0 - 12n * TICKS_PER_HOUR, to: T0 });
    expect(parseTimespan("PT12H/2024-05-01T12:00:00Z", 0n)).toEqual({ from: T0 - 12n * TICKS_PER_HOUR, to: T0 });
    expect(parseTimespan("2024-05-02T00:00:00Z/2024-05-01T00:00:00Z", 0n)).toBeUndefined();
  });

  it("formats any duration so that it parses back", () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 1000n * TICKS_PER_DAY }), (t) => parseIsoDuration(formatIsoDuration(t)) === t));
  });
});

describe("retry with backoff", () => {
  const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 };

  it("grows exponentially with jitter, capped, and honours Retry-After as a floor", () => {
    expect(retryDelay(1, policy, undefined, () => 0)).toBe(500);
    expect(retryDelay(1, policy, undefined, () => 0.999999)).toBe(1000);
    expect(retryDelay(3, policy, undefined, () => 0)).toBe(2000);
    expect(retryDelay(10, policy, undefined, () => 0.999999)).toBe(8000);
    expect(retryDelay(1, policy, 3000, () => 0)).toBe(3000);
    expect(retryDelay(1, policy, 3000, () => 0.5)).toBe(3150);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (attempt, r) => {
        const d = retryDelay(attempt, policy, undefined, () => r);
        const step = Math.min(8000, 1000 * 2 ** (attempt - 1));
        return d >= step / 2 && d <= step;
      }),
    );
  });

  it("retries only what the classifier allows, at most maxAttempts times", async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error("busy");
        return "done";
      },
      () => ({ retry: true, reason: "throttled (429)", retryAfterMs: 2000 }),
      policy,
      { sleep: async (ms) => void slept.push(ms), random: () => 0 },
    );
    expect(result).toBe("done");
    expect(slept).toEqual([2000, 2000]);
    let n = 0;
    await expect(withRetry(async () => { n++; throw new Error("x"); }, () => ({ retry: true, reason: "r" }), policy, { sleep: async () => {} })).rejects.toThrow("x");
    expect(n).toBe(4);
    n = 0;
    await expect(withRetry(async () => { n++; throw new Error("no"); }, () => ({ retry: false, reason: "r" }), policy, { sleep: async () => {} })).rejects.toThrow("no");
    expect(n).toBe(1);
  });

  it("classifies 429, 5xx and network resets as retryable; 4xx, 501 and time-outs not", () => {
    const verdict = (statusCode: number | undefined, code?: string) => LiveError.from({ name: "RestError", statusCode, code, message: "m" }, { timedOut: false, timeoutMs: 1000 }).retryVerdict().retry;
    expect(verdict(429)).toBe(true);
    expect(verdict(500)).toBe(true);
    expect(verdict(503)).toBe(true);
    expect(verdict(501)).toBe(false);
    expect(verdict(400)).toBe(false);
    expect(verdict(403)).toBe(false);
    expect(verdict(504)).toBe(false);
    expect(verdict(undefined, "ECONNRESET")).toBe(true);
    expect(verdict(undefined, "ECONNREFUSED")).toBe(false);
  });
});

describe("credential failures", () => {
  it("are auth errors that say how to sign in, never network errors", () => {
    const e = LiveError.from({ name: "AggregateAuthenticationError", message: "ChainedTokenCredential authentication failed.\n client_secret=abc" }, { timedOut: false, timeoutMs: 1000 });
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("az login");
    expect(e.message).not.toContain("abc");
    expect(e.retryVerdict().retry).toBe(false);
  });
});

describe("secrets never reach a message", () => {
  it("redacts bearer headers, JWTs and secret fields", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FwaSJ9.c2lnbmF0dXJl";
    expect(redactSecrets(`request failed: Authorization: Bearer ${jwt}`)).not.toContain(jwt);
    expect(redactSecrets(`{"authorization":"Bearer abc.def"}`)).not.toContain("abc.def");
    expect(redactSecrets("client_secret=s3cr3t&scope=x")).toBe("client_secret=<redacted>&scope=x");
    expect(redactSecrets("token at https://x/?sig=abcd1234")).not.toContain("abcd1234");
    expect(redactSecrets("unknown column 'DeviceName'")).toBe("unknown column 'DeviceName'");
  });

  it("leaves prose about the bearer scheme readable", () => {
    const text = "the Azure SDK sends bearer tokens only over TLS; Bearer authentication needs https";
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets("Bearer tokens2024abc")).toBe("Bearer <redacted>");
  });

  it("blanks the configured token values wherever they appear", () => {
    const saved = process.env.KUSTODIAN_LIVE_TOKEN;
    process.env.KUSTODIAN_LIVE_TOKEN = "short1";
    try {
      expect(redactSecrets("echoed: short1 in a body")).toBe("echoed: <redacted> in a body");
    } finally {
      if (saved === undefined) delete process.env.KUSTODIAN_LIVE_TOKEN;
      else process.env.KUSTODIAN_LIVE_TOKEN = saved;
    }
  });

  it("no token in any header-shaped text survives, whatever surrounds it", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{12,80}$/);
    fc.assert(
      fc.property(fc.string(), token, fc.string(), fc.constantFrom("Authorization: Bearer ", "authorization=Bearer ", "Bearer ", '"Authorization":"Bearer '), (before, t, after, header) => {
        return !redactSecrets(`${before} ${header}${t} ${after}`).includes(t);
      }),
    );
  });

  it("redacts a service error message that echoes a bearer header", () => {
    const e = LiveError.from(
      { name: "RestError", statusCode: 400, message: "x" },
      { timedOut: false, timeoutMs: 1000, body: { error: { code: "BadRequest", message: "bad header Authorization: Bearer eyJabcdefghij.eyJklmnopqrs.sig123" } } },
    );
    expect(e.message).toContain("BadRequest");
    expect(e.message).not.toContain("eyJabcdefghij");
  });
});

describe("endpoints", () => {
  it("adds /v1 to a bare host and refuses plain http", () => {
    expect(normalizeEndpoint("https://api.loganalytics.io")).toBe("https://api.loganalytics.io/v1");
    expect(normalizeEndpoint("https://127.0.0.1:8443/v1/")).toBe("https://127.0.0.1:8443/v1");
    expect(() => normalizeEndpoint("http://127.0.0.1:8080/v1")).toThrow(/not https/);
    expect(() => normalizeEndpoint("nope")).toThrow(/not a URL/);
  });
});

describe("datatable lets", () => {
  const roundTrip = (type: KqlType, values: Value[]) => {
    const lets = datatableLet("T", [{ name: "c", type }], values.map((v) => [v]));
    const text = `${print(lets)}\nT`;
    expect(parse(text).diagnostics).toEqual([]);
    const result = evaluate(text, { tables: () => undefined }).tables[0];
    return compareResultSets({ columns: [{ name: "c", type }], rows: values.map((v) => [v]) }, result, { ordered: true });
  };

  it("any string survives the round trip through the printer and the evaluator", () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 5 }), (xs) => roundTrip("string", xs).equal), { numRuns: 60 });
  });

  it("typed values and nulls of every type survive", () => {
    const cases: [KqlType, Value[]][] = [
      ["long", [0, -5, 9007199254740991, null]],
      ["int", [-3, 7, null]],
      ["real", [1.5, -0.25, 1e300, Number.NaN, Number.POSITIVE_INFINITY, null]],
      ["bool", [true, false, null]],
      ["datetime", [datetime(T0 + 1234567n), null]],
      ["timespan", [timespan(-90n * TICKS_PER_MINUTE), timespan(1n), null]],
      ["guid", [guid("0e9c3a55-9f0e-4d7b-8d38-7e1f2c3b4a59"), null]],
      ["dynamic", [null, dyn([1, "a"]), dyn("text"), dyn(true)]],
    ];
    for (const [type, values] of cases) {
      const r = roundTrip(type, values);
      expect(r.differences, type).toEqual([]);
    }
  });
});

describe("pinning the clock and finding the tables a query reads", () => {
  it("replaces now() and ago() with the run's instant", () => {
    const script = parse("SigninLogs | where TimeGenerated > ago(1h) and TimeGenerated <= now() | extend later = now(1d)").script;
    const text = print(pinClock(script, valueLiteral(datetime(T0), "datetime")));
    expect(text).not.toMatch(/\bago\(|\bnow\(/);
    expect(text).toContain("datetime(2024-05-01T12:00:00.0000000Z) - 1h");
    expect(text).toContain("datetime(2024-05-01T12:00:00.0000000Z) + 1d");
  });

  it("lists stored tables the query reads, not let-bound names", () => {
    const schemas = loadSchemas();
    const script = parse("let SigninLogs = datatable(x:long)[1]; let recent = AuditLogs | take 1; union SigninLogs, recent, AADNonInteractiveUserSignInLogs").script;
    expect(tablesRead(script, (n) => schemas.get(n)?.name)).toEqual(["AADNonInteractiveUserSignInLogs", "AuditLogs"]);
  });
});

describe("backtest planning", () => {
  const detection = (over: Partial<CompiledDetection["spec"]>): CompiledDetection =>
    ({
      slug: "d",
      kql: "AuditLogs | where OperationName == 'x' and TimeGenerated > ago(1h)",
      spec: { kind: "Scheduled", schedule: { frequency: "1h", lookback: "2h" }, ...over },
    }) as unknown as CompiledDetection;

  it("schedules a run every frequency ending at the aligned end", () => {
    const runs = scheduleRuns(T0 + 30n * TICKS_PER_MINUTE, 1, TICKS_PER_HOUR);
    expect(runs).toHaveLength(24);
    expect(runs[runs.length - 1]).toBe(T0);
    expect(runs[0]).toBe(T0 - 23n * TICKS_PER_HOUR);
  });

  it("batches runs into few queries, each windowing the tables it reads", () => {
    const plan = planBacktest(detection({}), loadSchemas(), T0, 2, 20);
    expect(plan.runs).toHaveLength(48);
    expect(plan.queries).toHaveLength(3);
    expect(plan.tables).toEqual(["AuditLogs"]);
    const q = plan.queries[0];
    expect(parse(q.text).diagnostics).toEqual([]);
    expect(q.text).toContain("let AuditLogs = __kustodian_AuditLogs | where TimeGenerated > __kustodian_from and TimeGenerated <= __kustodian_to;");
    expect(q.text).toContain("__kustodian_to - 1h");
    expect(q.text.match(/__kustodian_run\(datetime/g)).toHaveLength(20);
    expect(q.timespan).toBe("2024-04-29T11:00:00Z/2024-04-30T08:00:00Z");
    // The planned query runs on the evaluator: an empty workspace gives one zero row per run.
    const schemas = loadSchemas();
    const empty = (n: string) => {
      const s = schemas.get(n);
      return s ? emptyTable(s.name, s.columns) : undefined;
    };
    const result = evaluate(q.text, { tables: empty }).tables[0];
    expect(result.columns.map((c) => c.name)).toEqual(["RunTime", "Rows"]);
    expect(result.rows.every((r) => r[1] === 0)).toBe(true);
    expect(result.rows).toHaveLength(20);
  });

  it("applies trigger, grouping and suppression to the rows per run", () => {
    const runs = scheduleRuns(T0, 1, TICKS_PER_HOUR);
    const rows = new Map<bigint, number>([[runs[0], 3], [runs[1], 2], [runs[5], 200]]);
    const single = simulateAlerts(detection({}), runs, rows);
    expect(single.runs.filter((r) => r.fired).map((r) => r.alerts)).toEqual([1, 1, 1]);
    const perRow = simulateAlerts(detection({ eventGrouping: "AlertPerResult" }), runs, rows);
    expect(perRow.runs.filter((r) => r.fired).map((r) => r.alerts)).toEqual([3, 2, 150]);
    const suppressed = simulateAlerts(detection({ suppression: { enabled: true, duration: "3h" } }), runs, rows);
    expect(suppressed.runs.slice(0, 3).map((r) => [r.fired, r.suppressed])).toEqual([[true, false], [false, true], [false, true]]);
    expect(suppressed.days.reduce((a, d) => a + d.alerts, 0)).toBe(2);
    const threshold = simulateAlerts(detection({ trigger: { operator: "gt", threshold: 2 } }), runs, rows);
    expect(threshold.runs.filter((r) => r.fired)).toHaveLength(2);
  });
});

describe("test --live size limit", () => {
  it("skips every case whose inline query exceeds the limit, with the size and the limit, without sending it", async () => {
    const report = await runLiveTests({ workspace: "w", endpoint: "https://127.0.0.1:9/v1", filter: ["ptaspy-artifact"], maxQueryBytes: 200 });
    expect(report.results.length).toBeGreaterThan(5);
    expect(report.counts.skipped).toBe(report.results.length);
    for (const r of report.results) expect(r.details[0]).toMatch(/^the query with the case's rows inline is \d+\.\d KB, over the 0\.2 KB request limit/);
  });
});

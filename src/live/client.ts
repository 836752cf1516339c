/**
 * Running one query on a Log Analytics workspace (or `kustodian serve`) through the real
 * `LogsQueryClient`: endpoint normalisation, credentials, retries with backoff (see
 * `retry.ts`), time-outs, partial results, and service errors turned into `LiveError`s whose
 * messages are redacted and whose query positions map back to the query text.
 */
import { randomUUID } from "node:crypto";
import type { TokenCredential } from "@azure/core-auth";
import type { LogsQueryClient, LogsTable } from "@azure/monitor-query-logs";
import type { QueryResult } from "../engine/index.js";
import { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, withRetry } from "./retry.js";
import { LiveError, type ServiceErrorInfo } from "./errors.js";
import { resultFromServiceTables } from "./result.js";

export const DEFAULT_ENDPOINT = "https://api.loganalytics.io/v1";

/** A base URL with no path gets the API version (`/v1`) the service's paths start with. */
export function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LiveError("usage", `--endpoint: '${endpoint}' is not a URL (expected e.g. https://api.loganalytics.io/v1)`);
  }
  if (url.protocol !== "https:") {
    throw new LiveError(
      "usage",
      `--endpoint: '${endpoint}' is not https: the Azure SDK sends bearer tokens only over TLS. ` +
        "For a local `kustodian serve`, start it with --tls-cert cert.pem --tls-key key.pem and trust the certificate here with NODE_EXTRA_CA_CERTS=cert.pem " +
        "(a self-signed pair: openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost)",
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path === "" ? "/v1" : path}`;
}

export interface ClientOptions {
  readonly endpoint?: string | null;
  /** Default: KUSTODIAN_LIVE_TOKEN as a static bearer token when set, else DefaultAzureCredential. */
  readonly credential?: TokenCredential;
  /** Extra trusted CA (PEM) for a private endpoint; child processes can use NODE_EXTRA_CA_CERTS instead. */
  readonly ca?: string | Buffer;
}

/** A credential that always presents the same token (tests, `serve --token`, a pasted token). */
export function staticTokenCredential(token: string, lifetimeMs = 3_600_000): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + lifetimeMs }) };
}

/**
 * The SDK client plus the raw response bodies of its calls, captured by a pipeline policy:
 * the SDK's own deserialisation turns datetimes into Date (losing 100 ns ticks) and drops the
 * error fields that carry query positions (`line`, `pos`).
 */
export interface LiveClient {
  readonly sdk: LogsQueryClient;
  /** Raw body text by `x-ms-client-request-id`; taken (deleted) by the reader. */
  readonly bodies: Map<string, string>;
}

const REQUEST_ID = "x-ms-client-request-id";

export async function createLogsClient(options: ClientOptions = {}): Promise<LiveClient> {
  const { LogsQueryClient } = await import("@azure/monitor-query-logs");
  const endpoint = normalizeEndpoint(options.endpoint ?? DEFAULT_ENDPOINT);
  let credential = options.credential;
  if (!credential) {
    const envToken = process.env.KUSTODIAN_LIVE_TOKEN;
    if (envToken) credential = staticTokenCredential(envToken);
    else {
      const { DefaultAzureCredential } = await import("@azure/identity");
      credential = new DefaultAzureCredential();
    }
  }
  const bodies = new Map<string, string>();
  const sdk = new LogsQueryClient(credential, {
    endpoint,
    // Retries are ours (retry.ts): one place decides and reports them.
    retryOptions: { maxRetries: 0 },
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    additionalPolicies: [
      {
        position: "perCall",
        policy: {
          name: "kustodianCaptureBody",
          async sendRequest(request, next) {
            const response = await next(request);
            const id = request.headers.get(REQUEST_ID);
            if (id && typeof response.bodyAsText === "string") bodies.set(id, response.bodyAsText);
            return response;
          },
        },
      },
    ],
  });
  return { sdk, bodies };
}

export interface RunOptions {
  /** ISO 8601 duration or interval for the service's time filter; default `P1D`. */
  readonly timespan?: string;
  /** Seconds for the whole call, retries included; sent to the service as `Prefer: wait=`. */
  readonly timeoutSeconds?: number;
  readonly retry?: RetryPolicy;
  readonly onRetry?: (message: string) => void;
  /** For tests of the back-off. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LiveResult {
  readonly status: "Success" | "PartialFailure";
  readonly result: QueryResult;
  /** For a partial result: what the service said went wrong. */
  readonly partialError?: ServiceErrorInfo;
  /** Attempts made (1 when the first succeeded). */
  readonly attempts: number;
}

export async function runLiveQuery(client: LiveClient, workspaceId: string, query: string, options: RunOptions = {}): Promise<LiveResult> {
  const timeoutMs = (options.timeoutSeconds ?? 180) * 1000;
  const deadline = Date.now() + timeoutMs;
  const timespan = options.timespan ?? "P1D";
  let attempts = 0;
  const run = async (): Promise<LiveResult> => {
    attempts++;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new LiveError("timeout", `the query timed out after ${timeoutMs / 1000} s`);
    const requestId = randomUUID();
    const body = () => {
      const text = client.bodies.get(requestId);
      client.bodies.delete(requestId);
      return text === undefined ? undefined : safeJson(text);
    };
    let response: Awaited<ReturnType<LogsQueryClient["queryWorkspace"]>>;
    try {
      response = await client.sdk.queryWorkspace(workspaceId, query, { duration: timespan }, {
        serverTimeoutInSeconds: Math.max(1, Math.min(600, Math.ceil(remaining / 1000))),
        requestOptions: { timeout: remaining, headers: { [REQUEST_ID]: requestId } },
      });
    } catch (e) {
      throw LiveError.from(e, { timedOut: isTimeout(e), timeoutMs, body: body(), requestId });
    }
    const raw = { body: body() };
    const rawTables = tablesOf(raw.body);
    if (response.status === "PartialFailure") {
      return {
        status: "PartialFailure",
        result: rawTables ? resultFromServiceTables(rawTables) : resultFromSdkTables(response.partialTables),
        partialError: response.partialError as ServiceErrorInfo,
        attempts,
      };
    }
    return { status: "Success", result: rawTables ? resultFromServiceTables(rawTables) : resultFromSdkTables(response.tables), attempts };
  };
  return withRetry(
    run,
    (e) => (e instanceof LiveError ? e.retryVerdict() : { retry: false, reason: "unexpected error" }),
    options.retry ?? DEFAULT_RETRY,
    {
      deadline,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      onRetry: ({ attempt, maxAttempts, delayMs, reason }) =>
        options.onRetry?.(`${reason}: retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts})`),
    },
  );
}

function isTimeout(e: unknown): boolean {
  const err = e as { name?: string; message?: string; statusCode?: number } | null;
  if (err?.statusCode !== undefined) return false;
  return err?.name === "AbortError" || /timeout|timed out|aborted/i.test(err?.message ?? "");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function tablesOf(body: unknown): unknown[] | null {
  if (body === null || typeof body !== "object") return null;
  const tables = (body as { tables?: unknown }).tables;
  return Array.isArray(tables) ? tables : null;
}

/** Fallback when the raw body was not captured: the SDK's tables (datetimes as Date, ms precision). */
function resultFromSdkTables(tables: readonly LogsTable[]): QueryResult {
  return resultFromServiceTables(
    tables.map((t) => ({
      name: t.name,
      columns: t.columnDescriptors,
      rows: t.rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString() : c))),
    })),
  );
}

export { parseRetryAfter };

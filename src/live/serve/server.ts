/**
 * `kustodian serve`: a Log-Analytics-compatible query endpoint backed by the local evaluator.
 *
 * - `POST /v1/workspaces/{id}/query` with `{query, timespan}` (and `GET ...?query=&timespan=`),
 *   `POST /v1/$batch` (what the SDK's `queryBatch` sends). Any workspace id answers from the
 *   same fixtures.
 * - Bodies and errors in the service's shapes; `Prefer: wait=N` lowers the query time limit.
 * - Bearer token check when a token is set (401 missing, 403 wrong, as the service documents).
 * - Bounded concurrency: a few queries run in worker threads, the rest queue; a full queue
 *   answers 429 with Retry-After. Request bodies past the size limit answer 413. A query past
 *   its time limit answers 504 and its worker is replaced, so the server stays responsive.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Diagnostic } from "../../diagnostics.js";
import { TableLoadError } from "../../engine/errors.js";
import { UNIX_EPOCH_TICKS, TICKS_PER_MILLISECOND } from "../../engine/values.js";
import { loadSchemas } from "../../schema/registry.js";
import { parseTimespan } from "../iso8601.js";
import { WorkerPool, type PoolOutcome } from "./pool.js";
import { errorBody, queryErrorBody, type ServiceError } from "./response.js";
import { FixtureWorkspace } from "./tables.js";

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string | null;
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer } | null;
  readonly fixturesDir: string | null;
  readonly schemasDir: string | null;
  /** Queries evaluated at once (worker threads). */
  readonly concurrency: number;
  /** Queries waiting for a worker before new ones get 429. */
  readonly maxQueue: number;
  readonly queueTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** Default and maximum query time (a `Prefer: wait=N` header may lower it). */
  readonly queryTimeoutMs: number;
  /** Fixed clock in ticks for now()/ago() and bare durations; null: the real time. */
  readonly now: bigint | null;
}

export const SERVE_DEFAULTS = {
  host: "127.0.0.1",
  port: 0,
  concurrency: 2,
  maxQueue: 200,
  queueTimeoutMs: 180_000,
  maxBodyBytes: 4 * 1024 * 1024,
  queryTimeoutMs: 180_000,
} as const;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: ServiceError,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(error.message);
  }
}

const QUERY_PATH = /^\/v1\/workspaces\/([^/]+)\/query\/?$/;
const BATCH_PATH = /^\/v1\/\$batch\/?$/;

/**
 * The server could not start: a port in use, a bad certificate, a fixture file that does not
 * load. `diagnostics` point into the offending file when there is one. Nothing is left running.
 */
export class ServeStartError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = "ServeStartError";
  }
}

/** Messages for the listen errors a user can fix, by errno code. */
const LISTEN_ERRORS: Readonly<Record<string, (o: ServeOptions) => string>> = {
  EADDRINUSE: (o) => `port ${o.port} is in use on ${o.host}: stop what holds it or pick another --port (0: any free port)`,
  EACCES: (o) => `port ${o.port} on ${o.host} needs privileges this process lacks: pick a port above 1023 (0: any free port)`,
  EADDRNOTAVAIL: (o) => `--host ${o.host} is not an address of this machine`,
  ENOTFOUND: (o) => `--host ${o.host}: no such host`,
  EAI_AGAIN: (o) => `--host ${o.host}: the name could not be resolved`,
};

/**
 * Loads every fixture table once, so a broken file fails the start with its position
 * instead of failing every query later (the workers load their own copies on first use).
 */
function checkFixtures(options: ServeOptions): void {
  if (options.fixturesDir === null) return;
  try {
    new FixtureWorkspace(options.fixturesDir, loadSchemas(options.schemasDir)).loadAll();
  } catch (e) {
    const where = `--fixtures ${options.fixturesDir}`;
    if (e instanceof TableLoadError && e.diagnostics.length > 0) throw new ServeStartError(`${where}: a table file does not load (fix it or move it out of the folder)`, e.diagnostics);
    throw new ServeStartError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The HTTP(S) server; a certificate or key Node cannot use is a `ServeStartError`. */
function createHttpServer(options: ServeOptions, listener: http.RequestListener): http.Server {
  if (!options.tls) return http.createServer(listener);
  try {
    return https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener);
  } catch (e) {
    throw new ServeStartError(`TLS: the certificate or key cannot be used (${e instanceof Error ? e.message : String(e)})`);
  }
}

function listen(server: http.Server, options: ServeOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const explain = e.code ? LISTEN_ERRORS[e.code] : undefined;
      reject(explain ? new ServeStartError(explain(options)) : e);
    });
    server.listen(options.port, options.host, () => resolve());
  });
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  checkFixtures(options);
  let pool: WorkerPool | null = null;
  const workers = (): WorkerPool => {
    if (pool === null) throw new Error("the worker pool is not running");
    return pool;
  };
  let nextId = 1;
  const expectedToken = options.token === null ? null : digest(options.token);

  const nowTicks = () => options.now ?? UNIX_EPOCH_TICKS + BigInt(Date.now()) * TICKS_PER_MILLISECOND;

  async function runQuery(query: unknown, timespan: unknown, timeoutMs: number): Promise<Reply> {
    if (typeof query !== "string" || query.trim() === "") {
      throw new HttpProblem(400, { code: "BadArgumentError", message: "The request had some invalid properties", innererror: { code: "QueryMissing", message: "A query is required: {\"query\": \"...\"}" } });
    }
    const now = nowTicks();
    let range: { from: string; to: string } | null = null;
    if (timespan !== undefined && timespan !== null) {
      const parsed = typeof timespan === "string" ? parseTimespan(timespan, now) : undefined;
      if (!parsed) {
        throw new HttpProblem(400, { code: "BadArgumentError", message: "The request had some invalid properties", innererror: { code: "InvalidTimespan", message: `timespan must be an ISO 8601 duration or interval, got ${JSON.stringify(timespan)}` } });
      }
      range = { from: parsed.from.toString(), to: parsed.to.toString() };
    }
    const outcome = await workers().run({ id: nextId++, query, range, now: now.toString() }, timeoutMs);
    return replyFor(outcome);
  }

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let reply: Reply;
    try {
      reply = await route(req);
    } catch (e) {
      if (e instanceof HttpProblem) reply = { status: e.status, body: errorBody(e.error), headers: e.headers };
      else reply = { status: 500, body: errorBody({ code: "InternalServerError", message: "The server failed to process the request." }) };
    }
    if (res.headersSent || res.destroyed) return;
    res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(reply.body), ...reply.headers });
    res.end(reply.body);
  };

  async function route(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const isQuery = QUERY_PATH.test(url.pathname);
    const isBatch = BATCH_PATH.test(url.pathname);
    if (!isQuery && !isBatch) {
      req.resume();
      throw new HttpProblem(404, { code: "PathNotFoundError", message: `The requested path does not exist: ${url.pathname}` });
    }
    checkToken(req);
    const timeoutMs = timeLimit(req.headers.prefer);
    if (isQuery && req.method === "GET") {
      req.resume();
      return runQuery(url.searchParams.get("query") ?? undefined, url.searchParams.get("timespan") ?? undefined, timeoutMs);
    }
    if (req.method !== "POST") {
      req.resume();
      throw new HttpProblem(405, { code: "MethodNotAllowed", message: `${req.method} is not allowed here: use POST` }, { allow: isQuery ? "GET, POST" : "POST" });
    }
    const body = await readJson(req);
    if (isQuery) return runQuery(body.query, body.timespan, timeoutMs);
    return runBatch(body);
  }

  async function runBatch(body: Record<string, unknown>): Promise<Reply> {
    const requests = body.requests;
    if (!Array.isArray(requests)) {
      throw new HttpProblem(400, { code: "BadArgumentError", message: "The request had some invalid properties", innererror: { code: "InvalidBatch", message: "expected {\"requests\": [...]}" } });
    }
    const responses = await Promise.all(
      requests.map(async (r: unknown) => {
        const item = (r !== null && typeof r === "object" ? r : {}) as Record<string, unknown>;
        const sub = (item.body !== null && typeof item.body === "object" ? item.body : {}) as Record<string, unknown>;
        const headers = (item.headers !== null && typeof item.headers === "object" ? item.headers : {}) as Record<string, unknown>;
        const prefer = typeof headers.prefer === "string" ? headers.prefer : typeof headers.Prefer === "string" ? headers.Prefer : undefined;
        let reply: Reply;
        try {
          reply = await runQuery(sub.query, sub.timespan, timeLimit(prefer));
        } catch (e) {
          reply = e instanceof HttpProblem ? { status: e.status, body: errorBody(e.error) } : { status: 500, body: errorBody({ code: "InternalServerError", message: "failed" }) };
        }
        return { id: item.id, status: reply.status, body: JSON.parse(reply.body) as unknown };
      }),
    );
    return { status: 200, body: JSON.stringify({ responses }) };
  }

  function replyFor(outcome: PoolOutcome): Reply {
    if (outcome.ok) return { status: 200, body: outcome.body };
    if ("busy" in outcome) {
      throw new HttpProblem(429, { code: "TooManyRequests", message: `Too many concurrent queries: ${outcome.reason}. Retry later.` }, { "retry-after": "1" });
    }
    if ("timedOut" in outcome) {
      throw new HttpProblem(504, { code: "GatewayTimeout", message: `The query exceeded its time limit of ${outcome.limitMs / 1000} s and was stopped.` });
    }
    return { status: 400, body: queryErrorBody(outcome.failure) };
  }

  function checkToken(req: http.IncomingMessage): void {
    if (expectedToken === null) return;
    const header = req.headers.authorization;
    if (!header) {
      req.resume();
      throw new HttpProblem(401, { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." }, { "www-authenticate": "Bearer" });
    }
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1].trim()), expectedToken)) {
      req.resume();
      throw new HttpProblem(403, { code: "InvalidAuthenticationToken", message: "The access token is invalid." });
    }
  }

  function timeLimit(prefer: string | string[] | undefined): number {
    const text = Array.isArray(prefer) ? prefer.join(",") : (prefer ?? "");
    const m = /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(text);
    if (!m) return options.queryTimeoutMs;
    return Math.max(1, Math.min(options.queryTimeoutMs, Number(m[1]) * 1000));
  }

  function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const limit = options.maxBodyBytes;
    const tooLarge = () =>
      new HttpProblem(413, { code: "RequestEntityTooLarge", message: `The request body exceeds the limit of ${limit} bytes.` }, { connection: "close" });
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? "0");
      let size = 0;
      let over = declared > limit;
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) over = true;
        if (over) {
          // Keep draining so the client reads the 413 instead of a reset; give up on abuse.
          if (size > limit * 4) req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on("error", reject);
      req.on("end", () => {
        if (over) return reject(tooLarge());
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
          resolve(parsed as Record<string, unknown>);
        } catch {
          reject(new HttpProblem(400, { code: "BadArgumentError", message: "The request body is not a JSON object." }));
        }
      });
    });
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => void handler(req, res);
  const server = createHttpServer(options, listener);
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 0;
  await listen(server, options);
  // Workers start only once the port is ours, so a failed start leaves no thread behind.
  const running = new WorkerPool({
    workers: options.concurrency,
    maxQueue: options.maxQueue,
    queueTimeoutMs: options.queueTimeoutMs,
    workerUrl: new URL("./worker.js", import.meta.url),
    setup: { fixturesDir: options.fixturesDir, schemasDir: options.schemasDir },
  });
  pool = running;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${options.tls ? "https" : "http"}://${host}:${address.port}/v1`;
  return {
    url,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await running.close();
    },
  };
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

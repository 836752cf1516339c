/** `kustodian serve`: a local Log-Analytics-compatible query endpoint over fixture tables. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

interface ServeCommandOptions {
  readonly fixtures?: string;
  readonly host: string;
  readonly port: string;
  readonly token?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly now?: string;
  readonly concurrency: string;
  readonly queue: string;
  readonly maxBody: string;
  readonly queryTimeout: string;
  readonly config?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min}, got '${text}'`);
  return n;
}

export function register(program: Command): void {
  program
    .command("serve")
    .description("serve a Log-Analytics-compatible query API over local fixture tables (for the SDK, notebooks, `kustodian query`)")
    .option("--fixtures <dir>", "folder whose <Table>.jsonl/.csv/.json files are the workspace's tables")
    .option("--host <host>", "address to listen on (loopback by default)", "127.0.0.1")
    .option("--port <port>", "port (0: any free port)", "0")
    .option("--token <token>", "require 'Authorization: Bearer <token>' (default: KUSTODIAN_SERVE_TOKEN, else no check)")
    .option("--tls-cert <file>", "serve https with this PEM certificate (the Azure SDK sends tokens only over https)")
    .option("--tls-key <file>", "PEM private key for --tls-cert")
    .option("--now <iso>", "fixed clock for now(), ago() and bare timespans, e.g. 2024-05-01T12:00:00Z")
    .option("--concurrency <n>", "queries evaluated at once (worker threads)", "2")
    .option("--queue <n>", "queries waiting before new ones get 429", "200")
    .option("--max-body <bytes>", "request body size limit (413 past it)", String(4 * 1024 * 1024))
    .option("--query-timeout <seconds>", "query time limit (504 past it; 'Prefer: wait=N' may lower it)", "180")
    .option("-c, --config <file>", "config file (for the schemas folder)")
    .action(async (options: ServeCommandOptions) => {
      const port = positiveInt("--port", options.port, 0);
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got '${options.port}'`);
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new UsageError("--tls-cert and --tls-key go together");
      const { readFileSync, existsSync } = await import("node:fs");
      const read = (flag: string, path: string) => {
        if (!existsSync(path)) throw new UsageError(`${flag}: ${path}: file not found`);
        return readFileSync(path);
      };
      let tls: { cert: Buffer; key: Buffer } | null = null;
      if (options.tlsCert && options.tlsKey) {
        tls = { cert: read("--tls-cert", options.tlsCert), key: read("--tls-key", options.tlsKey) };
        const { checkTlsPair, tlsHostWarning } = await import("../live/serve/tls.js");
        const problem = checkTlsPair(tls, { cert: options.tlsCert, key: options.tlsKey });
        if (problem) throw new UsageError(problem);
        const warning = tlsHostWarning(tls.cert, options.host);
        if (warning) process.stderr.write(`kustodian serve: warning: ${warning}\n`);
      }
      let now: bigint | null = null;
      if (options.now !== undefined) {
        const { parseInstant } = await import("../testing/time.js");
        const t = parseInstant(options.now);
        if (t === undefined) throw new UsageError(`--now: expected an ISO 8601 datetime such as 2024-05-01T12:00:00Z, got '${options.now}'`);
        now = t;
      }
      if (options.fixtures !== undefined) {
        const { statSync } = await import("node:fs");
        if (!existsSync(options.fixtures) || !statSync(options.fixtures).isDirectory()) throw new UsageError(`--fixtures: '${options.fixtures}' is not a folder`);
      }
      const token = options.token ?? process.env.KUSTODIAN_SERVE_TOKEN ?? null;
      if (!LOOPBACK.has(options.host)) {
        process.stderr.write(`kustodian serve: warning: listening on ${options.host}, not loopback: anyone who can reach it can query the fixtures${token ? "" : " (and no --token is set)"}\n`);
      }
      const { loadConfig } = await import("../config/load.js");
      const config = await loadConfig({ file: options.config });
      const { startServer, ServeStartError } = await import("../live/serve/server.js");
      const server = await startServer({
        host: options.host,
        port,
        token: token === "" ? null : token,
        tls,
        fixturesDir: options.fixtures ?? null,
        schemasDir: config.paths.schemas,
        concurrency: positiveInt("--concurrency", options.concurrency),
        maxQueue: positiveInt("--queue", options.queue, 0),
        queueTimeoutMs: 180_000,
        maxBodyBytes: positiveInt("--max-body", options.maxBody),
        queryTimeoutMs: positiveInt("--query-timeout", options.queryTimeout) * 1000,
        now,
      }).catch((e: unknown) => {
        throw e instanceof ServeStartError ? new UsageError(e.message, e.diagnostics) : e;
      });
      process.stdout.write(`kustodian serve: listening on ${server.url} (POST ${server.url}/workspaces/<any id>/query${token ? ", bearer token required" : ""}); Ctrl+C stops\n`);
      if (!tls) {
        process.stderr.write(
          "kustodian serve: note: plain http works for curl and notebooks, but `kustodian query`/`backtest`/`test --live` and the Azure SDK send tokens only over https: " +
            "restart with --tls-cert cert.pem --tls-key key.pem and set NODE_EXTRA_CA_CERTS=cert.pem for the client (docs/rooms/live.md, 'Local endpoint')\n",
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
    });
}

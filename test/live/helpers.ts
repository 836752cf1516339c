/**
 * Test plumbing for the live room: a self-signed TLS pair made with openssl, `kustodian serve`
 * started as the real bin over loopback, and a tiny TLS proxy in front of it that can inject a
 * response (a 429) or rewrite one (drop a row), so the real SDK meets real HTTP failures.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT } from "../helpers/run-cli.js";

export interface TlsPair {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

export function makeTlsPair(): TlsPair {
  const dir = mkdtempSync(join(tmpdir(), "kustodian-live-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ], { stdio: "ignore" });
  return { dir, certFile, keyFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `kustodian serve` (the built bin) and waits for its listening line. */
export function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve did not start: ${err}`));
    }, 20_000);
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /listening on (\S+\/v1)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        child,
        stderr: () => err,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}): ${err}`));
    });
  });
}

export interface ProxyReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

export interface Proxy {
  readonly url: string;
  /** Requests seen, in order: method and path. */
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * An https proxy to `upstream` (a serve URL ending in /v1). `intercept(n)` may answer request
 * n (1-based) itself; `rewrite` may change an upstream JSON body before it is returned.
 */
export async function startProxy(
  tls: TlsPair,
  upstream: string,
  hooks: { intercept?: (n: number) => ProxyReply | undefined; rewrite?: (body: string) => string },
): Promise<Proxy> {
  const target = new URL(upstream);
  const seen: string[] = [];
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const own = hooks.intercept?.(seen.length);
      if (own) {
        res.writeHead(own.status, { "content-type": "application/json", ...own.headers });
        res.end(own.body);
        return;
      }
      const forward = https.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host }, ca: tls.cert },
        (up) => {
          const parts: Buffer[] = [];
          up.on("data", (c: Buffer) => parts.push(c));
          up.on("end", () => {
            let body = Buffer.concat(parts).toString("utf8");
            if (hooks.rewrite && up.statusCode === 200) body = hooks.rewrite(body);
            const headers = { ...up.headers, "content-length": String(Buffer.byteLength(body)) };
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(body);
          });
        },
      );
      forward.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

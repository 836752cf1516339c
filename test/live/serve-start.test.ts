/**
 * `kustodian serve` start-up failures through the real bin: each one is a usage error (exit 2)
 * that names the flag or file at fault, and the process exits instead of hanging on its
 * worker threads. Needs `npm run build`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { makeTlsPair, removeDir, type TlsPair } from "./helpers.js";

let tls: TlsPair;
let other: TlsPair;

beforeAll(() => {
  tls = makeTlsPair();
  other = makeTlsPair();
});

afterAll(() => {
  if (tls) removeDir(tls.dir);
  if (other) removeDir(other.dir);
});

/** Fails the test instead of hanging when the process does not exit by itself. */
async function serveExits(args: readonly string[]) {
  const result = await Promise.race([
    runCli(["serve", ...args]),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("serve did not exit")), 15_000)),
  ]);
  return result;
}

describe("kustodian serve start-up errors", () => {
  it("names swapped certificate and key files", async () => {
    const r = await serveExits(["--tls-cert", tls.keyFile, "--tls-key", tls.certFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--tls-cert ${tls.keyFile}: not a PEM certificate`);
    expect(r.stderr).toContain("swapped");
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toContain("PEM routines");
  });

  it("names a key that is not the certificate's", async () => {
    const r = await serveExits(["--tls-cert", tls.certFile, "--tls-key", other.keyFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--tls-key ${other.keyFile} is not the private key of --tls-cert ${tls.certFile}`);
  });

  it("says the port is in use and exits", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await serveExits(["--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} is in use`);
      expect(r.stderr).not.toContain("EADDRINUSE");
      expect(r.stdout).not.toContain("listening");
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("fails on a fixture file that does not load, at its line, before listening", async () => {
    const dir = join(tls.dir, "fixtures");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "MyEvents.jsonl"), '{"TimeGenerated":"2024-01-01T00:00:00Z","A":1}\n{"TimeGenerated":"2024-01-01T00:00:00Z","A": }\n');
    const r = await serveExits(["--fixtures", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MyEvents\.jsonl:2:\d+: error: invalid JSON/);
    expect(r.stderr).toContain(`--fixtures ${dir}: a table file does not load`);
    expect(r.stdout).not.toContain("listening");
  });
});

// `kustodian serve` under load: 50 concurrent clients over loopback TLS with a bearer token for
// 30 s (KUSTODIAN_BENCH_SECONDS to change), each posting fixture queries back to back. Reports
// throughput, latency percentiles and failed/lost requests (the goal: none), and the ratio to
// the same queries evaluated directly in this process (the reference: no HTTP, one thread).
// The loop is bounded in time and count and stops by itself.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { startServer, SERVE_DEFAULTS } = await import(join(root, "dist/live/serve/server.js"));
const engine = await import(join(root, "dist/engine/index.js"));
const { loadSchemas } = await import(join(root, "dist/schema/registry.js"));
const { FixtureWorkspace } = await import(join(root, "dist/live/serve/tables.js"));

const SECONDS = Number(process.env.KUSTODIAN_BENCH_SECONDS ?? 30);
const CLIENTS = 50;
const MAX_REQUESTS = 5_000_000;
const FIXTURES = join(root, "fixtures/aadinternals-backdoor-cmdlet/scenario");
const TOKEN = "bench-token";
const QUERIES = [
  "DeviceProcessEvents | summarize n = count() by DeviceName | order by n desc",
  "DeviceProcessEvents | where ProcessCommandLine has 'AADInt' | project TimeGenerated, DeviceName, ProcessCommandLine",
  "Event | where EventID == 4104 | extend Text = extract('<Data Name=\"ScriptBlockText\">([^<]*)</Data>', 1, EventData) | where isnotempty(Text) | take 20",
  "union DeviceEvents, DeviceProcessEvents | summarize count() by bin(TimeGenerated, 1h)",
];

const dir = mkdtempSync(join(tmpdir(), "kustodian-bench-serve-"));
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
const cert = readFileSync(join(dir, "cert.pem"));
const key = readFileSync(join(dir, "key.pem"));

// Reference: the same queries evaluated directly, sequentially, for a few seconds.
const workspace = new FixtureWorkspace(FIXTURES, loadSchemas(null));
const refEnd = performance.now() + Math.min(5, SECONDS) * 1000;
let refCount = 0;
while (performance.now() < refEnd) {
  const q = QUERIES[refCount % QUERIES.length];
  engine.evaluate(q, { tables: workspace.lookup(null) });
  refCount++;
}
const refRate = refCount / Math.min(5, SECONDS);

const server = await startServer({
  ...SERVE_DEFAULTS,
  token: TOKEN,
  tls: { cert, key },
  fixturesDir: FIXTURES,
  schemasDir: null,
  now: null,
});
const agent = new https.Agent({ keepAlive: true, maxSockets: CLIENTS, ca: cert });
const url = new URL(`${server.url}/workspaces/bench/query`);

function post(body) {
  return new Promise((resolve) => {
    const req = https.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          let ok = res.statusCode === 200;
          if (ok) {
            try {
              ok = Array.isArray(JSON.parse(Buffer.concat(chunks).toString("utf8")).tables);
            } catch {
              ok = false;
            }
          }
          resolve({ ok, status: res.statusCode });
        });
        res.on("error", () => resolve({ ok: false, status: "response error" }));
      },
    );
    req.on("error", (e) => resolve({ ok: false, status: e.code ?? "error" }));
    req.end(body);
  });
}

let sent = 0;
let answered = 0;
let failed = 0;
const statuses = new Map();
const latencies = [];
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, c) => {
    let i = c;
    while (performance.now() < deadline && sent < MAX_REQUESTS) {
      const body = JSON.stringify({ query: QUERIES[i++ % QUERIES.length], timespan: "P3650D" });
      sent++;
      const t0 = performance.now();
      const r = await post(body);
      latencies.push(performance.now() - t0);
      answered++;
      if (!r.ok) {
        failed++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
await server.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const rate = answered / elapsed;
console.log(`serve: ${CLIENTS} clients, ${elapsed.toFixed(1)} s, https + bearer token, ${SERVE_DEFAULTS.concurrency} query workers`);
console.log(`requests: ${sent} sent, ${answered} answered, ${failed} failed, ${sent - answered} lost${statuses.size ? ` (${[...statuses].map(([s, n]) => `${s}: ${n}`).join(", ")})` : ""}`);
console.log(`throughput: ${rate.toFixed(0)} queries/s`);
console.log(`latency ms: p50 ${pct(50).toFixed(1)}, p90 ${pct(90).toFixed(1)}, p99 ${pct(99).toFixed(1)}, max ${latencies[latencies.length - 1].toFixed(1)}`);
console.log(`reference (same queries evaluated in-process, one thread): ${refRate.toFixed(0)} queries/s; serve / reference = ${(rate / refRate).toFixed(2)}x`);
const good = failed === 0 && sent === answered && answered > 0;
console.log(`goal: no failed or lost request: ${good ? "met" : "MISSED"}`);
process.exit(good ? 0 : 1);

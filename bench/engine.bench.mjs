// Engine benchmark: Kustodian's local KQL evaluator against DuckDB on the same 1,000,000-row
// SigninLogs-like JSON Lines file (generated deterministically under bench/.data/).
// Each engine runs in its own child process so peak memory (max RSS) is its own.
// Prints load time, query time (median of 3, data already loaded) and peak memory as ratios
// to DuckDB. `ROWS=200000 npm run bench -- engine` for a quicker run.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.ROWS ?? 1_000_000);
const DATA = join(here, ".data", "engine", `signinlogs-${ROWS}.jsonl`);
// The clock of the workloads: the end of the generated time range.
const NOW = "2024-05-15T00:00:00Z";
const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;

/** mulberry32: small deterministic PRNG, so the file is byte-identical on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(path, rows) {
  mkdirSync(dirname(path), { recursive: true });
  const rnd = prng(42);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join("");
  const users = Array.from({ length: 5000 }, (_, i) => `user${i}@contoso.com`);
  const userIps = users.map(() => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`));
  const apps = ["Azure Portal", "Microsoft Teams", "Office 365 Exchange Online", "Microsoft Graph", "OneDrive", "SharePoint Online", "Azure CLI", "Microsoft Authentication Broker", "Outlook Mobile", "Power BI", ...Array.from({ length: 20 }, (_, i) => `LOB App ${i}`)];
  const results = ["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "50126", "50074", "53003", "500121", "50140"];
  const agents = [
    ...Array.from({ length: 190 }, (_, i) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (i % 30)}.0.${i}.0 Safari/537.36`),
    "python-requests/2.31.0", "python-requests/2.28.1", "Python/3.11 aiohttp/3.9.1", "curl/8.4.0", "PowerShell/7.4", "AADInternals", "Go-http-client/1.1", "okhttp/4.9.2", "Dalvik/2.1.0", "WindowsPowerShell/5.1",
  ];
  const cities = Array.from({ length: 300 }, (_, i) => ({ city: i === 0 ? "Paris" : i === 1 ? "Lagos" : `City${i}`, state: `State${i % 60}`, countryOrRegion: ["FR", "NG", "US", "DE", "GB", "IN", "BR", "JP"][i % 8], geoCoordinates: { latitude: Math.round((rnd() * 180 - 90) * 1e4) / 1e4, longitude: Math.round((rnd() * 360 - 180) * 1e4) / 1e4 } }));
  const clientApps = ["Browser", "Mobile Apps and Desktop clients", "Exchange ActiveSync", "Other clients", "IMAP4", "SMTP", "POP3"];
  const caStatus = ["success", "notApplied", "failure"];
  const out = createWriteStream(path);
  const start = NOW_MS - 14 * DAY_MS;
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const u = Math.floor(rnd() ** 2 * users.length);
    // Mostly a known IP of the user; sometimes a new one (what W2 looks for).
    const ip = rnd() < 0.97 ? pick(userIps[u]) : `${Math.floor(rnd() * 223) + 1}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const t = new Date(start + Math.floor((i / rows) * 14 * DAY_MS + rnd() * 1000)).toISOString();
    const rec = {
      TimeGenerated: t,
      UserPrincipalName: users[u],
      IPAddress: ip,
      AppDisplayName: pick(apps),
      ResultType: pick(results),
      UserAgent: pick(agents),
      LocationDetails: cities[(u * 7 + (rnd() < 0.1 ? Math.floor(rnd() * 300) : 0)) % 300],
      ClientAppUsed: pick(clientApps),
      ConditionalAccessStatus: pick(caStatus),
      CorrelationId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    };
    buf += `${JSON.stringify(rec)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

const KQL = {
  W1: 'SigninLogs | where AppDisplayName == "Azure Portal" and ResultType == "0" | summarize count(), dcount(IPAddress) by UserPrincipalName',
  W2: `SigninLogs | where TimeGenerated > ago(1d)
| join kind=leftanti (SigninLogs | where TimeGenerated between (ago(14d) .. ago(1d)) | distinct UserPrincipalName, IPAddress) on UserPrincipalName, IPAddress`,
  W3: 'SigninLogs | extend City = tostring(LocationDetails.city) | where UserAgent has "python" or City in~ ("paris", "lagos")',
};

const SQL = {
  W1: `SELECT UserPrincipalName, count(*) AS count_, count(DISTINCT IPAddress) AS dcount_IPAddress FROM SigninLogs
       WHERE AppDisplayName = 'Azure Portal' AND ResultType = '0' GROUP BY UserPrincipalName`,
  W2: `SELECT s.* FROM SigninLogs s WHERE s.TimeGenerated > TIMESTAMP '${NOW.slice(0, 19).replace("T", " ")}' - INTERVAL 1 DAY
       AND NOT EXISTS (SELECT 1 FROM SigninLogs b WHERE b.TimeGenerated BETWEEN TIMESTAMP '${NOW.slice(0, 19).replace("T", " ")}' - INTERVAL 14 DAY AND TIMESTAMP '${NOW.slice(0, 19).replace("T", " ")}' - INTERVAL 1 DAY
       AND b.UserPrincipalName = s.UserPrincipalName AND b.IPAddress = s.IPAddress)`,
  W3: `SELECT * FROM (SELECT *, json_extract_string(LocationDetails, '$.city') AS City FROM SigninLogs)
       WHERE regexp_matches(UserAgent, '(^|[^[:alnum:]])python($|[^[:alnum:]])', 'i') OR lower(City) IN ('paris', 'lagos')`,
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Child: Kustodian. */
async function childKustodian() {
  const engine = await import(join(here, "../dist/engine/index.js"));
  const { loadSchemas } = await import(join(here, "../dist/schema/registry.js"));
  const { parseDateTime } = await import(join(here, "../dist/engine/literals.js"));
  const schema = loadSchemas(null).get("SigninLogs");
  // Only the ten generated columns: the bench compares like with like.
  const cols = ["TimeGenerated", "UserPrincipalName", "IPAddress", "AppDisplayName", "ResultType", "UserAgent", "LocationDetails", "ClientAppUsed", "ConditionalAccessStatus", "CorrelationId"];
  const typed = { name: "SigninLogs", columns: cols.map((n) => schema.columns.find((c) => c.name === n)) };
  const t0 = performance.now();
  const table = engine.loadTableFile(DATA, { name: "SigninLogs", schema: typed });
  const load = performance.now() - t0;
  const now = parseDateTime(NOW);
  const out = { load, queries: {}, rows: {} };
  for (const [k, q] of Object.entries(KQL)) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const r = engine.evaluate(q, { tables: (n) => (n === "SigninLogs" ? table : undefined), now });
      times.push(performance.now() - s);
      out.rows[k] = r.tables[0].rows.length;
    }
    out.queries[k] = median(times);
  }
  out.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out));
}

/** Child: DuckDB. */
async function childDuckDb() {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const t0 = performance.now();
  await conn.run(`CREATE TABLE SigninLogs AS SELECT * FROM read_json('${DATA}', format='newline_delimited', columns={
    TimeGenerated: 'TIMESTAMP', UserPrincipalName: 'VARCHAR', IPAddress: 'VARCHAR', AppDisplayName: 'VARCHAR',
    ResultType: 'VARCHAR', UserAgent: 'VARCHAR', LocationDetails: 'JSON', ClientAppUsed: 'VARCHAR',
    ConditionalAccessStatus: 'VARCHAR', CorrelationId: 'VARCHAR'})`);
  const load = performance.now() - t0;
  // For context only: the same load on one thread (Kustodian's loader is single-threaded).
  await conn.run("SET threads = 1");
  const t1 = performance.now();
  await conn.run(`CREATE TABLE SigninLogs1 AS SELECT * FROM read_json('${DATA}', format='newline_delimited', columns={
    TimeGenerated: 'TIMESTAMP', UserPrincipalName: 'VARCHAR', IPAddress: 'VARCHAR', AppDisplayName: 'VARCHAR',
    ResultType: 'VARCHAR', UserAgent: 'VARCHAR', LocationDetails: 'JSON', ClientAppUsed: 'VARCHAR',
    ConditionalAccessStatus: 'VARCHAR', CorrelationId: 'VARCHAR'})`);
  const loadOneThread = performance.now() - t1;
  await conn.run("DROP TABLE SigninLogs1");
  await conn.run("RESET threads");
  const out = { load, loadOneThread, queries: {}, rows: {} };
  for (const [k, q] of Object.entries(SQL)) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const reader = await conn.runAndReadAll(q);
      const rows = reader.getRows();
      times.push(performance.now() - s);
      out.rows[k] = rows.length;
    }
    out.queries[k] = median(times);
  }
  out.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out));
}

function runChild(which) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), which], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${which} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function main() {
  const role = process.argv[2];
  if (role === "kustodian") return childKustodian();
  if (role === "duckdb") return childDuckDb();
  if (!existsSync(join(here, "../dist/engine/index.js"))) throw new Error("run `npm run build` first");
  if (!existsSync(DATA)) {
    const g = performance.now();
    await generate(DATA, ROWS);
    console.log(`generated ${DATA} in ${((performance.now() - g) / 1000).toFixed(1)} s`);
  }
  const sizeMb = statSync(DATA).size / (1 << 20);
  console.log(`data: ${ROWS.toLocaleString("en-US")} rows, ${sizeMb.toFixed(0)} MB JSON Lines`);
  const duck = runChild("duckdb");
  const kus = runChild("kustodian");
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const line = (label, k, d, goal) => console.log(`${label.padEnd(18)} kustodian ${k.padStart(10)}   duckdb ${d.padStart(10)}   ratio ${goal}`);
  const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
  line("load", fmt(kus.load), fmt(duck.load), `${ratio(kus.load, duck.load)} (goal <= 2.5x)`);
  line("load, 1 thread", fmt(kus.load), fmt(duck.loadOneThread), `${ratio(kus.load, duck.loadOneThread)} vs DuckDB on one thread, for context`);
  for (const w of Object.keys(KQL)) {
    const same = kus.rows[w] === duck.rows[w] ? "same rows" : `ROWS DIFFER: ${kus.rows[w]} vs ${duck.rows[w]}`;
    line(`${w} query`, fmt(kus.queries[w]), fmt(duck.queries[w]), `${ratio(kus.queries[w], duck.queries[w])} (goal <= 2x; ${kus.rows[w]} rows, ${same})`);
  }
  line("peak memory", `${kus.maxRssMb.toFixed(0)} MB`, `${duck.maxRssMb.toFixed(0)} MB`, `${ratio(kus.maxRssMb, duck.maxRssMb)}; kustodian/file ${ratio(kus.maxRssMb, sizeMb)} (goal < 3x file)`);
}

await main();

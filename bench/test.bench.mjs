// `kustodian test` at scale: 1,000 generated detections with two cases each (one alerting, one
// quiet, inline rows), written to bench/.data/. Measures the whole CLI run (goal: < 10 s) and,
// in process, the phases: load (bundle + import the detection files), compile (parse + print
// of the queries), prepare (cases and fixtures), evaluate (run + check). The reference is the
// evaluator's floor measured in the same process: `print x = 1` evaluated once per case.
// Run against the built dist/: `npm run build && npm run bench -- test`.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "bench/.data/test-bench");
const COUNT = Number(process.env.KUSTODIAN_BENCH_DETECTIONS ?? 1000);
const GOAL_MS = 10_000;

const OPERATIONS = ["Register connector", "Set domain authentication", "Add service principal", "Update application", "Add owner to application"];

/** One generated detection: a raw-KQL rule over AuditLogs with a varying filter and shape. */
function detectionFile(i) {
  const op = OPERATIONS[i % OPERATIONS.length];
  const actor = `adm${i}@contoso.com`;
  const shape = i % 3;
  const query =
    shape === 0
      ? `AuditLogs
| where OperationName == "${op}" and Result == "success"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName)
| where Actor endswith "@contoso.com"
| project TimeGenerated, Actor, OperationName`
      : shape === 1
        ? `AuditLogs
| where OperationName has "${op.split(" ")[0]}" and Result =~ "success"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName)
| summarize Count = count(), LastSeen = max(TimeGenerated) by Actor, OperationName
| where Count >= 1`
        : `AuditLogs
| where OperationName in ("${op}", "Bench operation ${i}") and Result == "success"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].displayName)
| where isnotempty(Target)
| project TimeGenerated, Actor, Target, OperationName`;
  const row = (minutes, result) =>
    `{ TimeGenerated: "2024-05-01T11:${String(minutes).padStart(2, "0")}:00Z", OperationName: "${op}", Result: "${result}", InitiatedBy: { user: { userPrincipalName: "${actor}" } }, TargetResources: [{ displayName: "T${i}" }] }`;
  return `import { detection, entity, kql } from "kustodian";

export default detection({
  id: "00000000-0000-4000-8000-${String(i).padStart(12, "0")}",
  name: "Bench detection ${i}",
  description: "Generated for the test-runner benchmark.",
  severity: "Medium",
  tactics: ["Persistence"],
  techniques: ["T1098"],
  version: "1.0.0",
  schedule: { frequency: "1h", lookback: "1h" },
  eventGrouping: "AlertPerResult",
  query: kql\`${query}\`,
  entities: [entity("Account", { FullName: "Actor" })],
  tests: [
    {
      name: "alerts on the operation",
      now: "2024-05-01T12:00:00Z",
      tables: { AuditLogs: [${row(10, "success")}, ${row(20, "failure")}] },
      alerts: 1,
      rows: [{ Actor: "${actor}" }],
      entities: [{ type: "Account", FullName: "${actor}" }],
    },
    {
      name: "quiet on failures",
      now: "2024-05-01T12:00:00Z",
      tables: { AuditLogs: [${row(30, "failure")}] },
      alerts: 0,
    },
  ],
});
`;
}

function generate() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, "detections"), { recursive: true });
  mkdirSync(join(DIR, "fixtures"), { recursive: true });
  writeFileSync(join(DIR, "kustodian.config.json"), "{}\n");
  for (let i = 0; i < COUNT; i++) writeFileSync(join(DIR, "detections", `bench-${String(i).padStart(4, "0")}.ts`), detectionFile(i));
}

const ms = (t0) => performance.now() - t0;
const fmt = (x) => `${x.toFixed(0).padStart(7)} ms`;

generate();
console.log(`${COUNT} detections, ${COUNT * 2} cases in ${DIR.replace(ROOT, "")}`);

// 1. The whole command, as a user runs it.
let t0 = performance.now();
const cli = spawnSync(process.execPath, [join(ROOT, "bin/kustodian.js"), "test"], { cwd: DIR, encoding: "utf8" });
const cliMs = ms(t0);
const closing = cli.stdout.trim().split("\n").at(-1);
if (cli.status !== 0) {
  console.error(cli.stdout.slice(-2000), cli.stderr.slice(-2000));
  throw new Error(`kustodian test exited ${cli.status}`);
}

// 2. The phases, in process.
const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const [{ loadConfig }, { loadSchemas }, { loadDetections }, kql, engine, testing] = await Promise.all([
  dist("config/load.js"),
  dist("schema/registry.js"),
  dist("dsl/load.js"),
  dist("kql/index.js"),
  dist("engine/index.js"),
  dist("testing/index.js"),
]);
process.chdir(DIR);
t0 = performance.now();
const config = await loadConfig({ cwd: DIR });
const schemas = loadSchemas(config.paths.schemas);
const loaded = await loadDetections({ dir: config.paths.detections, schemas });
const loadMs = ms(t0);
if (loaded.detections.length !== COUNT) throw new Error(`loaded ${loaded.detections.length} of ${COUNT} detections`);

t0 = performance.now();
for (const d of loaded.detections) kql.print(kql.parse(d.kql).script);
const compileMs = ms(t0);

t0 = performance.now();
const report = await testing.runDetectionTests(loaded.detections, { fixturesDir: config.paths.fixtures, schemas, cwd: DIR });
const testMs = ms(t0);
if (!report.ok) throw new Error("generated detections failed their cases");

t0 = performance.now();
const none = () => undefined;
for (let i = 0; i < COUNT * 2; i++) engine.evaluate("print x = 1", { tables: none });
const floorMs = ms(t0);

const phasesMs = loadMs + compileMs + testMs;
console.log("in-process phase                       time   share");
const row = (name, t) => console.log(`${name.padEnd(34)}${fmt(t)}   ${((t / phasesMs) * 100).toFixed(1)}%`);
row("load (bundle + import detections)", loadMs);
row("compile (parse + print queries)", compileMs);
row("prepare (cases, fixture rows)", report.phases.prepare);
row("evaluate (run + check alerts)", report.phases.evaluate);
row("phases total", phasesMs);
console.log(`reference: 'print x = 1' x${COUNT * 2} ${fmt(floorMs)}   evaluate phase = ${(report.phases.evaluate / floorMs).toFixed(1)}x reference`);
console.log(`kustodian test, whole CLI run    ${fmt(cliMs)}   ${(cliMs / GOAL_MS).toFixed(2)}x the 10 s goal: ${cliMs < GOAL_MS ? "met" : "MISSED"}`);
console.log(`CLI closing line: ${closing}`);

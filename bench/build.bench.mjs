// `kustodian build` at scale: 1,000 generated compiled detections through every target (KQL,
// Sentinel YAML, ARM per rule + bundle, Sigma + pipeline, docs) with template rendering and
// schema validation, as `buildArtifacts` does it, then written to disk by `writeArtifacts`.
// Goal: under 5 s. The reference, measured in the same process on the same detections, is the
// floor of any build: serialising each detection's spec and query to JSON once.
// Run against the built dist/: `npm run build && npm run bench -- build`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, print } from "../dist/kql/index.js";
import { buildArtifacts, writeArtifacts } from "../dist/targets/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "bench/.data/build/generated");
const COUNT = Number(process.env.KUSTODIAN_BENCH_DETECTIONS ?? 1000);
const GOAL_MS = 5000;

const OPS = ["Set domain authentication", "Set federation settings on domain", "Register connector", "Add service principal", "Update application"];
const QUERIES = [
  (op) => `AuditLogs\n| where OperationName == "${op}" and Result =~ "success"\n| extend Actor = tostring(InitiatedBy.user.userPrincipalName)\n| project TimeGenerated, OperationName, Actor`,
  () => `SigninLogs\n| where ResultType != "0" and AppDisplayName in~ ("Azure Portal", "Microsoft Graph")\n| summarize count() by UserPrincipalName, IPAddress\n| where count_ > 10\n| extend Actor = UserPrincipalName`,
  (op) => `AuditLogs\n| where OperationName has "${op}"\n| extend Actor = tostring(InitiatedBy.user.userPrincipalName)`,
  () => `DeviceProcessEvents\n| where ProcessCommandLine contains "Install-AADIntPTASpy" or FolderPath endswith "\\\\PTASpy.dll"\n| extend Actor = AccountName`,
];

function detection(i) {
  const query = QUERIES[i % QUERIES.length](OPS[i % OPS.length]);
  const { script, diagnostics } = parse(query);
  if (diagnostics.length) throw new Error(diagnostics[0].message);
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  return {
    slug: `rule-${String(i).padStart(4, "0")}`,
    file: `/bench/detections/rule-${i}.ts`,
    ast: script,
    kql: print(script),
    outputSchema: [],
    queryOrigin: null,
    spec: {
      id,
      name: `Generated rule ${i}: ${OPS[i % OPS.length]}`,
      description: `Synthetic benchmark detection ${i}, watching ${OPS[i % OPS.length]}.`,
      severity: ["Low", "Medium", "High"][i % 3],
      kind: i % 5 === 0 ? "NRT" : "Scheduled",
      tactics: ["PrivilegeEscalation", "DefenseEvasion"],
      techniques: ["T1484.002"],
      version: "1.0.0",
      author: "bench",
      entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] }],
      customDetails: { Actor: "Actor" },
      falsePositives: ["Administrators changing federation on purpose"],
      tests: [{ name: "alerts", tables: {}, now: "2024-01-01T00:00:00Z", alerts: ">0" }],
      response: "Revert the change and investigate the actor.",
    },
  };
}

const detections = Array.from({ length: COUNT }, (_, i) => detection(i));

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

// Warm-up: compile schemas and templates once (as every real build pays once).
buildArtifacts(detections.slice(0, 4));

const reference = time(() => detections.map((d) => JSON.stringify({ spec: d.spec, kql: d.kql })).join("\n").length);
const timings = new Map();
const build = time(() => buildArtifacts(detections, { timings }));
rmSync(OUT, { recursive: true, force: true });
// Second reference: the filesystem's own cost of writing the same files (no temp dir, no swap).
const RAW = join(ROOT, "bench/.data/build/raw");
const rawWrite = time(() => {
  for (const dir of new Set([...build.value.keys()].map((p) => dirname(join(RAW, p))))) mkdirSync(dir, { recursive: true });
  for (const [p, content] of build.value) writeFileSync(join(RAW, p), content);
});
const write = time(() => writeArtifacts(OUT, build.value));
const check = time(() => writeArtifacts(OUT, build.value, { check: true }));
rmSync(join(ROOT, "bench/.data/build"), { recursive: true, force: true });

const total = build.ms + write.ms;
const row = (name, ms) => `${name.padEnd(26)}${ms.toFixed(1).padStart(10)}   ${(ms / reference.ms).toFixed(1).padStart(8)}x`;
console.log(`${COUNT} detections, ${build.value.size} files`);
console.log(`${"case".padEnd(26)}${"ms".padStart(10)}   ${"ratio".padStart(8)}`);
console.log(row("reference (JSON of specs)", reference.ms));
for (const [target, ms] of [...timings.entries()].sort()) console.log(row(`  target ${target}`, ms));
console.log(row("buildArtifacts", build.ms));
console.log(row("raw writeFileSync of files", rawWrite.ms));
console.log(row("writeArtifacts", write.ms));
console.log(row("writeArtifacts --check", check.ms));
console.log(`per detection: ${(build.ms / COUNT).toFixed(2)} ms build`);
console.log(`goal: build of ${COUNT} detections < ${GOAL_MS} ms: ${build.ms < GOAL_MS ? "met" : "MISSED"} (${build.ms.toFixed(0)} ms; with writing ${total.toFixed(0)} ms, of which the filesystem alone takes ${rawWrite.ms.toFixed(0)} ms)`);

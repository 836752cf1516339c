// Detection loading at scale: 1,000 generated detection files (half typed-builder rules, half
// raw `kql` rules, all importing a shared `_helpers.ts`) loaded and compiled by
// `loadDetections` (one esbuild bundle, imports, AST -> KQL, output columns, checks).
// Goal: well under 5 s. The reference, measured in the same process on the same files, is
// the floor of the approach: one esbuild build of the same entry points with nothing imported.
// Run against the built dist/: `npm run build && npm run bench -- dsl-load`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "bench/.data/dsl-load/detections");
const COUNT = Number(process.env.KUSTODIAN_BENCH_DETECTIONS ?? 1000);
const GOAL_MS = 5000;

const OPS = ["Register connector", "Set domain authentication", "Add service principal", "Update application", "Add owner to application"];

function uuid(i) {
  return `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

function builderRule(i) {
  const op = OPS[i % OPS.length];
  const shape = i % 3;
  const query =
    shape === 0
      ? `from(AuditLogs)
    .where((r) => r.OperationName.eq(${JSON.stringify(op)}).and(r.Result.eqCi("success")))
    .extend((r) => ({ Actor: r.InitiatedBy.path("user", "userPrincipalName").asString() }))
    .project("TimeGenerated", "Actor", "OperationName")`
      : shape === 1
        ? `from(SigninLogs)
    .where((r) => r.ResultType.eq("0").and(r.UserAgent.has(${JSON.stringify(`agent${i}`)})))
    .summarize((r) => ({ Count: count(), IPs: makeSet(r.IPAddress) }), ["UserPrincipalName"])
    .where((r) => r.Count.gt(${i % 7}))
    .extend((r) => ({ Actor: r.UserPrincipalName }))`
        : `from(AuditLogs)
    .where((r) => r.OperationName.in(ADMIN_OPS))
    .extend((r) => ({ Actor: r.InitiatedBy.path("user", "userPrincipalName").asString() }))
    .join("leftanti", from(SigninLogs).where((r) => r.TimeGenerated.gt(ago("14d"))).project((r) => ({ Actor: r.UserPrincipalName })), ["Actor"])
    .project("TimeGenerated", "Actor")`;
  return `import { AuditLogs, SigninLogs, ago, count, detection, entity, from, makeSet } from "kustodian";
import { ADMIN_OPS, BASE } from "./_helpers.js";
export default detection({
  ...BASE,
  id: "${uuid(i)}",
  name: "Builder rule ${i}",
  description: "Generated benchmark rule ${i}.",
  query: ${query},
  entities: [entity("Account", { FullName: "Actor" })],
});
`;
}

function rawRule(i) {
  const op = OPS[i % OPS.length];
  return `import { detection, entity, kql } from "kustodian";
import { BASE } from "./_helpers.js";
const op = ${JSON.stringify(op)};
export default detection({
  ...BASE,
  id: "${uuid(i)}",
  name: "Raw rule ${i}",
  description: "Generated benchmark rule ${i}.",
  query: kql\`
    AuditLogs
    | where OperationName == \${op} and Result == "success"
    | extend Actor = tostring(InitiatedBy.user.userPrincipalName)
    | summarize Count = count(), Last = max(TimeGenerated) by Actor, OperationName
    | where Count > ${i % 5}\`,
  entities: [entity("Account", { FullName: "Actor" })],
});
`;
}

function generate() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(
    join(DIR, "_helpers.ts"),
    `export const ADMIN_OPS = ["Add member to role", "Add owner to application", "Update application"];
export const BASE = { severity: "Medium", kind: "Scheduled", tactics: ["Persistence"], techniques: ["T1098"], version: "1.0.0" } as const;
`,
  );
  const files = [];
  for (let i = 0; i < COUNT; i++) {
    const sub = join(DIR, `group-${i % 10}`);
    mkdirSync(sub, { recursive: true });
    const file = join(sub, `rule-${String(i).padStart(4, "0")}.ts`);
    writeFileSync(file, (i % 2 === 0 ? builderRule(i) : rawRule(i)).replaceAll("./_helpers.js", "../_helpers.js"));
    files.push(file);
  }
  return files;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const files = generate();
const { loadDetections } = await import(join(ROOT, "dist/dsl/load.js"));
const { loadSchemas } = await import(join(ROOT, "dist/schema/registry.js"));
const esbuild = await import("esbuild");
const schemas = loadSchemas();

// Reference: the bundling floor (same entry points, same options, nothing imported).
const refTimes = [];
for (let run = 0; run < 3; run++) {
  const out = join(ROOT, "bench/.data/dsl-load/ref-out");
  const t0 = performance.now();
  await esbuild.build({
    entryPoints: files,
    outdir: out,
    outbase: DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    sourcemap: "inline",
    logLevel: "silent",
  });
  refTimes.push(performance.now() - t0);
  rmSync(out, { recursive: true, force: true });
}

const times = [];
const phases = [];
let result;
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  result = await loadDetections({ dir: DIR, schemas });
  times.push(performance.now() - t0);
  phases.push(result.timings);
}
if (result.diagnostics.length > 0) {
  console.error(result.diagnostics.slice(0, 5));
  process.exit(1);
}
const ms = median(times);
const ref = median(refTimes);
console.log(`detections loaded: ${result.detections.length} (${COUNT / 2} builder, ${COUNT / 2} raw kql)`);
console.log(`loadDetections:    ${ms.toFixed(0)} ms median of 3 (${((ms / COUNT) * 1000).toFixed(0)} µs per detection); goal < ${GOAL_MS} ms: ${ms < GOAL_MS ? "met" : "MISSED"}`);
const phase = (k) => median(phases.map((p) => p[k])).toFixed(0);
console.log(`phases (median):   bundle ${phase("bundle")} ms, import ${phase("import")} ms, compile ${phase("compile")} ms`);
console.log(`reference (esbuild bundle only, same files): ${ref.toFixed(0)} ms; ratio ${(ms / ref).toFixed(2)}x`);
process.exit(ms < GOAL_MS ? 0 : 1);

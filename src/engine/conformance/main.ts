/**
 * `npm run conformance`: runs the documentation corpus through the evaluator and prints pass
 * rates per operator/function and overall (geo, series and graph apart).
 *
 *   node dist/engine/conformance/main.js [--cases path] [--failures] [--json] [--write-pass-list]
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CaseResult, type Category, loadCases, runCase, summarise } from "./corpus.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_CASES = join(ROOT, "test/engine/conformance/cases.jsonl");
export const PASS_LIST = join(ROOT, "test/engine/conformance/passing.json");

function pct(pass: number, total: number): string {
  return total === 0 ? "-" : `${((100 * pass) / total).toFixed(1)}%`;
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf("--cases");
  const path = at >= 0 ? argv[at + 1] : DEFAULT_CASES;
  const cases = loadCases(path);
  const results: CaseResult[] = cases.map(runCase);
  if (argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  }
  const s = summarise(results);
  const topics = [...s.byTopic.entries()].sort((a, b) => a[1].category.localeCompare(b[1].category) || a[0].localeCompare(b[0]));
  const width = Math.max(...topics.map(([t]) => t.length));
  let lastCategory: Category | null = null;
  for (const [topic, r] of topics) {
    if (r.category !== lastCategory) {
      process.stdout.write(`\n[${r.category}]\n`);
      lastCategory = r.category;
    }
    process.stdout.write(`  ${topic.padEnd(width)}  ${String(r.pass).padStart(3)}/${String(r.total).padEnd(3)} ${pct(r.pass, r.total)}\n`);
  }
  process.stdout.write("\n");
  for (const cat of ["core", "geo", "series", "graph"] as const) {
    const c = s.byCategory.get(cat) ?? { pass: 0, total: 0 };
    process.stdout.write(`${cat.padEnd(7)} ${c.pass}/${c.total} ${pct(c.pass, c.total)}${cat === "core" ? "  (goal: 90%)" : ""}\n`);
  }
  const all = results.filter((r) => r.pass).length;
  process.stdout.write(`overall ${all}/${results.length} ${pct(all, results.length)}\n`);
  if (argv.includes("--failures")) {
    process.stdout.write("\nFailures (core):\n");
    for (const r of results) if (!r.pass && r.category === "core") process.stdout.write(`  ${r.id}: ${r.reason}\n`);
  }
  if (argv.includes("--write-pass-list")) {
    const ids = results.filter((r) => r.pass).map((r) => r.id);
    writeFileSync(PASS_LIST, `${JSON.stringify(ids, null, 1)}\n`);
    process.stdout.write(`wrote ${ids.length} passing case ids to ${PASS_LIST}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));

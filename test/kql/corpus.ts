/**
 * Query corpora for the parser tests: the KQL conformance cases (excerpts of the Kusto
 * documentation, CC BY 4.0: see test/engine/conformance/README.md for the attribution) and the
 * synthetic Sentinel-style queries in `fixtures/sentinel-queries.kql`.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface CorpusQuery {
  readonly id: string;
  readonly query: string;
}

/** The in-repo copy first, then the team's shared folder. */
const CONFORMANCE = [
  fileURLToPath(new URL("../engine/conformance/cases.jsonl", import.meta.url)),
  fileURLToPath(new URL("../../../shared/kql-conformance/cases.jsonl", import.meta.url)),
];
const SENTINEL = fileURLToPath(new URL("./fixtures/sentinel-queries.kql", import.meta.url));

/** The documented queries of the conformance corpus. */
export function conformanceQueries(): CorpusQuery[] {
  const path = CONFORMANCE.find((p) => existsSync(p));
  if (path === undefined) throw new Error(`KQL conformance corpus not found (looked in ${CONFORMANCE.join(", ")})`);
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; query: string })
    .map((c) => ({ id: c.id, query: c.query }));
}

/** The synthetic Sentinel-style queries, split on `// ====` title lines. */
export function sentinelQueries(): CorpusQuery[] {
  const text = readFileSync(SENTINEL, "utf8");
  const out: CorpusQuery[] = [];
  const re = /^\/\/ ==== (.*)$/gm;
  const heads = [...text.matchAll(re)];
  heads.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < heads.length ? (heads[i + 1].index ?? text.length) : text.length;
    out.push({ id: `sentinel: ${m[1]}`, query: text.slice(start, end).trim() });
  });
  return out;
}

/**
 * Conformance queries Kustodian does not parse, with the reason. The round-trip test and the
 * differential test against Microsoft's parser both check this list stays exact.
 */
export const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ...[
    "all-graph-function.md#1", "all-graph-function.md#2", "any-graph-function.md#1", "graph-mark-components-operator.md#2",
    "graph-match-operator.md#1", "graph-match-operator.md#3", "graph-shortest-paths-operator.md#1", "graph-shortest-paths-operator.md#2",
    "graph-to-table-operator.md#1", "inner-nodes-graph-function.md#1", "map-graph-function.md#1", "map-graph-function.md#2",
    "node-id.md#1", "tutorials/your-first-graph.md#1",
  ].map((id) => [id, "graph operators (make-graph, graph-match, ...) are outside Kustodian's scope: no AST node"] as const),
  ["array-iff-function.md#3", "datetime(...) inside dynamic(...) is rejected by design (see DynamicLit in ast.ts)"],
]);

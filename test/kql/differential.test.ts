/**
 * Differential test against Microsoft's parser (`@kusto/language-service-next`): on the
 * conformance corpus, the sample Sentinel queries and a fixed set of mutated queries, when the
 * official parser reports no syntax error ours must parse, and when it reports one ours must
 * reject. Every remaining disagreement must match a listed, explained category.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, print } from "../../src/kql/index.js";
import { officialSyntaxDiagnostics } from "../../src/kql/oracle.js";
import { arbScript } from "./arbitraries.js";
import { UNSUPPORTED, conformanceQueries, sentinelQueries } from "./corpus.js";
import { mutate, rng, tokenSoup } from "./mutate.js";

interface Verdict {
  readonly query: string;
  /** our first error message, or null when we parse it */
  readonly ours: string | null;
  /** the official parser's first syntax error, or null */
  readonly theirs: string | null;
}

/** Known disagreements on mutated text, each with the reason it is acceptable. */
const KNOWN: readonly { readonly reason: string; readonly matches: (v: Verdict) => boolean }[] = [
  {
    reason: "the official scanner reads digits glued to letters (`1abc`, `1dproject`) as a token and reports it only in semantic analysis; we reject the malformed literal",
    matches: (v) => v.theirs === null && /malformed number or timespan/.test(v.ours ?? ""),
  },
  {
    reason: "the official parser leaves a missing trailing element (`let` alone, `project-reorder` with no column, a cut-off expression) to semantic analysis",
    matches: (v) => v.theirs === null && /found end of query/.test(v.ours ?? ""),
  },
  {
    reason: "the official parser accepts an empty datatable cell (`[, 'a']`) and reports it later",
    matches: (v) => v.theirs === null && /literal value in the datatable, found ','/.test(v.ours ?? ""),
  },
  {
    reason: "by design, dynamic(...) holds JSON only (see DynamicLit in ast.ts): typed and timespan literals inside it are rejected",
    matches: (v) => v.theirs === null && /not supported inside dynamic/.test(v.ours ?? ""),
  },
  {
    reason: "the official parser accepts `name: value` pairs (its schema / named-parameter syntax) where an expression is expected",
    matches: (v) => v.theirs === null && /found ':'/.test(v.ours ?? ""),
  },
  {
    reason: "the official parser accepts any word after `join kind=` and checks it semantically; Kustodian rejects an unknown join kind while parsing",
    matches: (v) => v.theirs === null && /after join kind=/.test(v.ours ?? ""),
  },
  {
    reason: "text starting with '.' is a Kusto management command; Kustodian parses queries only",
    matches: (v) => v.theirs === null && v.query.trimStart().startsWith("."),
  },
  {
    reason: "the official parser accepts any token inside typeof(...) and checks the type name semantically",
    matches: (v) => v.theirs === null && /type name/.test(v.ours ?? "") && /typeof\(/.test(v.query),
  },
  {
    reason: "the official parser accepts a bracketed expression `[x]` (computed names) that semantic analysis then rejects",
    matches: (v) => v.theirs === null && /found '\['/.test(v.ours ?? ""),
  },
  {
    reason: "the official parser accepts a tabular operator with no input (`where x` alone, `let x = mv-expand ...`) and rejects it semantically",
    matches: (v) => v.theirs === null && new RegExp(`(found|^)'(${OPERATOR_WORDS})'`).test(v.ours ?? ""),
  },
  {
    reason: "the official parser accepts client directives (`#connect ...`) and a lone `@`; Kustodian parses plain queries",
    matches: (v) => v.theirs === null && /'(#|@)'/.test(v.ours ?? ""),
  },
];

const OPERATOR_WORDS = [
  "where", "filter", "project", "extend", "summarize", "join", "lookup", "union", "mv-expand", "mv-apply", "parse", "parse-where",
  "parse-kv", "evaluate", "top", "top-nested", "sort", "order", "take", "limit", "distinct", "count", "as", "invoke", "serialize",
  "sample", "sample-distinct", "render", "make-series", "getschema", "fork", "facet", "scan", "partition", "reduce", "consume",
  "project-away", "project-keep", "project-rename", "project-reorder", "project-by-names",
].join("|");

function verdict(query: string): Verdict {
  const ours = parse(query).diagnostics;
  const theirs = officialSyntaxDiagnostics(query);
  return { query, ours: ours.length ? ours[0].message : null, theirs: theirs.length ? theirs[0].message : null };
}

function agrees(v: Verdict): boolean {
  return (v.ours === null) === (v.theirs === null);
}

describe("differential test against Microsoft's KQL parser", () => {
  it("agrees on every conformance query, except the listed unsupported ones", () => {
    const problems: string[] = [];
    for (const c of conformanceQueries()) {
      const v = verdict(c.query);
      if (v.theirs !== null) problems.push(`${c.id}: the official parser rejects it (${v.theirs}): the corpus should be valid`);
      else if (v.ours !== null && !UNSUPPORTED.has(c.id)) problems.push(`${c.id}: we reject valid KQL: ${v.ours}`);
      else if (v.ours === null && UNSUPPORTED.has(c.id)) problems.push(`${c.id}: now parses, remove it from UNSUPPORTED`);
    }
    expect(problems).toEqual([]);
  });

  it("accepts the printed form of generated ASTs (the printer only writes valid KQL)", () => {
    const invalid: string[] = [];
    for (const script of fc.sample(arbScript, { numRuns: 400, seed: 7 })) {
      const text = print(script);
      const d = officialSyntaxDiagnostics(text);
      if (d.length) invalid.push(`${d[0].message} at ${JSON.stringify(text.slice(d[0].start, d[0].start + 30))}\n${text}`);
    }
    expect(invalid).toEqual([]);
  });

  it("agrees on every sample Sentinel query and on their canonical printing", () => {
    for (const q of sentinelQueries()) {
      expect(verdict(q.query), q.id).toMatchObject({ ours: null, theirs: null });
      const printed = print(parse(q.query).script);
      expect(verdict(printed), `${q.id}\n${printed}`).toMatchObject({ ours: null, theirs: null });
    }
  });

  it("agrees on mutated queries and token soup, up to the explained categories", () => {
    const base = [...conformanceQueries().filter((c) => !UNSUPPORTED.has(c.id)), ...sentinelQueries()].map((c) => c.query);
    const random = rng(20240601);
    const inputs: string[] = [];
    for (let i = 0; i < 1200; i++) inputs.push(mutate(base[Math.floor(random() * base.length)], random));
    for (let i = 0; i < 300; i++) inputs.push(tokenSoup(random));
    const unexplained: Verdict[] = [];
    const byReason = new Map<string, number>();
    let agreed = 0;
    for (const q of inputs) {
      const v = verdict(q);
      if (agrees(v)) {
        agreed++;
        continue;
      }
      const known = KNOWN.find((k) => k.matches(v));
      if (known) byReason.set(known.reason, (byReason.get(known.reason) ?? 0) + 1);
      else unexplained.push(v);
    }
    expect(unexplained.map((v) => `ours: ${v.ours ?? "accepted"}; official: ${v.theirs ?? "accepted"}\n${v.query}`)).toEqual([]);
    // most mutated inputs must agree outright; the categories are the exception
    expect(agreed / inputs.length).toBeGreaterThan(0.97);
  });
});

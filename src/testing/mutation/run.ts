/**
 * Mutation testing of one detection: every mutant of its compiled query is printed back to KQL
 * and run through the detection's cases. A mutant that makes some case fail is killed; one that
 * every case still passes has survived, and shows a gap in the tests. Mutants whose printed
 * query equals the original or an earlier mutant are dropped (they cannot be told apart).
 */
import type { Script } from "../../kql/ast.js";
import type { SchemaRegistry } from "../../schema/registry.js";
import type { Engine } from "../engine.js";
import { checkExpectations } from "../expect.js";
import { type PreparedCase, runPrepared } from "../runner.js";
import { lineDiff } from "./diff.js";
import { MUTATORS } from "./mutators.js";
import { type AnyNode, replaceAt, visit } from "./walk.js";

export interface Mutant {
  readonly mutator: string;
  readonly label: string;
  /** The mutated query, printed. */
  readonly query: string;
}

export interface MutantResult extends Mutant {
  /** `errored`: the mutated query failed to run; not counted in the score. */
  readonly status: "killed" | "survived" | "errored";
  /** The case that noticed the mutant. */
  readonly killedBy?: string;
  /** For survivors and errors: the KQL diff against the original. */
  readonly diff?: string;
  readonly error?: string;
}

export interface MutationResult {
  readonly total: number;
  readonly killed: number;
  readonly survived: number;
  readonly errored: number;
  /** killed / (killed + survived) in percent, one decimal; null when there is no mutant. */
  readonly score: number | null;
  readonly mutants: readonly MutantResult[];
}

/** All distinct mutants of a query, in a stable order (AST pre-order, then registry order). */
export function enumerateMutants(ast: Script, print: (ast: Script) => string, period: bigint): Mutant[] {
  const original = print(ast);
  const seen = new Set([original]);
  const out: Mutant[] = [];
  const root = ast as unknown as AnyNode;
  const sites: { index: number; mutator: string; label: string; node: AnyNode }[] = [];
  visit(root, (node, index, ctx) => {
    for (const mutator of MUTATORS) {
      for (const variant of mutator.variants({ node, ctx, period })) {
        sites.push({ index, mutator: mutator.id, label: variant.label, node: variant.node });
      }
    }
  });
  for (const site of sites) {
    const mutated = replaceAt(root, site.index, () => site.node) as unknown as Script;
    let query: string;
    try {
      query = print(mutated);
    } catch {
      continue; // not printable: not a KQL program
    }
    if (seen.has(query)) continue;
    seen.add(query);
    out.push({ mutator: site.mutator, label: site.label, query });
  }
  return out;
}

export function runMutations(
  engine: Engine,
  ast: Script,
  originalQuery: string,
  cases: readonly PreparedCase[],
  schemas: SchemaRegistry,
  period: bigint,
): MutationResult {
  const mutants = enumerateMutants(ast, (a) => engine.print(a), period);
  const results = mutants.map((mutant): MutantResult => {
    for (const prepared of cases) {
      let failed: boolean;
      try {
        const outcome = runPrepared(engine, prepared, mutant.query, schemas);
        failed = checkExpectations(prepared.loaded.case, outcome, prepared.loaded.locate).length > 0;
      } catch (e) {
        return {
          ...mutant,
          status: "errored",
          error: e instanceof Error ? e.message : String(e),
          diff: lineDiff(originalQuery, mutant.query),
        };
      }
      if (failed) return { ...mutant, status: "killed", killedBy: prepared.loaded.case.name };
    }
    return { ...mutant, status: "survived", diff: lineDiff(originalQuery, mutant.query) };
  });
  const killed = results.filter((r) => r.status === "killed").length;
  const survived = results.filter((r) => r.status === "survived").length;
  return {
    total: results.length,
    killed,
    survived,
    errored: results.length - killed - survived,
    score: scoreOf(killed, survived),
    mutants: results,
  };
}

export function scoreOf(killed: number, survived: number): number | null {
  const counted = killed + survived;
  return counted === 0 ? null : Math.round((killed / counted) * 1000) / 10;
}

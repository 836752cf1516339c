/**
 * The one place the test runner talks to the evaluator and the KQL printer, loaded lazily so
 * that `kustodian --help` never pays for them.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { ResultTable } from "../engine/evaluate.js";
import type { Table } from "../engine/table.js";
import type { KDateTime } from "../engine/values.js";
import type { Script } from "../kql/ast.js";

export interface Engine {
  /** Runs a query over the given tables at `now`; the first result table, or no rows. */
  run(
    query: string,
    tables: (name: string) => Table | undefined,
    now: KDateTime,
    file?: string,
    watchlist?: (alias: string) => Table | undefined,
  ): ResultTable;
  print(ast: Script): string;
}

let loaded: Promise<Engine> | undefined;
const MAX_PARSED = 5_000;

function first(result: { readonly tables: readonly ResultTable[] }): ResultTable {
  return result.tables[0] ?? { name: "result", columns: [], rows: [] };
}

export function loadEngine(): Promise<Engine> {
  loaded ??= (async () => {
    const [engine, kql] = await Promise.all([import("../engine/index.js"), import("../kql/index.js")]);
    // A case, its replay runs and every mutant run the same texts many times: parse each once.
    const parsed = new Map<string, Script>();
    return {
      run(query, tables, now, file, watchlist) {
        const options = { tables, now, ...(file ? { file } : {}), ...(watchlist ? { watchlist } : {}) };
        let script = parsed.get(query);
        if (script === undefined) {
          const result = kql.parse(query);
          if (result.diagnostics.length > 0) return first(engine.evaluate(query, options)); // throws, positioned
          if (parsed.size >= MAX_PARSED) parsed.clear();
          script = result.script;
          parsed.set(query, script);
        }
        try {
          return first(engine.evaluate(script, options));
        } catch {
          // Run the text again so the error carries line and column.
          return first(engine.evaluate(query, options));
        }
      },
      print: (ast) => kql.print(ast),
    };
  })();
  return loaded;
}

/** The positioned diagnostics an evaluator error carries, if any. */
export function diagnosticsOf(e: unknown): readonly Diagnostic[] {
  const d = (e as { diagnostics?: unknown } | null)?.diagnostics;
  return Array.isArray(d) ? (d as Diagnostic[]) : [];
}

/**
 * Semantic analysis of compiled queries with Microsoft's Kusto.Language: a workspace database
 * holding every table schema (built-in and custom), the functions declared in config and
 * Sentinel's `_GetWatchlist`, then `KustoCode.ParseAndAnalyze(kql).GetDiagnostics()`.
 */
import type { OutputColumn } from "../../dsl/model.js";
import type { SchemaRegistry } from "../../schema/registry.js";
import { type KGlobalState, type KSymbol, type KTableSymbol, kustoLanguage, listItems } from "./bridge.js";

export interface SemanticDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  /** Offset and length in the analyzed text. */
  readonly start: number;
  readonly length: number;
}

export interface SemanticAnalysis {
  readonly diagnostics: readonly SemanticDiagnostic[];
  /** The query's result columns as the analyzer infers them; null for a non-tabular result. */
  readonly outputSchema: readonly OutputColumn[] | null;
}

export interface Analyzer {
  analyze(kql: string): SemanticAnalysis;
}

/** Functions the workspace has besides its tables: name to output columns. */
export type FunctionDeclarations = Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;

/** Columns every watchlist has, whatever its own columns. */
const WATCHLIST_COLUMNS = "_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, WatchlistItem:dynamic";
const WATCHLIST_COLUMN_NAMES = new Set(["_DTItemId", "LastUpdatedTimeUTC", "SearchKey", "WatchlistItem"]);

/** `name` as a KQL identifier: bare when plain, `['...']` otherwise. */
function identifier(name: string): string {
  return /^[A-Za-z_][A-Za-z_0-9]*$/.test(name) ? name : `['${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
}

function schemaText(columns: readonly { readonly name: string; readonly type: string }[]): string {
  return `(${columns.map((c) => `${identifier(c.name)}:${c.type.toLowerCase()}`).join(", ")})`;
}

function buildGlobals(schemas: SchemaRegistry, functions: FunctionDeclarations): KGlobalState {
  const K = kustoLanguage();
  const S = K.Symbols;
  const members: KSymbol[] = [];
  const tables = new Map<string, KTableSymbol>();
  for (const t of schemas.tables) {
    const symbol = new S.TableSymbol.$ctor7(t.name, schemaText(t.columns), null);
    tables.set(t.name.toLowerCase(), symbol);
    members.push(symbol);
  }
  for (const [name, columns] of Object.entries(functions).sort(([a], [b]) => (a < b ? -1 : 1)))
    members.push(new S.FunctionSymbol.$ctor16(name, "()", `{ datatable${schemaText(columns)}[] }`, null));
  // _GetWatchlist('alias'): the custom schema named like the alias when there is one (plus the
  // standard watchlist columns), otherwise an open table so unknown watchlists raise no false errors.
  const openWatchlist = new S.TableSymbol.$ctor7("_GetWatchlist", `(${WATCHLIST_COLUMNS})`, null).WithIsOpen(true);
  const watchlists = new Map<string, KTableSymbol>();
  const watchlistTable = (alias: unknown): KTableSymbol => {
    if (typeof alias !== "string") return openWatchlist;
    const key = alias.toLowerCase();
    let symbol = watchlists.get(key);
    if (!symbol) {
      const schema = schemas.get(alias);
      if (!schema) return openWatchlist;
      const own = schema.columns.filter((c) => !WATCHLIST_COLUMN_NAMES.has(c.name));
      const text = own.length ? `(${WATCHLIST_COLUMNS}, ${schemaText(own).slice(1)}` : `(${WATCHLIST_COLUMNS})`;
      symbol = new S.TableSymbol.$ctor7(schema.name, text, null);
      watchlists.set(key, symbol);
    }
    return symbol;
  };
  if (!functions._GetWatchlist)
    members.push(
      new S.FunctionSymbol.ctor(
        "_GetWatchlist",
        (info) => watchlistTable(listItems(info.Arguments)[0]?.ConstantValue),
        S.Tabularity.Tabular,
        [new S.Parameter.$ctor2("watchlistAlias", S.ScalarTypes.String)],
      ),
    );
  return K.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.$ctor1("workspace", members, false));
}

const SEVERITY: Readonly<Record<string, SemanticDiagnostic["severity"]>> = { Error: "error", Warning: "warning" };

/** Builds an analyzer over the workspace's schemas; loads Kusto.Language on first call. */
export function createAnalyzer(schemas: SchemaRegistry, functions: FunctionDeclarations = {}): Analyzer {
  const globals = buildGlobals(schemas, functions);
  const K = kustoLanguage();
  return {
    analyze(kql) {
      const code = K.KustoCode.ParseAndAnalyze(kql, globals);
      const diagnostics = listItems(code.GetDiagnostics()).map((d) => ({
        code: d.Code ?? "KS000",
        severity: SEVERITY[d.Severity ?? ""] ?? "info",
        message: d.Message ?? "",
        start: d.HasLocation ? d.Start : 0,
        length: d.HasLocation ? d.Length : 0,
      }));
      const result = code.ResultType as KTableSymbol | null;
      const columns = result && "Columns" in result && result.Columns ? listItems(result.Columns) : null;
      return {
        diagnostics,
        outputSchema: columns ? columns.map((c) => ({ name: c.Name ?? "", type: c.Type?.Name ?? "unknown" })) : null,
      };
    },
  };
}

/**
 * The few parts of Microsoft's Kusto.Language (the `@kusto/language-service-next` Bridge.NET
 * build) that the validator uses, typed structurally: the package ships a 1.7 MB global
 * namespace declaration we neither want in every type-check nor at module boundaries.
 *
 * Loading it costs ~0.2 s and defines the globals `Bridge`, `System` and `Kusto`; it is done
 * once, on first use, only by the semantic check.
 */
import { createRequire } from "node:module";

export interface NetList<T> {
  readonly Count: number;
  getItem(index: number): T;
}

export interface KDiagnostic {
  readonly Code: string | null;
  readonly Severity: string | null;
  readonly Message: string | null;
  readonly HasLocation: boolean;
  readonly Start: number;
  readonly Length: number;
}

export interface KTypeSymbol {
  readonly Name: string | null;
}
export interface KColumnSymbol {
  readonly Name: string | null;
  readonly Type: KTypeSymbol | null;
}
export interface KTableSymbol extends KTypeSymbol {
  readonly Columns?: NetList<KColumnSymbol> | null;
  WithIsOpen(isOpen: boolean): KTableSymbol;
}

export interface KustoCode {
  GetDiagnostics(): NetList<KDiagnostic>;
  readonly ResultType: KTypeSymbol | KTableSymbol | null;
}

export type KSymbol = object;
export interface KGlobalState {
  WithDatabase(db: KSymbol): KGlobalState;
}

interface KExpression {
  readonly ConstantValue: unknown;
}

export interface KustoLanguage {
  readonly KustoCode: { ParseAndAnalyze(text: string, globals: KGlobalState): KustoCode };
  readonly GlobalState: { readonly Default: KGlobalState };
  readonly Symbols: {
    readonly TableSymbol: { readonly $ctor7: new (name: string, schema: string, description: string | null) => KTableSymbol };
    readonly DatabaseSymbol: { readonly $ctor1: new (name: string, members: KSymbol[], isOpen: boolean) => KSymbol };
    readonly FunctionSymbol: {
      /** A function declared by its parameter list and body text. */
      readonly $ctor16: new (name: string, parameterList: string, body: string, description: string | null) => KSymbol;
      /** A tabular function whose result type is computed from the call. */
      readonly ctor: new (
        name: string,
        returnType: (info: { readonly Arguments: NetList<KExpression> }) => KTypeSymbol,
        tabularity: unknown,
        parameters: KSymbol[],
      ) => KSymbol;
    };
    readonly Parameter: { readonly $ctor2: new (name: string, type: KTypeSymbol) => KSymbol };
    readonly ScalarTypes: { readonly String: KTypeSymbol };
    readonly Tabularity: { readonly Tabular: unknown };
  };
}

let language: KustoLanguage | undefined;

/** Loads Kusto.Language once (synchronously: it is a pair of classic scripts). */
export function kustoLanguage(): KustoLanguage {
  if (language) return language;
  const require = createRequire(import.meta.url);
  require("@kusto/language-service-next/bridge.min.js");
  require("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  const kusto = (globalThis as unknown as { Kusto?: { Language?: KustoLanguage } }).Kusto;
  if (!kusto?.Language) throw new Error("@kusto/language-service-next did not define Kusto.Language");
  language = kusto.Language;
  return language;
}

export function listItems<T>(list: NetList<T> | null | undefined): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}

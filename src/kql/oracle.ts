/**
 * Microsoft's own KQL parser (`@kusto/language-service-next`) as an oracle: the differential
 * test and the benchmark compare against it. Heavy (16 MB of bridged .NET): loaded lazily,
 * only by code that asks for it.
 */
import { createRequire } from "node:module";

export interface OracleDiagnostic {
  readonly start: number;
  readonly length: number;
  readonly message: string;
  readonly code: string;
}

interface BridgeDiagnostic {
  readonly Start: number;
  readonly Length: number;
  readonly Message: string;
  readonly Code: string;
}
interface BridgeList {
  readonly Count: number;
  getItem(i: number): BridgeDiagnostic;
}
interface KustoCodeStatic {
  Parse(text: string): { GetSyntaxDiagnostics(): BridgeList | BridgeDiagnostic[] };
}

let kustoCode: KustoCodeStatic | null = null;

function load(): KustoCodeStatic {
  if (kustoCode) return kustoCode;
  const require = createRequire(import.meta.url);
  require("@kusto/language-service-next/bridge.js");
  require("@kusto/language-service-next/Kusto.Language.Bridge.js");
  const g = globalThis as unknown as { Kusto: { Language: { KustoCode: KustoCodeStatic } } };
  kustoCode = g.Kusto.Language.KustoCode;
  return kustoCode;
}

/** Parses `text` with the official parser and returns its syntax diagnostics (empty: valid). */
export function officialSyntaxDiagnostics(text: string): OracleDiagnostic[] {
  const list = load().Parse(text).GetSyntaxDiagnostics();
  const items: BridgeDiagnostic[] = [];
  if (Array.isArray(list)) items.push(...list);
  else for (let i = 0; i < list.Count; i++) items.push(list.getItem(i));
  return items.map((d) => ({ start: d.Start, length: d.Length, message: d.Message, code: d.Code }));
}

/** Parses `text` with the official parser and discards the result (for benchmarks). */
export function officialParse(text: string): void {
  load().Parse(text);
}

/** Messages between the `serve` front end and its query workers (structured-clone friendly). */

export interface WorkerSetup {
  readonly fixturesDir: string | null;
  readonly schemasDir: string | null;
}

export interface QueryJob {
  readonly id: number;
  readonly query: string;
  /** Ticks as decimal strings (bigint does not cross every channel cleanly). */
  readonly range: { readonly from: string; readonly to: string } | null;
  readonly now: string;
}

/** A service error body's `innererror` chain, innermost last, with the position when known. */
export interface QueryFailure {
  readonly code: "SyntaxError" | "SemanticError" | "EngineError";
  readonly message: string;
  readonly line?: number;
  readonly pos?: number;
}

export type JobResult =
  | { readonly id: number; readonly ok: true; readonly body: string }
  | { readonly id: number; readonly ok: false; readonly failure: QueryFailure };

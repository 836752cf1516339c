/**
 * What a validation check is. Every check has a stable id: waivers name it, SARIF lists it as a
 * rule, and the text output prints it in brackets. Checks are data in a registry (`registry.ts`),
 * each a pure function from a detection (or all of them) to findings.
 */
import type { KustodianConfig } from "../config/types.js";
import type { CompiledDetection, OutputColumn } from "../dsl/model.js";
import type { Anchor } from "./locate.js";
import type { LockEntry, LockFile } from "./lock.js";
import type { SemanticAnalysis } from "./semantic/analyzer.js";

export type CheckSeverity = "error" | "warning";

/** Which family a check belongs to (used to group the documentation and SARIF tags). */
export type CheckGroup = "sentinel" | "attack" | "schema" | "kql" | "lock" | "tests" | "waivers";

/** One problem a check found in one detection. */
export interface Finding {
  readonly message: string;
  /** Overrides the check's default severity (e.g. a hint that is only a warning). */
  readonly severity?: CheckSeverity | "info";
  /** Where in the detection file to point; default: the file's `detection(` call. */
  readonly at?: Anchor;
  /** The file the finding is in, as shown in reports, when it is not the detection file (e.g. a case file). */
  readonly file?: string;
  /** An exact position in the detection file (or in `file`), 1-based, when the check knows it. */
  readonly position?: { readonly line: number; readonly column: number };
  /** Source excerpt with a caret (e.g. the printed KQL for a semantic error). */
  readonly snippet?: string;
}

/** Everything a check may consult besides the detection itself. */
export interface CheckContext {
  readonly tests: KustodianConfig["tests"];
  /** Folder of case files (`<fixtures>/<slug>/*.test.yaml`); null to count only `spec.tests`. */
  readonly fixturesDir: string | null;
  /** The recorded lock, or null when the project has none. */
  readonly lock: LockFile | null;
  /** The lock entry a detection is compared with (matched by id; see `matchLock`). */
  lockEntryOf(d: CompiledDetection): LockEntry | undefined;
  /** Hash of a detection's normalized compiled form (memoised). */
  hashOf(d: CompiledDetection): string;
  /** The analyzer's view of a detection's query, when semantic analysis ran. */
  semanticOf(d: CompiledDetection): SemanticAnalysis | undefined;
  /** What Kustodian's evaluator said when it ran the query over empty tables; undefined when it did not run. */
  evaluatorOf(d: CompiledDetection): import("./checks/kql-evaluator.js").EvaluatorOutcome | undefined;
  /** The best-known output schema: the loader's, else the analyzer's; null when unknown. */
  outputSchemaOf(d: CompiledDetection): readonly OutputColumn[] | null;
  /** The config's `arm.apiVersion` (what the ARM target compiles for); null when unknown. */
  readonly armApiVersion: string | null;
  /** Offset-to-file mapping helpers for checks that point inside the query. */
  readonly locator: import("./locate.js").SourceLocator;
}

export interface RuleCheck {
  readonly id: string;
  readonly group: CheckGroup;
  /** One line, shown as the SARIF rule's short description. */
  readonly title: string;
  /** Why the check exists and what to do about it. */
  readonly help: string;
  readonly severity: CheckSeverity;
  /** False for checks about waivers themselves: they cannot be waived. */
  readonly waivable?: boolean;
  /** Per-detection check. */
  readonly check?: (d: CompiledDetection, ctx: CheckContext) => readonly Finding[];
  /** Cross-detection check (uniqueness): findings keyed by the detection they concern. */
  readonly checkAll?: (
    ds: readonly CompiledDetection[],
    ctx: CheckContext,
  ) => readonly { readonly detection: CompiledDetection; readonly finding: Finding }[];
}

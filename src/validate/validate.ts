/**
 * Runs every check over a set of compiled detections, applies the rules' waivers and returns
 * positioned diagnostics. Semantic analysis loads Microsoft's analyzer lazily, only here.
 */
import { closestName } from "../util/did-you-mean.js";
import { basename, } from "node:path";
import { type Diagnostic, displayPath } from "../diagnostics.js";
import type { CompiledDetection, OutputColumn } from "../dsl/model.js";
import type { SchemaRegistry } from "../schema/registry.js";
import type { CheckContext, Finding, RuleCheck } from "./check.js";
import { SourceLocator } from "./locate.js";
import { detectionHash, LOCK_FILE_NAME, type LockFile, type LockMatch, lockPath, matchLock, readLock } from "./lock.js";
import { CHECKS, CHECKS_BY_ID } from "./registry.js";
import type { EvaluatorOutcome } from "./checks/kql-evaluator.js";
import type { FunctionDeclarations, SemanticAnalysis } from "./semantic/analyzer.js";
import { compareText } from "./compare.js";

export interface ValidationContext {
  /** Project root (the config's folder): where `detections.lock.json` lives. */
  readonly root: string;
  /** Table schemas for semantic analysis; without them the `kql-semantic` check is skipped. */
  readonly schemas?: SchemaRegistry | null;
  /** Workspace functions (parsers) the queries may call: name to output columns. */
  readonly functions?: FunctionDeclarations;
  /** Minimum must-alert / must-stay-quiet cases; default 1 and 1. */
  readonly tests?: { readonly minAlerting: number; readonly minQuiet: number };
  /** Folder of case files (`<slug>/*.test.yaml`); null or absent to count only `spec.tests`. */
  readonly fixturesDir?: string | null;
  /** The recorded lock. Absent: read `<root>/detections.lock.json`. Null: skip lock checks. */
  readonly lock?: LockFile | null;
  /** Run Microsoft's analyzer (default true when schemas are given). */
  readonly semantic?: boolean;
  /** The config's `arm.apiVersion`: NRT rules need a version that has the NRT kind. Absent: not checked. */
  readonly armApiVersion?: string;
  /** Problems the detection loader reported (files that did not load): passed through as findings. */
  readonly loadDiagnostics?: readonly Diagnostic[];
  /**
   * Detections the loader compiled but rejected (their problems are in `loadDiagnostics`): every
   * check runs on them too, so one run shows all of a rule's problems. A loader problem that a
   * check reports for the same rule (a missing column, a bad id) is shown once, by the check.
   */
  readonly rejected?: readonly CompiledDetection[];
}

export interface ValidationDiagnostic extends Diagnostic {
  /** The check id (also in `code`). */
  readonly code: string;
  /** The detection concerned; absent for project-level findings (the lock file). */
  readonly slug?: string;
}

export interface WaivedCheck {
  readonly slug: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly check: string;
  readonly reason: string;
  /** What the waiver hid. */
  readonly suppressed: readonly ValidationDiagnostic[];
}

export interface ValidationResult {
  readonly diagnostics: readonly ValidationDiagnostic[];
  readonly waived: readonly WaivedCheck[];
  /** Ids of the checks that ran (semantic analysis may be switched off). */
  readonly checksRun: readonly string[];
  readonly detections: number;
  /** Every detection checked, with its file (as in diagnostics), sorted by slug. */
  readonly checked: readonly { readonly slug: string; readonly file: string }[];
}

const DEFAULT_TESTS = { minAlerting: 1, minQuiet: 1 };


function nearestCheckId(id: string): string | undefined {
  return closestName(id, CHECKS.map((c) => c.id)) ?? undefined;
}

function compareDiagnostics(a: ValidationDiagnostic, b: ValidationDiagnostic): number {
  return (
    compareText(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

export async function validateDetections(
  input: readonly CompiledDetection[],
  context: ValidationContext,
): Promise<ValidationResult> {
  // Slug order, so "first" in uniqueness checks and every report do not depend on load order.
  const rejected = new Set(context.rejected ?? []);
  const detections = [...input, ...rejected].sort((a, b) => compareText(a.slug, b.slug));
  const locator = new SourceLocator();
  const lockFile = lockPath(context.root);
  const lock = context.lock === undefined ? readLock(lockFile) : context.lock;

  const semantic = new Map<CompiledDetection, SemanticAnalysis>();
  const runSemantic = context.semantic !== false && context.schemas != null;
  if (runSemantic && detections.length > 0) {
    const { createAnalyzer } = await import("./semantic/analyzer.js");
    const analyzer = createAnalyzer(context.schemas!, context.functions ?? {});
    for (const d of detections) semantic.set(d, analyzer.analyze(d.kql));
  }

  const evaluations = context.schemas != null && detections.length > 0 ? await runEvaluator(detections, context.schemas) : null;

  const hashes = new Map<CompiledDetection, string>();
  const lockMatch = matchLock(detections, lock);
  const ctx: CheckContext = {
    tests: context.tests ?? DEFAULT_TESTS,
    fixturesDir: context.fixturesDir ?? null,
    lock,
    lockEntryOf: (d) => lockMatch.entryOf(d),
    armApiVersion: context.armApiVersion ?? null,
    locator,
    hashOf(d) {
      let h = hashes.get(d);
      if (h === undefined) hashes.set(d, (h = detectionHash(d)));
      return h;
    },
    semanticOf: (d) => semantic.get(d),
    evaluatorOf: (d) => evaluations?.get(d),
    outputSchemaOf: (d) => bestOutputSchema(d.outputSchema, semantic.get(d)),
  };

  const checks = CHECKS.filter(
    (c) => (c.check || c.checkAll) && (c.id !== "kql-semantic" || runSemantic) && (c.id !== "kql-evaluator" || evaluations !== null),
  );
  const findings = new Map<CompiledDetection, { check: RuleCheck; finding: Finding }[]>();
  const add = (d: CompiledDetection, check: RuleCheck, finding: Finding) => {
    let list = findings.get(d);
    if (!list) findings.set(d, (list = []));
    list.push({ check, finding });
  };
  for (const check of checks) {
    if (check.check) for (const d of detections) for (const f of check.check(d, ctx)) add(d, check, f);
    if (check.checkAll) for (const { detection, finding } of check.checkAll(detections, ctx)) add(detection, check, finding);
  }

  const diagnostics: ValidationDiagnostic[] = [];
  const waived: WaivedCheck[] = [];
  const ran = new Set(checks.map((c) => c.id));

  for (const d of detections) {
    const file = displayPath(d.file);
    const toDiagnostic = (check: RuleCheck, f: Finding): ValidationDiagnostic => {
      const pos = f.position ?? (f.file !== undefined ? { line: undefined, column: undefined } : locator.locate(d.file, f.at ?? { path: ["id"] }));
      return {
        severity: f.severity ?? check.severity,
        message: f.message,
        file: f.file ?? file,
        line: pos.line,
        column: pos.column,
        code: check.id,
        slug: d.slug,
        ...(f.snippet ? { snippet: f.snippet } : {}),
      };
    };
    const meta = CHECKS_BY_ID.get("waiver-invalid")!;
    const waivers = new Map<string, WaivedCheck & { suppressed: ValidationDiagnostic[] }>();
    for (const w of d.spec.waivers ?? []) {
      const at = { path: ["waivers"], value: String(w.check) };
      const known = CHECKS_BY_ID.get(w.check);
      const problem = !known
        ? `waiver for unknown check ${JSON.stringify(w.check)}${nearestCheckId(String(w.check)) ? ` (did you mean ${nearestCheckId(String(w.check))}?)` : ""}`
        : known.waivable === false
          ? `check ${w.check} cannot be waived`
          : typeof w.reason !== "string" || w.reason.trim() === ""
            ? `waiver for ${w.check} needs a reason`
            : undefined;
      if (problem) {
        diagnostics.push(toDiagnostic(meta, { message: problem, at }));
        continue;
      }
      const pos = locator.locate(d.file, at);
      waivers.set(w.check, { slug: d.slug, file, line: pos.line, column: pos.column, check: w.check, reason: w.reason.trim(), suppressed: [] });
    }
    for (const { check, finding } of findings.get(d) ?? []) {
      const diagnostic = toDiagnostic(check, finding);
      const waiver = waivers.get(check.id);
      if (waiver) waiver.suppressed.push(diagnostic);
      else diagnostics.push(diagnostic);
    }
    for (const w of waivers.values()) {
      waived.push({ ...w, suppressed: w.suppressed.sort(compareDiagnostics) });
      if (w.suppressed.length === 0 && ran.has(w.check))
        diagnostics.push(
          toDiagnostic(CHECKS_BY_ID.get("waiver-unused")!, {
            message: `waiver for ${w.check} is unused: the check reports nothing for this rule`,
            position: { line: w.line, column: w.column },
          }),
        );
    }
  }

  for (const d of context.loadDiagnostics ?? []) {
    if (coveredByCheck(d, rejected, diagnostics)) continue;
    diagnostics.push({ ...d, code: d.code ?? "detection-load" });
  }
  diagnostics.sort(compareDiagnostics);
  if (context.lock !== null) {
    const unloaded = (context.loadDiagnostics ?? []).flatMap((d) => (d.file ? [basename(d.file).replace(/\.ts$/, "")] : []));
    diagnostics.push(...projectLockDiagnostics(detections, lock === null ? null : lockMatch, lockFile, locator, unloaded));
  }
  waived.sort((a, b) => compareText(a.slug, b.slug) || compareText(a.check, b.check));
  return {
    diagnostics,
    waived,
    checksRun: [...ran, "waiver-invalid", "waiver-unused"],
    detections: detections.length,
    checked: detections.map((d) => ({ slug: d.slug, file: displayPath(d.file) })).sort((a, b) => compareText(a.slug, b.slug)),
  };
}

/** Loader problems that a validation check reports in more detail for the same rule. */
const COVERING_CHECK: Readonly<Record<string, string>> = {
  "detection-column": "output-column",
  "detection-id": "id-format",
  "detection-technique": "attack-technique",
  "detection-tactic": "attack-tactic-coverage",
};

/** Whether a loader diagnostic about a rejected rule is already reported by the check that covers it. */
function coveredByCheck(d: Diagnostic, rejected: ReadonlySet<CompiledDetection>, reported: readonly ValidationDiagnostic[]): boolean {
  const check = d.code === undefined ? undefined : COVERING_CHECK[d.code];
  if (check === undefined || d.file === undefined) return false;
  const rule = [...rejected].find((r) => displayPath(r.file) === d.file);
  return rule !== undefined && reported.some((x) => x.code === check && x.slug === rule.slug);
}

/**
 * Runs each compiled query (its printed KQL, so errors have positions in it) over empty tables
 * with the evaluator, the way the loader infers raw queries' output columns.
 */
async function runEvaluator(detections: readonly CompiledDetection[], schemas: SchemaRegistry): Promise<Map<CompiledDetection, EvaluatorOutcome>> {
  const engine = await import("../engine/index.js");
  const { evaluateOnEmptyTables } = await import("../dsl/infer-columns.js");
  const cache = new Map();
  const out = new Map<CompiledDetection, EvaluatorOutcome>();
  for (const d of detections) {
    const run = evaluateOnEmptyTables(d.kql, schemas, engine, cache);
    if (run.ok) out.set(d, { kind: "ok" });
    else if (run.error instanceof engine.KqlError) out.set(d, { kind: "failed", diagnostics: run.error.diagnostics });
    else out.set(d, { kind: "crashed" });
  }
  return out;
}

/** The analyzer's schema when it analyzed the query cleanly, else the loader's, else whatever is known. */
function bestOutputSchema(loader: readonly OutputColumn[], analysis: SemanticAnalysis | undefined): readonly OutputColumn[] | null {
  const analyzed = analysis?.outputSchema;
  const clean = analysis !== undefined && !analysis.diagnostics.some((d) => d.severity === "error");
  if (clean && analyzed && analyzed.length > 0) return analyzed;
  if (loader.length > 0) return loader;
  return analyzed && analyzed.length > 0 ? analyzed : null;
}

/** Findings about the lock file itself: missing, or listing rules that no longer exist. */
function projectLockDiagnostics(
  detections: readonly CompiledDetection[],
  lock: LockMatch | null,
  file: string,
  locator: SourceLocator,
  unloaded: readonly string[],
): ValidationDiagnostic[] {
  if (lock === null)
    return detections.length === 0
      ? []
      : [{ severity: "warning", code: "lock-missing", message: `no ${LOCK_FILE_NAME}: run \`kustodian lock\` to record rule versions` }];
  // Rules whose file failed to load still exist: only their load error is reported.
  const skipped = new Set(unloaded);
  return lock.unclaimed
    .filter((e) => !skipped.has(e.slug))
    .map((e) => ({
      severity: "warning" as const,
      code: "lock-stale",
      file: displayPath(file),
      ...locator.locate(file, { path: [], value: e.id }),
      message: `${LOCK_FILE_NAME} lists ${e.slug} (id ${e.id}), which no longer exists (run \`kustodian lock\`)`,
    }));
}

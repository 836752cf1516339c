/**
 * Detection tests: replay fixture tables through a detection as Sentinel would run it, check
 * the alerts, measure test strength with mutants. The programmatic surface of `kustodian test`.
 */
export { buildAlerts, type ResultSet, type SimAlert, type SimEntity, valueText } from "./alerts.js";
export {
  alertCountMatcher,
  caseFilesIn,
  caseKind,
  casesOf,
  checkCase,
  type LoadedCase,
  type LoadedCases,
  loadCaseFile,
  loadCases,
  readCaseFile,
  validateCase,
} from "./cases.js";
export { compareResultSets, type CompareOptions, type ResultComparison } from "./compare.js";
export { type Engine, loadEngine } from "./engine.js";
export type { CaseOutcome, Failure, RunOutcome } from "./expect.js";
export { readFixtureFile } from "./fixture-file.js";
export { type TypedTable, timeRange, toEngineTable, typeRecords, windowTable } from "./inputs.js";
export { enumerateMutants, type MutantResult, type MutationResult, runMutations } from "./mutation/run.js";
export { renderJson } from "./report/json.js";
export { renderJunit, xmlEscape } from "./report/junit.js";
export { escapeControl } from "./report/escape.js";
export { renderText, summaryLine } from "./report/text.js";
export { ruleTiming, triggerFires } from "./rule.js";
export { WATCHLIST_COLUMNS, watchlistTable } from "./watchlist.js";
export { windowHints } from "./window-hint.js";
export {
  type CaseResult,
  type PreparedCase,
  type PreparedRun,
  prepareCase,
  prepareCaseRuns,
  runCase,
  runPrepared,
  type TestContext,
} from "./runner.js";
export { TestInputError } from "./source.js";
export {
  type DetectionResult,
  runDetectionTests,
  selectDetections,
  type TestOptions,
  type TestReport,
} from "./suite.js";

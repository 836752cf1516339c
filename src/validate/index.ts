/** Validation: rule checks, Kusto semantic analysis, the version lock, and report formats. */
export type { CheckContext, CheckGroup, CheckSeverity, Finding, RuleCheck } from "./check.js";
export { CHECKS, CHECKS_BY_ID } from "./registry.js";
export { escapeGithubData, escapeGithubProperty, formatGithub } from "./format/github.js";
export { formatJson } from "./format/json.js";
export { escapeXml, formatJunit } from "./format/junit.js";
export { formatSarif, toSarif } from "./format/sarif.js";
export { formatText, summaryCounts } from "./format/text.js";
export {
  buildLock,
  detectionHash,
  LOCK_FILE_NAME,
  type LockEntry,
  type LockFile,
  type LockMatch,
  lockPath,
  matchLock,
  lockStatus,
  normalizedForm,
  readLock,
  rewriteVersion,
  serializeLock,
} from "./lock.js";
export { type LockRun, runLock } from "./lock-run.js";
export { loadProject, type Project, projectContext } from "./project.js";
export {
  type ValidationContext,
  type ValidationDiagnostic,
  type ValidationResult,
  validateDetections,
  type WaivedCheck,
} from "./validate.js";

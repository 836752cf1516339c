/**
 * Exit codes and the errors that carry them. Commands throw these; `main` turns them into a
 * message on stderr and an exit code, never a stack trace (unless `--debug`).
 */
import type { Diagnostic } from "../diagnostics.js";

export const EXIT_OK = 0;
/** Findings: failed tests, validation errors, stale output. */
export const EXIT_FINDINGS = 1;
/** Usage or configuration error. */
export const EXIT_USAGE = 2;

/** A usage or configuration error: bad flags, missing files, invalid config. Exit 2. */
export class UsageError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = "UsageError";
    this.diagnostics = diagnostics;
  }
}

/** Findings already reported by the command (or carried here as diagnostics). Exit 1. */
export class FindingsError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = "FindingsError";
    this.diagnostics = diagnostics;
  }
}

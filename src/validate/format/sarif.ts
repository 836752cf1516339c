/**
 * SARIF 2.1.0 for GitHub code scanning: every check is a rule of the `kustodian` driver, every
 * finding a result located in the detection file (URIs relative to the project root under
 * `%SRCROOT%`). Waived findings are kept as results with an in-source suppression carrying the
 * waiver's reason, so reviewers see what was waived and why.
 */
import { relative, resolve, sep } from "node:path";
import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import type { RuleCheck } from "../check.js";
import { CHECKS } from "../registry.js";
import type { ValidationDiagnostic, ValidationResult } from "../validate.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  /** The project root: artifact URIs are relative to it. */
  readonly root: string;
  /** Kustodian's version, reported as the driver version. */
  readonly toolVersion: string;
}

/** A readable rule name distinct from the id (SARIF asks that they differ): `id-format` -> `IdFormat`, `kind` -> `KindCheck`. */
function ruleName(id: string): string {
  const name = id.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
  return name.toLowerCase() === id.toLowerCase() ? `${name}Check` : name;
}

function descriptor(check: RuleCheck): ReportingDescriptor {
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.help },
    help: { text: check.help },
    defaultConfiguration: { level: check.severity },
    properties: { tags: [check.group] },
  };
}

function artifactUri(file: string, root: string): string {
  const rel = relative(root, resolve(file));
  return rel.split(sep).map(encodeURIComponent).join("/");
}

function level(d: ValidationDiagnostic): Result.level {
  return d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note";
}

function location(d: ValidationDiagnostic, root: string): Location[] {
  if (!d.file) return [];
  return [{
    physicalLocation: {
      artifactLocation: { uri: artifactUri(d.file, root), uriBaseId: "%SRCROOT%" },
      ...(d.line !== undefined ? { region: { startLine: d.line, startColumn: d.column ?? 1 } } : {}),
    },
  }];
}

/** A rule for a code that is not one of the checks (the detection loader's errors). */
function loaderDescriptor(code: string): ReportingDescriptor {
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: "The detection file loads and compiles" },
    fullDescription: { text: "Reported by the detection loader: the file must import, export a detection and compile its query." },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["load"] },
  };
}

export function toSarif(result: ValidationResult, options: SarifOptions): Log {
  const rules = CHECKS.map(descriptor);
  const extra = [...new Set(result.diagnostics.map((d) => d.code))].filter((c) => !CHECKS.some((k) => k.id === c)).sort();
  rules.push(...extra.map(loaderDescriptor));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const toResult = (d: ValidationDiagnostic, justification?: string): Result => ({
    ruleId: d.code,
    ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
    level: level(d),
    message: { text: d.message },
    locations: location(d, options.root),
    ...(justification !== undefined ? { suppressions: [{ kind: "inSource", justification }] } : {}),
  });
  const results = [
    ...result.diagnostics.map((d) => toResult(d)),
    ...result.waived.flatMap((w) => w.suppressed.map((d) => toResult(d, w.reason))),
  ];
  return {
    version: "2.1.0",
    $schema: SARIF_SCHEMA,
    runs: [{
      tool: { driver: { name: "kustodian", version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
      columnKind: "utf16CodeUnits",
      results,
    }],
  };
}

export function formatSarif(result: ValidationResult, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}

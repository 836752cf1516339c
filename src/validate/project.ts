/**
 * Loads what `kustodian validate` and `kustodian lock` work on: the config, the table schemas
 * and the compiled detections of the project.
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { UsageError } from "../cli/errors.js";
import type { LoadedConfig } from "../config/load.js";
import type { Diagnostic } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import type { SchemaRegistry } from "../schema/registry.js";
import type { ValidationContext } from "./validate.js";

export interface Project {
  readonly loaded: LoadedConfig;
  readonly schemas: SchemaRegistry;
  readonly detections: readonly CompiledDetection[];
  /** The loader's problems (files that fail to import or compile): reported by validate as errors. */
  readonly loadDiagnostics: readonly Diagnostic[];
  /** Detections the loader compiled but rejected (see `LoadResult.rejected`): validate checks them too. */
  readonly rejected: readonly CompiledDetection[];
}

export async function loadProject(options: { cwd?: string; config?: string } = {}): Promise<Project> {
  const { loadConfig } = await import("../config/load.js");
  const loaded = await loadConfig({ cwd: options.cwd, file: options.config });
  if (!existsSync(loaded.paths.detections)) {
    const shown = relative(process.cwd(), loaded.paths.detections) || loaded.paths.detections;
    throw new UsageError(`${shown}: detections folder not found (set "detections" in kustodian.config.json)`);
  }
  const { loadSchemas } = await import("../schema/registry.js");
  const schemas = loadSchemas(loaded.paths.schemas);
  const { loadDetections } = await import("../dsl/load.js");
  const { detections, rejected, diagnostics } = await loadDetections({ dir: loaded.paths.detections, schemas });
  return { loaded, schemas, detections, rejected, loadDiagnostics: diagnostics };
}

/** The validation context a project implies. */
export function projectContext(project: Project, options: { semantic?: boolean } = {}): ValidationContext {
  const { loaded, schemas } = project;
  return {
    root: loaded.root,
    schemas,
    functions: loaded.config.functions,
    tests: loaded.config.tests,
    fixturesDir: loaded.paths.fixtures,
    armApiVersion: loaded.config.arm.apiVersion,
    semantic: options.semantic ?? true,
    loadDiagnostics: project.loadDiagnostics,
    rejected: project.rejected,
  };
}

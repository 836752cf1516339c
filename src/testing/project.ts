/**
 * Loads what `kustodian test` needs from a project folder: config, table schemas and the
 * compiled detections (through the DSL loader).
 */
import type { LoadedConfig } from "../config/load.js";
import type { Diagnostic } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import type { SchemaRegistry } from "../schema/registry.js";

export interface TestProject {
  readonly loaded: LoadedConfig;
  readonly schemas: SchemaRegistry;
  readonly detections: readonly CompiledDetection[];
  /** Loader problems: a detection with an error is left out of `detections`. */
  readonly diagnostics: readonly Diagnostic[];
}

export async function loadTestProject(options: { cwd?: string; config?: string } = {}): Promise<TestProject> {
  const { loadConfig } = await import("../config/load.js");
  const { loadSchemas } = await import("../schema/registry.js");
  const { loadDetections } = await import("../dsl/load.js");
  const loaded = await loadConfig({ cwd: options.cwd, file: options.config });
  const schemas = loadSchemas(loaded.paths.schemas);
  const result = await loadDetections({ dir: loaded.paths.detections, schemas });
  return { loaded, schemas, detections: result.detections, diagnostics: result.diagnostics };
}

/** The public API of the `kustodian` package: what detection files and programs import. */
export type * from "./dsl/model.js";
export type { KustodianConfig, KustodianConfigInput } from "./config/types.js";
export { defineConfig } from "./config/types.js";

// The authoring DSL: `detection`, `from`, `kql`, helpers and types.
export * from "./dsl/index.js";
// The built-in Sentinel/Defender tables as typed table objects: `import { AuditLogs } from "kustodian"`.
export * from "./schema/tables.generated.js";

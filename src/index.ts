/** The public API of the `kustodian` package: what detection files and programs import. */
export type * from "./dsl/model.js";
export type { KustodianConfig, KustodianConfigInput } from "./config/types.js";
export { defineConfig } from "./config/types.js";

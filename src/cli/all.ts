/** `kustodian all`: the whole job CI runs on a detection repository: build, validate, test. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

export interface AllCliOptions {
  readonly check?: boolean;
  readonly semantic: boolean;
  readonly config?: string;
  readonly format: string;
}

export function register(program: Command): void {
  program
    .command("all")
    .description("build generated/, validate every detection and run every test case (what CI runs)")
    .option("--check", "do not write generated/: fail when it is stale instead")
    .option("--no-semantic", "skip Kusto semantic analysis of the queries (faster)")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .option("-f, --format <format>", "report format: text or json", "text")
    .action(async (options: AllCliOptions) => {
      if (options.format !== "text" && options.format !== "json") throw new UsageError(`unknown --format '${options.format}' (expected text, json)`);
      const { runAll } = await import("../all/run.js");
      await runAll(options);
    });
}

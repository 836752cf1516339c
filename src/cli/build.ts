/** `kustodian build`: compile every detection into KQL, Sentinel YAML, ARM, Sigma and docs. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

interface BuildCliOptions {
  readonly out?: string;
  readonly check?: boolean;
  readonly templates?: string;
  readonly config?: string;
  readonly format: string;
}

export function register(program: Command): void {
  program
    .command("build")
    .description("compile every detection into generated/: KQL, Sentinel YAML, ARM (per rule + bundle), Sigma, docs")
    .option("-o, --out <dir>", "output folder (default: config `generated`, usually generated/)")
    .option("--check", "write nothing; exit 1 listing every file that differs from a fresh build (for CI)")
    .option("-t, --templates <dir>", "folder of handlebars templates overriding the built-in ones")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .option("-f, --format <format>", "report format: text or json", "text")
    .action(async (options: BuildCliOptions) => {
      if (options.format !== "text" && options.format !== "json") throw new UsageError(`unknown --format '${options.format}' (expected text, json)`);
      const { runBuild } = await import("../targets/cli.js");
      await runBuild(options);
    });
}

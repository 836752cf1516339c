/** `kustodian test`: replay each detection's cases as Sentinel would run the rule. */
import type { Command } from "commander";

export interface TestCommandOptions {
  readonly filter: string[];
  readonly reporter: string;
  readonly json?: boolean;
  readonly output?: string;
  readonly replay?: boolean;
  readonly mutations?: boolean;
  readonly minScore?: string;
  readonly watch?: boolean;
  readonly verbose?: boolean;
  readonly config?: string;
}

export function register(program: Command): void {
  program
    .command("test")
    .description("run each detection's test cases against its fixtures as Sentinel would run the rule")
    .argument("[filters...]", "detection slugs, ids or globs (same as --filter)")
    .option("--filter <pattern>", "only detections whose slug, id or file matches (repeatable, glob)", collect, [])
    .option("--reporter <name>", "report format: text, json or junit", "text")
    .option("--json", "same as --reporter json")
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("--replay", "also backtest: run each rule every queryFrequency across its fixtures' time range")
    .option("--mutations", "mutation testing: mutate each query and report mutants no case notices")
    .option("--min-score <percent>", "with --mutations: fail when the total mutation score is below this")
    .option("--watch", "rerun the affected detections when a detection, fixture or schema file changes")
    .option("--verbose", "list passing cases too")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .action(async (filters: string[], options: TestCommandOptions) => {
      const { runTestCommand } = await import("../testing/command.js");
      await runTestCommand({
        ...options,
        reporter: options.json ? "json" : options.reporter,
        filter: [...filters, ...options.filter],
      });
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

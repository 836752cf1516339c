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
  readonly live?: boolean;
  readonly workspace?: string;
  readonly endpoint?: string;
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
    .option("--live", "run each case on a Log Analytics workspace too (fixtures sent inline) and report where it differs from the local evaluator")
    .option("-w, --workspace <id|name>", "with --live: workspace id or a name from live.workspaces")
    .option("--endpoint <url>", "with --live: query API endpoint (e.g. a `kustodian serve` URL)")
    .action(async (filters: string[], options: TestCommandOptions) => {
      if (options.live) {
        const { runLiveTestCommand } = await import("../live/test-live.js");
        await runLiveTestCommand({
          workspace: options.workspace,
          endpoint: options.endpoint,
          filter: [...filters, ...options.filter],
          config: options.config,
          json: options.json === true || options.reporter === "json",
        });
        return;
      }
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

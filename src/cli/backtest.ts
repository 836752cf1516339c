/** `kustodian backtest`: a rule's scheduled runs over past days on a workspace, alerts per day. */
import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("backtest")
    .description("replay a detection's schedule over the last days on a Log Analytics workspace: alerts per day, as a table and a chart")
    .argument("<detection>", "detection id or slug")
    .option("-w, --workspace <id|name>", "workspace id, or a name from live.workspaces (default: live.defaultWorkspace)")
    .option("--days <n>", "days to look back", "14")
    .option("--end <iso>", "last instant of the period (default: now)")
    .option("--endpoint <url>", "query API endpoint (default: live.endpoint, else https://api.loganalytics.io/v1)")
    .option("--format <format>", "output: table or json", "table")
    .option("--timeout <seconds>", "per service query, retries included", "300")
    .option("--runs-per-query <n>", "scheduled runs batched into one service query", "100")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .action(async (ref: string, options: import("../live/backtest-command.js").BacktestCommandOptions) => {
      const { runBacktestCommand } = await import("../live/backtest-command.js");
      await runBacktestCommand(ref, options);
    });
}

/** `kustodian query`: run a detection's compiled query (or any KQL) on a Log Analytics workspace. */
import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("query")
    .description("run a detection's compiled KQL (or a .kql file, or '-') on a Log Analytics workspace and print the result")
    .argument("<query>", "detection id or slug, a .kql file, or '-' for standard input")
    .option("-w, --workspace <id|name>", "workspace id, or a name from live.workspaces (default: live.defaultWorkspace)")
    .option("--timespan <iso8601>", "time range the service applies to TimeGenerated: P1D, PT6H, or start/end (default: the rule's lookback, or P1D)")
    .option("--endpoint <url>", "query API endpoint (default: live.endpoint, else https://api.loganalytics.io/v1)")
    .option("--format <format>", "output format: table, json, csv", "table")
    .option("--timeout <seconds>", "give up after this long, retries included (also the service's wait limit)", "180")
    .option("--retries <n>", "retries on throttling (429) and server errors (5xx), with backoff", "3")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .addHelpText(
      "after",
      "\nCredentials: DefaultAzureCredential (az login, environment, managed identity); KUSTODIAN_LIVE_TOKEN, when set, is sent as a static bearer token (e.g. for `kustodian serve --token`). Tokens are never printed.",
    )
    .action(async (ref: string, options: import("../live/query-command.js").QueryCommandOptions) => {
      const { runQueryCommand } = await import("../live/query-command.js");
      await runQueryCommand(ref, options);
    });
}

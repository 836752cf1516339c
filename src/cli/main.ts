/**
 * The `kustodian` command line. Each command lives in its own file under `src/cli/` and is
 * listed in `commands.ts`; command files stay light (commander only) and import their room
 * lazily inside the action, so `kustodian --help` starts fast.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { formatDiagnostic } from "../diagnostics.js";
import { COMMANDS } from "./commands.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FindingsError, UsageError } from "./errors.js";

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function createProgram(): Command {
  const program = new Command("kustodian")
    .description("Detection-as-code for Microsoft Sentinel: compile, validate and test KQL detections.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces for unexpected errors")
    .showHelpAfterError("(run 'kustodian --help' for usage)")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and the bin share it. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  const debug = argv.includes("--debug");
  // `kustodian run | head` closes the pipe early: stop quietly instead of throwing EPIPE.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (e) {
    return reportError(e, debug);
  }
}

function reportError(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT_OK;
    return EXIT_USAGE; // commander has already printed the message
  }
  if (e instanceof UsageError || e instanceof FindingsError) {
    for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (e.message) process.stderr.write(`kustodian: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return e instanceof UsageError ? EXIT_USAGE : EXIT_FINDINGS;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`kustodian: internal error: ${err.message}\n`);
  process.stderr.write(debug && err.stack ? `${err.stack}\n` : "(run with --debug for the stack trace)\n");
  return EXIT_USAGE;
}

/** `kustodian fmt`: print, check or rewrite KQL files in canonical layout (comments kept). */
import type { Command } from "commander";
import type { Diagnostic } from "../diagnostics.js";
import { FindingsError, UsageError } from "./errors.js";

interface FmtOptions {
  readonly check?: boolean;
  readonly write?: boolean;
}

export function register(program: Command): void {
  program
    .command("fmt")
    .description("format KQL in canonical layout: one operator per line, stable spacing, comments kept")
    .argument("[files...]", "KQL files to format ('-' or none: standard input)")
    .option("--check", "exit 1 and list the files that are not canonically formatted; change nothing")
    .option("-w, --write", "rewrite the files in place (atomically)")
    .action(async (files: string[], options: FmtOptions) => {
      if (options.check && options.write) throw new UsageError("--check and --write cannot be combined");
      const inputs = files.length === 0 ? ["-"] : files;
      if (options.write && inputs.includes("-")) throw new UsageError("--write needs file paths (standard input cannot be rewritten)");
      if (!options.check && !options.write && inputs.length > 1) throw new UsageError("several files: use --write to rewrite them or --check to check them");
      const { readInput, writeFileAtomic } = await import("./io.js");
      const { formatKql } = await import("../kql/format.js");
      const { formatDiagnostic } = await import("../diagnostics.js");
      const errors: Diagnostic[] = [];
      const unformatted: string[] = [];
      let rewritten = 0;
      for (const path of inputs) {
        const { name, text } = readInput(path);
        const result = formatKql(text, name);
        if (result.output === null) {
          errors.push(...result.diagnostics);
          continue;
        }
        if (options.check) {
          if (result.output !== text) unformatted.push(name);
        } else if (options.write) {
          if (result.output !== text) {
            writeFileAtomic(path, result.output);
            rewritten++;
          }
        } else {
          process.stdout.write(result.output);
        }
      }
      for (const d of errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
      for (const name of unformatted) {
        const hint = name === "<stdin>" ? "" : ` (run 'kustodian fmt --write ${name}')`;
        process.stderr.write(`${name}: not canonically formatted${hint}\n`);
      }
      if (options.write && rewritten > 0) process.stderr.write(`formatted ${rewritten} file${rewritten === 1 ? "" : "s"}\n`);
      if (errors.length) throw new FindingsError(`${errors.length} syntax error${errors.length === 1 ? "" : "s"}`);
      if (unformatted.length) throw new FindingsError(`${unformatted.length} file${unformatted.length === 1 ? "" : "s"} not canonically formatted`);
    });
}

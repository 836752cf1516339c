/** `kustodian parse`: read KQL and print its AST (JSON) or report its syntax errors. */
import type { Command } from "commander";
import { FindingsError } from "./errors.js";

interface ParseOptions {
  readonly json?: boolean;
  readonly spans: boolean;
}

export function register(program: Command): void {
  program
    .command("parse")
    .description("parse KQL and print the syntax tree; on syntax errors, print them and exit 1")
    .argument("[file]", "KQL file ('-' or none: standard input)")
    .option("--json", "print the AST as JSON (the default output)")
    .option("--no-spans", "leave source spans out of the JSON")
    .action(async (file: string | undefined, options: ParseOptions) => {
      const { readInput } = await import("./io.js");
      const kql = await import("../kql/index.js");
      const { name, text } = readInput(file);
      const { script, diagnostics } = kql.parse(text, { file: name });
      if (diagnostics.length) {
        const { formatDiagnostic } = await import("../diagnostics.js");
        for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        throw new FindingsError(`${diagnostics.length} syntax error${diagnostics.length === 1 ? "" : "s"}`);
      }
      const tree = options.spans ? script : kql.stripSpans(script);
      process.stdout.write(`${JSON.stringify(tree, null, 2)}\n`);
    });
}

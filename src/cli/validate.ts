/** `kustodian validate`: every rule check, Kusto semantic analysis and the version lock. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

const FORMATS = ["text", "json", "sarif", "junit", "github"] as const;
type Format = (typeof FORMATS)[number];

interface ValidateOptions {
  readonly format: string;
  readonly output?: string;
  readonly semantic: boolean;
  readonly strict?: boolean;
  readonly config?: string;
  readonly listChecks?: boolean;
}

export function register(program: Command): void {
  program
    .command("validate")
    .description("check every detection: Sentinel limits, ATT&CK, output columns, KQL semantics, version lock, tests, waivers")
    .option("-f, --format <format>", `report format: ${FORMATS.join(", ")}`, "text")
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("--no-semantic", "skip Kusto semantic analysis of the queries (faster)")
    .option("--strict", "fail on warnings too")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .option("--list-checks", "list the checks (ids usable in waivers) and exit")
    .action(async (options: ValidateOptions) => {
      if (!(FORMATS as readonly string[]).includes(options.format))
        throw new UsageError(`unknown --format '${options.format}' (expected ${FORMATS.join(", ")})`);
      const format = options.format as Format;
      const v = await import("../validate/index.js");
      if (options.listChecks) {
        const width = Math.max(...v.CHECKS.map((c) => c.id.length));
        const lines = v.CHECKS.map((c) => `${c.id.padEnd(width)}  ${c.severity.padEnd(7)}  ${c.title}`);
        process.stdout.write(`${lines.join("\n")}\n`);
        return;
      }
      const project = await v.loadProject({ config: options.config });
      const result = await v.validateDetections(project.detections, v.projectContext(project, { semantic: options.semantic }));
      const report = await render(format, result, project.loaded.root, options.output === undefined);
      if (options.output !== undefined) {
        const { writeFileAtomic } = await import("./io.js");
        writeFileAtomic(options.output, report);
      } else process.stdout.write(report);
      const { errors, warnings } = v.summaryCounts(result);
      if (errors > 0 || (options.strict && warnings > 0)) process.exitCode = 1;
    });
}

async function render(
  format: Format,
  result: import("../validate/index.js").ValidationResult,
  root: string,
  toTerminal: boolean,
): Promise<string> {
  const v = await import("../validate/index.js");
  if (format === "json") return v.formatJson(result);
  if (format === "junit") return v.formatJunit(result);
  if (format === "github") return v.formatGithub(result);
  if (format === "sarif") {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    return v.formatSarif(result, { root, toolVersion: pkg.version });
  }
  const { paint, useColor } = await import("./io.js");
  const color = toTerminal && useColor();
  return v.formatText(result, { color: (t, style) => paint(t, style, color) });
}

/** `kustodian run`: evaluate a KQL query locally over fixture tables and print the result. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

interface RunOptions {
  readonly table: string[];
  readonly externalData: string[];
  readonly fixtures?: string;
  readonly now?: string;
  readonly format: string;
}

const FORMATS = ["table", "json", "csv"] as const;
const TABLE_EXTENSIONS = [".jsonl", ".ndjson", ".json", ".csv"] as const;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command("run")
    .description("evaluate a KQL query over local tables (fixtures) with Kusto's semantics")
    .argument("[file]", "KQL file ('-' or none: standard input)")
    .option("--table <name=path>", "load a table from a .jsonl, .json or .csv file (repeatable)", collect, [])
    .option("--fixtures <dir>", "folder whose <Table>.jsonl/.csv/.json files are the tables")
    .option("--external-data <url=path>", "local file standing in for an externaldata URL (repeatable)", collect, [])
    .option("--now <iso>", "the clock now() and ago() read, e.g. 2024-05-01T12:00:00Z")
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "table")
    .action(async (file: string | undefined, options: RunOptions) => {
      if (!(FORMATS as readonly string[]).includes(options.format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${options.format}'`);
      }
      const { readInput } = await import("./io.js");
      const { existsSync, readdirSync, statSync } = await import("node:fs");
      const { basename, extname, join } = await import("node:path");
      const { FindingsError } = await import("./errors.js");
      const engine = await import("../engine/index.js");
      const { parseDateTime } = await import("../engine/literals.js");
      const { loadConfig } = await import("../config/load.js");
      const { loadSchemas } = await import("../schema/registry.js");

      let now: ReturnType<typeof parseDateTime> | undefined;
      if (options.now !== undefined) {
        now = parseDateTime(options.now);
        if (now === null) throw new UsageError(`--now: expected an ISO 8601 datetime such as 2024-05-01T12:00:00Z, got '${options.now}'`);
      }
      const { name, text } = readInput(file);
      const config = await loadConfig();
      const schemas = loadSchemas(config.paths.schemas);

      // Table name (case-insensitive) -> file; loaded only when the query uses the table.
      const files = new Map<string, { name: string; path: string }>();
      if (options.fixtures !== undefined) {
        if (!existsSync(options.fixtures) || !statSync(options.fixtures).isDirectory()) {
          throw new UsageError(`--fixtures: '${options.fixtures}' is not a folder`);
        }
        for (const f of readdirSync(options.fixtures).sort()) {
          const ext = extname(f).toLowerCase();
          if (!(TABLE_EXTENSIONS as readonly string[]).includes(ext)) continue;
          const table = basename(f, extname(f));
          if (!files.has(table.toLowerCase())) files.set(table.toLowerCase(), { name: table, path: join(options.fixtures, f) });
        }
      }
      for (const spec of options.table) {
        const eq = spec.indexOf("=");
        if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--table: expected Name=path, got '${spec}'`);
        const path = spec.slice(eq + 1);
        if (!existsSync(path)) throw new UsageError(`--table: ${path}: file not found`);
        files.set(spec.slice(0, eq).toLowerCase(), { name: spec.slice(0, eq), path });
      }
      const external = new Map<string, string>();
      for (const spec of options.externalData) {
        const eq = spec.lastIndexOf("=");
        if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--external-data: expected url=path, got '${spec}'`);
        const path = spec.slice(eq + 1);
        if (!existsSync(path)) throw new UsageError(`--external-data: ${path}: file not found`);
        external.set(spec.slice(0, eq), path);
      }
      const loaded = new Map<string, InstanceType<typeof engine.Table>>();
      const tables = (tableName: string) => {
        const key = tableName.toLowerCase();
        const hit = loaded.get(key);
        if (hit) return hit;
        const f = files.get(key);
        const schema = schemas.get(tableName);
        let t: InstanceType<typeof engine.Table> | undefined;
        try {
          if (f) t = engine.loadTableFile(f.path, { name: schema?.name ?? f.name, ...(schema ? { schema } : {}) });
          else if (schema) t = engine.emptyTable(schema.name, schema.columns);
        } catch (e) {
          if (e instanceof engine.TableLoadError) throw new UsageError("bad table file", e.diagnostics);
          throw e;
        }
        if (t) loaded.set(key, t);
        return t;
      };
      let result: ReturnType<typeof engine.evaluate>;
      try {
        // The tables that have data (fixture and --table files), for `union T*` and `search "x"`.
        const tableNames = () => [...files.entries()].map(([key, f]) => schemas.get(key)?.name ?? f.name);
        result = engine.evaluate(text, { tables, tableNames, file: name, externalData: (url) => external.get(url), ...(now ? { now } : {}) });
      } catch (e) {
        if (e instanceof engine.KqlError) throw new FindingsError("query failed", e.diagnostics);
        throw e;
      }
      const out =
        options.format === "json"
          ? `${engine.toLogAnalyticsJson(result)}\n`
          : options.format === "csv"
            ? engine.toCsv(result)
            : engine.formatTextTable(result);
      process.stdout.write(out);
    });
}

/**
 * Table schemas: the built-in Sentinel/Defender tables shipped in `src/schema/tables/` plus the
 * user's custom tables from the configured folder. A user file overrides a built-in table of
 * the same name, case-insensitively, as Azure-Sentinel's validation does.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../cli/errors.js";
import { lineColAt } from "../diagnostics.js";
import type { KqlType } from "../engine/values.js";
import { normaliseType } from "./type-names.js";
import { JsonSyntaxError, parseJson } from "../util/json.js";

export { normaliseType };

export interface ColumnSchema {
  readonly name: string;
  readonly type: KqlType;
}

export interface TableSchema {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  /** Where the schema came from: a file path, for messages. */
  readonly source: string;
}

export interface SchemaRegistry {
  /** Case-insensitive lookup, as the service resolves table names in validation. */
  get(name: string): TableSchema | undefined;
  readonly tables: readonly TableSchema[];
}

/** Folder of the built-in schemas: next to this file in `src/`, copied beside `dist/` at build. */
export function builtinSchemaDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const candidates = [join(here, "tables"), join(here, "../../src/schema/tables")];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error("built-in table schemas not found");
}

/** Parses one custom-table JSON file; errors name the file, line and column. */
export function parseSchemaFile(file: string, text: string): TableSchema {
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new UsageError(`${file}:${e.line}:${e.column}: table schema: ${e.message}`);
  }
  const obj = data as { Name?: unknown; Properties?: unknown };
  if (typeof obj !== "object" || obj === null || typeof obj.Name !== "string" || !Array.isArray(obj.Properties)) {
    throw new UsageError(`${file}:1:1: expected a table schema {"Name": string, "Properties": [{"Name", "Type"}]}`);
  }
  const columns = obj.Properties.map((p: unknown, i: number) => {
    const prop = p as { Name?: unknown; Type?: unknown };
    const type = typeof prop.Type === "string" ? normaliseType(prop.Type) : undefined;
    if (typeof prop.Name !== "string" || type === undefined) {
      const needle = typeof prop.Name === "string" ? `"${prop.Name}"` : '"Properties"';
      const { line, column } = lineColAt(text, Math.max(0, text.indexOf(needle)));
      throw new UsageError(
        `${file}:${line}:${column}: column ${i + 1} needs a "Name" and a known "Type" (got ${JSON.stringify(prop.Type)})`,
      );
    }
    return { name: prop.Name, type };
  });
  return { name: obj.Name, columns, source: file };
}

function readSchemaDir(dir: string): TableSchema[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      return parseSchemaFile(file, readFileSync(file, "utf8"));
    });
}

let builtins: TableSchema[] | undefined;

/** The registry of built-in tables, optionally overlaid with a folder of custom schemas. */
export function loadSchemas(customDir: string | null = null): SchemaRegistry {
  builtins ??= readSchemaDir(builtinSchemaDir());
  const byName = new Map<string, TableSchema>();
  for (const t of builtins) byName.set(t.name.toLowerCase(), t);
  if (customDir !== null) {
    if (!existsSync(customDir)) throw new UsageError(`${customDir}: schemas folder not found`);
    for (const t of readSchemaDir(customDir)) byName.set(t.name.toLowerCase(), t);
  }
  const tables = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { get: (name) => byName.get(name.toLowerCase()), tables };
}

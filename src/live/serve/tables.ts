/**
 * The workspace `serve` answers from: fixture files (`<Table>.jsonl|.csv|.json` in a folder),
 * loaded on first use and cached, plus an empty table for every known schema, as a workspace
 * where the table exists but holds no rows. The request's time range limits `TimeGenerated`
 * of every stored table, as the service does.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { emptyTable, loadTableFile, type Table } from "../../engine/index.js";
import type { SchemaRegistry } from "../../schema/registry.js";
import type { TimeRange } from "../iso8601.js";

const TABLE_EXTENSIONS = new Set([".jsonl", ".ndjson", ".json", ".csv"]);
const TIME_COLUMN = "TimeGenerated";

export class FixtureWorkspace {
  private readonly files = new Map<string, { readonly name: string; readonly path: string }>();
  private readonly loaded = new Map<string, Table | undefined>();

  constructor(
    fixturesDir: string | null,
    private readonly schemas: SchemaRegistry,
  ) {
    if (fixturesDir === null) return;
    if (!existsSync(fixturesDir) || !statSync(fixturesDir).isDirectory()) throw new Error(`fixtures: '${fixturesDir}' is not a folder`);
    for (const f of readdirSync(fixturesDir).sort()) {
      const ext = extname(f).toLowerCase();
      if (!TABLE_EXTENSIONS.has(ext)) continue;
      const table = basename(f, extname(f));
      if (!this.files.has(table.toLowerCase())) this.files.set(table.toLowerCase(), { name: table, path: join(fixturesDir, f) });
    }
  }

  /** Table names with data, for the startup banner. */
  get tableNames(): string[] {
    return [...this.files.values()].map((f) => f.name);
  }

  /** Loads every fixture file now; throws the first file's load error (with its position). */
  loadAll(): void {
    for (const f of this.files.values()) this.table(f.name);
  }

  /** The table lookup for one query, limited to `range` (inclusive) on `TimeGenerated`. */
  lookup(range: TimeRange | null): (name: string) => Table | undefined {
    const windowed = new Map<string, Table | undefined>();
    return (name) => {
      const key = name.toLowerCase();
      if (windowed.has(key)) return windowed.get(key);
      const full = this.table(name);
      const t = full && range ? limitTo(full, range) : full;
      windowed.set(key, t);
      return t;
    };
  }

  private table(name: string): Table | undefined {
    const key = name.toLowerCase();
    if (this.loaded.has(key)) return this.loaded.get(key);
    const file = this.files.get(key);
    const schema = this.schemas.get(name);
    let t: Table | undefined;
    if (file) t = loadTableFile(file.path, { name: schema?.name ?? file.name, ...(schema ? { schema } : {}) });
    else if (schema) t = emptyTable(schema.name, schema.columns);
    this.loaded.set(key, t);
    return t;
  }
}

function limitTo(table: Table, range: TimeRange): Table {
  const column = table.column(TIME_COLUMN);
  if (column?.data.type !== "datetime") return table;
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const v = column.data.get(i) as { ticks: bigint } | null;
    if (v !== null && v.ticks >= range.from && v.ticks <= range.to) keep.push(i);
  }
  return keep.length === table.rowCount ? table : table.take(keep);
}

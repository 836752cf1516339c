/** `kustodian new <slug> --table <Table>`: scaffold a detection, its tests and its fixture folder. */
import type { Command } from "commander";
import { UsageError } from "./errors.js";

interface NewOptions {
  readonly table: string;
  readonly dir?: string;
  readonly config?: string;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether `kustodian` resolves from the project: installed in a node_modules up the tree, or the project is this package. */
async function kustodianResolvesFrom(root: string): Promise<boolean> {
  const { existsSync, readFileSync } = await import("node:fs");
  const { dirname, join } = await import("node:path");
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown };
    if (pkg.name === "kustodian") return true;
  } catch {
    // no package.json: look for an installed copy
  }
  for (let d = root; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules", "kustodian"))) return true;
    if (dirname(d) === d) return false;
  }
}

export function register(program: Command): void {
  program
    .command("new")
    .description("scaffold a detection: a rule file with a fresh GUID, a must-alert and a must-stay-quiet test, and its fixture folder")
    .argument("<slug>", "file name of the rule, kebab-case (e.g. rogue-pta-agent)")
    .requiredOption("-t, --table <table>", "the table the rule queries (e.g. AuditLogs)")
    .option("-d, --dir <dir>", "folder for the rule file (default: the configured detections folder)")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .action(async (slug: string, options: NewOptions) => {
      if (!SLUG.test(slug)) throw new UsageError(`slug '${slug}' must be kebab-case: lower-case letters and digits joined by '-'`);
      const { existsSync } = await import("node:fs");
      const { join, relative, resolve } = await import("node:path");
      const { randomUUID } = await import("node:crypto");
      const { loadConfig } = await import("../config/load.js");
      const { loadSchemas } = await import("../schema/registry.js");
      const { closeNames } = await import("../dsl/query.js");
      const { findDetectionFiles, slugOf } = await import("../dsl/load.js");
      const { projectTsconfig, scaffold } = await import("../dsl/scaffold.js");
      const { BUILTIN_TABLES } = await import("../schema/tables.generated.js");
      const { writeFileAtomic } = await import("./io.js");

      const loaded = await loadConfig({ file: options.config });
      const schemas = loadSchemas(loaded.paths.schemas);
      const table = schemas.get(options.table);
      if (table === undefined) {
        const close = closeNames(options.table, schemas.tables.map((t) => t.name), 5);
        const hint = close.length > 0 ? `; close names: ${close.join(", ")}` : `; known tables: ${schemas.tables.map((t) => t.name).join(", ")}`;
        throw new UsageError(`unknown table '${options.table}'${hint}`);
      }
      const dir = options.dir ? resolve(options.dir) : loaded.paths.detections;
      const file = join(dir, `${slug}.ts`);
      const fixtures = join(loaded.paths.fixtures, slug);
      const shown = (p: string) => relative(process.cwd(), p) || p;
      if (existsSync(file)) throw new UsageError(`${shown(file)} already exists; not overwriting it`);
      const clash = findDetectionFiles(loaded.paths.detections).find((f) => slugOf(f) === slug);
      if (clash !== undefined) throw new UsageError(`a detection named '${slug}' already exists: ${shown(clash)} (slugs must be unique)`);
      if (existsSync(fixtures)) throw new UsageError(`${shown(fixtures)} already exists; not overwriting it`);

      const builtin = Object.hasOwn(BUILTIN_TABLES, table.name) && !table.source.startsWith(loaded.paths.schemas ?? "\0");
      const files = scaffold({ slug, table, id: randomUUID(), builtin });
      const fixtureFile = join(fixtures, files.fixtureName);
      writeFileAtomic(fixtureFile, files.fixture);
      writeFileAtomic(join(fixtures, "README.md"), files.readme);
      writeFileAtomic(file, files.detection);
      const created = [file, fixtureFile, join(fixtures, "README.md")];
      // A project without a tsconfig cannot type-check its rules (`import ... from "kustodian"`).
      const tsconfig = join(loaded.root, "tsconfig.json");
      if (!existsSync(tsconfig)) {
        writeFileAtomic(tsconfig, projectTsconfig(relative(loaded.root, loaded.paths.detections)));
        created.push(tsconfig);
      }
      const hint = (await kustodianResolvesFrom(loaded.root))
        ? ""
        : "hint: run 'npm i -D kustodian' in the project so that 'import ... from \"kustodian\"' resolves for tsc and your editor\n";
      process.stdout.write(
        `${created.map((f) => `created ${shown(f)}\n`).join("")}${hint}` +
          "next: edit the query and metadata, then run 'npx tsc', 'kustodian test' and 'kustodian build'\n",
      );
    });
}

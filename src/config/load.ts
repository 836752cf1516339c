/**
 * Finds and loads the project configuration: `kustodian.config.ts` or `kustodian.config.json`
 * in the given folder (default: the working directory). A missing file means defaults.
 * Errors are `UsageError`s naming the file, line and column.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../cli/errors.js";
import { lineColAt } from "../diagnostics.js";
import { JsonSyntaxError, parseJson } from "../util/json.js";
import { CONFIG_SCHEMA } from "./schema.js";
import { DEFAULT_CONFIG, type KustodianConfig } from "./types.js";

export interface LoadedConfig {
  /** Folder that holds the config file (or the working directory when none exists). */
  readonly root: string;
  /** The config file, or null when defaults are used. */
  readonly file: string | null;
  readonly config: KustodianConfig;
  /** Absolute paths of the configured folders. */
  readonly paths: {
    readonly detections: string;
    readonly fixtures: string;
    readonly templates: string | null;
    readonly generated: string;
    readonly schemas: string | null;
  };
}

export const CONFIG_FILES = ["kustodian.config.ts", "kustodian.config.json"] as const;

export async function loadConfig(options: { cwd?: string; file?: string } = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const file = options.file ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (options.file && !existsSync(file ?? "")) throw new UsageError(`${options.file}: config file not found`);
  const root = file ? dirname(file) : cwd;
  const input = file ? await readConfigFile(file) : {};
  await validateConfig(input, file ?? "<defaults>");
  const config = mergeConfig(input as Partial<KustodianConfig>);
  const at = (p: string) => resolve(root, p);
  return {
    root,
    file,
    config,
    paths: {
      detections: at(config.detections),
      fixtures: at(config.fixtures),
      templates: config.templates === null ? null : at(config.templates),
      generated: at(config.generated),
      schemas: config.schemas === null ? null : at(config.schemas),
    },
  };
}

/** The nearest config file in `dir` or a parent folder, as git finds its repository. */
function findConfigFile(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of CONFIG_FILES) {
      const candidate = join(d, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(d) === d) return null;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith(".json")) {
    const text = readFileSync(file, "utf8");
    try {
      return parseJson(text);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      throw new UsageError(`${file}:${e.line}:${e.column}: ${e.message}`);
    }
  }
  const { importTypeScript } = await import("../util/import-ts.js");
  try {
    const mod = (await importTypeScript(file)) as { default?: unknown };
    return mod.default ?? {};
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // esbuild reports syntax errors with a location; anything else is thrown by the module itself.
    const failure = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    if (failure?.location) throw new UsageError(`${file}:${failure.location.line}:${failure.location.column + 1}: ${failure.text}`);
    throw new UsageError(`${file}:1:1: cannot load config: ${(e as Error).message}`);
  }
}

async function validateConfig(input: unknown, file: string): Promise<void> {
  const { Ajv } = await import("ajv");
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (validate(input)) return;
  const text = file.endsWith(".json") && existsSync(file) ? readFileSync(file, "utf8") : "";
  const first = validate.errors?.[0];
  const pointer = first?.instancePath ?? "";
  const key = first?.params && "additionalProperty" in first.params ? String(first.params.additionalProperty) : null;
  const needle = key ?? pointer.split("/").pop() ?? "";
  const offset = needle ? text.indexOf(`"${needle}"`) : -1;
  const { line, column } = lineColAt(text, Math.max(0, offset));
  const what = key ? `unknown key '${key}'` : `${pointer || "config"} ${first?.message ?? "is invalid"}`;
  throw new UsageError(`${file}:${line}:${column}: ${what}`);
}

function mergeConfig(input: Partial<KustodianConfig>): KustodianConfig {
  return {
    ...DEFAULT_CONFIG,
    ...input,
    arm: { ...DEFAULT_CONFIG.arm, ...input.arm },
    tests: { ...DEFAULT_CONFIG.tests, ...input.tests },
    live: { ...DEFAULT_CONFIG.live, ...input.live },
    functions: { ...DEFAULT_CONFIG.functions, ...input.functions },
  };
}

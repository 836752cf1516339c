/**
 * Test cases: declared in the detection file (`tests: [...]`) or as case files
 * `fixtures/<slug>/*.test.yaml` (one case per file, or a list of cases). Both forms are checked by
 * the same validator, so they mean exactly the same thing; errors name file, line and column.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { lineColAt } from "../diagnostics.js";
import type { CompiledDetection, TestCase } from "../dsl/model.js";
import { type Locator, type Path, type SourceRef, TestInputError, textLocator, yamlLocator } from "./source.js";
import { parseInstant } from "./time.js";

export interface LoadedCase {
  readonly case: TestCase;
  /** Where the case is declared: the case file, or the detection file. */
  readonly origin: SourceRef;
  readonly locate: Locator;
  /** `fixtures/<slug>`: fixture paths in the case are relative to it. */
  readonly fixtureDir: string;
  readonly form: "detection" | "file";
}

const CASE_KEYS = new Set([
  "name", "now", "tables", "alerts", "rows", "entities", "customDetails", "title", "description", "replay",
]);

export const CASE_FILE_SUFFIX = ".test.yaml";

/** Paths in messages: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") ? rel : path;
}

/** Every case of a detection: its own `tests`, then its case files in name order. */
export function casesOf(detection: CompiledDetection, fixturesRoot: string, cwd?: string): LoadedCase[] {
  const fixtureDir = join(fixturesRoot, detection.slug);
  const shownFile = shownPath(detection.file, cwd);
  let text: string | undefined;
  const sourceText = () => {
    if (text === undefined) {
      try {
        text = readFileSync(detection.file, "utf8");
      } catch {
        text = "";
      }
    }
    return text;
  };
  const inline = (detection.spec.tests ?? []).map((raw, i): LoadedCase => {
    const anchor = typeof raw?.name === "string" ? raw.name : "tests";
    const locate: Locator = (path, what) => textLocator(shownFile, sourceText(), anchor)(path, what);
    return {
      case: validateCase(raw, locate, `case ${i + 1}`),
      origin: locate([]),
      locate,
      fixtureDir,
      form: "detection",
    };
  });
  return [...inline, ...caseFilesIn(fixtureDir, cwd)];
}

/** The `*.test.yaml` files of a fixture folder, parsed. */
export function caseFilesIn(fixtureDir: string, cwd?: string): LoadedCase[] {
  if (!existsSync(fixtureDir)) return [];
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith(CASE_FILE_SUFFIX))
    .sort()
    .flatMap((f) => loadCaseFile(join(fixtureDir, f), fixtureDir, cwd));
}

/** Parses one case file: a mapping (one case) or a sequence of mappings (several). */
export function loadCaseFile(path: string, fixtureDir: string, cwd?: string): LoadedCase[] {
  const file = shownPath(path, cwd);
  const text = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, column } = lineColAt(text, e.pos[0]);
    throw new TestInputError({ file, line, column }, `invalid YAML: ${e.message.split("\n")[0]}`, "case-yaml");
  }
  const locate = yamlLocator(file, text, doc);
  const data: unknown = doc.toJS();
  const defaultName = basename(path, CASE_FILE_SUFFIX);
  if (Array.isArray(data)) {
    return data.map((raw, i) => {
      const at: Locator = (p, what) => locate([i, ...p], what);
      return { case: validateCase(raw, at, `${defaultName} #${i + 1}`), origin: at([]), locate: at, fixtureDir, form: "file" };
    });
  }
  return [{ case: validateCase(data, locate, defaultName), origin: locate([]), locate, fixtureDir, form: "file" }];
}

const COUNT = /^\s*(>=|<=|==|>|<)?\s*(\d+)\s*$/;

/** The predicate an `alerts` expectation stands for. */
export function alertCountMatcher(expectation: TestCase["alerts"]): (count: number) => boolean {
  if (typeof expectation === "number") return (c) => c === expectation;
  const m = COUNT.exec(expectation)!;
  const n = Number(m[2]);
  switch (m[1]) {
    case ">":
      return (c) => c > n;
    case ">=":
      return (c) => c >= n;
    case "<":
      return (c) => c < n;
    case "<=":
      return (c) => c <= n;
    default:
      return (c) => c === n;
  }
}

/** `quiet`: expects no alert at all; `alerting`: expects at least one; `other` (e.g. `"<5"`). */
export function caseKind(expectation: TestCase["alerts"]): "alerting" | "quiet" | "other" {
  const matches = alertCountMatcher(expectation);
  if (!matches(0)) return "alerting";
  return matches(1) ? "other" : "quiet";
}

/** Checks a case's shape; the result is a well-formed `TestCase`. */
export function validateCase(raw: unknown, locate: Locator, defaultName: string): TestCase {
  const fail = (path: Path, message: string, what?: "key" | "value"): never => {
    throw new TestInputError(locate(path, what), message, "test-case");
  };
  if (!isPlainObject(raw)) return fail([], "a test case must be a mapping (name, now, tables, alerts, ...)");
  for (const key of Object.keys(raw)) {
    if (!CASE_KEYS.has(key)) fail([key], `unknown key '${key}' in test case (expected one of ${[...CASE_KEYS].join(", ")})`, "key");
  }
  const name = raw.name === undefined ? defaultName : raw.name;
  if (typeof name !== "string" || name.trim() === "") fail(["name"], "'name' must be a non-empty string");
  if (raw.now === undefined && raw.replay === undefined) fail([], `case '${name}': 'now' is required (the instant of the scheduled run, ISO 8601)`);
  if (raw.now !== undefined && parseInstant(raw.now) === undefined) fail(["now"], `'now' must be an ISO 8601 instant such as 2024-05-01T12:00:00Z, got ${JSON.stringify(raw.now)}`);
  if (!isPlainObject(raw.tables) || Object.keys(raw.tables).length === 0) {
    fail(raw.tables === undefined ? [] : ["tables"], `case '${name}': 'tables' must map each table the query reads to a fixture file or a list of rows`);
  }
  const tables = raw.tables as Record<string, unknown>;
  for (const [table, input] of Object.entries(tables)) {
    if (typeof input === "string") continue;
    if (!Array.isArray(input)) fail(["tables", table], `tables.${table}: expected a fixture file path or a list of rows`);
    (input as unknown[]).forEach((row, i) => {
      if (!isPlainObject(row)) fail(["tables", table, i], `tables.${table}[${i}]: a row must be a mapping of column: value`);
    });
  }
  if (raw.alerts === undefined) fail([], `case '${name}': 'alerts' is required (a count such as 1, a comparison such as ">0", or 0 for a quiet case)`);
  const alerts = raw.alerts;
  const alertsOk =
    (typeof alerts === "number" && Number.isInteger(alerts) && alerts >= 0) || (typeof alerts === "string" && COUNT.test(alerts));
  if (!alertsOk) fail(["alerts"], `'alerts' must be a count (2), a comparison (">0", ">=2", "<5", "==1"), or 0; got ${JSON.stringify(alerts)}`);
  if (raw.rows !== undefined) {
    if (!Array.isArray(raw.rows)) fail(["rows"], "'rows' must be a list of partial rows (column: value)");
    (raw.rows as unknown[]).forEach((row, i) => {
      if (!isPlainObject(row)) fail(["rows", i], `rows[${i}]: expected a mapping of column: value`);
    });
  }
  if (raw.entities !== undefined) {
    if (!Array.isArray(raw.entities)) fail(["entities"], "'entities' must be a list such as [{type: Account, FullName: alice@contoso.com}]");
    (raw.entities as unknown[]).forEach((e, i) => {
      if (!isPlainObject(e) || typeof e.type !== "string") fail(["entities", i], `entities[${i}]: expected a mapping with 'type' (Account, IP, Host, ...) and identifier values`);
    });
  }
  if (raw.customDetails !== undefined && !isPlainObject(raw.customDetails)) fail(["customDetails"], "'customDetails' must map each custom detail key to its expected value(s)");
  for (const key of ["title", "description"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "string") fail([key], `'${key}' must be a string (the rendered alert ${key})`);
  }
  if (raw.replay !== undefined) {
    const replay = raw.replay;
    if (!isPlainObject(replay)) return fail(["replay"], "'replay' must be {from: <instant>, to: <instant>}");
    for (const key of ["from", "to"] as const) {
      if (parseInstant(replay[key]) === undefined) fail(["replay", key], `replay.${key} must be an ISO 8601 instant`);
    }
    if (parseInstant(replay.from)! > parseInstant(replay.to)!) fail(["replay"], "replay.from must not be after replay.to");
  }
  const now = raw.now ?? (raw.replay as { to: string }).to;
  return { ...(raw as unknown as TestCase), name: name as string, now: now instanceof Date ? now.toISOString() : String(now) };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Date);
}

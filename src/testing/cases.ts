/**
 * Test cases: declared in the detection file (`tests: [...]`) or as case files
 * `fixtures/<slug>/*.test.yaml` (one case per file, or a list of cases). Both forms are checked by
 * the same validator, so they mean exactly the same thing; errors name file, line and column.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { type Diagnostic, displayPath, lineColAt } from "../diagnostics.js";
import type { CompiledDetection, TestCase } from "../dsl/model.js";
import { inputDiagnostic, type Locator, type Path, type SourceRef, TestInputError, textLocator, yamlLocator } from "./source.js";
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
  "name", "now", "tables", "watchlists", "alerts", "rows", "entities", "customDetails", "title", "description", "replay",
]);

export const CASE_FILE_SUFFIX = ".test.yaml";

/** Paths in messages: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  return displayPath(path, cwd);
}

/** The cases of a detection that load, and the problems of those that do not. */
export interface LoadedCases {
  readonly cases: readonly LoadedCase[];
  /** Invalid case files or cases, each problem positioned; the other cases still run. */
  readonly problems: readonly Diagnostic[];
}

/** Every case of a detection; throws the first invalid case's problems (see `loadCases`). */
export function casesOf(detection: CompiledDetection, fixturesRoot: string, cwd?: string): LoadedCase[] {
  const { cases, problems } = loadCases(detection, fixturesRoot, cwd);
  if (problems.length > 0) throw TestInputError.of(problems);
  return [...cases];
}

/**
 * Every case of a detection: its own `tests`, then its case files in name order. A bad case
 * (or case file) is reported with all its problems and left out; the others still load.
 */
export function loadCases(detection: CompiledDetection, fixturesRoot: string, cwd?: string): LoadedCases {
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
  const cases: LoadedCase[] = [];
  const problems: Diagnostic[] = [];
  (detection.spec.tests ?? []).forEach((raw, i) => {
    const anchor = typeof raw?.name === "string" ? raw.name : "tests";
    const locate: Locator = (path, what) => textLocator(shownFile, sourceText(), anchor)(path, what);
    const checked = checkCase(raw, locate, `case ${i + 1}`);
    if (checked.problems.length > 0) problems.push(...checked.problems);
    else if (checked.case) cases.push({ case: checked.case, origin: locate([]), locate, fixtureDir, form: "detection" });
  });
  const files = readCaseFiles(fixtureDir, cwd);
  return { cases: [...cases, ...files.cases], problems: [...problems, ...files.problems] };
}

/** The `*.test.yaml` files of a fixture folder, parsed; throws the first bad file's problems. */
export function caseFilesIn(fixtureDir: string, cwd?: string): LoadedCase[] {
  const { cases, problems } = readCaseFiles(fixtureDir, cwd);
  if (problems.length > 0) throw TestInputError.of(problems);
  return [...cases];
}

function readCaseFiles(fixtureDir: string, cwd?: string): LoadedCases {
  if (!existsSync(fixtureDir)) return { cases: [], problems: [] };
  const cases: LoadedCase[] = [];
  const problems: Diagnostic[] = [];
  for (const f of readdirSync(fixtureDir).filter((name) => name.endsWith(CASE_FILE_SUFFIX)).sort()) {
    const read = readCaseFile(join(fixtureDir, f), fixtureDir, cwd);
    cases.push(...read.cases);
    problems.push(...read.problems);
  }
  return { cases, problems };
}

/** Parses one case file; throws its problems, if any (see `readCaseFile`). */
export function loadCaseFile(path: string, fixtureDir: string, cwd?: string): LoadedCase[] {
  const { cases, problems } = readCaseFile(path, fixtureDir, cwd);
  if (problems.length > 0) throw TestInputError.of(problems);
  return [...cases];
}

/** Parses one case file: a mapping (one case) or a sequence of mappings (several, each checked on its own). */
export function readCaseFile(path: string, fixtureDir: string, cwd?: string): LoadedCases {
  const file = shownPath(path, cwd);
  const text = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, column } = lineColAt(text, e.pos[0]);
      return inputDiagnostic({ file, line, column }, `invalid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`, "case-yaml");
    });
    return { cases: [], problems };
  }
  const locate = yamlLocator(file, text, doc);
  const data: unknown = doc.toJS();
  const defaultName = basename(path, CASE_FILE_SUFFIX);
  const entries: { raw: unknown; at: Locator; name: string }[] = Array.isArray(data)
    ? data.map((raw, i) => ({ raw, at: (p, what) => locate([i, ...p], what), name: `${defaultName} #${i + 1}` }))
    : [{ raw: data, at: locate, name: defaultName }];
  const cases: LoadedCase[] = [];
  const problems: Diagnostic[] = [];
  for (const { raw, at, name } of entries) {
    const checked = checkCase(raw, at, name);
    if (checked.problems.length > 0) problems.push(...checked.problems);
    else if (checked.case) cases.push({ case: checked.case, origin: at([]), locate: at, fixtureDir, form: "file" });
  }
  return { cases, problems };
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

/** Checks a case's shape; the result is a well-formed `TestCase`. Throws every problem found. */
export function validateCase(raw: unknown, locate: Locator, defaultName: string): TestCase {
  const checked = checkCase(raw, locate, defaultName);
  if (checked.problems.length > 0 || checked.case === undefined) throw TestInputError.of(checked.problems);
  return checked.case;
}

/** Checks a case's shape, collecting every problem (each positioned); `case` is set when there are none. */
export function checkCase(raw: unknown, locate: Locator, defaultName: string): { case?: TestCase; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  // Missing keys are reported at the case itself; they come after the problems at a key.
  const missing: Diagnostic[] = [];
  const fail = (path: Path, message: string, what?: "key" | "value"): void => {
    (path.length === 0 ? missing : problems).push(inputDiagnostic(locate(path, what), message, "test-case"));
  };
  if (!isPlainObject(raw)) {
    fail([], "a test case must be a mapping (name, now, tables, alerts, ...)");
    return { problems: missing };
  }
  for (const key of Object.keys(raw)) {
    if (!CASE_KEYS.has(key)) fail([key], `unknown key '${key}' in test case (expected one of ${[...CASE_KEYS].join(", ")})`, "key");
  }
  const name = raw.name === undefined ? defaultName : raw.name;
  if (typeof name !== "string" || name.trim() === "") fail(["name"], "'name' must be a non-empty string");
  if (raw.now === undefined && raw.replay === undefined) fail([], `case '${String(name)}': 'now' is required (the instant of the scheduled run, ISO 8601)`);
  if (raw.now !== undefined && parseInstant(raw.now) === undefined) fail(["now"], `'now' must be an ISO 8601 instant such as 2024-05-01T12:00:00Z, got ${JSON.stringify(raw.now)}`);
  const tablesMessage = `case '${String(name)}': 'tables' must map each table the query reads to a fixture file or a list of rows`;
  if (raw.tables !== undefined && !isPlainObject(raw.tables)) fail(["tables"], tablesMessage);
  else if ((raw.tables === undefined || Object.keys(raw.tables).length === 0) && raw.watchlists === undefined) {
    fail(raw.tables === undefined ? [] : ["tables"], tablesMessage);
  }
  for (const field of ["tables", "watchlists"] as const) {
    const inputs = raw[field];
    if (field === "watchlists" && inputs !== undefined && !isPlainObject(inputs)) {
      fail([field], "'watchlists' must map each watchlist alias (as in _GetWatchlist('alias')) to a fixture file or a list of rows");
    }
    if (!isPlainObject(inputs)) continue;
    for (const [table, input] of Object.entries(inputs)) {
      if (typeof input === "string") continue;
      if (!Array.isArray(input)) {
        fail([field, table], `${field}.${table}: expected a fixture file path or a list of rows`);
        continue;
      }
      input.forEach((row, i) => {
        if (!isPlainObject(row)) fail([field, table, i], `${field}.${table}[${i}]: a row must be a mapping of column: value`);
      });
    }
  }
  const alerts = raw.alerts;
  if (alerts === undefined) fail([], `case '${String(name)}': 'alerts' is required (a count such as 1, a comparison such as ">0", or 0 for a quiet case)`);
  else {
    const alertsOk =
      (typeof alerts === "number" && Number.isInteger(alerts) && alerts >= 0) || (typeof alerts === "string" && COUNT.test(alerts));
    if (!alertsOk) fail(["alerts"], `'alerts' must be a count (2), a comparison (">0", ">=2", "<5", "==1"), or 0; got ${JSON.stringify(alerts)}`);
  }
  if (raw.rows !== undefined) {
    if (!Array.isArray(raw.rows)) fail(["rows"], "'rows' must be a list of partial rows (column: value)");
    else
      raw.rows.forEach((row, i) => {
        if (!isPlainObject(row)) fail(["rows", i], `rows[${i}]: expected a mapping of column: value`);
      });
  }
  if (raw.entities !== undefined) {
    if (!Array.isArray(raw.entities)) fail(["entities"], "'entities' must be a list such as [{type: Account, FullName: alice@contoso.com}]");
    else
      raw.entities.forEach((e, i) => {
        if (!isPlainObject(e) || typeof e.type !== "string") fail(["entities", i], `entities[${i}]: expected a mapping with 'type' (Account, IP, Host, ...) and identifier values`);
      });
  }
  if (raw.customDetails !== undefined && !isPlainObject(raw.customDetails)) fail(["customDetails"], "'customDetails' must map each custom detail key to its expected value(s)");
  for (const key of ["title", "description"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "string") fail([key], `'${key}' must be a string (the rendered alert ${key})`);
  }
  if (raw.replay !== undefined) {
    const replay = raw.replay;
    if (!isPlainObject(replay)) fail(["replay"], "'replay' must be {from: <instant>, to: <instant>}");
    else {
      let ok = true;
      for (const key of ["from", "to"] as const) {
        if (parseInstant(replay[key]) === undefined) {
          fail(["replay", key], `replay.${key} must be an ISO 8601 instant`);
          ok = false;
        }
      }
      if (ok && parseInstant(replay.from)! > parseInstant(replay.to)!) fail(["replay"], "replay.from must not be after replay.to");
    }
  }
  if (problems.length + missing.length > 0) {
    return { problems: [...problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)), ...missing] };
  }
  const now = raw.now ?? (raw.replay as { to: string }).to;
  const tables = isPlainObject(raw.tables) ? raw.tables : {};
  return {
    case: { ...(raw as unknown as TestCase), tables: tables as TestCase["tables"], name: name as string, now: now instanceof Date ? now.toISOString() : String(now) },
    problems,
  };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Date);
}

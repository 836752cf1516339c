/**
 * Reads a fixture table file into raw records (plain JS values, one object per row) and a
 * locator, so a bad cell is reported at its file, line and column. Formats, by extension:
 * `.json` (an array of objects), `.jsonl` / `.ndjson` (one object per line), `.yaml` / `.yml`
 * (a sequence of mappings) and `.csv` (a header row, then one row per line; RFC 4180 quoting).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { lineColAt } from "../diagnostics.js";
import { JsonSyntaxError, parseJson } from "../util/json.js";
import { type Locator, TestInputError, yamlLocator } from "./source.js";

export type RawRecord = Readonly<Record<string, unknown>>;

export interface RawRecords {
  readonly records: readonly RawRecord[];
  /** Path: `[rowIndex]` or `[rowIndex, column]`. */
  readonly locate: Locator;
}

export const FIXTURE_EXTENSIONS = [".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".csv"] as const;

/** Reads a fixture file; `shown` is the path used in messages (relative to the working directory). */
export function readFixtureFile(path: string, shown: string): RawRecords {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TestInputError({ file: shown }, `cannot read fixture file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case ".json":
    case ".yaml":
    case ".yml":
      return readDocument(text, shown);
    case ".jsonl":
    case ".ndjson":
      return readJsonLines(text, shown);
    case ".csv":
      return readCsv(text, shown);
    default:
      throw new TestInputError(
        { file: shown },
        `unknown fixture format '${ext}' (expected one of ${FIXTURE_EXTENSIONS.join(", ")})`,
      );
  }
}

/** JSON is YAML 1.2, so one positioned parser serves both. */
function readDocument(text: string, file: string): RawRecords {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const locate = yamlLocator(file, text, doc);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, column } = lineColAt(text, e.pos[0]);
    throw new TestInputError({ file, line, column }, `invalid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${firstLine(e.message)}`);
  }
  const data: unknown = doc.toJS();
  if (!Array.isArray(data)) throw new TestInputError(locate([]), "expected a list of rows (an array of objects)");
  data.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new TestInputError(locate([i]), `row ${i + 1}: expected an object of column: value`);
    }
  });
  return { records: data as RawRecord[], locate };
}

function readJsonLines(text: string, file: string): RawRecords {
  const records: RawRecord[] = [];
  const lineOf: number[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    let value: unknown;
    try {
      value = parseJson(raw);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      throw new TestInputError({ file, line: index + 1, column: e.column }, e.message);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TestInputError({ file, line: index + 1, column: 1 }, "expected one JSON object per line");
    }
    records.push(value as RawRecord);
    lineOf.push(index);
  });
  const locate: Locator = (path, what = "value") => {
    const row = typeof path[0] === "number" ? path[0] : -1;
    if (row < 0 || row >= lineOf.length) return { file };
    const lineText = lines[lineOf[row]];
    const quoted = typeof path[1] === "string" ? JSON.stringify(path[1]) : "";
    const key = quoted ? lineText.indexOf(quoted) : -1;
    if (key < 0) return { file, line: lineOf[row] + 1, column: 1 };
    if (what === "key") return { file, line: lineOf[row] + 1, column: key + 1 };
    // The value: past the key, the colon and any spaces.
    const colon = lineText.indexOf(":", key + quoted.length);
    let at = colon + 1;
    while (lineText[at] === " " || lineText[at] === "\t") at++;
    return { file, line: lineOf[row] + 1, column: (colon < 0 ? key : at) + 1 };
  };
  return { records, locate };
}

interface CsvCell {
  readonly text: string;
  readonly offset: number;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): CsvCell[][] {
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let i = 0;
  while (i <= text.length) {
    const start = i;
    let value = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < text.length && text[i] !== "," && text[i] !== "\n") i++;
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\n") value += text[i++];
      if (value.endsWith("\r")) value = value.slice(0, -1);
    }
    row.push({ text: value, offset: start });
    if (text[i] === ",") {
      i++;
      continue;
    }
    // end of line or of text
    if (!(row.length === 1 && row[0].text === "")) rows.push(row);
    row = [];
    i++;
  }
  return rows;
}

function readCsv(text: string, file: string): RawRecords {
  const rows = parseCsv(text);
  if (rows.length === 0) return { records: [], locate: () => ({ file }) };
  const header = rows[0].map((c) => c.text.trim());
  const body = rows.slice(1);
  const records = body.map((cells, r) => {
    if (cells.length !== header.length) {
      const { line, column } = lineColAt(text, cells[0].offset);
      throw new TestInputError(
        { file, line, column },
        `row ${r + 1} has ${cells.length} fields but the header has ${header.length}`,
      );
    }
    const record: Record<string, unknown> = {};
    // An empty CSV field is a missing value (null), as in Log Analytics exports.
    header.forEach((name, c) => {
      record[name] = cells[c].text === "" ? null : cells[c].text;
    });
    return record;
  });
  const locate: Locator = (path) => {
    const r = typeof path[0] === "number" ? path[0] : -1;
    if (r < 0 || r >= body.length) return { file, line: 1, column: 1 };
    const c = typeof path[1] === "string" ? header.indexOf(path[1]) : 0;
    const { line, column } = lineColAt(text, body[r][Math.max(0, c)].offset);
    return { file, line, column };
  };
  return { records, locate };
}

function firstLine(s: string): string {
  return s.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

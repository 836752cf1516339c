/**
 * Loading tables: JSON Lines, JSON arrays of records, CSV with a header row, and the Log
 * Analytics query response shape (`{tables:[{name, columns:[{name,type}], rows}]}`).
 *
 * Known schemas type the columns (a `TimeGenerated` string becomes a datetime); schema columns
 * missing from the file are empty, as in a real workspace; other columns are inferred. A bad
 * cell is reported with file, line and column.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { basename, extname } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { normaliseType } from "../schema/registry.js";
import { ArrayColumn, type Column, DictBuilder } from "./column.js";
import { coerce, inferType } from "./coerce.js";
import { closestName } from "./compile.js";
import { parseCsv } from "./csv.js";
import { TableLoadError } from "./errors.js";
import { detached, NESTED, RawJson, type ScannedRecord, SPAN, scanFlatObject, valueAt } from "./jsonl-scan.js";
import { Table } from "./table.js";
import type { KqlType, Value } from "./values.js";

export interface TableSchemaLike {
  readonly name?: string;
  readonly columns: readonly { readonly name: string; readonly type: KqlType }[];
}

export interface LoadOptions {
  /** Table name; default: the file name without extension. */
  readonly name?: string;
  readonly schema?: TableSchemaLike;
}

/** Where a record came from, for messages. */
interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Locates a field's value (or its key) inside the record, when the format allows it. */
  readonly locate?: (field: string, at?: "key") => { line: number; column: number };
}

type AddResult = string | null;

/** Accumulates one column's cells. `add` returns what was expected when a cell is bad. */
interface Sink {
  add(x: unknown): AddResult;
  finish(): Column;
}

class DictSink implements Sink {
  private readonly b: DictBuilder;
  constructor(readonly type: KqlType) {
    this.b = new DictBuilder(type, 4096);
  }
  add(x: unknown): AddResult {
    if (this.type === "string" && typeof x === "string") {
      this.b.addString(x);
      return null;
    }
    const key =
      typeof x === "string" ? `s${x}` : x === null || x === undefined ? null : x instanceof RawJson ? `j${x.text}` : `j${JSON.stringify(x)}`;
    let bad: AddResult = null;
    this.b.addKeyed(key, () => {
      const c = coerce(x, this.type);
      if (!c.ok) {
        bad = c.expected;
        return null;
      }
      return c.value;
    });
    return bad;
  }
  private readonly spans = new SpanIndex();

  /** A nested JSON value given by its span: parsed once per distinct text. */
  addNested(line: string, start: number, end: number): AddResult {
    const code = this.spans.find(line, start, end);
    if (code >= 0) {
      this.b.addCode(code);
      return null;
    }
    const free = this.spans.free;
    const text = detached(line.slice(start, end));
    let bad: AddResult = null;
    const added = this.b.addKeyed(`j${text}`, () => {
      const c = coerce(new RawJson(text), this.type);
      if (!c.ok) {
        bad = c.expected;
        return null;
      }
      return c.value;
    });
    this.spans.insert(text, added, free);
    return bad;
  }

  finish(): Column {
    return this.b.finish();
  }
}

class ArraySink implements Sink {
  private readonly values: Value[] = [];
  constructor(readonly type: KqlType) {}
  add(x: unknown): AddResult {
    const c = coerce(x, this.type);
    if (!c.ok) {
      this.values.push(null);
      return c.expected;
    }
    this.values.push(c.value);
    return null;
  }
  finish(): Column {
    return new ArrayColumn(this.type, this.values);
  }
}

/**
 * Strings: dictionary-encoded while the column repeats values; a column of mostly distinct
 * values (ids, correlation ids) switches to a plain array, where a dictionary only costs.
 */
/**
 * Text spans of the current line -> dictionary codes: an open-addressing table hashed on the
 * characters, so a repeated value is found without creating a JS string for it.
 */
class SpanIndex {
  private slots = new Int32Array(1 << 12);
  private readonly texts: string[] = [];

  /** The code of `line.slice(start, end)`, or -1 (then `free` holds its slot for `insert`). */
  find(line: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const code = this.slots[p] - 1;
      if (code < 0) {
        this.free = p;
        return -1;
      }
      const t = this.texts[code];
      if (t.length === len && line.startsWith(t, start)) return code;
    }
  }
  free = -1;

  /** Records `text` under `code`; `slot` is its free slot from `find`, or -1. */
  insert(text: string, code: number, slot: number): void {
    while (this.texts.length <= code) this.texts.push("");
    this.texts[code] = text;
    if (this.count++ * 2 >= this.slots.length) {
      this.rehash();
      slot = -1;
    }
    const mask = this.slots.length - 1;
    if (slot < 0) {
      slot = hashText(text) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    }
    this.slots[slot] = code + 1;
  }
  private count = 0;

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    this.texts.forEach((t, code) => {
      if (t === "" && code !== 0) return;
      let p = hashText(t) & mask;
      while (this.slots[p] !== 0) p = (p + 1) & mask;
      this.slots[p] = code + 1;
    });
  }
}

/**
 * Strings: dictionary-encoded while the column repeats values; a column of mostly distinct
 * values (ids, correlation ids) switches to a plain array, where a dictionary only costs.
 */
class StringSink implements Sink {
  private dict: DictBuilder | null = new DictBuilder("string", 4096);
  private plain: string[] | null = null;
  private n = 0;
  private spans: SpanIndex | null = new SpanIndex();

  add(x: unknown): AddResult {
    const s = typeof x === "string" ? x : (coerce(x, "string") as { value: string }).value;
    this.n++;
    if (this.dict === null) this.plain!.push(s);
    else {
      const before = this.dict.distinct;
      this.dict.addString(s);
      // Keep the span index complete: it must know every dictionary entry.
      if (this.dict.distinct > before) this.spans!.insert(s, before, -1);
      this.checkCardinality();
    }
    return null;
  }

  addSpan(line: string, start: number, end: number): void {
    this.n++;
    if (this.dict === null) {
      this.plain!.push(detached(line.slice(start, end)));
      return;
    }
    const spans = this.spans!;
    let code = spans.find(line, start, end);
    if (code < 0) {
      const text = detached(line.slice(start, end));
      const before = this.dict.distinct;
      this.dict.addString(text);
      code = this.dict.distinct > before ? before : -1;
      if (code >= 0) spans.insert(text, code, spans.free);
    } else this.dict.addCode(code);
    this.checkCardinality();
  }

  /** Mostly distinct values (ids): a dictionary only costs, switch to a plain array. */
  private checkCardinality(): void {
    if (this.n === 65536 && this.dict !== null && this.dict.distinct > 32768) {
      const d = this.dict.finish();
      this.plain = Array.from({ length: d.length }, (_, i) => d.dict[d.codes[i]] as string);
      this.dict = null;
      this.spans = null;
    }
  }

  finish(): Column {
    return this.dict !== null ? this.dict.finish() : new ArrayColumn("string", this.plain!);
  }
}

function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function typedSink(type: KqlType): Sink {
  if (type === "string") return new StringSink();
  return type === "dynamic" ? new DictSink(type) : new ArraySink(type);
}

/** Collects raw cells until the column's type is inferred. */
class RawSink {
  readonly cells: unknown[] = [];
  /** Source line of each cell (for messages). */
  readonly lines: number[] = [];
}

/** One column being built: typed (schema known) or raw (type inferred at the end). */
interface Slot {
  readonly name: string;
  readonly typed: Sink | null;
  /** The typed sink when it takes string spans (strings), for a direct call. */
  readonly strings: StringSink | null;
  /** The typed sink when it takes nested JSON spans (dynamic), for a direct call. */
  readonly nested: DictSink | null;
  readonly raw: RawSink | null;
  /** Stamp of the last record that set this column (detects absent and duplicate keys). */
  seen: number;
}

class TableBuilder {
  private readonly slots = new Map<string, Slot>();
  private readonly order: Slot[] = [];
  private rows = 0;
  private stamp = 0;
  private readonly scratch: ScannedRecord = { keys: [], values: [], count: 0 };

  /** Set for files loaded with a schema: a column the schema lacks is an error, not a new column. */
  private readonly closedSchema: TableSchemaLike | undefined;

  constructor(
    private readonly file: string,
    schema: TableSchemaLike | undefined,
    private readonly fromText: boolean,
    fixedTypes: ReadonlyMap<string, KqlType> = new Map(),
    closed = false,
  ) {
    this.closedSchema = closed ? schema : undefined;
    for (const c of schema?.columns ?? []) this.addSlot(c.name, typedSink(c.type));
    for (const [name, type] of fixedTypes) if (!this.slots.has(name)) this.addSlot(name, typedSink(type));
  }

  private addSlot(name: string, typed: Sink | null): Slot {
    let raw: RawSink | null = null;
    if (typed === null) {
      raw = new RawSink();
      for (let i = 0; i < this.rows; i++) {
        raw.cells.push(null);
        raw.lines.push(0);
      }
    }
    const slot: Slot = {
      name,
      typed,
      strings: typed instanceof StringSink ? typed : null,
      nested: typed instanceof DictSink && typed.type === "dynamic" ? typed : null,
      raw,
      seen: 0,
    };
    this.slots.set(name, slot);
    this.order.push(slot);
    return slot;
  }

  private addUnknownSlot(key: string, origin: Origin): Slot {
    if (this.closedSchema) throw unknownColumn(origin, key, this.closedSchema);
    return this.addSlot(key, null);
  }

  addRecord(record: Record<string, unknown>, origin: Origin): void {
    const rec = this.scratch;
    let n = 0;
    for (const key in record) {
      rec.keys[n] = key;
      rec.values[n] = record[key];
      n++;
    }
    rec.count = n;
    if (!this.addFields(rec, origin)) {
      // Duplicate keys cannot come from a JS object; unreachable, kept for the type checker.
      throw badCell(origin, rec.keys[0] ?? "", null, "distinct keys");
    }
  }

  /** Adds one record given as parallel key/value arrays; false on a duplicate key (nothing added). */
  /** Slots of the previous record's keys by position (records repeat their key order). */
  private readonly keyCache: string[] = [];
  private readonly slotCache: Slot[] = [];

  addFields(rec: ScannedRecord, origin: Origin): boolean {
    const stamp = ++this.stamp;
    const { keys, values, count } = rec;
    const keyCache = this.keyCache;
    const slotCache = this.slotCache;
    for (let k = 0; k < count; k++) {
      const key = keys[k];
      let slot: Slot;
      if (keyCache[k] === key) slot = slotCache[k];
      else {
        slot = this.slots.get(key) ?? this.addUnknownSlot(key, origin);
        keyCache[k] = key;
        slotCache[k] = slot;
      }
      if (slot.seen === stamp) return false;
      slot.seen = stamp;
    }
    for (let k = 0; k < count; k++) {
      const slot = slotCache[k];
      if (values[k] === SPAN && slot.strings !== null) {
        slot.strings.addSpan(rec.line!, rec.starts![k], rec.ends![k]);
        continue;
      }
      if (values[k] === NESTED && slot.nested !== null) {
        const bad = slot.nested.addNested(rec.line!, rec.starts![k], rec.ends![k]);
        if (bad !== null) throw badCell(origin, slot.name, valueAt(rec, k), bad);
        continue;
      }
      const x = valueAt(rec, k);
      if (slot.typed !== null) {
        const bad = slot.typed.add(x);
        if (bad !== null) throw badCell(origin, slot.name, x, bad);
      } else {
        slot.raw!.cells.push(x);
        slot.raw!.lines.push(origin.line);
      }
    }
    if (count !== this.order.length) {
      for (const slot of this.order) {
        if (slot.seen === stamp) continue;
        if (slot.typed !== null) slot.typed.add(undefined);
        else {
          slot.raw!.cells.push(null);
          slot.raw!.lines.push(origin.line);
        }
      }
    }
    this.rows++;
    return true;
  }

  finish(name: string): Table {
    const columns = this.order.map((slot) => {
      if (slot.typed !== null) return { name: slot.name, data: slot.typed.finish() };
      const r = slot.raw!;
      const type = inferType(r.cells, this.fromText);
      const sink = typedSink(type);
      r.cells.forEach((x, i) => {
        const bad = sink.add(x);
        if (bad !== null) throw badCell({ file: this.file, line: r.lines[i], column: 1 }, slot.name, x, bad);
      });
      return { name: slot.name, data: sink.finish() };
    });
    return new Table(name, columns, this.rows);
  }
}

function badCell(origin: Origin, column: string, value: unknown, expected: string): TableLoadError {
  const at = origin.locate ? origin.locate(column) : { line: origin.line, column: origin.column };
  const shown = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  const message = `column '${column}': expected ${expected}, got ${shown}`;
  const d: Diagnostic = { severity: "error", message, file: origin.file, line: at.line, column: at.column, code: "table-load" };
  return new TableLoadError(`${origin.file}:${at.line}:${at.column}: ${message}`, [d]);
}

/** A fixture column the table's schema lacks (typo, or a column of another table). */
function unknownColumn(origin: Origin, column: string, schema: TableSchemaLike): TableLoadError {
  const at = origin.locate ? origin.locate(column, "key") : { line: origin.line, column: origin.column };
  const hint = closestName(column, schema.columns.map((c) => c.name));
  const table = schema.name ?? "table";
  const message = `column '${column}' is not in the ${table} schema${hint ? ` (did you mean '${hint}'?)` : ""}`;
  return loadError(origin.file, at.line, at.column, message);
}

function loadError(file: string, line: number, column: number, message: string): TableLoadError {
  const d: Diagnostic = { severity: "error", message, file, line, column, code: "table-load" };
  return new TableLoadError(`${file}:${line}:${column}: ${message}`, [d]);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A table from JavaScript records, typed by `schema` when given, inferred otherwise. */
export function tableFromRecords(name: string, records: readonly Record<string, unknown>[], schema?: TableSchemaLike): Table {
  const b = new TableBuilder(`<records of ${name}>`, schema, false);
  records.forEach((r, i) => {
    b.addRecord(r, { file: `<records of ${name}>`, line: i + 1, column: 1 });
  });
  return b.finish(name);
}

/** Loads a table file; the format follows the extension (`.jsonl`/`.ndjson`, `.json`, `.csv`). */
export function loadTableFile(path: string, options: LoadOptions = {}): Table {
  const ext = extname(path).toLowerCase();
  const name = options.name ?? options.schema?.name ?? basename(path, extname(path));
  if (ext === ".jsonl" || ext === ".ndjson") return loadJsonLines(path, name, options.schema);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw loadError(path, 1, 1, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (ext === ".csv") return tableFromCsvText(text, path, name, options.schema);
  if (ext === ".json") return tableFromJsonText(text, path, name, options.schema);
  throw loadError(path, 1, 1, `unknown table file type '${ext}': expected .jsonl, .ndjson, .json or .csv`);
}

/** Streams a JSON Lines file in chunks, so files larger than a JS string load too. */
function loadJsonLines(path: string, name: string, schema: TableSchemaLike | undefined): Table {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw loadError(path, 1, 1, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const b = new TableBuilder(path, schema, false, new Map(), schema !== undefined);
  const chunk = Buffer.allocUnsafe(8 << 20);
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let text = "";
  let lineStart = 0;
  let lineEnd = 0;
  const scanned: ScannedRecord = { keys: [], values: [], count: 0 };
  // One origin object for every line; `locate` reads the current line when a cell is bad.
  const origin = {
    file: path,
    line: 0,
    column: 1,
    locate: (field: string, at?: "key") => ({ line: lineNo, column: fieldColumn(text.slice(lineStart, lineEnd), field, at) }),
  };
  /** One line, given by its bounds in the decoded chunk (no per-line string on the fast path). */
  const handle = (from: number, to: number): void => {
    lineNo++;
    if (to > from && text.charCodeAt(to - 1) === 13) to--;
    if (lineNo === 1 && text.charCodeAt(from) === 0xfeff) from++;
    lineStart = from;
    lineEnd = to;
    let blank = true;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    origin.line = lineNo;
    if (scanFlatObject(text, scanned, from, to) && b.addFields(scanned, origin)) return;
    const line = text.slice(from, to);
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      throw loadError(path, lineNo, m ? Number(m[1]) + 1 : 1, `invalid JSON: ${(e as Error).message}`);
    }
    if (!isRecord(rec)) throw loadError(path, lineNo, 1, "expected a JSON object (one record per line)");
    b.addRecord(rec, origin);
  };
  const handleText = (): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) {
        handle(start, text.length);
        return;
      }
      handle(start, nl);
      start = nl + 1;
    }
  };
  try {
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      // Cut at the last newline so multi-byte characters are never split; decode the whole
      // piece at once so the text is one flat string.
      const lastNl = chunk.lastIndexOf(10, got - 1);
      if (lastNl < 0) {
        carry = Buffer.concat([carry, chunk.subarray(0, got)]);
        continue;
      }
      const piece = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, lastNl)]) : chunk.subarray(0, lastNl);
      carry = Buffer.from(chunk.subarray(lastNl + 1, got));
      text = piece.toString("utf8");
      handleText();
    }
    if (carry.length > 0) {
      text = carry.toString("utf8");
      handleText();
    }
  } finally {
    closeSync(fd);
  }
  return b.finish(name);
}

/** 1-based column of a field's value (or of its quoted key) in one JSON line. */
function fieldColumn(line: string, field: string, at?: "key"): number {
  const quoted = JSON.stringify(field);
  const i = line.indexOf(quoted);
  if (i < 0) return 1;
  if (at === "key") return i + 1;
  const colon = line.indexOf(":", i + quoted.length);
  let j = colon + 1;
  while (j < line.length && line[j] === " ") j++;
  return j + 1;
}

/** JSON: an array of records, or the Log Analytics response shape. */
export function tableFromJsonText(text: string, file: string, name: string, schema?: TableSchemaLike): Table {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const { line, column } = lineCol(text, m ? Number(m[1]) : 0);
    throw loadError(file, line, column, `invalid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(data)) {
    const starts = topLevelElementOffsets(text);
    const b = new TableBuilder(file, schema, false, new Map(), schema !== undefined);
    data.forEach((rec, i) => {
      const at = lineCol(text, starts[i] ?? 0);
      if (!isRecord(rec)) throw loadError(file, at.line, at.column, `expected a JSON object as array element ${i + 1}`);
      const start = starts[i] ?? 0;
      b.addRecord(rec, {
        file,
        line: at.line,
        column: at.column,
        locate: (field, where) => {
          const quoted = JSON.stringify(field);
          const k = text.indexOf(quoted, start);
          if (k < 0) return at;
          if (where === "key") return lineCol(text, k);
          let v = text.indexOf(":", k + quoted.length) + 1;
          while (v > 0 && v < text.length && /\s/.test(text[v])) v++;
          return lineCol(text, v > 0 ? v : k);
        },
      });
    });
    return b.finish(name);
  }
  if (isRecord(data) && Array.isArray(data.tables)) return fromLogAnalytics(data.tables, text, file, name, schema);
  throw loadError(file, 1, 1, "expected a JSON array of records or a Log Analytics response {\"tables\": [...]}");
}

function fromLogAnalytics(tables: unknown[], text: string, file: string, name: string, schema: TableSchemaLike | undefined): Table {
  const t = tables[0];
  if (!isRecord(t) || !Array.isArray(t.columns) || !Array.isArray(t.rows)) {
    throw loadError(file, 1, 1, "expected tables[0] with 'columns' and 'rows'");
  }
  const names: string[] = [];
  const types = new Map<string, KqlType>();
  for (const c of t.columns) {
    if (!isRecord(c) || typeof c.name !== "string") throw loadError(file, 1, 1, "expected columns as {\"name\", \"type\"}");
    if (schema && !schema.columns.some((s) => s.name === c.name)) {
      const k = text.indexOf(JSON.stringify(c.name));
      throw unknownColumn({ file, line: 1, column: 1, locate: () => (k < 0 ? { line: 1, column: 1 } : lineCol(text, k)) }, c.name, schema);
    }
    names.push(c.name);
    const declared = typeof c.type === "string" ? normaliseType(c.type) : undefined;
    const fromSchema = schema?.columns.find((s) => s.name === c.name)?.type;
    const type = fromSchema ?? declared;
    if (type) types.set(c.name, type);
  }
  const b = new TableBuilder(file, schema, false, types);
  t.rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw loadError(file, 1, 1, `expected row ${i + 1} to be an array`);
    const rec: Record<string, unknown> = {};
    names.forEach((n, j) => {
      rec[n] = row[j];
    });
    b.addRecord(rec, { file, line: 1, column: 1, locate: () => ({ line: 1, column: 1 }) });
  });
  return b.finish(typeof t.name === "string" && name === "PrimaryResult" ? t.name : name);
}

/** CSV with a header row; cells are text, typed by the schema or inferred. */
export function tableFromCsvText(text: string, file: string, name: string, schema?: TableSchemaLike): Table {
  const parsed = parseCsv(text);
  if (parsed.error) throw loadError(file, parsed.error.line, parsed.error.column, parsed.error.message);
  const [header, ...records] = parsed.records;
  if (!header) return new TableBuilder(file, schema, true).finish(name);
  if (schema) {
    const unknown = header.cells.find((h) => !schema.columns.some((c) => c.name === h.text));
    if (unknown) throw unknownColumn({ file, line: unknown.line, column: unknown.column }, unknown.text, schema);
  }
  const b = new TableBuilder(file, schema, true);
  for (const r of records) {
    if (r.cells.length === 1 && r.cells[0].text === "" && header.cells.length > 1) continue;
    if (r.cells.length > header.cells.length) {
      const extra = r.cells[header.cells.length];
      throw loadError(file, extra.line, extra.column, `row has ${r.cells.length} cells but the header has ${header.cells.length}`);
    }
    const rec: Record<string, unknown> = {};
    header.cells.forEach((h, j) => {
      rec[h.text] = r.cells[j]?.text ?? "";
    });
    b.addRecord(rec, {
      file,
      line: r.line,
      column: 1,
      locate: (field) => {
        const j = header.cells.findIndex((h) => h.text === field);
        const cell = r.cells[j];
        return cell ? { line: cell.line, column: cell.column } : { line: r.line, column: 1 };
      },
    });
  }
  return b.finish(name);
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Offsets where each element of a top-level JSON array starts (strings and nesting skipped). */
function topLevelElementOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      if (expectElement && depth === 1) {
        out.push(i);
        expectElement = false;
      }
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      continue;
    }
    if (ch === 32 || ch === 10 || ch === 13 || ch === 9) continue;
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (expectElement && depth === 1) {
        out.push(i);
        expectElement = false;
      }
      depth++;
      if (depth === 1) expectElement = true;
      continue;
    }
    if (ch === 93 || ch === 125) {
      depth--;
      continue;
    }
    if (ch === 44 /* , */ && depth === 1) {
      expectElement = true;
      continue;
    }
    if (expectElement && depth === 1) {
      out.push(i);
      expectElement = false;
    }
  }
  return out;
}

/**
 * Column vectors. A table is a list of named, typed columns of equal length.
 *
 * - `DictColumn`: values are `dict[codes[i]]`. Loaded strings and dynamic values are stored this
 *   way (each distinct value once), and so is any column computed from one dictionary column
 *   (the computation ran once per distinct value, and the result shares the codes).
 * - `ArrayColumn`: a plain array of values, for everything else.
 */
import type { KqlType, Value } from "./values.js";

export interface Column {
  readonly type: KqlType;
  readonly length: number;
  get(row: number): Value;
  /** The rows at `rows`, in that order (indices may repeat; -1 gives null / ""). */
  take(rows: ArrayLike<number>): Column;
}

export class ArrayColumn implements Column {
  constructor(
    readonly type: KqlType,
    readonly values: readonly Value[],
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(row: number): Value {
    return this.values[row];
  }
  take(rows: ArrayLike<number>): Column {
    return new IndexedColumn(this.type, this.values, Int32Array.from(rows));
  }
}

/**
 * Selected rows of an array of values, without copying them (`where` keeps the rows it passes
 * as indices; only the columns later operators read are ever touched).
 */
export class IndexedColumn implements Column {
  constructor(
    readonly type: KqlType,
    readonly base: readonly Value[],
    /** Row in `base` per row of this column; -1 for a missing (empty) cell. */
    readonly rows: Int32Array,
  ) {}
  get length(): number {
    return this.rows.length;
  }
  get(row: number): Value {
    const r = this.rows[row];
    return r < 0 ? emptyValue(this.type) : this.base[r];
  }
  take(rows: ArrayLike<number>): Column {
    const out = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = r < 0 ? -1 : this.rows[r];
    }
    return new IndexedColumn(this.type, this.base, out);
  }
}

export class DictColumn implements Column {
  private codeArray: Int32Array | null;
  /** A selection of another column's rows, gathered into `codes` on first use. */
  private selection: { readonly base: DictColumn; readonly rows: Int32Array } | null = null;

  /**
   * @param unique whether `dict` holds no two equal values (true for loaded columns), so a
   *   code identifies a value and grouping can use codes directly.
   */
  constructor(
    readonly type: KqlType,
    codes: Int32Array | null,
    readonly dict: readonly Value[],
    readonly unique: boolean,
  ) {
    this.codeArray = codes;
  }

  /** Dictionary code per row (gathered lazily for selections, so unread columns cost nothing). */
  get codes(): Int32Array {
    if (this.codeArray === null) {
      const { base, rows } = this.selection!;
      const src = base.codes;
      const out = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
      this.codeArray = out;
      this.selection = null;
    }
    return this.codeArray;
  }

  get length(): number {
    return this.codeArray !== null ? this.codeArray.length : this.selection!.rows.length;
  }

  get(row: number): Value {
    return this.dict[this.codes[row]];
  }

  take(rows: ArrayLike<number>): Column {
    let missing = false;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] < 0) {
        missing = true;
        break;
      }
    }
    if (!missing) {
      const lazy = new DictColumn(this.type, null, this.dict, this.unique);
      lazy.selection = { base: this, rows: Int32Array.from(rows) };
      return lazy;
    }
    const src = this.codes;
    const codes = new Int32Array(rows.length);
    const empty = this.dict.length;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      codes[i] = r < 0 ? empty : src[r];
    }
    return new DictColumn(this.type, codes, [...this.dict, emptyValue(this.type)], false);
  }
}

/** The value a missing cell holds: `""` for strings (never null), null otherwise. */
export function emptyValue(type: KqlType): Value {
  return type === "string" ? "" : null;
}

export function constantColumn(type: KqlType, value: Value, length: number): Column {
  return new DictColumn(type, new Int32Array(length), [value], true);
}

export function columnFromValues(type: KqlType, values: readonly Value[]): Column {
  return new ArrayColumn(type, values);
}

/** Builds a dictionary-encoded column by appending values; `keyOf` identifies equal values. */
export class DictBuilder {
  private readonly index = new Map<unknown, number>();
  private readonly dict: Value[] = [];
  private codes: Int32Array;
  private n = 0;
  constructor(
    readonly type: KqlType,
    capacity = 1024,
  ) {
    this.codes = new Int32Array(Math.max(16, capacity));
  }
  /** Appends a value whose identity key is `key` (a primitive); `make` builds it on first sight. */
  addKeyed(key: unknown, make: () => Value): number {
    let code = this.index.get(key);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(make());
      this.index.set(key, code);
    }
    if (this.n === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.n++] = code;
    return code;
  }
  /** Appends an existing dictionary code. */
  addCode(code: number): void {
    if (this.n === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.n++] = code;
  }
  addString(s: string): void {
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.index.set(s, code);
    }
    if (this.n === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.n++] = code;
  }
  get length(): number {
    return this.n;
  }
  get distinct(): number {
    return this.dict.length;
  }
  finish(): DictColumn {
    return new DictColumn(this.type, this.codes.slice(0, this.n), this.dict, true);
  }
}

/** Concatenates columns of the same type. */
export function concatColumns(type: KqlType, parts: readonly Column[]): Column {
  if (type === "string" && parts.every((p) => p instanceof DictColumn)) {
    const b = new DictBuilder(type, parts.reduce((n, p) => n + p.length, 0));
    for (const p of parts) for (let i = 0; i < p.length; i++) b.addString(p.get(i) as string);
    return b.finish();
  }
  const out: Value[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p.get(i));
  return new ArrayColumn(type, out);
}

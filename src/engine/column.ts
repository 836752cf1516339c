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
    const out = new Array<Value>(rows.length);
    const empty = emptyValue(this.type);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = r < 0 ? empty : this.values[r];
    }
    return new ArrayColumn(this.type, out);
  }
}

export class DictColumn implements Column {
  /**
   * @param unique whether `dict` holds no two equal values (true for loaded columns), so a
   *   code identifies a value and grouping can use codes directly.
   */
  constructor(
    readonly type: KqlType,
    readonly codes: Int32Array,
    readonly dict: readonly Value[],
    readonly unique: boolean,
  ) {}
  get length(): number {
    return this.codes.length;
  }
  get(row: number): Value {
    return this.dict[this.codes[row]];
  }
  take(rows: ArrayLike<number>): Column {
    const codes = new Int32Array(rows.length);
    let missing = -1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r < 0) {
        if (missing < 0) missing = this.dict.length;
        codes[i] = missing;
      } else codes[i] = this.codes[r];
    }
    if (missing < 0) return new DictColumn(this.type, codes, this.dict, this.unique);
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
  addKeyed(key: unknown, make: () => Value): void {
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

/**
 * `Table`: named, typed, equal-length column vectors. Immutable: operators build new tables,
 * sharing column vectors where they can.
 */
import { type Column, constantColumn, emptyValue } from "./column.js";
import type { KqlType, Value } from "./values.js";

export interface ColumnInfo {
  readonly name: string;
  readonly type: KqlType;
}

export interface NamedColumn {
  readonly name: string;
  readonly data: Column;
}

export class Table {
  private index: Map<string, number> | null = null;
  constructor(
    readonly name: string,
    readonly columns: readonly NamedColumn[],
    readonly rowCount: number,
  ) {}

  get schema(): ColumnInfo[] {
    return this.columns.map((c) => ({ name: c.name, type: c.data.type }));
  }

  /** Column position by exact (case-sensitive) name, as Kusto resolves column names; -1 if absent. */
  indexOf(name: string): number {
    if (this.index === null) {
      this.index = new Map();
      this.columns.forEach((c, i) => {
        if (!this.index!.has(c.name)) this.index!.set(c.name, i);
      });
    }
    return this.index.get(name) ?? -1;
  }

  column(name: string): NamedColumn | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.columns[i];
  }

  /** The rows at `rows` (in that order; -1 yields an empty row). */
  take(rows: ArrayLike<number>): Table {
    return new Table(
      this.name,
      this.columns.map((c) => ({ name: c.name, data: c.data.take(rows) })),
      rows.length,
    );
  }

  withName(name: string): Table {
    return new Table(name, this.columns, this.rowCount);
  }

  row(i: number): Value[] {
    return this.columns.map((c) => c.data.get(i));
  }

  rows(): Value[][] {
    const out: Value[][] = [];
    for (let i = 0; i < this.rowCount; i++) out.push(this.row(i));
    return out;
  }
}

/** A table with the given schema and no rows. */
export function emptyTable(name: string, schema: readonly ColumnInfo[]): Table {
  return new Table(
    name,
    schema.map((c) => ({ name: c.name, data: constantColumn(c.type, emptyValue(c.type), 0) })),
    0,
  );
}

export function rangeRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

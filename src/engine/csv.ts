/** RFC 4180 CSV reading with positions, so a bad row can be reported by line and column. */

export interface CsvCell {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export interface CsvRecord {
  readonly line: number;
  readonly cells: CsvCell[];
}

export interface CsvParse {
  readonly records: CsvRecord[];
  readonly error?: { line: number; column: number; message: string };
}

/** Parses CSV (or another single-character `delimiter`: tab, pipe). */
export function parseCsv(text: string, delimiter = ","): CsvParse {
  const records: CsvRecord[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1;
  while (i < n) {
    const rec: CsvRecord = { line, cells: [] };
    for (;;) {
      const cellLine = line;
      const cellColumn = i - lineStart + 1;
      let value = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) return { records, error: { line: cellLine, column: cellColumn, message: "unterminated quoted field" } };
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") {
            line++;
            lineStart = i + 1;
          }
          value += ch;
          i++;
        }
        if (i < n && text[i] !== delimiter && text[i] !== "\n" && text[i] !== "\r") {
          return { records, error: { line, column: i - lineStart + 1, message: "expected ',' or end of line after a quoted field" } };
        }
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== "\n" && text[j] !== "\r") j++;
        value = text.slice(i, j);
        i = j;
      }
      rec.cells.push({ text: value, line: cellLine, column: cellColumn });
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === "\r") i++;
      if (text[i] === "\n") {
        i++;
        line++;
        lineStart = i;
      }
      break;
    }
    records.push(rec);
  }
  return { records };
}

/**
 * A readable diff of expected (partial) rows against the actual result: the columns the case
 * names, one line per row, `-` for an expected row that no actual row matches, `+` for actual
 * rows no expected row accounts for, a blank marker for rows that matched.
 */
import type { ResultSet } from "./alerts.js";
import { valueText } from "./alerts.js";
import { matchesValue } from "./match.js";
import { shownLength } from "./report/escape.js";

export type ExpectedRow = Readonly<Record<string, unknown>>;

export interface RowMatch {
  /** For each expected row, the index of the first actual row it matched, or -1. */
  readonly matches: readonly number[];
  /** Expected columns missing from the result. */
  readonly missingColumns: readonly string[];
}

export function matchRows(expected: readonly ExpectedRow[], actual: ResultSet): RowMatch {
  const index = new Map(actual.columns.map((c, i) => [c.name, i] as const));
  const missingColumns = [...new Set(expected.flatMap((r) => Object.keys(r)))].filter((c) => !index.has(c));
  const matches = expected.map((row) =>
    actual.rows.findIndex((values) =>
      Object.entries(row).every(([column, want]) => {
        const i = index.get(column);
        return i !== undefined && matchesValue(want, values[i]);
      }),
    ),
  );
  return { matches, missingColumns };
}

const MAX_ACTUAL_SHOWN = 20;

export function renderRowDiff(expected: readonly ExpectedRow[], actual: ResultSet, match: RowMatch): string {
  const columns = [...new Set(expected.flatMap((r) => Object.keys(r)))];
  const index = new Map(actual.columns.map((c, i) => [c.name, i] as const));
  const lines: { marker: string; cells: string[] }[] = [];
  expected.forEach((row, i) => {
    lines.push({ marker: match.matches[i] >= 0 ? " " : "-", cells: columns.map((c) => (c in row ? expectedText(row[c]) : "")) });
  });
  const matched = new Set(match.matches);
  const extra = actual.rows.map((_, i) => i).filter((i) => !matched.has(i));
  for (const r of extra.slice(0, MAX_ACTUAL_SHOWN)) {
    lines.push({
      marker: "+",
      cells: columns.map((c) => {
        const i = index.get(c);
        return i === undefined ? "(no column)" : valueText(actual.rows[r][i], actual.columns[i].type);
      }),
    });
  }
  // Widths as the text report shows cells (control characters escaped), so columns line up there.
  const widths = columns.map((c, i) => Math.min(60, Math.max(shownLength(c), ...lines.map((l) => shownLength(clip(l.cells[i], 60))))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => {
        const cell = clip(c, 60);
        return cell + " ".repeat(Math.max(0, widths[i] - shownLength(cell)));
      })
      .join(" | ");
  const out = [`    ${fmt(columns)}`, ...lines.map((l) => `  ${l.marker} ${fmt(l.cells)}`)];
  if (extra.length > MAX_ACTUAL_SHOWN) out.push(`    ... ${extra.length - MAX_ACTUAL_SHOWN} more actual rows`);
  out.push("    (- expected, not found; + actual, not expected)");
  return out.join("\n");
}

function expectedText(x: unknown): string {
  if (x === null || x === undefined) return "null";
  return typeof x === "object" ? JSON.stringify(x) : String(x);
}

function clip(s: string, width: number): string {
  const flat = s.replace(/\s*\n\s*/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/**
 * `externaldata (cols) [urls] with (format=...)`: the local evaluator has no network, so each URL
 * is resolved through `EvaluateOptions.externalData` to a local file (a fixture); the file is
 * read with the declared columns. CSV/TSV rows map to columns by position (`ignoreFirstRecord`
 * skips a header); JSON formats map by name. An unresolved URL is an explicit error.
 */
import { readFileSync } from "node:fs";
import type { ExternalData, OperatorOption } from "../../kql/ast.js";
import { compileExpr } from "../compile.js";
import { parseCsv } from "../csv.js";
import { fail, unsupported } from "../errors.js";
import { tableFromJsonText, tableFromRecords } from "../load.js";
import { Table } from "../table.js";
import { concatColumns } from "../column.js";
import type { OpContext } from "./context.js";

function property(props: readonly OperatorOption[], name: string): string | null {
  const o = props.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!o) return null;
  const v = o.value;
  if (v.kind === "StringLit") return v.value;
  if (v.kind === "NameRef") return v.name;
  if (v.kind === "BoolLit") return String(v.value);
  return null;
}

export function externalData(e: ExternalData, oc: OpContext, resolve: ((url: string) => string | undefined) | undefined): Table {
  const schema = { columns: e.columns.map((c) => ({ name: c.name, type: c.type })) };
  const format = (property(e.properties, "format") ?? "csv").toLowerCase();
  const skipFirst = (property(e.properties, "ignoreFirstRecord") ?? "false").toLowerCase() === "true";
  const parts: Table[] = [];
  for (const u of e.urls) {
    const url = compileExpr(u, { table: new Table("", [], 1), env: oc.env, ctx: oc.ctx }).value;
    if (typeof url !== "string") fail("externaldata expects constant URL strings", u);
    const path = resolve?.(url);
    if (path === undefined) unsupported(`externaldata: no local file for '${url}' (the evaluator has no network; map the URL to a fixture file)`, u);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      fail(`externaldata: cannot read '${path}' (for '${url}')`, u);
    }
    if (format === "csv" || format === "tsv" || format === "txt" || format === "psv") {
      const delimiter = format === "tsv" ? "\t" : format === "psv" ? "|" : format === "txt" ? "\u0000" : ",";
      const parsed = parseCsv(text, delimiter);
      if (parsed.error) fail(`externaldata: ${path}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`, u);
      const rows = parsed.records.slice(skipFirst ? 1 : 0).filter((r) => !(r.cells.length === 1 && r.cells[0].text === ""));
      const records = rows.map((r) => Object.fromEntries(schema.columns.map((c, i) => [c.name, r.cells[i]?.text ?? ""])));
      parts.push(tableFromRecords(path, records, schema));
    } else if (format === "json" || format === "multijson") {
      const body = format === "multijson" ? `[${text.split(/\r?\n/).filter((l) => l.trim() !== "").join(",")}]` : text;
      const t = tableFromJsonText(body, path, "externaldata", schema);
      parts.push(new Table(t.name, schema.columns.map((c) => t.column(c.name)!), t.rowCount));
    } else {
      unsupported(`externaldata format '${format}'`, e);
    }
  }
  const columns = schema.columns.map((c) => ({ name: c.name, data: concatColumns(c.type, parts.map((p) => p.column(c.name)!.data)) }));
  return new Table("", columns, parts.reduce((n, p) => n + p.rowCount, 0));
}

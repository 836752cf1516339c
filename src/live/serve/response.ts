/**
 * Response and error bodies in the Log Analytics query API's shapes: results as
 * `{"tables":[{"name":"PrimaryResult","columns":[{name,type}],"rows":[[...]]}]}` with dynamic
 * cells as JSON text (as the service sends them), errors as
 * `{"error":{"code","message","innererror":{...}}}`.
 */
import { jsonCell, type QueryResult } from "../../engine/index.js";
import { dynToJson } from "../../engine/format.js";
import { isDynValue } from "../../engine/values.js";
import type { QueryFailure } from "./protocol.js";

export function serviceTablesJson(result: QueryResult): string {
  const tables = result.tables.map((t, i) => ({
    name: i === 0 ? "PrimaryResult" : `Table_${i}`,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: t.rows.map((r) => r.map((v, k) => (isDynValue(v) ? dynToJson(v.value) : jsonCell(v, t.columns[k].type)))),
  }));
  return JSON.stringify({ tables });
}

export interface ServiceError {
  readonly code: string;
  readonly message: string;
  readonly innererror?: Record<string, unknown>;
}

export function errorBody(error: ServiceError): string {
  return JSON.stringify({ error });
}

const INNER: Readonly<Record<QueryFailure["code"], { readonly message: string; readonly inner: string }>> = {
  SyntaxError: { message: "A recognition error occurred in the query.", inner: "SYN0002" },
  SemanticError: { message: "A semantic error occurred.", inner: "SEM0100" },
  EngineError: { message: "Something went wrong processing your query on the server.", inner: "ENG0001" },
};

/** A failed query as the service reports it: 400 BadArgumentError wrapping the engine's error. */
export function queryErrorBody(failure: QueryFailure): string {
  const kind = INNER[failure.code];
  return errorBody({
    code: "BadArgumentError",
    message: "The request had some invalid properties",
    innererror: {
      code: failure.code,
      message: kind.message,
      innererror: {
        code: kind.inner,
        message: failure.message,
        ...(failure.line !== undefined ? { line: failure.line } : {}),
        ...(failure.pos !== undefined ? { pos: failure.pos } : {}),
      },
    },
  });
}

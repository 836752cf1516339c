/**
 * `detection({...})`: a rule's metadata plus its query, as the default export of a detection
 * file. The entity mappings, custom details and alert-override columns are typed by the
 * query's output columns: a mapping to a column the builder query does not produce fails `tsc`
 * (for raw `kql` queries the loader checks the same at load time, with the file position).
 */
import type { Script } from "../kql/ast.js";
import type { EntityMappingOf } from "./entities.js";
import { type KqlQuery, isKqlQuery } from "./kql-template.js";
import type { AlertDetailsOverride, DetectionSpec, OutputColumn } from "./model.js";
import { type Query, isQuery } from "./query.js";
import type { ColumnName, Columns } from "./types.js";

/** The `{{Column}}` placeholders of an alert format string. */
export type Placeholders<S> = S extends `${string}{{${infer C}}}${infer Rest}` ? C | Placeholders<Rest> : never;

/** The format string itself when its placeholders name output columns; otherwise an explanatory type. */
type CheckFormat<S extends string, Column extends string> = [Placeholders<S>] extends [Column]
  ? S
  : `{{${Exclude<Placeholders<S> & string, Column>}}} is not an output column of the query`;

/**
 * Alert details override, with column names and `{{Column}}` placeholders checked against the
 * query (`F1`, `F2`: the two format strings, inferred as literals).
 */
export type AlertDetailsOverrideOf<Column extends string, F1 extends string = string, F2 extends string = string> = Omit<
  AlertDetailsOverride,
  "alertSeverityColumnName" | "alertTacticsColumnName" | "alertDisplayNameFormat" | "alertDescriptionFormat"
> & {
  readonly alertDisplayNameFormat?: CheckFormat<F1, Column>;
  readonly alertDescriptionFormat?: CheckFormat<F2, Column>;
  readonly alertSeverityColumnName?: Column;
  readonly alertTacticsColumnName?: Column;
};

/** The spec fields that name output columns, typed by the query's columns. */
export type DetectionInput<C extends Columns, F1 extends string = string, F2 extends string = string> = Omit<
  DetectionSpec,
  "entities" | "customDetails" | "alertDetailsOverride"
> & {
  /** The query: a typed builder (`from(...)...`) or raw KQL (`kql\`...\``). */
  readonly query: Query<C> | KqlQuery;
  readonly entities?: readonly EntityMappingOf<NoInfer<ColumnName<C>>>[];
  /** Custom detail key to output column. */
  readonly customDetails?: Readonly<Record<string, NoInfer<ColumnName<C>>>>;
  readonly alertDetailsOverride?: AlertDetailsOverrideOf<NoInfer<ColumnName<C>>, F1, F2>;
};

/** A builder query, already turned into its AST and output columns. */
export interface BuiltQuery {
  readonly kind: "kustodian.built";
  readonly script: Script;
  readonly columns: readonly OutputColumn[];
}

/** What `detection()` returns and a detection file exports by default: plain data. */
export interface Detection {
  readonly kind: "kustodian.detection";
  readonly spec: DetectionSpec;
  readonly query: BuiltQuery | KqlQuery;
}

export function detection<C extends Columns = Columns, const F1 extends string = string, const F2 extends string = string>(
  input: DetectionInput<C, F1, F2>,
): Detection {
  if (typeof input !== "object" || input === null) throw new Error("detection() expects an object");
  const { query, ...spec } = input as DetectionInput<C, F1, F2> & Record<string, unknown>;
  let built: BuiltQuery | KqlQuery;
  if (isQuery(query)) {
    built = Object.freeze({
      kind: "kustodian.built",
      script: query.toScript(),
      columns: Object.freeze(Object.entries(query.columns).map(([name, type]) => ({ name, type }))),
    });
  } else if (isKqlQuery(query)) {
    built = query;
  } else {
    throw new Error("detection(): 'query' must be a builder query (from(...)) or raw KQL (kql`...`)");
  }
  return Object.freeze({ kind: "kustodian.detection", spec: Object.freeze(spec) as DetectionSpec, query: built });
}

/** Structural check (no `instanceof`: the detection may come from another module instance). */
export function isDetection(value: unknown): value is Detection {
  if (typeof value !== "object" || value === null) return false;
  const d = value as { kind?: unknown; spec?: unknown; query?: unknown };
  return d.kind === "kustodian.detection" && typeof d.spec === "object" && d.spec !== null && typeof d.query === "object";
}

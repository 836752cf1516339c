/** The authoring DSL: everything a detection file uses. */
export * from "./aggregates.js";
export { detection, isDetection, type BuiltQuery, type Detection, type DetectionInput } from "./detection.js";
export { entity, type EntityIdentifiers, type EntityMappingOf } from "./entities.js";
export type {
  AnyExpr,
  BoolExpr,
  DatetimeExpr,
  DynamicExpr,
  ExprOf,
  GuidExpr,
  NumberExpr,
  Row,
  Scalar,
  StringExpr,
  TimespanExpr,
  TimespanText,
} from "./expr.js";
export { ago, and, bagPack, caseOf, coalesce, datetime, dynamic, fn, iff, not, now, or, strcat, timespan } from "./functions.js";
export { isKqlQuery, kql, type KqlInterpolation, type KqlQuery } from "./kql-template.js";
export { from, letTable, letValue, union, type JoinKind, type Query } from "./query.js";
export { defineTable, type SchemaJson, type Table } from "./table.js";
export type { ColumnName, Columns, KqlType } from "./types.js";

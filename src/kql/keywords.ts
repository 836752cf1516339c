/**
 * Which words KQL reserves, and where. Kusto has few fully reserved words: most keywords are
 * reserved only in some positions. These lists were measured against Microsoft's parser
 * (`@kusto/language-service-next` 12.4.1): a word listed here is a syntax error when written
 * bare in that position and must be bracket-quoted (`['where']`).
 */

/** Reserved as a bare name inside expressions (column references, member names, `by` keys). */
export const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set([
  "__crossCluster", "__crossDB", "__id", "__isFuzzy", "__noWithSource", "__packedColumn", "__sourceColumnIndex",
  "__contextual_datatable", "__executeAndCache", "__projectAway",
  "accumulate", "and", "anomalychart", "areachart", "as", "asc", "bagexpansion", "barchart", "between", "bin_legacy", "by",
  "cachingpolicy", "callout", "cancel", "card", "columnchart", "contains", "containscs", "contains_cs", "cycles", "dataexport",
  "datascope", "datatable", "decodeblocks", "desc", "earliest", "encodingpolicy", "endswith", "endswith_cs", "expandoutput",
  "extent_tags_retention", "externaldata", "external_data", "find", "first", "flags", "harddelete", "hardretention", "has",
  "has_any", "has_all", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "hotcache", "in", "invoke",
  "isfuzzy", "force_remote", "journal", "ladderchart", "last", "latest", "like", "likecs", "linechart", "materialize", "mdm",
  "missing", "nooptimization", "notcontains", "notcontainscs", "notlike", "notlikecs", "of", "or", "others", "pathformat",
  "piechart", "pivotchart", "print", "project", "queries", "query_results", "relaxed", "restricted_view_access",
  "row_level_security", "rowstore", "rowstore_references", "rowstore_sealinfo", "rowstorepolicy", "rowstores", "sample",
  "scatterchart", "seal", "seals", "search", "set", "shards", "simple", "softdelete", "softretention", "sql",
  "stackedareachart", "startswith", "startswith_cs", "statistics", "storedqueryresultcontainers", "tablepurge", "timechart",
  "timeline", "timepivot", "title", "to", "toscalar", "totable", "treemap", "union", "unrestrictedviewers", "verbose",
  "viewers", "views", "where", "with_itemindex", "with_match_id", "with_step_name", "writeaheadlog", "boolean", "int8",
  "char", "uint8", "byte", "int16", "uint16", "int", "int32", "uint", "uint32", "long", "int64", "ulong", "uint64", "float",
  "real", "decimal", "double", "string", "time", "timespan", "date", "datetime", "uniqueid", "dynamic",
]);

/** Reserved only where a name is declared (let, columns, parameters), not in expressions. */
const DECLARATION_ONLY = new Set(["kind", "with_source", "withsource"]);

/** Expression keywords that may still name a new column (`extend where = 1` is valid). */
const DECLARABLE = new Set([
  "accumulate", "as", "by", "contains", "datatable", "earliest", "externaldata", "find", "has", "in", "invoke", "latest",
  "materialize", "mdm", "of", "print", "sample", "search", "set", "sql", "title", "to", "toscalar", "totable", "verbose",
  "viewers", "where",
]);

/** Keywords that may be called like functions (`toscalar(...)`, `materialize(...)`, typed literals). */
const CALLABLE = new Set([
  "toscalar", "totable", "materialize", "int", "int32", "long", "int64", "real", "decimal", "double", "time", "timespan", "date",
  "datetime", "dynamic",
]);

/** True when `word` cannot be a bare column or variable reference. */
export function isReservedInExpression(word: string): boolean {
  return EXPRESSION_KEYWORDS.has(word);
}

/** True when `word` cannot be a bare function name. */
export function isReservedAsCall(word: string): boolean {
  return (EXPRESSION_KEYWORDS.has(word) && !CALLABLE.has(word)) || DECLARATION_ONLY.has(word);
}

/** True when `word` cannot be the bare name of a new column or parameter. */
export function isReservedInDeclaration(word: string): boolean {
  return (EXPRESSION_KEYWORDS.has(word) && !DECLARABLE.has(word)) || DECLARATION_ONLY.has(word);
}

/** True when `word` cannot be a bare `let` name or project-away/keep/rename/reorder column. */
export function isReservedName(word: string): boolean {
  return EXPRESSION_KEYWORDS.has(word) || DECLARATION_ONLY.has(word);
}

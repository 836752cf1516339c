/** Entity mappings: counts, entity types and identifiers as Azure-Sentinel's checks enforce them. */
import type { EntityMapping } from "../../dsl/model.js";
import type { Finding, RuleCheck } from "../check.js";
import { entityIdentifierRules } from "../data.js";

/** Sentinel's EntityMappingType enum (the REST API's 18 values). */
const ENTITY_TYPES = new Set([
  "Account", "Host", "IP", "Malware", "File", "Process", "CloudApplication", "DNS", "AzureResource", "FileHash",
  "RegistryKey", "RegistryValue", "SecurityGroup", "URL", "Mailbox", "MailCluster", "MailMessage", "SubmissionMail",
]);
export const MAX_ENTITY_MAPPINGS = 10;
export const MAX_FIELD_MAPPINGS = 3;
/** Column names in mappings and custom details (Azure-Sentinel's pattern). */
export const COLUMN_NAME = /^[a-zA-Z_]+\w*$/;

/** Columns of the pre-2020 entity convention; Azure-Sentinel's checks require them to be mapped explicitly. */
const LEGACY_ENTITY_COLUMNS = [
  "AccountCustomEntity", "HostCustomEntity", "IPCustomEntity", "URLCustomEntity", "ProcessCustomEntity", "FileHashCustomEntity",
];

const at = (m: EntityMapping) => ({ path: ["entities"], value: m.entityType });

export const ENTITY_CHECKS: readonly RuleCheck[] = [
  {
    id: "entity-mapping-count",
    group: "sentinel",
    severity: "error",
    title: "At most 10 entity mappings, each with 1 to 3 identifiers",
    help: "Sentinel accepts up to 10 entity mappings per rule and 1 to 3 field mappings per entity.",
    check: (d) => {
      const entities = d.spec.entities ?? [];
      const out: Finding[] = [];
      if (entities.length > MAX_ENTITY_MAPPINGS)
        out.push({ message: `${entities.length} entity mappings; Sentinel accepts at most ${MAX_ENTITY_MAPPINGS}`, at: { path: ["entities"] } });
      for (const m of entities) {
        const n = m.fieldMappings?.length ?? 0;
        if (n < 1 || n > MAX_FIELD_MAPPINGS)
          out.push({ message: `${m.entityType} mapping has ${n} identifiers; Sentinel accepts 1 to ${MAX_FIELD_MAPPINGS}`, at: at(m) });
      }
      return out;
    },
  },
  {
    id: "entity-type",
    group: "sentinel",
    severity: "error",
    title: "Entity types are Sentinel entity types",
    help: "Entity types must be values of Sentinel's EntityMappingType enum (Account, Host, IP, URL, ...).",
    check: (d) =>
      (d.spec.entities ?? [])
        .filter((m) => !ENTITY_TYPES.has(m.entityType))
        .map((m) => ({ message: `unknown entity type ${JSON.stringify(m.entityType)} (expected one of ${[...ENTITY_TYPES].join(", ")})`, at: at(m) })),
  },
  {
    id: "entity-identifier",
    group: "sentinel",
    severity: "error",
    title: "Entity identifiers are valid for their entity type",
    help: "Each entity type has a fixed set of identifiers (Account: FullName, Name, UPNSuffix, AadUserId, ...); each may appear once per mapping, and the mapped column must be a plain column name.",
    check: (d) => {
      const rules = entityIdentifierRules();
      const out: Finding[] = [];
      for (const m of d.spec.entities ?? []) {
        const allowed = rules.get(m.entityType)?.identifiers;
        const seen = new Set<string>();
        for (const f of m.fieldMappings ?? []) {
          const fat = { path: ["entities"], value: f.identifier };
          if (allowed && !allowed.includes(f.identifier))
            out.push({ message: `${f.identifier} is not an identifier of ${m.entityType} (expected one of ${allowed.join(", ")})`, at: fat });
          if (seen.has(f.identifier)) out.push({ message: `${m.entityType} maps ${f.identifier} twice`, at: fat });
          seen.add(f.identifier);
          if (typeof f.columnName !== "string" || !COLUMN_NAME.test(f.columnName) || f.columnName.length > 500)
            out.push({ message: `column ${JSON.stringify(f.columnName)} of ${m.entityType}.${f.identifier} is not a plain column name`, at: { path: ["entities"], value: f.columnName } });
        }
      }
      return out;
    },
  },
  {
    id: "entity-required-identifier",
    group: "sentinel",
    severity: "error",
    title: "Entity mappings carry a required identifier",
    help: "Sentinel can only build an entity from certain identifiers (Account needs FullName, Name, Sid, AadUserId, PUID or ObjectGuid; FileHash needs Algorithm and Value; ...).",
    check: (d) => {
      const rules = entityIdentifierRules();
      const out: Finding[] = [];
      for (const m of d.spec.entities ?? []) {
        const required = rules.get(m.entityType)?.required;
        if (!required || required.length === 0) continue;
        const have = new Set((m.fieldMappings ?? []).map((f) => f.identifier));
        if (required.some((group) => group.every((id) => have.has(id)))) continue;
        const options = required.map((g) => g.join(" + ")).join(" or ");
        out.push({ message: `${m.entityType} mapping needs ${options}`, at: at(m) });
      }
      return out;
    },
  },
  {
    id: "entity-legacy-column",
    group: "sentinel",
    severity: "error",
    title: "Legacy *CustomEntity columns are mapped explicitly",
    help: "Sentinel no longer maps AccountCustomEntity, HostCustomEntity, IPCustomEntity, URLCustomEntity, ProcessCustomEntity or FileHashCustomEntity by name; Azure-Sentinel's checks require an entity mapping for each one the query produces.",
    check: (d) => {
      const mapped = new Set((d.spec.entities ?? []).flatMap((m) => (m.fieldMappings ?? []).map((f) => f.columnName)));
      return LEGACY_ENTITY_COLUMNS.filter((c) => new RegExp(`(?<![\\w])${c}(?![\\w])`).test(d.kql) && !mapped.has(c)).map((c) => ({
        message: `the query produces the legacy column ${c}, which no entity mapping uses: map it (or rename the column)`,
        at: { path: ["entities"] },
      }));
    },
  },
];

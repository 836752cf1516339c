/**
 * `kustodian new`: the text of a new detection file, its fixture and the fixture README, for a
 * table. The rule is a small working example (a filter on one string column, a projection, an
 * entity mapping when the table has a suitable column, one must-alert and one must-stay-quiet
 * test) that the author then edits.
 */
import type { TableSchema } from "../schema/registry.js";

export interface ScaffoldInput {
  readonly slug: string;
  readonly table: TableSchema;
  /** The GUID of the new rule (the caller makes a fresh one). */
  readonly id: string;
  /** Whether `import { <Table> } from "kustodian"` exists (a built-in table), else `defineTable` inline. */
  readonly builtin: boolean;
}

export interface ScaffoldFiles {
  readonly detection: string;
  /** `<Table>.jsonl`: one suspicious row and one benign row. */
  readonly fixtureName: string;
  readonly fixture: string;
  readonly readme: string;
}

/** Columns a rule usually filters on, best first. */
const FILTER_COLUMNS = [
  "OperationName",
  "Operation",
  "ActionType",
  "ActivityDisplayName",
  "Activity",
  "OperationNameValue",
  "FileName",
  "Process",
  "ProcessName",
  "DeviceAction",
  "SyslogMessage",
  "RenderedDescription",
  "Description",
  "AlertName",
  "Title",
];

/** Entity candidates: entity type, identifier, columns best first, and a sample value. */
const ENTITY_COLUMNS: readonly { type: string; identifier: string; columns: readonly string[]; sample: string }[] = [
  {
    type: "Account",
    identifier: "FullName",
    columns: ["UserPrincipalName", "AccountUpn", "InitiatingProcessAccountUpn", "Caller", "UserId", "Account", "SourceUserName", "AccountName"],
    sample: "alice@contoso.com",
  },
  { type: "Host", identifier: "HostName", columns: ["DeviceName", "Computer", "HostName", "DestinationHostName"], sample: "ws-0001" },
  {
    type: "IP",
    identifier: "Address",
    columns: ["IPAddress", "CallerIpAddress", "ClientIP", "SourceIP", "IpAddress", "RemoteIP", "HostIP"],
    sample: "203.0.113.10",
  },
];

/** Entities inside a dynamic column (AuditLogs' `InitiatedBy`), extracted with `extend`. */
const DYNAMIC_ENTITIES: readonly {
  type: string;
  identifier: string;
  column: string;
  path: readonly string[];
  as: string;
  sample: string;
}[] = [
  { type: "Account", identifier: "FullName", column: "InitiatedBy", path: ["user", "userPrincipalName"], as: "Actor", sample: "alice@contoso.com" },
  { type: "IP", identifier: "Address", column: "InitiatedBy", path: ["user", "ipAddress"], as: "ActorIp", sample: "203.0.113.10" },
];

const IGNORED = new Set(["TenantId", "Type", "SourceSystem", "_IsBillable", "_ResourceId", "MG", "ManagementGroupName"]);

const NOW = "2026-01-15T12:00:00Z";
const ALERT_TIME = "2026-01-15T11:30:00Z";
const QUIET_TIME = "2026-01-15T11:40:00Z";
const SUSPICIOUS = "Example suspicious value";
const BENIGN = "Example benign value";

export function scaffold(input: ScaffoldInput): ScaffoldFiles {
  const { slug, table, id, builtin } = input;
  const strings = table.columns.filter((c) => c.type === "string" && !IGNORED.has(c.name)).map((c) => c.name);
  const has = (c: string) => strings.includes(c);
  const filter = FILTER_COLUMNS.find(has) ?? strings[0];
  if (filter === undefined) throw new Error(`table ${table.name} has no string column to filter on`);
  const time = table.columns.some((c) => c.name === "TimeGenerated") ? "TimeGenerated" : null;
  const dynamicColumns = new Set(table.columns.filter((c) => c.type === "dynamic").map((c) => c.name));
  const extracted = DYNAMIC_ENTITIES.filter((e) => dynamicColumns.has(e.column));
  const entities = [
    ...ENTITY_COLUMNS.flatMap((e) => {
      if (extracted.some((x) => x.type === e.type)) return [];
      const column = e.columns.find((c) => has(c) && c !== filter);
      return column === undefined ? [] : [{ ...e, column }];
    }),
    ...extracted.map((e) => ({ ...e, column: e.as })),
  ];
  const projected = [...(time ? [time] : []), filter, ...entities.map((e) => e.column)];
  const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(table.name) ? table.name : "Table";
  const tableVar = builtin ? table.name : ident;

  const row = (value: string, at: string, benign: boolean) => {
    const r: Record<string, unknown> = {};
    if (time) r[time] = at;
    r[filter] = value;
    for (const e of entities) {
      const sample = benign ? benignSample(e.sample) : e.sample;
      const x = extracted.find((d) => d.as === e.column);
      if (x === undefined) r[e.column] = sample;
      else setPath(r, [x.column, ...x.path], sample);
    }
    return r;
  };
  const alertRow = row(SUSPICIOUS, ALERT_TIME, false);
  const quietRow = row(BENIGN, QUIET_TIME, true);

  const title = slug
    .split("-")
    .filter((w) => w.length > 0)
    .map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ");
  const imports = builtin ? `import { ${tableVar}, detection, entity, from } from "kustodian";` : 'import { defineTable, detection, entity, from } from "kustodian";';
  const tableDecl = builtin
    ? ""
    : `\n/** ${table.name} is not a built-in table: its columns (from the schemas folder) typed here. */\nconst ${tableVar} = defineTable(${JSON.stringify(table.name)}, {\n${table.columns
        .map((c) => `  ${key(c.name)}: ${JSON.stringify(c.type)},`)
        .join("\n")}\n});\n`;
  const entityLines = entities.map((e) => `    entity(${JSON.stringify(e.type)}, { ${e.identifier}: ${JSON.stringify(e.column)} }),`);
  const objectLiteral = (r: Record<string, unknown>, indent: string) =>
    `{\n${Object.entries(r)
      .map(([k, v]) => `${indent}  ${key(k)}: ${jsLiteral(v)},`)
      .join("\n")}\n${indent}}`;
  const extend =
    extracted.length === 0
      ? ""
      : `\n    .extend((r) => ({\n${extracted
          .map((e) => `      ${e.as}: r.${e.column}.path(${e.path.map((p) => JSON.stringify(p)).join(", ")}).asString(),`)
          .join("\n")}\n    }))`;

  const detectionText = `${imports}
${tableDecl}
/** TODO: the value this rule looks for in ${filter}. */
const SUSPICIOUS = ${JSON.stringify(SUSPICIOUS)};

export default detection({
  id: ${JSON.stringify(id)},
  name: ${JSON.stringify(title)},
  description: ${JSON.stringify(`TODO: what ${slug} detects in ${table.name}, and why it matters.`)},
  severity: "Medium",
  status: "Experimental",
  kind: "Scheduled",
  tactics: ["Persistence", "PrivilegeEscalation"],
  techniques: ["T1098"],
  schedule: { frequency: "1h", lookback: "1h" },
  trigger: { operator: "gt", threshold: 0 },
  version: "1.0.0",
  query: from(${tableVar})
    .where((r) => r.${filter}.eq(SUSPICIOUS))${extend}
    .project(${projected.map((c) => JSON.stringify(c)).join(", ")}),
  entities: [
${entityLines.length > 0 ? entityLines.join("\n") : "    // TODO: map the entities of the alert (columns of the query's output)"}
  ],
  falsePositives: ["TODO: benign activity that looks the same"],
  tests: [
    {
      name: "alerts on the suspicious event",
      now: ${JSON.stringify(NOW)},
      // a path is relative to fixtures/${slug}/
      tables: { ${key(table.name)}: ${JSON.stringify(`${table.name}.jsonl`)} },
      alerts: 1,
      rows: [{ ${filter}: SUSPICIOUS }],
    },
    {
      name: "stays quiet on benign activity",
      now: ${JSON.stringify(NOW)},
      tables: {
        ${key(table.name)}: [
          ${objectLiteral(quietRow, "          ")},
        ],
      },
      alerts: 0,
    },
  ],
});
`;

  const fixture = `${[alertRow, quietRow].map((r) => JSON.stringify(r)).join("\n")}\n`;
  const readme = `# Fixtures of \`${slug}\`

Synthetic data, written for the tests of \`${slug}\`: no real tenant, user, host or address
(IPs are from the documentation range 203.0.113.0/24, 198.51.100.0/24). \`${table.name}.jsonl\`
holds one suspicious row (the rule must alert) and one benign row around it.
`;
  return { detection: detectionText, fixtureName: `${table.name}.jsonl`, fixture, readme };
}

const key = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));

/** A JS literal for a JSON value, with unquoted keys where possible. */
function jsLiteral(v: unknown): string {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${key(k)}: ${jsLiteral(x)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(v);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) {
    node[step] ??= {};
    node = node[step] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function benignSample(sample: string): string {
  if (sample.includes("@")) return "bob@contoso.com";
  if (sample.startsWith("203.")) return "198.51.100.20";
  return "ws-0002";
}

/**
 * A minimal strict `tsconfig.json` for a project that has none, so `npx tsc` (and editors) check
 * the detections: column typos, mappings to columns the query does not produce. `include` is the
 * detections folder relative to the project root (posix separators, as tsconfig expects).
 */
export function projectTsconfig(detectionsFromRoot: string): string {
  const include = detectionsFromRoot.split("\\").join("/") || ".";
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: [include],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The docs compiler: what the docs page and the index say about each detection. */
import type { CompiledDetection } from "../dsl/model.js";
import { ATTACK_TECHNIQUES } from "./data/attack-techniques.js";
import { DEFAULT_SCHEDULE, DEFAULT_TRIGGER, ruleKind } from "./defaults.js";
import { describeQuery } from "./describe.js";
import { requiredConnectors } from "./sentinel.js";
import { compareStrings } from "./order.js";
import { statusView } from "./status.js";
import { sourceTables } from "./tables.js";

const OPERATOR_WORDS = { gt: "more than", lt: "fewer than", eq: "exactly", ne: "other than" } as const;

export interface DocTechnique {
  readonly id: string;
  readonly name: string;
  readonly url: string;
}

export function techniqueInfo(id: string): DocTechnique {
  return {
    id,
    name: ATTACK_TECHNIQUES[id]?.name ?? "",
    url: `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`,
  };
}

export interface ArtifactPaths {
  readonly kql: string;
  readonly sentinel: string;
  readonly arm: string;
  readonly sigma?: string;
  readonly docs: string;
}

export function docView(d: CompiledDetection, files: ArtifactPaths, sigma: { status: string; reason?: string }) {
  const s = d.spec;
  const kind = ruleKind(s);
  const schedule = s.schedule ?? DEFAULT_SCHEDULE;
  const trigger = s.trigger ?? DEFAULT_TRIGGER;
  const rel = (p: string | undefined) => (p === undefined ? undefined : `../${p}`);
  return {
    id: s.id,
    slug: d.slug,
    name: s.name,
    description: s.description,
    severity: s.severity,
    status: statusView(s.status).docs,
    sigmaStatus: statusView(s.status).sigma,
    kind,
    version: s.version,
    author: s.author,
    schedule:
      kind === "NRT"
        ? "Near-real-time: runs about every minute on newly ingested events."
        : `Runs every ${schedule.frequency} over the last ${schedule.lookback}; raises an alert when the query returns ${OPERATOR_WORDS[trigger.operator]} ${trigger.threshold} rows.`,
    tables: sourceTables(d.ast),
    connectors: requiredConnectors(d).map((c) => `${c.connectorId} (${c.dataTypes.join(", ")})`),
    logic: describeQuery(d.ast),
    query: d.kql,
    tactics: [...s.tactics],
    techniques: s.techniques.map(techniqueInfo),
    entities: (s.entities ?? []).map((e) => ({ type: e.entityType, fields: e.fieldMappings.map((f) => `${f.identifier} = ${f.columnName}`).join(", ") })),
    customDetails: Object.entries(s.customDetails ?? {}).map(([key, column]) => ({ key, column })),
    falsePositives: [...(s.falsePositives ?? [])],
    references: [...(s.references ?? [])],
    tests: (s.tests ?? []).map((t) => ({ name: t.name, alerts: String(t.alerts), quiet: t.alerts === 0 })),
    response: s.response,
    sigma,
    files: { kql: rel(files.kql), sentinel: rel(files.sentinel), arm: rel(files.arm), sigma: rel(files.sigma) },
  };
}

/** `credential-access` -> `CredentialAccess`, as ATT&CK short names map to Sentinel tactics. */
function kebabToPascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

export type DocView = ReturnType<typeof docView>;

/** The index: every detection, then ATT&CK coverage (tactic -> technique -> detections). */
export function indexView(docs: readonly DocView[]) {
  const coverage = new Map<string, Map<string, string[]>>();
  const add = (tactic: string, technique: string, slug: string) => {
    const techniques = coverage.get(tactic) ?? new Map<string, string[]>();
    techniques.set(technique, [...(techniques.get(technique) ?? []), slug]);
    coverage.set(tactic, techniques);
  };
  for (const doc of docs) {
    if (doc.techniques.length === 0) for (const tactic of doc.tactics) add(tactic, "(none)", doc.slug);
    for (const t of doc.techniques) {
      // A technique counts under the detection's tactics that ATT&CK lists for it (all of them if ATT&CK has none in common).
      const attack = new Set((ATTACK_TECHNIQUES[t.id]?.tactics ?? []).map(kebabToPascal));
      const matching = doc.tactics.filter((tactic) => attack.has(tactic));
      for (const tactic of matching.length ? matching : doc.tactics) add(tactic, t.id, doc.slug);
    }
  }
  const names = new Map(docs.map((d) => [d.slug, d.name]));
  return {
    detections: docs.map((d) => ({
      slug: d.slug,
      name: d.name,
      severity: d.severity,
      kind: d.kind,
      tactics: d.tactics.join(", "),
      techniques: d.techniques.map((t) => t.id).join(", "),
      sigma: d.sigma.status,
    })),
    coverage: [...coverage.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([tactic, techniques]) => ({
        tactic,
        techniques: [...techniques.entries()]
          .sort(([a], [b]) => compareStrings(a, b))
          .map(([id, slugs]) => ({
            ...(id === "(none)" ? { id, name: "no technique listed", url: "" } : techniqueInfo(id)),
            detections: slugs.map((slug) => ({ slug, name: names.get(slug) ?? slug })),
          })),
      })),
  };
}

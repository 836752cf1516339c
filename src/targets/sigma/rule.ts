/** Sigma documents for a compiled detection: the rule, and a correlation when the query counts. */
import type { CompiledDetection, Severity } from "../../dsl/model.js";
import type { YamlValue } from "../escape/yaml.js";
import type { SigmaCompilation } from "./compile.js";
import { uuidv5 } from "./uuid.js";

const LEVELS: Readonly<Record<Severity, string>> = { Informational: "informational", Low: "low", Medium: "medium", High: "high" };
const STATUSES: Readonly<Record<string, string>> = { Available: "stable", Experimental: "experimental", Deprecated: "deprecated" };

export interface SigmaDocuments {
  readonly rule: Readonly<Record<string, YamlValue | undefined>>;
  readonly correlation: Readonly<Record<string, YamlValue | undefined>> | null;
}

/** `CredentialAccess` -> `credential-access`, as Sigma's ATT&CK tags spell tactics. */
export function tacticTag(tactic: string): string {
  return tactic.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

export function sigmaIds(d: CompiledDetection): { rule: string; correlation: string } {
  const id = d.spec.id.toLowerCase();
  return { rule: uuidv5(`kustodian:${id}`), correlation: uuidv5(`kustodian:${id}:correlation`) };
}

export function sigmaDocuments(d: CompiledDetection, compiled: Extract<SigmaCompilation, { status: "ok" }>): SigmaDocuments {
  const s = d.spec;
  const ids = sigmaIds(d);
  const tags = [
    ...s.tactics.filter((t) => t !== "PreAttack").map((t) => `attack.${tacticTag(t)}`),
    ...s.techniques.map((t) => `attack.${t.toLowerCase()}`),
  ];
  const falsepositives = [...new Set((s.falsePositives ?? []).filter((f) => f.trim().length >= 2))];
  const common = {
    status: STATUSES[s.status ?? "Available"],
    description: s.description,
    references: s.references?.length ? [...new Set(s.references)] : undefined,
    author: s.author,
  };
  const rule = {
    title: s.name,
    id: ids.rule,
    name: compiled.correlation ? d.slug.toLowerCase().replace(/[^a-z0-9_]+/g, "_") : undefined,
    ...common,
    tags: tags.length ? [...new Set(tags)] : undefined,
    logsource: { ...compiled.mapping.logsource },
    detection: compiled.detection,
    falsepositives: falsepositives.length ? falsepositives : undefined,
    level: compiled.correlation ? undefined : LEVELS[s.severity],
  };
  const c = compiled.correlation;
  const correlation = c
    ? {
        title: s.name,
        id: ids.correlation,
        ...common,
        correlation: {
          type: c.type,
          rules: [ids.rule],
          "group-by": [...c.groupBy],
          timespan: c.timespan,
          condition: { ...c.condition },
        },
        falsepositives: falsepositives.length ? falsepositives : undefined,
        level: LEVELS[s.severity],
      }
    : null;
  return { rule, correlation };
}

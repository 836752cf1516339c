/** Sigma documents for a compiled detection: the rule, and a correlation when the query counts. */
import type { CompiledDetection, Severity } from "../../dsl/model.js";
import type { YamlValue } from "../escape/yaml.js";
import type { SigmaCompilation } from "./compile.js";
import { statusView } from "../status.js";
import { sigmaAttackTags } from "./tags.js";
import { uuidv5 } from "./uuid.js";

const LEVELS: Readonly<Record<Severity, string>> = { Informational: "informational", Low: "low", Medium: "medium", High: "high" };

export interface SigmaDocuments {
  readonly rule: Readonly<Record<string, YamlValue | undefined>>;
  readonly correlation: Readonly<Record<string, YamlValue | undefined>> | null;
}


export function sigmaIds(d: CompiledDetection): { rule: string; correlation: string } {
  const id = d.spec.id.toLowerCase();
  return { rule: uuidv5(`kustodian:${id}`), correlation: uuidv5(`kustodian:${id}:correlation`) };
}

export function sigmaDocuments(d: CompiledDetection, compiled: Extract<SigmaCompilation, { status: "ok" }>): SigmaDocuments {
  const s = d.spec;
  const ids = sigmaIds(d);
  const tags = sigmaAttackTags(s);
  const falsepositives = [...new Set((s.falsePositives ?? []).filter((f) => f.trim().length >= 2))];
  const common = {
    status: statusView(s.status).sigma,
    description: s.description,
    references: s.references?.length ? [...new Set(s.references)] : undefined,
    author: s.author,
  };
  const rule = {
    title: s.name,
    id: ids.rule,
    name: compiled.correlation ? d.slug.toLowerCase().replace(/[^a-z0-9_]+/g, "_") : undefined,
    ...common,
    tags: tags.length ? tags : undefined,
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

/**
 * The versioned facts validation checks against (ATT&CK, entity identifiers, connector ids),
 * read once from `data/` beside this file (or from `src/validate/data` when running from `dist/`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface AttackTechnique {
  readonly id: string;
  readonly name: string;
  /** Sentinel tactic names (PascalCase). */
  readonly tactics: readonly string[];
}

export interface AttackData {
  readonly attackVersion: string;
  readonly tactics: readonly { readonly id: string; readonly name: string; readonly sentinel: string }[];
  readonly techniques: ReadonlyMap<string, AttackTechnique>;
}

export interface EntityIdentifierRules {
  readonly identifiers: readonly string[];
  /** Alternatives: at least one group must be fully present. */
  readonly required: readonly (readonly string[])[];
}

function dataDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const candidates = [join(here, "data"), join(here, "../../src/validate/data")];
  for (const c of candidates) if (existsSync(join(c, "attack-v18.json"))) return c;
  throw new Error("validation data files not found");
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(dataDir(), name), "utf8")) as T;
}

let attack: AttackData | undefined;
export function attackData(): AttackData {
  if (attack) return attack;
  const raw = readJson<{
    attackVersion: string;
    tactics: AttackData["tactics"];
    techniques: AttackTechnique[];
  }>("attack-v18.json");
  attack = {
    attackVersion: raw.attackVersion,
    tactics: raw.tactics,
    techniques: new Map(raw.techniques.map((t) => [t.id, t])),
  };
  return attack;
}

let entities: ReadonlyMap<string, EntityIdentifierRules> | undefined;
export function entityIdentifierRules(): ReadonlyMap<string, EntityIdentifierRules> {
  entities ??= new Map(
    Object.entries(readJson<{ entityTypes: Record<string, EntityIdentifierRules> }>("entity-identifiers.json").entityTypes),
  );
  return entities;
}

let connectors: ReadonlySet<string> | undefined;
export function validConnectorIds(): ReadonlySet<string> {
  connectors ??= new Set(readJson<{ connectorIds: string[] }>("connector-ids.json").connectorIds);
  return connectors;
}

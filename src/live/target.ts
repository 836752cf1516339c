/**
 * What a live command talks to and what it sends: the workspace (`--workspace` id or a name
 * from `live.workspaces`, else `live.defaultWorkspace`), the endpoint (`--endpoint`, else
 * `live.endpoint`, else the public cloud), and the query (a detection by id or slug, a `.kql`
 * file, or standard input).
 */
import { existsSync } from "node:fs";
import { readInput } from "../cli/io.js";
import { UsageError } from "../cli/errors.js";
import type { LoadedConfig } from "../config/load.js";
import type { CompiledDetection } from "../dsl/model.js";
import type { TestProject } from "../testing/project.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveWorkspace(config: LoadedConfig, flag: string | undefined): string {
  const live = config.config.live;
  const wanted = flag ?? live.defaultWorkspace ?? undefined;
  if (wanted === undefined || wanted === "") {
    throw new UsageError("no workspace: pass --workspace <id|name> or set live.defaultWorkspace in the config");
  }
  const named = Object.entries(live.workspaces).find(([name]) => name.toLowerCase() === wanted.toLowerCase());
  if (named) return named[1];
  if (GUID.test(wanted) || flag !== undefined) return wanted;
  throw new UsageError(`unknown workspace '${wanted}': not a workspace id, and not one of live.workspaces (${Object.keys(live.workspaces).join(", ") || "none"})`);
}

export function resolveEndpoint(config: LoadedConfig, flag: string | undefined): string | null {
  return flag ?? process.env.KUSTODIAN_LIVE_ENDPOINT ?? config.config.live.endpoint ?? null;
}

/** What a command's argument may be, for the "no detection" message. */
export const QUERY_ACCEPTS = "expected a detection id or slug, a .kql file, or '-' for standard input";

/**
 * The detection `ref` names (slug or id, any case). `accepts` says what else the command would
 * have taken: `query` also runs files, `backtest` only detections.
 */
export function findDetection(project: TestProject, ref: string, accepts: string = QUERY_ACCEPTS): CompiledDetection {
  const lower = ref.toLowerCase();
  const hit = project.detections.find((d) => d.slug.toLowerCase() === lower || d.spec.id.toLowerCase() === lower);
  if (hit) return hit;
  const broken = project.diagnostics.some((d) => d.severity === "error" && (d.file ?? "").toLowerCase().includes(lower));
  if (broken) throw new UsageError(`detection '${ref}' failed to load (see the errors above)`);
  const close = project.detections.filter((d) => d.slug.toLowerCase().includes(lower)).map((d) => d.slug).slice(0, 5);
  throw new UsageError(`no detection '${ref}' (${accepts})${close.length > 0 ? `; did you mean ${close.join(", ")}?` : ""}`);
}

export interface QueryInput {
  /** For messages: the file, `<stdin>`, or `<slug> (compiled KQL)`. */
  readonly label: string;
  readonly text: string;
  readonly detection: CompiledDetection | null;
}

/** `-` or a file that exists is read as KQL; anything else names a detection. */
export function isKqlSource(ref: string): boolean {
  return ref === "-" || ref.toLowerCase().endsWith(".kql") || (existsSync(ref) && !ref.toLowerCase().endsWith(".ts"));
}

export function readKqlSource(ref: string): QueryInput {
  if (ref !== "-" && !existsSync(ref)) throw new UsageError(`${ref}: file not found`);
  const { name, text } = readInput(ref);
  return { label: name, text, detection: null };
}

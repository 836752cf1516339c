/** Identity and text fields: id, name, description, version (Azure-Sentinel template model limits). */
import type { CompiledDetection } from "../../dsl/model.js";
import type { Finding, RuleCheck } from "../check.js";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VERSION = /^\d+\.\d+\.\d+$/;

function one(condition: boolean, finding: Finding): readonly Finding[] {
  return condition ? [finding] : [];
}

/** Detections sharing a value, reported on every detection after the first. */
function duplicates(
  ds: readonly CompiledDetection[],
  key: (d: CompiledDetection) => string | undefined,
  finding: (d: CompiledDetection, first: CompiledDetection) => Finding,
): { detection: CompiledDetection; finding: Finding }[] {
  const seen = new Map<string, CompiledDetection>();
  const out: { detection: CompiledDetection; finding: Finding }[] = [];
  for (const d of ds) {
    const k = key(d);
    if (k === undefined || k === "") continue;
    const first = seen.get(k);
    if (first) out.push({ detection: d, finding: finding(d, first) });
    else seen.set(k, d);
  }
  return out;
}

export const IDENTITY_CHECKS: readonly RuleCheck[] = [
  {
    id: "id-format",
    group: "sentinel",
    severity: "error",
    title: "Rule id is a GUID",
    help: "Sentinel names the rule resource by its id; it must be a GUID (8-4-4-4-12 hex digits) that never changes once shipped.",
    check: (d) =>
      one(typeof d.spec.id !== "string" || !GUID.test(d.spec.id), {
        message: `id ${JSON.stringify(d.spec.id)} is not a GUID (expected 8-4-4-4-12 hexadecimal digits)`,
        at: { path: ["id"] },
      }),
  },
  {
    id: "id-unique",
    group: "sentinel",
    severity: "error",
    title: "Rule ids are unique",
    help: "Two rules with one id overwrite each other when deployed. Give the copy a fresh GUID.",
    checkAll: (ds) =>
      duplicates(
        ds,
        (d) => d.spec.id?.toLowerCase(),
        (_d, first) => ({ message: `id ${_d.spec.id} is already used by ${first.slug}`, at: { path: ["id"] } }),
      ),
  },
  {
    id: "name-length",
    group: "sentinel",
    severity: "error",
    title: "Rule name is 1 to 256 characters",
    help: "Azure-Sentinel's template model limits `name` (the ARM displayName) to 256 characters.",
    check: (d) =>
      one(typeof d.spec.name !== "string" || d.spec.name.trim().length === 0 || d.spec.name.length > 256, {
        message: `name must be 1 to 256 characters (it has ${d.spec.name?.length ?? 0})`,
        at: { path: ["name"] },
      }),
  },
  {
    id: "name-unique",
    group: "sentinel",
    severity: "error",
    title: "Rule names are unique",
    help: "Two rules with the same display name are indistinguishable in the Sentinel portal and in incidents.",
    checkAll: (ds) =>
      duplicates(
        ds,
        (d) => d.spec.name?.trim().toLowerCase(),
        (d, first) => ({ message: `name "${d.spec.name}" is already used by ${first.slug}`, at: { path: ["name"] } }),
      ),
  },
  {
    id: "name-style",
    group: "sentinel",
    severity: "warning",
    title: "Rule name follows the Azure-Sentinel style guide",
    help: "The Azure-Sentinel query style guide asks for names of at most 50 characters without a trailing period.",
    check: (d) => {
      const name = d.spec.name ?? "";
      const out: Finding[] = [];
      if (name.length > 50) out.push({ message: `name is ${name.length} characters; the style guide asks for at most 50`, at: { path: ["name"] } });
      if (name.trimEnd().endsWith(".")) out.push({ message: "name ends with a period", at: { path: ["name"] } });
      return out;
    },
  },
  {
    id: "description-length",
    group: "sentinel",
    severity: "error",
    title: "Description is 1 to 5000 characters",
    help: "Azure-Sentinel's template model requires a description of at most 5000 characters.",
    check: (d) =>
      one(
        typeof d.spec.description !== "string" || d.spec.description.trim().length === 0 || d.spec.description.length > 5000,
        { message: `description must be 1 to 5000 characters (it has ${d.spec.description?.length ?? 0})`, at: { path: ["description"] } },
      ),
  },
  {
    id: "version-format",
    group: "sentinel",
    severity: "error",
    title: "Version is X.Y.Z",
    help: "Sentinel's templateVersion and Azure-Sentinel's version check require three dot-separated numbers, at most 20 characters.",
    check: (d) =>
      one(typeof d.spec.version !== "string" || !VERSION.test(d.spec.version) || d.spec.version.length > 20, {
        message: `version ${JSON.stringify(d.spec.version)} must be X.Y.Z (three numbers, at most 20 characters)`,
        at: { path: ["version"] },
      }),
  },
];

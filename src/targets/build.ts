/**
 * `buildArtifacts`: every compiler over every detection, rendered through the templates and
 * validated against the schemas, as a map of relative path -> file content. Pure: reads only
 * templates, writes nothing; `write.ts` puts the map on disk.
 */
import { parseAllDocuments, parse as parseYaml } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import type { CompiledDetection } from "../dsl/model.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { isArmApiVersion } from "./arm-api.js";
import { ArmCompileError, armParametersDeclaration, armRule, ruleEnabledByDefault } from "./arm.js";
import { type ArtifactPaths, type DocView, docView, indexView } from "./docs.js";
import { compareStrings } from "./order.js";
import { type ArtifactSchema, validateArtifact } from "./schemas/validate.js";
import { sentinelRule } from "./sentinel.js";
import { compileSigma } from "./sigma/compile.js";
import { sigmaPipeline } from "./sigma/pipeline.js";
import { sigmaDocuments } from "./sigma/rule.js";
import { type TemplateName, TemplateSet } from "./templates.js";

export const DEFAULT_ARM_API_VERSION = "2025-07-01-preview";

export interface BuildOptions {
  /** `config.arm.apiVersion`. */
  readonly apiVersion?: string;
  /** Folder of user templates overriding the built-in ones (`config.templates` / `--templates`). */
  readonly templatesDir?: string | null;
  /** Shown in messages instead of absolute detection paths (e.g. relative to the working directory). */
  readonly displayPath?: (file: string) => string;
  /** Table schemas (`loadSchemas`), for column types the Sigma compiler needs; optional. */
  readonly tables?: Pick<SchemaRegistry, "get">;
  /** Called with each target's elapsed milliseconds (benchmarks). */
  readonly timings?: Map<string, number>;
}

export interface ManifestEntry {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly version: string;
  readonly files: ArtifactPaths;
  readonly sigma: { readonly status: "ok" } | { readonly status: "unsupported"; readonly reason: string };
}

/** A build that failed: every problem found, each naming the detection file (and template). */
export class BuildError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`build failed: ${diagnostics.length} error(s); nothing was written`);
    this.name = "BuildError";
    this.diagnostics = diagnostics;
  }
}

type Format = "json" | "yaml" | "markdown";

export function buildArtifacts(detections: readonly CompiledDetection[], options: BuildOptions = {}): Map<string, string> {
  const apiVersion = options.apiVersion ?? DEFAULT_ARM_API_VERSION;
  if (!isArmApiVersion(apiVersion)) throw new BuildError([{ severity: "error", message: `arm.apiVersion ${JSON.stringify(apiVersion)} is not an apiVersion (expected YYYY-MM-DD or YYYY-MM-DD-preview)`, code: "build-config" }]);
  const show = options.displayPath ?? ((f: string) => f);
  const templates = new TemplateSet(options.templatesDir ?? null);
  const timings = options.timings;
  const timed = <T>(target: string, fn: () => T): T => {
    if (!timings) return fn();
    const start = performance.now();
    try {
      return fn();
    } finally {
      timings.set(target, (timings.get(target) ?? 0) + performance.now() - start);
    }
  };

  const sorted = [...detections].sort((a, b) => compareStrings(a.slug, b.slug));
  const diagnostics: Diagnostic[] = [...duplicates(sorted, show)];
  const files = new Map<string, string>();
  const manifest: ManifestEntry[] = [];
  const docs: DocView[] = [];
  const armRules: ReturnType<typeof armRule>[] = [];
  const sigmaTables: string[] = [];

  /** Renders, parses and validates one artifact; records a diagnostic and returns null on failure. */
  const produce = (d: CompiledDetection | null, template: TemplateName, context: unknown, format: Format, schemas: readonly ArtifactSchema[]): string | null => {
    const who = d ? `${d.slug}: ` : "";
    const fail = (message: string) => {
      diagnostics.push({ severity: "error", file: d ? show(d.file) : undefined, message: `${who}${message}`, code: "build" });
      return null;
    };
    let text: string;
    try {
      text = templates.render(template, context);
    } catch (e) {
      return fail(`template ${show(templates.file(template))} failed to render: ${(e as Error).message}`);
    }
    if (format === "markdown") return text;
    let documents: unknown[];
    try {
      documents = format === "json" ? [JSON.parse(text)] : schemas.length === 1 ? [parseYaml(text, { uniqueKeys: true })] : parseYamlDocuments(text);
    } catch (e) {
      return fail(`template ${show(templates.file(template))} rendered invalid ${format.toUpperCase()}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (documents.length !== schemas.length) return fail(`template ${show(templates.file(template))} rendered ${documents.length} document(s), expected ${schemas.length}`);
    const errors = documents.flatMap((doc, i) => validateArtifact(schemas[i], doc).map((m) => `${schemas[i]} ${m}`));
    if (errors.length > 0) return fail(`template ${show(templates.file(template))} rendered an invalid artifact: ${errors.join("; ")}`);
    return format === "json" ? `${JSON.stringify(documents[0], null, 2)}\n` : text;
  };

  for (const d of sorted) {
    const errorsBefore = diagnostics.length;
    const paths: { -readonly [K in keyof ArtifactPaths]: ArtifactPaths[K] } = {
      kql: `kql/${d.slug}.kql`,
      sentinel: `sentinel/${d.slug}.yaml`,
      arm: `arm/${d.slug}.json`,
      docs: `docs/${d.slug}.md`,
    };
    timed("kql", () => files.set(paths.kql, d.kql.endsWith("\n") ? d.kql : `${d.kql}\n`));

    const sentinel = timed("sentinel", () => produce(d, "sentinel-rule.yaml", { detection: d, rule: sentinelRule(d) }, "yaml", ["sentinel-rule"]));
    if (sentinel !== null) files.set(paths.sentinel, sentinel);

    timed("arm", () => {
      try {
        const rule = armRule(d, apiVersion, { enabledParameter: true });
        armRules.push(armRule(d, apiVersion, { enabledParameter: false }));
        const enabled = ruleEnabledByDefault(d);
        const arm = produce(d, "arm-rule.json", { detection: d, rule, parameters: armParametersDeclaration(enabled) }, "json", ["arm-template"]);
        if (arm !== null) files.set(paths.arm, arm);
        const params = produce(d, "arm-parameters.json", { detection: d, parameters: { enabled: { value: enabled } } }, "json", ["arm-parameters"]);
        if (params !== null) files.set(`arm/${d.slug}.parameters.json`, params);
      } catch (e) {
        if (!(e instanceof ArmCompileError)) throw e;
        diagnostics.push({ severity: "error", file: show(d.file), message: `${d.slug}: ${e.message}`, code: "build" });
      }
    });

    const sigmaStatus = timed("sigma", (): ManifestEntry["sigma"] => {
      const compiled = compileSigma(d, { tables: options.tables });
      if (compiled.status === "unsupported") return { status: "unsupported", reason: compiled.reason };
      const docsOf = sigmaDocuments(d, compiled);
      const rule = produce(d, "sigma-rule.yml", { detection: d, rule: docsOf.rule }, "yaml", ["sigma-rule"]);
      const correlation = docsOf.correlation
        ? produce(d, "sigma-correlation.yml", { detection: d, correlation: docsOf.correlation }, "yaml", ["sigma-correlation"])
        : "";
      if (rule !== null && correlation !== null) {
        paths.sigma = `sigma/${d.slug}.yml`;
        files.set(paths.sigma, correlation ? `${rule}---\n${correlation}` : rule);
        sigmaTables.push(compiled.table);
      }
      return { status: "ok" };
    });

    // A detection whose artifacts already failed gets no page: the build fails anyway.
    if (diagnostics.length > errorsBefore) continue;
    const doc = docView(d, paths, sigmaStatus);
    docs.push(doc);
    const page = timed("docs", () => produce(d, "doc.md", { detection: d, doc }, "markdown", []));
    if (page !== null) files.set(paths.docs, page);

    const entryFiles: ArtifactPaths = { kql: paths.kql, sentinel: paths.sentinel, arm: paths.arm, ...(paths.sigma ? { sigma: paths.sigma } : {}), docs: paths.docs };
    manifest.push({ id: d.spec.id, slug: d.slug, name: d.spec.name, version: d.spec.version, files: entryFiles, sigma: sigmaStatus });
  }

  // Folder-wide artifacts only from a clean set, so one bad rule is reported once.
  if (diagnostics.length > 0) throw new BuildError(diagnostics);
  timed("arm", () => {
    if (armRules.length === 0) return;
    const bundle = produce(null, "arm-bundle.json", { rules: armRules, parameters: armParametersDeclaration(null) }, "json", ["arm-template"]);
    if (bundle !== null) files.set("arm/bundle.json", bundle);
  });
  timed("sigma", () => {
    const pipeline = produce(null, "sigma-pipeline.yml", { pipeline: sigmaPipeline(sigmaTables) }, "yaml", ["sigma-pipeline"]);
    if (pipeline !== null) files.set("sigma/pipeline.yml", pipeline);
  });
  timed("docs", () => {
    const index = produce(null, "docs-index.md", { index: indexView(docs) }, "markdown", []);
    if (index !== null) files.set("docs/index.md", index);
  });

  if (diagnostics.length > 0) throw new BuildError(diagnostics);
  files.set("manifest.json", `${JSON.stringify({ detections: manifest }, null, 2)}\n`);
  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
}

function parseYamlDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) throw new Error(`${err.message}`);
  }
  return list.map((doc) => doc.toJS());
}

function duplicates(detections: readonly CompiledDetection[], show: (f: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = { slug: new Map<string, string>(), id: new Map<string, string>(), name: new Map<string, string>() };
  for (const d of detections) {
    const keys = { slug: d.slug.toLowerCase(), id: d.spec.id.toLowerCase(), name: d.spec.name };
    for (const k of ["slug", "id", "name"] as const) {
      const other = seen[k].get(keys[k]);
      if (other !== undefined) out.push({ severity: "error", file: show(d.file), message: `duplicate ${k} ${JSON.stringify(keys[k])}, also used by ${show(other)}`, code: "build-duplicate" });
      else seen[k].set(keys[k], d.file);
    }
  }
  return out;
}

/**
 * The detection loader: finds the detection files, bundles them all in ONE esbuild run,
 * imports each, and compiles each `detection(...)` into a `CompiledDetection` (AST, canonical
 * KQL, output columns). Problems come back as diagnostics naming the file (and line and column
 * where known); a detection with an error is left out of `detections`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UsageError } from "../cli/errors.js";
import { type Diagnostic, lineColAt } from "../diagnostics.js";
import type { Script } from "../kql/ast.js";
import type { SchemaRegistry } from "../schema/registry.js";
import { type SourceRef, at, checkDuplicates, checkSpec } from "./checks.js";
import type { BuiltQuery, Detection } from "./detection.js";
import type { KqlQuery } from "./kql-template.js";
import type { CompiledDetection, DetectionSpec, OutputColumn } from "./model.js";
import { composeKql, mapDiagnostic } from "./raw-kql.js";

export interface LoadOptions {
  /** The detections folder, searched recursively for `*.ts` (files and folders starting with `_` are helpers). */
  readonly dir: string;
  readonly schemas: SchemaRegistry;
  /** Load only these files (absolute or relative to the working directory). */
  readonly files?: readonly string[];
}

export interface LoadResult {
  /** Detections without errors: what targets, tests and the lock use. */
  readonly detections: CompiledDetection[];
  /**
   * Detections that compiled but failed the loader's structural checks (a mapped column the
   * query lacks, an unknown key, ...; their problems are in `diagnostics`). Left out of
   * `detections`; `kustodian validate` still runs every check on them, so one run shows all of
   * a rule's problems. Rules whose spec shape is broken (`detection-field`) or that duplicate an
   * earlier rule are in neither list.
   */
  readonly rejected: CompiledDetection[];
  readonly diagnostics: Diagnostic[];
  /** Wall time of the phases, in milliseconds (for benchmarks and `--verbose` output). */
  readonly timings: { readonly bundle: number; readonly import: number; readonly compile: number };
}

type Front = typeof import("../kql/index.js");

export async function loadDetections(options: LoadOptions): Promise<LoadResult> {
  const dir = resolve(options.dir);
  // A missing folder is a configuration error, never "zero detections": a build would
  // otherwise empty generated/ and a test run would pass on nothing.
  if (options.files === undefined && !existsSync(dir)) {
    throw new UsageError(`${relative(process.cwd(), dir) || dir}: detections folder not found (set "detections" in kustodian.config.json)`);
  }
  const files = (options.files ?? findDetectionFiles(dir)).map((f) => resolve(f)).sort();
  const diagnostics: Diagnostic[] = [];
  const timings = { bundle: 0, import: 0, compile: 0 };
  if (files.length === 0) return { detections: [], rejected: [], diagnostics, timings };

  const modules = await importAll(files, dir, diagnostics, timings);
  const compileStart = performance.now();
  const front = await import("../kql/index.js");
  const infer = await inferrer(options.schemas, [...modules.values()]);
  const loaded: { compiled: CompiledDetection; src: SourceRef; problems: readonly Diagnostic[] }[] = [];
  for (const file of files) {
    const src = sourceRef(file);
    const mod = modules.get(file);
    if (mod === undefined) continue; // its error is already reported
    const d = defaultDetection(mod, src, diagnostics);
    if (d === null) continue;
    const compiled = compileDetection(d, file, src, front, infer, diagnostics);
    if (compiled === null) continue;
    diagnostics.push(...compiled.problems);
    loaded.push({ compiled: compiled.detection, src, problems: compiled.problems });
  }
  // Duplicates are judged over every compiled rule, so fixing one rule never reveals another clash.
  const dup = checkDuplicates(loaded);
  diagnostics.push(...dup.diagnostics);
  timings.compile = performance.now() - compileStart;
  const detections: CompiledDetection[] = [];
  const rejected: CompiledDetection[] = [];
  for (const l of loaded) {
    if (dup.rejected.has(l.compiled)) continue;
    if (l.problems.length === 0) detections.push(l.compiled);
    else if (!l.problems.some((p) => p.code === "detection-field")) rejected.push(l.compiled);
  }
  return { detections, rejected, diagnostics, timings };
}

/**
 * Output columns of raw KQL queries: by the evaluator over empty tables, else statically. The
 * evaluator is loaded only when some detection uses raw KQL.
 */
async function inferrer(
  schemas: SchemaRegistry,
  modules: readonly unknown[],
): Promise<(script: Script) => readonly OutputColumn[] | null> {
  const infer = await import("./infer-columns.js");
  const anyRaw = modules.some((m) => {
    const q = (m as { default?: { query?: { kind?: unknown } } }).default?.query;
    return q?.kind === "kustodian.kql";
  });
  let engine: typeof import("../engine/index.js") | null = null;
  if (anyRaw) {
    try {
      engine = await import("../engine/index.js");
    } catch {
      engine = null; // the static inference still answers
    }
  }
  const cache = new Map();
  return (script) =>
    (engine && infer.inferColumnsByEvaluation(script, schemas, engine, cache)) ?? infer.inferColumnsStatically(script, schemas);
}

/** Every `*.ts` under `dir` except helpers (`_*` files and folders), declarations and dot/`node_modules` folders; sorted. */
export function findDetectionFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      // `_name` files and folders hold shared helpers, not detections.
      if (e.name.startsWith(".") || e.name.startsWith("_") || e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function slugOf(file: string): string {
  return basename(file, extname(file));
}

function sourceRef(file: string): SourceRef {
  let text: string | null = null;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = null;
  }
  const rel = relative(process.cwd(), file);
  return { display: rel.startsWith("..") ? file : rel || file, text };
}

// ---------------------------------------------------------------------------
// Bundling and importing
// ---------------------------------------------------------------------------

/** Bundles all files in one esbuild build and imports each; failures become diagnostics. */
async function importAll(
  files: readonly string[],
  dir: string,
  diagnostics: Diagnostic[],
  timings: { bundle: number; import: number },
): Promise<Map<string, unknown>> {
  const esbuild = await import("esbuild");
  const out = join(cacheRoot(dir), `load-${process.pid}-${randomBytes(4).toString("hex")}`);
  const modules = new Map<string, unknown>();
  const outbase = commonDir(files);
  mkdirSync(out, { recursive: true });
  const self = selfResolution(out);
  // No source maps in the common case (they cost time on every import); a file that throws is
  // bundled again with them to find the line (see `locateThrow`).
  const build = (entries: readonly string[], outdir = out, sourcemap: false | "inline" = false) =>
    esbuild.build({
      entryPoints: [...entries],
      outdir,
      outbase,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      outExtension: { ".js": ".mjs" },
      sourcemap,
      logLevel: "silent",
      write: true,
      plugins: self.plugins,
    });
  try {
    const bundleStart = performance.now();
    let entries = [...files];
    try {
      await build(entries);
    } catch (e) {
      // A syntax error anywhere fails the whole build: report it, drop the broken files, build the rest.
      const broken = reportBuildErrors(e, files, diagnostics);
      entries = entries.filter((f) => !broken.has(f));
      if (broken.size === 0) entries = await buildOneByOne(entries, (one) => build([one]), diagnostics);
      else if (entries.length > 0) {
        try {
          await build(entries);
        } catch (e2) {
          reportBuildErrors(e2, entries, diagnostics);
          entries = await buildOneByOne(entries, (one) => build([one]), diagnostics);
        }
      }
    }
    timings.bundle = performance.now() - bundleStart;
    const importStart = performance.now();
    const settled = await Promise.allSettled(
      entries.map((f) => import(pathToFileURL(outputPath(out, outbase, f)).href) as Promise<unknown>),
    );
    for (const [i, r] of settled.entries()) {
      const file = entries[i];
      if (r.status === "fulfilled") modules.set(file, r.value);
      else diagnostics.push(await locateThrow(file, r.reason, (outdir) => build([file], outdir, "inline"), out, outbase));
    }
    timings.import = performance.now() - importStart;
  } finally {
    self.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
  return modules;
}

/**
 * A file that threw on import: bundle it again with source maps, import that copy with source
 * maps on, and take the line and column of the detection file from the new error's stack.
 */
async function locateThrow(
  file: string,
  reason: unknown,
  buildWithMaps: (outdir: string) => Promise<unknown>,
  out: string,
  outbase: string,
): Promise<Diagnostic> {
  const outdir = join(out, `located-${randomBytes(4).toString("hex")}`);
  const restore = enableSourceMaps();
  try {
    await buildWithMaps(outdir);
    await import(pathToFileURL(outputPath(outdir, outbase, file)).href);
  } catch (e) {
    return importError(file, e);
  } finally {
    restore();
  }
  return importError(file, reason); // it did not throw again: report the first failure
}

/** Builds entries one at a time (after a batch failure whose cause is in a shared file). */
async function buildOneByOne(
  entries: readonly string[],
  build: (file: string) => Promise<unknown>,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  const ok: string[] = [];
  for (const f of entries) {
    try {
      await build(f);
      ok.push(f);
    } catch (e) {
      const errs = buildErrors(e);
      for (const m of errs) diagnostics.push(buildDiagnostic(m, f));
      if (errs.length === 0) diagnostics.push(importError(f, e));
    }
  }
  return ok;
}

interface EsbuildMessage {
  readonly text: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number; readonly lineText: string } | null;
}

function buildErrors(e: unknown): EsbuildMessage[] {
  const errors = (e as { errors?: unknown }).errors;
  return Array.isArray(errors) ? (errors as EsbuildMessage[]) : [];
}

/** Reports esbuild errors; returns the entry files whose own text is broken. */
function reportBuildErrors(e: unknown, files: readonly string[], diagnostics: Diagnostic[]): Set<string> {
  const broken = new Set<string>();
  const byPath = new Map(files.map((f) => [f, f]));
  const errs = buildErrors(e);
  if (errs.length === 0) throw e;
  for (const m of errs) {
    const file = m.location ? resolve(m.location.file) : null;
    if (file !== null && byPath.has(file)) {
      broken.add(file);
      diagnostics.push(buildDiagnostic(m, file));
    }
  }
  return broken;
}

function buildDiagnostic(m: EsbuildMessage, entry: string): Diagnostic {
  const file = m.location ? resolve(m.location.file) : entry;
  const display = sourceRef(file).display;
  const via = file === entry ? "" : ` (imported by ${sourceRef(entry).display})`;
  return {
    severity: "error",
    message: `cannot compile detection file: ${m.text}${via}`,
    file: display,
    line: m.location?.line ?? 1,
    column: (m.location?.column ?? 0) + 1,
    code: "detection-syntax",
    ...(m.location ? { snippet: `${m.location.lineText}\n${" ".repeat(m.location.column)}^` } : {}),
  };
}

/** A file that throws on import: the message, at the detection file's line when the stack shows it. */
function importError(file: string, reason: unknown): Diagnostic {
  const err = reason instanceof Error ? reason : new Error(String(reason));
  const src = sourceRef(file);
  const frame = new RegExp(`${escapeRegExp(pathToFileURL(file).href)}:(\\d+):(\\d+)|${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(
    err.stack ?? "",
  );
  const line = frame ? Number(frame[1] ?? frame[3]) : 1;
  const column = frame ? Number(frame[2] ?? frame[4]) : 1;
  return { severity: "error", message: `detection file throws on import: ${err.message}`, file: src.display, line, column, code: "detection-import" };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Source maps on while importing, so a thrown error's stack names the detection file's lines. */
function enableSourceMaps(): () => void {
  const p = process as NodeJS.Process & { setSourceMapsEnabled?: (on: boolean) => void; sourceMapsEnabled?: boolean };
  if (typeof p.setSourceMapsEnabled !== "function") return () => {};
  const before = p.sourceMapsEnabled ?? process.execArgv.includes("--enable-source-maps");
  p.setSourceMapsEnabled(true);
  return () => p.setSourceMapsEnabled?.(before);
}

/**
 * How `import ... from "kustodian"` inside detection files resolves.
 *
 * - When this loader runs from built JavaScript, the import stays external and the output
 *   folder gets `node_modules/kustodian` linked to this very package, so detections share the
 *   loader's module (and esbuild needs no plugin round trip per file).
 * - When it runs from TypeScript sources (tests), the sources are bundled in (one shared chunk).
 */
interface SelfResolution {
  readonly plugins: import("esbuild").Plugin[];
  /** Removes the link (never its target). */
  cleanup(): void;
}

function selfResolution(outdir: string): SelfResolution {
  const here = fileURLToPath(import.meta.url);
  const index = join(dirname(here), "..", `index${extname(here)}`);
  if (extname(here) === ".js") {
    const link = join(outdir, "node_modules", "kustodian");
    try {
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(resolve(dirname(here), "..", ".."), link, "junction");
      return { plugins: [], cleanup: () => rmSync(link, { force: true }) };
    } catch {
      // No symlinks here: resolve each import to this package's entry by URL instead.
      return { plugins: [selfPlugin(() => ({ path: pathToFileURL(index).href, external: true }))], cleanup: () => {} };
    }
  }
  return { plugins: [selfPlugin(() => ({ path: index }))], cleanup: () => {} };
}

function selfPlugin(resolveSelf: () => import("esbuild").OnResolveResult): import("esbuild").Plugin {
  return {
    name: "kustodian-self",
    setup(b) {
      b.onResolve({ filter: /^kustodian$/ }, resolveSelf);
    },
  };
}

/** `<project>/node_modules/.cache/kustodian`, so other packages resolve as from the project; else the OS temp dir. */
function cacheRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) {
      const root = join(d, "node_modules", ".cache", "kustodian");
      mkdirSync(root, { recursive: true });
      return root;
    }
    if (dirname(d) === d) break;
  }
  const root = join(tmpdir(), "kustodian");
  mkdirSync(root, { recursive: true });
  return root;
}

function commonDir(files: readonly string[]): string {
  let common = dirname(files[0]);
  for (const f of files) {
    while (!(f.startsWith(common + sep) || dirname(f) === common)) {
      const up = dirname(common);
      if (up === common) return common;
      common = up;
    }
  }
  return common;
}

function outputPath(out: string, outbase: string, file: string): string {
  const rel = relative(outbase, file);
  return join(out, rel.slice(0, rel.length - extname(rel).length) + ".mjs");
}

// ---------------------------------------------------------------------------
// Compiling one detection
// ---------------------------------------------------------------------------

function defaultDetection(mod: unknown, src: SourceRef, diagnostics: Diagnostic[]): Detection | null {
  const d = (mod as { default?: unknown }).default;
  if (d === undefined) {
    diagnostics.push(at(src, null, "detection file has no default export (expected `export default detection({...})`)", "detection-export"));
    return null;
  }
  const o = d as { kind?: unknown; spec?: unknown; query?: unknown };
  if (typeof d !== "object" || d === null || o.kind !== "kustodian.detection" || typeof o.spec !== "object" || o.spec === null) {
    diagnostics.push(at(src, null, "the default export is not a detection (expected `export default detection({...})`)", "detection-export"));
    return null;
  }
  const q = o.query as { kind?: unknown } | null;
  if (typeof q !== "object" || q === null || (q.kind !== "kustodian.built" && q.kind !== "kustodian.kql")) {
    diagnostics.push(at(src, null, "the detection has no query (a from(...) builder or a kql`...` template)", "detection-export"));
    return null;
  }
  return d as Detection;
}

function compileDetection(
  d: Detection,
  file: string,
  src: SourceRef,
  front: Front,
  infer: (s: Script) => readonly OutputColumn[] | null,
  diagnostics: Diagnostic[],
): { detection: CompiledDetection; problems: Diagnostic[] } | null {
  const spec = d.spec as DetectionSpec;
  const q = d.query;
  let ast: Script;
  let columns: readonly OutputColumn[] | null;
  let queryOrigin: CompiledDetection["queryOrigin"] = null;
  if (q.kind === "kustodian.built") {
    ast = (q as BuiltQuery).script;
    columns = (q as BuiltQuery).columns;
  } else {
    const raw = compileRaw(q as KqlQuery, src, front, diagnostics);
    if (raw === null) return null;
    ast = raw.ast;
    queryOrigin = raw.origin;
    columns = infer(ast);
  }
  let kql: string;
  try {
    kql = front.print(ast);
  } catch (e) {
    diagnostics.push(at(src, null, `cannot print the query: ${(e as Error).message}`, "detection-query"));
    return null;
  }
  const problems = checkSpec(spec, columns, src);
  const detection: CompiledDetection = Object.freeze({
    spec,
    slug: slugOf(file),
    file,
    ast,
    kql,
    outputSchema: columns ?? [],
    queryOrigin,
  });
  return { detection, problems };
}

/** Composes a `kql` template (escaping interpolated values), parses it, maps errors to the file. */
function compileRaw(
  q: KqlQuery,
  src: SourceRef,
  front: Front,
  diagnostics: Diagnostic[],
): { ast: Script; origin: CompiledDetection["queryOrigin"] } | null {
  let composed: ReturnType<typeof composeKql>;
  try {
    composed = composeKql(q, src.text, front);
  } catch (e) {
    diagnostics.push(at(src, null, `cannot build the kql query: ${(e as Error).message}`, "detection-query"));
    return null;
  }
  const parsed = front.parse(composed.text);
  if (parsed.diagnostics.length > 0) {
    for (const d of parsed.diagnostics) diagnostics.push(mapDiagnostic(d, composed, src.display, src.text));
    return null;
  }
  const origin = composed.originOffset !== null && src.text !== null ? lineColAt(src.text, composed.originOffset) : null;
  return { ast: parsed.script, origin };
}

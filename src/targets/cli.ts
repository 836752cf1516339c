/** The work behind `kustodian build`, loaded lazily by the command file. */
import { resolve } from "node:path";
import { FindingsError, UsageError } from "../cli/errors.js";
import { displayPath, withDisplayPaths } from "../diagnostics.js";
import { plural } from "../util/plural.js";
import { BuildError, buildArtifacts } from "./build.js";
import { TemplateError } from "./templates.js";
import { OutputFolderError, writeArtifacts } from "./write.js";

export interface RunBuildOptions {
  readonly out?: string;
  readonly check?: boolean;
  readonly templates?: string;
  readonly config?: string;
  readonly format: string;
}

export async function runBuild(options: RunBuildOptions): Promise<void> {
  const cwd = process.cwd();
  const show = (file: string) => displayPath(file, cwd);
  const { loadConfig } = await import("../config/load.js");
  const loaded = await loadConfig({ file: options.config });
  const outDir = options.out ? resolve(cwd, options.out) : loaded.paths.generated;
  const templatesDir = options.templates ? resolve(cwd, options.templates) : loaded.paths.templates;
  if (options.templates) {
    const { existsSync, statSync } = await import("node:fs");
    if (!existsSync(templatesDir as string) || !statSync(templatesDir as string).isDirectory()) throw new UsageError(`--templates ${options.templates}: no such folder`);
  }

  const { loadSchemas } = await import("../schema/registry.js");
  const { loadDetections } = await import("../dsl/load.js");
  const schemas = loadSchemas(loaded.paths.schemas);
  const { detections, diagnostics } = await loadDetections({ dir: loaded.paths.detections, schemas });
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new FindingsError(`build failed: ${errors.length} detection error(s); nothing was written`, withDisplayPaths(errors, cwd));

  let files: Map<string, string>;
  try {
    files = buildArtifacts(detections, { apiVersion: loaded.config.arm.apiVersion, templatesDir, displayPath: show, tables: schemas });
  } catch (e) {
    if (e instanceof BuildError) throw new FindingsError(e.message, e.diagnostics);
    if (e instanceof TemplateError) throw new UsageError(e.message);
    throw e;
  }

  let result: ReturnType<typeof writeArtifacts>;
  try {
    result = writeArtifacts(outDir, files, { check: options.check });
  } catch (e) {
    if (e instanceof OutputFolderError) throw new UsageError(e.message);
    throw e;
  }

  const out = show(outDir);
  const differs = result.added.length + result.changed.length + result.removed.length > 0;
  const unsupported = JSON.parse(files.get("manifest.json") as string).detections.filter(
    (d: { sigma: { status: string } }) => d.sigma.status === "unsupported",
  ) as { slug: string; sigma: { reason: string } }[];

  if (options.format === "json") {
    process.stdout.write(
      `${JSON.stringify(
        {
          out,
          check: Boolean(options.check),
          upToDate: !differs,
          written: result.written,
          added: result.added,
          changed: result.changed,
          removed: result.removed,
          detections: detections.length,
          sigmaUnsupported: unsupported.map((u) => ({ slug: u.slug, reason: u.sigma.reason })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const lines: string[] = [];
    if (options.check) {
      if (!differs) lines.push(`${out} is up to date (${plural(files.size, "file")}, ${plural(detections.length, "detection")})`);
      else {
        lines.push(`${out} is stale; run 'kustodian build' and commit the result:`);
        for (const p of result.added) lines.push(`  missing  ${out}/${p}`);
        for (const p of result.changed) lines.push(`  differs  ${out}/${p}`);
        for (const p of result.removed) lines.push(`  stale    ${out}/${p}`);
      }
    } else if (!differs) lines.push(`${out} is up to date (${plural(files.size, "file")}, ${plural(detections.length, "detection")})`);
    else {
      lines.push(
        `built ${plural(detections.length, "detection")} into ${out}: ${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed`,
      );
    }
    if (unsupported.length > 0) {
      lines.push(`sigma: ${plural(unsupported.length, "detection")} not expressible in Sigma (listed in manifest.json):`);
      for (const u of unsupported) lines.push(`  ${u.slug}: ${u.sigma.reason}`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  if (options.check && differs) process.exitCode = 1;
}



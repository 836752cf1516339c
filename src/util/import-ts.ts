/**
 * Imports a TypeScript module at run time (config files, detection files) without a loader
 * hook: esbuild bundles it (relative imports included, packages left external) into a
 * temporary `.mjs` beside the source, so `import "kustodian"` resolves to this very package.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export async function importTypeScript(file: string): Promise<unknown> {
  const esbuild = await import("esbuild");
  const out = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.mjs`);
  try {
    await esbuild.build({
      entryPoints: [file],
      outfile: out,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
      sourcemap: "inline",
    });
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

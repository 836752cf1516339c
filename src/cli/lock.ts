/** `kustodian lock`: record each rule's id, version and hash in detections.lock.json (`--bump` raises versions of changed rules). */
import type { Command } from "commander";
import { FindingsError } from "./errors.js";

interface LockOptions {
  readonly bump?: boolean;
  readonly config?: string;
}

export function register(program: Command): void {
  program
    .command("lock")
    .description("record every rule's id, version and compiled-form hash in detections.lock.json")
    .option("--bump", "raise the patch version of changed rules in their source files, then record them")
    .option("-c, --config <file>", "config file (default: kustodian.config.ts or .json in the working directory)")
    .action(async (options: LockOptions) => {
      const v = await import("../validate/index.js");
      const project = await v.loadProject({ config: options.config });
      const loadErrors = project.loadDiagnostics.filter((d) => d.severity === "error");
      if (loadErrors.length > 0)
        throw new FindingsError("detections.lock.json not written: fix the detections that do not load first", loadErrors);
      const run = v.runLock(project.detections, { root: project.loaded.root, bump: options.bump });
      const { relative } = await import("node:path");
      const lockName = relative(process.cwd(), run.lockFile) || run.lockFile;
      if (run.problems.length > 0) {
        throw new FindingsError(
          `${lockName} not written: ${run.problems.length} rule${run.problems.length === 1 ? "" : "s"} cannot be locked`,
          run.problems.map((p) => ({ severity: "error", file: p.file, message: `${p.slug}: ${p.message}`, code: "lock" })),
        );
      }
      const out: string[] = [];
      for (const b of run.bumped) out.push(`bumped ${b.slug}: ${b.from} -> ${b.to} (${b.file})`);
      const parts = [
        `${project.detections.length} rule${project.detections.length === 1 ? "" : "s"} locked`,
        run.added.length ? `${run.added.length} added` : "",
        run.updated.length ? `${run.updated.length} updated` : "",
        run.renamed.length ? `${run.renamed.length} renamed (${run.renamed.map((r) => `${r.from} -> ${r.to}`).join(", ")})` : "",
        run.removed.length ? `${run.removed.length} removed (${run.removed.join(", ")})` : "",
      ].filter(Boolean);
      out.push(`${lockName}: ${parts.join(", ")}${run.written ? "" : " (unchanged)"}`);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}

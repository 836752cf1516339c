/** The body of `kustodian test` (the command file stays light and imports this lazily). */
import { relative } from "node:path";
import { UsageError } from "../cli/errors.js";
import { type Diagnostic, formatDiagnostic } from "../diagnostics.js";
import { useColor, writeFileAtomic } from "../cli/io.js";
import type { TestCommandOptions } from "../cli/test.js";
import { loadTestProject, type TestProject } from "./project.js";
import { renderJson } from "./report/json.js";
import { escapeLines } from "./report/escape.js";
import { renderJunit } from "./report/junit.js";
import { detectionLine, renderText, summaryLine } from "./report/text.js";
import { type DetectionResult, runDetectionTests, selectDetections, type TestReport } from "./suite.js";
import { affectedBy, watchRoots } from "./watch.js";

const REPORTERS = ["text", "json", "junit"] as const;
type Reporter = (typeof REPORTERS)[number];

export async function runTestCommand(options: TestCommandOptions): Promise<void> {
  const reporter = options.reporter as Reporter;
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(", ")} (got '${options.reporter}')`);
  let minScore: number | undefined;
  if (options.minScore !== undefined) {
    minScore = Number(options.minScore);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) throw new UsageError(`--min-score must be a percentage from 0 to 100 (got '${options.minScore}')`);
  }
  const mutations = options.mutations === true || minScore !== undefined;
  const project = await loadTestProject({ config: options.config });
  const loadFailed = reportLoadProblems(project);
  if (options.filter.length > 0 && selectDetections(project.detections, options.filter).length === 0) {
    throw new UsageError(`no detection matches ${options.filter.map((f) => `'${f}'`).join(", ")}`);
  }
  const once = async (p: TestProject, filter: readonly string[]): Promise<TestReport> => {
    const started = performance.now();
    const report = await runDetectionTests(p.detections, {
      fixturesDir: p.loaded.paths.fixtures,
      schemas: p.schemas,
      cwd: process.cwd(),
      minAlerting: p.loaded.config.tests.minAlerting,
      minQuiet: p.loaded.config.tests.minQuiet,
      filter,
      replay: options.replay,
      mutations,
      onDetection: progress(),
    });
    emit(report, reporter, options, performance.now() - started);
    return report;
  };
  const report = await once(project, options.filter);
  const failed = !report.ok || loadFailed || belowMinScore(report, minScore);
  if (!options.watch) {
    if (failed) process.exitCode = 1;
    return;
  }
  await watchLoop(project, options, once);
}

/** Loader diagnostics go to stderr; an error (a detection left out) fails the run. */
function reportLoadProblems(project: TestProject): boolean {
  for (const d of project.diagnostics) process.stderr.write(`${escapeLines(formatDiagnostic(d)).join("\n")}\n`);
  return project.diagnostics.some((d) => d.severity === "error");
}

function belowMinScore(report: TestReport, minScore: number | undefined): boolean {
  if (minScore === undefined || !report.mutation) return false;
  const score = report.mutation.score ?? 100;
  if (score >= minScore) return false;
  process.stderr.write(`kustodian: mutation score ${score}% is below --min-score ${minScore}%\n`);
  return true;
}

function emit(report: TestReport, reporter: Reporter, options: TestCommandOptions, elapsedMs: number): void {
  const color = options.output === undefined && reporter === "text" && useColor();
  const text =
    reporter === "json" ? renderJson(report) : reporter === "junit" ? renderJunit(report) : renderText(report, { color, verbose: options.verbose, elapsedMs: options.output ? undefined : elapsedMs });
  if (options.output) {
    writeFileAtomic(options.output, text);
    process.stdout.write(`${summaryLine(report, { elapsedMs })}\nreport written to ${options.output}\n`);
  } else process.stdout.write(text);
}

/** A one-line progress indicator on a TTY (stderr), erased before the report prints. */
function progress(): ((result: DetectionResult, done: number, total: number) => void) | undefined {
  const stream = process.stderr;
  if (!stream.isTTY) return undefined;
  return (result, done, total) => {
    const line = `[${done}/${total}] ${detectionLine(result, (t) => t)}`;
    stream.write(`\r\u001b[K${line.slice(0, (stream.columns ?? 80) - 1)}`);
    if (done === total) stream.write("\r\u001b[K");
  };
}

async function watchLoop(
  initial: TestProject,
  options: TestCommandOptions,
  once: (p: TestProject, filter: readonly string[]) => Promise<TestReport>,
): Promise<void> {
  let project = initial;
  const roots = {
    detections: project.loaded.paths.detections,
    fixtures: project.loaded.paths.fixtures,
    schemas: project.loaded.paths.schemas,
    config: project.loaded.file,
  };
  let running: Promise<void> = Promise.resolve();
  process.stdout.write("watching for changes (Ctrl+C to stop)\n");
  await new Promise<void>((resolve) => {
    const stop = watchRoots(roots, (files) => {
      running = running.then(async () => {
        const slugsByFile = new Map(project.detections.map((d) => [d.file, d.slug] as const));
        const affected = affectedBy(files, roots, slugsByFile);
        if (!affected.all && affected.slugs.size === 0) return;
        try {
          project = await loadTestProject({ config: options.config });
        } catch (e) {
          for (const d of (e as { diagnostics?: readonly Diagnostic[] }).diagnostics ?? []) process.stderr.write(`${formatDiagnostic(d)}\n`);
          process.stderr.write(`kustodian: ${e instanceof Error ? e.message : String(e)}\n`);
          return;
        }
        reportLoadProblems(project);
        // Rerun what changed, within what the user asked to test.
        const wanted = selectDetections(project.detections, options.filter).map((d) => d.slug);
        const filter = affected.all ? options.filter : wanted.filter((slug) => affected.slugs.has(slug));
        if (!affected.all && filter.length === 0) return;
        process.stdout.write(`\nchanged: ${[...files].map((f) => relative(process.cwd(), f)).join(", ")}\n`);
        await once(project, filter);
        process.stdout.write("watching for changes (Ctrl+C to stop)\n");
      });
    });
    const end = () => {
      stop();
      resolve();
    };
    process.once("SIGINT", end);
    process.once("SIGTERM", end);
  });
}

/**
 * The body of `kustodian all`: loads the project once, then runs the three stages a detection
 * repository's CI needs, in the order a reviewer reads them: build (or check) `generated/`,
 * validate, test. Every stage runs even when an earlier one has findings, so one run shows
 * everything; the exit code is 1 when any stage has findings.
 */
import type { AllCliOptions } from "../cli/all.js";
import { FindingsError, UsageError } from "../cli/errors.js";
import { paint, useColor } from "../cli/io.js";
import { displayPath, withDisplayPaths } from "../diagnostics.js";
import { plural } from "../util/plural.js";

interface StageSummary {
  readonly stage: "build" | "validate" | "test";
  readonly ok: boolean;
  readonly summary: string;
}

export async function runAll(options: AllCliOptions): Promise<void> {
  const cwd = process.cwd();
  const show = (file: string) => displayPath(file, cwd);
  const color = options.format === "text" && useColor();
  const out = (text: string) => {
    if (options.format === "text") process.stdout.write(text);
  };
  const heading = (title: string) => out(`${paint(`== ${title}`, "bold", color)}\n`);

  const { loadProject, projectContext, validateDetections, formatText, summaryCounts } = await import("../validate/index.js");
  const project = await loadProject({ config: options.config });
  const loadErrors = project.loadDiagnostics.filter((d) => d.severity === "error");
  if (loadErrors.length > 0) {
    throw new FindingsError(
      `${loadErrors.length} detection file(s) failed to load; nothing was built`,
      withDisplayPaths(project.loadDiagnostics, cwd),
    );
  }
  const { detections, loaded } = project;
  const stages: StageSummary[] = [];

  // Build: every artifact, written atomically (or compared, with --check).
  heading(options.check ? "build --check" : "build");
  const { buildArtifacts, writeArtifacts, BuildError, TemplateError, OutputFolderError } = await import("../targets/index.js");
  let files: Map<string, string>;
  try {
    files = buildArtifacts(detections, { apiVersion: loaded.config.arm.apiVersion, templatesDir: loaded.paths.templates, displayPath: show });
  } catch (e) {
    if (e instanceof BuildError) throw new FindingsError(e.message, e.diagnostics);
    if (e instanceof TemplateError) throw new UsageError(e.message);
    throw e;
  }
  let written: ReturnType<typeof writeArtifacts>;
  try {
    written = writeArtifacts(loaded.paths.generated, files, { check: options.check });
  } catch (e) {
    if (e instanceof OutputFolderError) throw new UsageError(e.message);
    throw e;
  }
  const generated = show(loaded.paths.generated);
  const stale = [...written.added, ...written.changed, ...written.removed];
  if (options.check && stale.length > 0) {
    out(`${generated} is stale; run 'kustodian build' and commit the result:\n`);
    for (const p of stale) out(`  ${generated}/${p}\n`);
    stages.push({ stage: "build", ok: false, summary: `${stale.length} stale file(s) in ${generated}` });
  } else {
    const verb = options.check || !written.written ? "up to date" : `written (${written.added.length} added, ${written.changed.length} changed, ${written.removed.length} removed)`;
    const summary = `${plural(files.size, "file")} for ${plural(detections.length, "detection")} in ${generated}: ${verb}`;
    out(`${summary}\n`);
    stages.push({ stage: "build", ok: true, summary });
  }

  // Validate: rule checks, ATT&CK, Kusto semantic analysis, version lock, required tests.
  heading("validate");
  const validation = await validateDetections(detections, projectContext(project, { semantic: options.semantic }));
  out(formatText(validation, { color: (t, style) => paint(t, style, color) }));
  const counts = summaryCounts(validation);
  stages.push({
    stage: "validate",
    ok: counts.errors === 0,
    summary: `${plural(detections.length, "detection")}: ${counts.errors} error(s), ${counts.warnings} warning(s), ${counts.waived} waived`,
  });

  // Test: every case replayed through the local evaluator as Sentinel would run the rule.
  heading("test");
  const { runDetectionTests, renderText } = await import("../testing/index.js");
  const report = await runDetectionTests(detections, {
    fixturesDir: loaded.paths.fixtures,
    schemas: project.schemas,
    cwd,
    minAlerting: loaded.config.tests.minAlerting,
    minQuiet: loaded.config.tests.minQuiet,
  });
  out(renderText(report, { color }));
  const t = report.totals;
  stages.push({ stage: "test", ok: report.ok, summary: `${plural(t.detections, "detection")}, ${plural(t.cases, "case")}: ${t.passed} passed, ${t.failed} failed` });

  const ok = stages.every((s) => s.ok);
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ ok, stages }, null, 2)}\n`);
  } else {
    heading("summary");
    for (const s of stages) out(`${paint(s.ok ? "ok  " : "FAIL", s.ok ? "green" : "red", color)}  ${s.stage.padEnd(8)} ${s.summary}\n`);
  }
  if (!ok) process.exitCode = 1;
}

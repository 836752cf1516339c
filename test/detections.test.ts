/**
 * The bundled detection pack's own cases, one vitest test per case, so `npm test` covers them:
 * each runs exactly as `kustodian test` runs it (same loader, same evaluator, same checks).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../src/diagnostics.js";
import { casesOf, type LoadedCase } from "../src/testing/cases.js";
import { loadEngine } from "../src/testing/engine.js";
import type { Failure } from "../src/testing/expect.js";
import { loadTestProject } from "../src/testing/project.js";
import { runCase, type TestContext } from "../src/testing/runner.js";
import { formatRef, TestInputError } from "../src/testing/source.js";
import { caseKind } from "../src/testing/cases.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const project = await loadTestProject({ cwd: ROOT });
const engine = await loadEngine();
const ctx: TestContext = { fixturesDir: project.loaded.paths.fixtures, schemas: project.schemas, cwd: ROOT, cache: new Map() };

function detectionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.startsWith("_") && !e.name.startsWith("."))
    .map((e) => join(e.parentPath, e.name));
}

function explain(failures: readonly Failure[]): string {
  return failures.map((f) => [f.at ? `${formatRef(f.at)}: ${f.message}` : f.message, f.detail].filter(Boolean).join("\n")).join("\n");
}

describe("the bundled detection pack", () => {
  it("loads every detection file without errors", () => {
    const errors = project.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
    expect(errors).toEqual([]);
    expect(project.detections.length).toBe(detectionFiles(project.loaded.paths.detections).length);
  });
});

for (const detection of project.detections) {
  describe(detection.slug, () => {
    let cases: LoadedCase[] = [];
    let loadError: TestInputError | null = null;
    try {
      cases = casesOf(detection, ctx.fixturesDir, ROOT);
    } catch (e) {
      if (!(e instanceof TestInputError)) throw e;
      loadError = e;
    }

    it("has readable cases, at least the configured alerting and quiet ones", () => {
      expect(loadError?.message ?? null).toBeNull();
      const { minAlerting, minQuiet } = project.loaded.config.tests;
      expect(cases.filter((c) => caseKind(c.case.alerts) === "alerting").length).toBeGreaterThanOrEqual(minAlerting);
      expect(cases.filter((c) => caseKind(c.case.alerts) === "quiet").length).toBeGreaterThanOrEqual(minQuiet);
    });

    for (const loaded of cases) {
      it(loaded.case.name, () => {
        const { result } = runCase(engine, detection, loaded, ctx);
        expect(result.status, explain(result.failures)).toBe("passed");
      });
    }
  });
}

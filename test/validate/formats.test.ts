/** Report formats: text, JSON, SARIF 2.1.0 (validated by Microsoft's SARIF Multitool) and JUnit XML. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import fc from "fast-check";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import {
  CHECKS,
  escapeGithubData,
  escapeGithubProperty,
  escapeXml,
  formatGithub,
  formatJson,
  formatJunit,
  formatSarif,
  formatText,
  type ValidationResult,
} from "../../src/validate/index.js";
import { makeDetection, tempDir, validate, writeFile } from "./helpers.js";

const SOURCE = `import { detection, kql } from "kustodian";

export default detection({
  id: "not-a-guid",
  name: "Role member added.",
  version: "1.0.0",
  waivers: [{ check: "connector-id", reason: "Connector listed in a newer Content Hub release." }],
  requiredDataConnectors: [{ connectorId: "MicrosoftEntraID", dataTypes: ["AuditLogs"] }],
});
`;

async function sampleResult(): Promise<{ result: ValidationResult; root: string }> {
  const root = tempDir();
  const file = writeFile(root, "role-member-added.ts", SOURCE);
  const d = makeDetection({
    file,
    spec: {
      id: "not-a-guid",
      name: "Role member added.",
      requiredDataConnectors: [{ connectorId: "MicrosoftEntraID", dataTypes: ["AuditLogs"] }],
      waivers: [{ check: "connector-id", reason: "Connector listed in a newer Content Hub release." }],
    },
  });
  const clean = makeDetection({ slug: "clean-rule", spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02", name: "Another rule" } });
  return { result: await validate([d, clean], { root }), root };
}

describe("text format", () => {
  it("prints path:line:col: severity: message [check], the waivers and a summary", async () => {
    const { result } = await sampleResult();
    const text = formatText(result);
    const file = result.diagnostics[0].file;
    expect(text).toContain(`${file}:4:3: error: id "not-a-guid" is not a GUID (expected 8-4-4-4-12 hexadecimal digits) [id-format]`);
    expect(text).toContain(`${file}:5:3: warning: name ends with a period [name-style]`);
    expect(text).toContain(`Waived checks:\n  ${file}:7:22: role-member-added: connector-id (waives 1 finding): Connector listed in a newer Content Hub release.`);
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 detections checked: 1 error, 1 warning, 1 waived");
  });
});

describe("json format", () => {
  it("carries summary, diagnostics and waivers", async () => {
    const { result } = await sampleResult();
    const json = JSON.parse(formatJson(result));
    expect(json.summary).toEqual({ errors: 1, warnings: 1, infos: 0, waived: 1 });
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(["id-format", "name-style"]);
    expect(json.waived[0]).toMatchObject({ check: "connector-id", suppressed: [{ code: "connector-id" }] });
  });
});

describe("sarif format", () => {
  it("has every check as a rule and located results, waived ones as suppressed", async () => {
    const { result, root } = await sampleResult();
    const log = JSON.parse(formatSarif(result, { root, toolVersion: "0.1.0" })) as Log;
    const run = log.runs[0];
    expect(log.version).toBe("2.1.0");
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id));
    expect(run.results?.map((r) => [r.ruleId, r.level, r.suppressions?.[0]?.justification])).toEqual([
      ["id-format", "error", undefined],
      ["name-style", "warning", undefined],
      ["connector-id", "error", "Connector listed in a newer Content Hub release."],
    ]);
    const first = run.results?.[0];
    expect(first?.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: "role-member-added.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 4, startColumn: 3 },
    });
    expect(run.tool.driver.rules?.[first?.ruleIndex ?? -1].id).toBe("id-format");
  });

  it("adds a rule for loader errors, which are not checks", async () => {
    const root = tempDir();
    const loadDiagnostics = [{ severity: "error" as const, file: join(root, "detections", "broken.ts"), line: 2, column: 5, code: "detection-import", message: "throws" }];
    const result = await validate([], { root, loadDiagnostics });
    const run = (JSON.parse(formatSarif(result, { root, toolVersion: "0.1.0" })) as Log).runs[0];
    const r = run.results?.[0];
    expect(r?.ruleId).toBe("detection-import");
    expect(run.tool.driver.rules?.[r?.ruleIndex ?? -1]).toMatchObject({ id: "detection-import", name: "DetectionImport" });
    expect(r?.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe("detections/broken.ts");
  });

  it("is valid SARIF 2.1.0 according to Microsoft's SARIF Multitool", async () => {
    const { result, root } = await sampleResult();
    const dir = tempDir();
    const input = writeFile(dir, "kustodian.sarif", formatSarif(result, { root, toolVersion: "0.1.0" }));
    const output = join(dir, "validation.sarif");
    const multitool = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;
    const run = spawnSync(multitool, ["validate", input, "--output", output, "--log", "ForceOverwrite"], { encoding: "utf8" });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const report = JSON.parse(readFileSync(output, "utf8")) as Log;
    // Everything but the advice to publish an informationUri (Kustodian has no web page to point at).
    const problems = (report.runs[0].results ?? []).filter((r) => r.ruleId !== "SARIF2005" || r.level === "error");
    expect(problems, JSON.stringify(problems, null, 1)).toEqual([]);
    expect(report.runs[0].invocations?.[0].executionSuccessful).toBe(true);
  });
});

describe("junit format", () => {
  it("has one test case per detection, failed when it has errors", async () => {
    const { result } = await sampleResult();
    const xml = formatJunit(result);
    expect(xml).toContain('<testsuites name="kustodian validate" tests="2" failures="1" errors="0">');
    expect(xml).toMatch(/<testcase classname="[^"]*" name="clean-rule"\/>/);
    expect(xml).toMatch(/<testcase classname="[^"]*role-member-added.ts" name="role-member-added">\n {6}<failure type="validation" message="1 validation error: id &quot;not-a-guid&quot; is not a GUID/);
    expect(xml).toContain("waived connector-id (1 finding(s)): Connector listed in a newer Content Hub release.");
  });

  it("reports project-level findings (the lock file) as their own test case", async () => {
    const root = tempDir();
    const { validateDetections } = await import("../../src/validate/index.js");
    const result = await validateDetections([makeDetection()], { root, semantic: false });
    const xml = formatJunit(result);
    expect(xml).toContain('<testcase classname="project" name="project">\n      <system-out>warning: no detections.lock.json: run `kustodian lock`');
    const log = JSON.parse(formatSarif(result, { root, toolVersion: "0.1.0" })) as Log;
    expect(log.runs[0].results?.[0]).toMatchObject({ ruleId: "lock-missing", level: "warning", locations: [] });
  });

  it("escapeXml leaves no markup characters and decodes back to the input", () => {
    const decode = (s: string) =>
      s.replace(/&(lt|gt|quot|apos|amp|#\d+);/g, (_m, e: string) =>
        e.startsWith("#") ? String.fromCharCode(Number(e.slice(1))) : ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[e],
      );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const escaped = escapeXml(s);
        expect(escaped).not.toMatch(/[<>"'\n\r\t]|&(?!(lt|gt|quot|apos|amp|#\d+);)/);
        expect(decode(escaped)).toBe(s);
      }),
    );
    expect(escapeXml("a\u0000b")).toBe("a\uFFFDb");
  });
});

describe("github format", () => {
  it("prints one workflow command per finding and waiver", async () => {
    const { result } = await sampleResult();
    const file = escapeGithubProperty(result.diagnostics[0].file ?? "");
    expect(formatGithub(result).split("\n")).toEqual([
      `::error file=${file},line=4,col=3,title=kustodian id-format::id "not-a-guid" is not a GUID (expected 8-4-4-4-12 hexadecimal digits)`,
      `::warning file=${file},line=5,col=3,title=kustodian name-style::name ends with a period`,
      `::notice file=${file},line=7,col=22,title=kustodian waiver connector-id::connector-id waived: Connector listed in a newer Content Hub release.`,
      "",
    ]);
  });

  it("escapes data and properties so no value can end the command early", () => {
    const decodeGithub = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeGithubData(s)).not.toMatch(/[\r\n]/);
        expect(escapeGithubProperty(s)).not.toMatch(/[\r\n:,]/);
        expect(decodeGithub(escapeGithubData(s))).toBe(s);
        expect(decodeGithub(escapeGithubProperty(s))).toBe(s);
      }),
    );
  });
});

describe("determinism", () => {
  it("gives byte-identical reports for the same input", async () => {
    const { result, root } = await sampleResult();
    const again = await validate(
      [...result.checked].reverse().map((c) => (c.slug === "clean-rule"
        ? makeDetection({ slug: "clean-rule", spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02", name: "Another rule" } })
        : makeDetection({
            file: join(root, "role-member-added.ts"),
            spec: {
              id: "not-a-guid",
              name: "Role member added.",
              requiredDataConnectors: [{ connectorId: "MicrosoftEntraID", dataTypes: ["AuditLogs"] }],
              waivers: [{ check: "connector-id", reason: "Connector listed in a newer Content Hub release." }],
            },
          }))),
      { root },
    );
    for (const format of [formatText, formatJson, formatJunit, formatGithub]) expect(format(again)).toBe(format(result));
    expect(formatSarif(again, { root, toolVersion: "1" })).toBe(formatSarif(result, { root, toolVersion: "1" }));
  });
});

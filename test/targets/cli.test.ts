/**
 * `kustodian build` through the real bin (run `npm run build` first): layout, determinism,
 * `--check`, stale files, atomicity when a template fails, and error exits.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { writeArtifacts } from "../../src/targets/index.js";

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

function rule(n: number, extra = ""): string {
  return `import { detection, kql, entity } from "kustodian";
export default detection({
  id: "00000000-0000-4000-8000-${String(n).padStart(12, "0")}",
  name: "Federation change ${n}",
  description: "Detects federation changes (synthetic test rule ${n}).",
  severity: "Medium",
  tactics: ["PrivilegeEscalation", "DefenseEvasion"],
  techniques: ["T1484.002"],
  version: "1.0.${n}",
  query: kql\`
    AuditLogs
    | where OperationName == "Set domain authentication" and Result =~ "success"
    | extend Actor = tostring(InitiatedBy.user.userPrincipalName)
    | project TimeGenerated, OperationName, Actor\`,
  entities: [entity("Account", { FullName: "Actor" })],${extra}
});
`;
}

function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), "kustodian-build-"));
  writeFileSync(join(root, "kustodian.config.json"), JSON.stringify({ detections: "detections", generated: "generated" }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** Every file under `dir` with its bytes, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

describe("kustodian build", () => {
  it("writes every artifact, is byte-identical on a rebuild, and reports up to date", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1), "detections/sub/b-federation.ts": rule(2) });
    const first = await runCli(["build"], { cwd });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("built 2 detections into generated: 16 added, 0 changed, 0 removed");
    const files = snapshot(join(cwd, "generated"));
    expect(Object.keys(files).sort()).toEqual([
      "arm/a-federation.json", "arm/a-federation.parameters.json", "arm/b-federation.json", "arm/b-federation.parameters.json", "arm/bundle.json",
      "docs/a-federation.md", "docs/b-federation.md", "docs/index.md",
      "kql/a-federation.kql", "kql/b-federation.kql", "manifest.json",
      "sentinel/a-federation.yaml", "sentinel/b-federation.yaml",
      "sigma/a-federation.yml", "sigma/b-federation.yml", "sigma/pipeline.yml",
    ].sort());
    expect(files["kql/a-federation.kql"]).toBe(
      'AuditLogs\n| where OperationName == "Set domain authentication" and Result =~ "success"\n| extend Actor = tostring(InitiatedBy.user.userPrincipalName)\n| project TimeGenerated, OperationName, Actor\n',
    );

    const again = await runCli(["build"], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("generated is up to date (16 files, 2 detections)");
    expect(snapshot(join(cwd, "generated"))).toEqual(files);

    const elsewhere = await runCli(["build", "--out", "other"], { cwd });
    expect(elsewhere.code).toBe(0);
    expect(snapshot(join(cwd, "other"))).toEqual(files);
  });

  it("--check writes nothing and exits 1 listing stale, changed and missing files", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1) });
    expect(await runCli(["build"], { cwd })).toMatchObject({ code: 0, stderr: "" });
    const out = join(cwd, "generated");
    writeFileSync(join(out, "kql/a-federation.kql"), "edited by hand\n");
    writeFileSync(join(out, "kql/deleted-rule.kql"), "left over\n");
    rmSync(join(out, "docs/index.md"));
    const before = snapshot(out);

    const check = await runCli(["build", "--check"], { cwd });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("generated is stale; run 'kustodian build' and commit the result:");
    expect(check.stdout).toContain("  missing  generated/docs/index.md");
    expect(check.stdout).toContain("  differs  generated/kql/a-federation.kql");
    expect(check.stdout).toContain("  stale    generated/kql/deleted-rule.kql");
    expect(snapshot(out)).toEqual(before);

    expect(await runCli(["build"], { cwd })).toMatchObject({ code: 0, stderr: "" });
    expect((await runCli(["build", "--check"], { cwd })).code).toBe(0);
  });

  it("removes the files of a deleted detection and keeps top-level dot-files", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1), "detections/b-federation.ts": rule(2) });
    expect(await runCli(["build"], { cwd })).toMatchObject({ code: 0, stderr: "" });
    writeFileSync(join(cwd, "generated/.gitattributes"), "* text eol=lf\n");
    rmSync(join(cwd, "detections/b-federation.ts"));
    const result = await runCli(["build"], { cwd });
    expect(result.stdout).toContain("built 1 detection into generated: 0 added, 3 changed, 6 removed");
    const files = Object.keys(snapshot(join(cwd, "generated")));
    expect(files.filter((f) => f.includes("b-federation"))).toEqual([]);
    expect(files).toContain(".gitattributes");
    expect(readdirSync(cwd).filter((f) => f.startsWith(".generated"))).toEqual([]);
  });

  it("leaves the folder untouched when a template renders an invalid artifact, naming template and detection", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1) });
    expect(await runCli(["build"], { cwd })).toMatchObject({ code: 0, stderr: "" });
    const before = snapshot(join(cwd, "generated"));
    cpSync(join(process.cwd(), "templates"), join(cwd, "my-templates"), { recursive: true });
    const yaml = join(cwd, "my-templates/sentinel-rule.yaml.hbs");
    writeFileSync(yaml, readFileSync(yaml, "utf8").replace("version:{{yaml rule.version}}", 'version:{{yaml "v1"}}'));
    writeFileSync(join(cwd, "detections/new-rule.ts"), rule(3));

    const result = await runCli(["build", "--templates", "my-templates"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `detections/a-federation.ts: error: a-federation: template my-templates/sentinel-rule.yaml.hbs rendered an invalid artifact: sentinel-rule /version: must match pattern "^(\\d+\\.)(\\d+\\.)(\\d+)$"`,
    );
    expect(result.stderr).toContain("kustodian: build failed: 2 error(s); nothing was written");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(join(cwd, "generated"))).toEqual(before);
  });

  it("exits 2 for a template that prints a value without escaping", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1), "t/doc.md.hbs": "# {{doc.name}}\n" });
    const result = await runCli(["build", "--templates", "t"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("t/doc.md.hbs:1:3: {{doc.name}} prints a value without an escaping helper");
    expect(existsSync(join(cwd, "generated"))).toBe(false);
  });

  it("exits 2 when the --templates folder does not exist", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1) });
    const result = await runCli(["build", "--templates", "nope"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("kustodian: --templates nope: no such folder");
  });

  it("exits 1 naming the file when a detection throws on import", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1), "detections/broken.ts": 'import { detection } from "kustodian";\nthrow new Error("boom");\n' });
    const result = await runCli(["build"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/detections\/broken\.ts:2:\d+: error: detection file throws on import: boom/);
    expect(existsSync(join(cwd, "generated"))).toBe(false);
  });

  it("refuses to replace a folder it did not write", async () => {
    const cwd = project({ "detections/a-federation.ts": rule(1), "src/keep.txt": "precious\n" });
    const result = await runCli(["build", "--out", "src"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("it holds files but no manifest.json, so it is not a kustodian build output");
    expect(readFileSync(join(cwd, "src/keep.txt"), "utf8")).toBe("precious\n");
  });

  it("lists detections Sigma cannot express, in text and JSON", async () => {
    const cwd = project({
      "detections/a-federation.ts": rule(1),
      "detections/has-rule.ts": rule(2).replace('OperationName == "Set domain authentication"', 'OperationName has "federation"'),
    });
    const text = await runCli(["build"], { cwd });
    expect(text.stdout).toContain("sigma: 1 detection not expressible in Sigma (listed in manifest.json):\n  has-rule: `has` is a whole-term match");
    const json = await runCli(["build", "--check", "--format", "json"], { cwd });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ check: true, upToDate: true, detections: 2, sigmaUnsupported: [{ slug: "has-rule" }] });
  });
});

describe("writeArtifacts", () => {
  it("reports what differs in check mode without touching the disk", () => {
    root = mkdtempSync(join(tmpdir(), "kustodian-write-"));
    const out = join(root, "gen");
    const first = writeArtifacts(out, new Map([["manifest.json", "{}\n"], ["a/x.txt", "x\n"]]));
    expect(first).toEqual({ added: ["manifest.json", "a/x.txt"], changed: [], removed: [], written: true });
    const check = writeArtifacts(out, new Map([["manifest.json", "{ }\n"], ["b/y.txt", "y\n"]]), { check: true });
    expect(check).toEqual({ added: ["b/y.txt"], changed: ["manifest.json"], removed: ["a/x.txt"], written: false });
    expect(snapshot(out)).toEqual({ "manifest.json": "{}\n", "a/x.txt": "x\n" });
    expect(() => writeArtifacts(out, new Map([["../escape.txt", "x"]]))).toThrowError("refusing to write outside the output folder");
  });

  it("leaves the previous output and no temporary folder behind when writing fails midway", () => {
    root = mkdtempSync(join(tmpdir(), "kustodian-write-"));
    const out = join(root, "gen");
    writeArtifacts(out, new Map([["manifest.json", "{}\n"], ["kql/a.kql", "A\n"]]));
    // "kql/b.kql" as a file and as a folder cannot both exist: the staging write fails.
    const broken = new Map([["manifest.json", "{ }\n"], ["kql/b.kql", "B\n"], ["kql/b.kql/c.kql", "C\n"]]);
    expect(() => writeArtifacts(out, broken)).toThrowError();
    expect(snapshot(out)).toEqual({ "manifest.json": "{}\n", "kql/a.kql": "A\n" });
    expect(readdirSync(root)).toEqual(["gen"]);
  });
});

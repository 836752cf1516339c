/**
 * `kustodian new` through the real bin (needs `npm run build`): the scaffold loads, compiles,
 * type-checks for every built-in table, and its own tests pass; it never overwrites.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadDetections } from "../../src/dsl/load.js";
import { scaffold } from "../../src/dsl/scaffold.js";
import { loadSchemas } from "../../src/schema/registry.js";
import { ROOT, runCli } from "../helpers/run-cli.js";

const schemas = loadSchemas();
let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});
const tempProject = () => (dir = mkdtempSync(join(tmpdir(), "kustodian-new-")));

describe("kustodian new", () => {
  it("scaffolds a rule, its fixture folder and README; the rule loads and its tests pass", async () => {
    const cwd = tempProject();
    const r = await runCli(["new", "rogue-pta-agent", "--table", "AuditLogs"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created detections/rogue-pta-agent.ts");
    const text = readFileSync(join(cwd, "detections/rogue-pta-agent.ts"), "utf8");
    expect(text).toMatch(/id: "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/);
    expect(text).toContain("from(AuditLogs)");
    expect(readFileSync(join(cwd, "fixtures/rogue-pta-agent/README.md"), "utf8")).toMatch(/Synthetic/);
    const rows = readFileSync(join(cwd, "fixtures/rogue-pta-agent/AuditLogs.jsonl"), "utf8").trim().split("\n");
    expect(rows).toHaveLength(2);

    const { detections, diagnostics } = await loadDetections({ dir: join(cwd, "detections"), schemas });
    expect(diagnostics).toEqual([]);
    expect(detections[0].slug).toBe("rogue-pta-agent");
    expect(detections[0].spec.tests?.map((t) => t.alerts)).toEqual([1, 0]);
    expect(detections[0].outputSchema.map((c) => c.name)).toEqual(["TimeGenerated", "OperationName", "Actor", "ActorIp"]);

    const t = await runCli(["test"], { cwd });
    expect(t.stdout).toMatch(/^PASS\s+rogue-pta-agent\s+2 cases$/m);
    expect(t.code).toBe(0);
  });

  it("writes into --dir and gives fresh ids", async () => {
    const cwd = tempProject();
    expect((await runCli(["new", "a-rule", "--table", "SigninLogs", "--dir", "detections/entra"], { cwd })).code).toBe(0);
    expect((await runCli(["new", "b-rule", "--table", "signinlogs", "--dir", "detections/entra"], { cwd })).code).toBe(0);
    const id = (f: string) => /id: "([^"]+)"/.exec(readFileSync(join(cwd, "detections/entra", f), "utf8"))?.[1];
    expect(id("a-rule.ts")).not.toBe(id("b-rule.ts"));
  });

  it("refuses to overwrite a rule, a fixture folder or a slug used elsewhere (exit 2)", async () => {
    const cwd = tempProject();
    expect((await runCli(["new", "x-rule", "--table", "AuditLogs"], { cwd })).code).toBe(0);
    const before = readFileSync(join(cwd, "detections/x-rule.ts"), "utf8");
    const again = await runCli(["new", "x-rule", "--table", "AuditLogs"], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("detections/x-rule.ts already exists; not overwriting it");
    expect(readFileSync(join(cwd, "detections/x-rule.ts"), "utf8")).toBe(before);

    const elsewhere = await runCli(["new", "x-rule", "--table", "AuditLogs", "--dir", "detections/other"], { cwd });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("a detection named 'x-rule' already exists: detections/x-rule.ts");

    mkdirSync(join(cwd, "fixtures/y-rule"), { recursive: true });
    const fixtures = await runCli(["new", "y-rule", "--table", "AuditLogs"], { cwd });
    expect(fixtures.code).toBe(2);
    expect(fixtures.stderr).toContain("fixtures/y-rule already exists");
    expect(existsSync(join(cwd, "detections/y-rule.ts"))).toBe(false);
  });

  it("rejects an unknown table with the close names, and a bad slug (exit 2, no stack)", async () => {
    const cwd = tempProject();
    const r = await runCli(["new", "z-rule", "--table", "SignInLog"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown table 'SignInLog'; close names: SigninLogs");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const s = await runCli(["new", "Z_Rule", "--table", "AuditLogs"], { cwd });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("must be kebab-case");
    expect(existsSync(join(cwd, "detections"))).toBe(false);
  });

  it("scaffolds a custom table from the schemas folder with defineTable", async () => {
    const cwd = tempProject();
    mkdirSync(join(cwd, "schemas"));
    writeFileSync(join(cwd, "kustodian.config.json"), JSON.stringify({ schemas: "schemas" }));
    writeFileSync(
      join(cwd, "schemas/MyApp_CL.json"),
      JSON.stringify({ Name: "MyApp_CL", Properties: [{ Name: "TimeGenerated", Type: "DateTime" }, { Name: "Operation", Type: "String" }, { Name: "UserPrincipalName", Type: "String" }] }),
    );
    const r = await runCli(["new", "custom-rule", "--table", "MyApp_CL"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, "detections/custom-rule.ts"), "utf8");
    expect(text).toContain('const MyApp_CL = defineTable("MyApp_CL", {');
    const { detections, diagnostics } = await loadDetections({ dir: join(cwd, "detections"), schemas: loadSchemas(join(cwd, "schemas")) });
    expect(diagnostics).toEqual([]);
    expect(detections[0].kql).toBe('MyApp_CL\n| where Operation == "Example suspicious value"\n| project TimeGenerated, Operation, UserPrincipalName');
  });
});

describe("kustodian new in a fresh project", () => {
  it("writes a strict tsconfig.json when the project has none, hints at installing kustodian, and the rule type-checks", async () => {
    const cwd = tempProject();
    writeFileSync(join(cwd, "kustodian.config.json"), "{}\n");
    const r = await runCli(["new", "my-rule", "--table", "AuditLogs"], { cwd });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("created tsconfig.json\n");
    expect(r.stdout).toContain("hint: run 'npm i -D kustodian'");
    const tsconfig = JSON.parse(readFileSync(join(cwd, "tsconfig.json"), "utf8"));
    expect(tsconfig).toMatchObject({ compilerOptions: { strict: true, module: "NodeNext" }, include: ["detections"] });

    const tsc = (): string => {
      try {
        return execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(cwd, "tsconfig.json")], { encoding: "utf8", cwd });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    };
    // Without the package installed the import cannot resolve: that is what the hint is for.
    expect(tsc()).toMatch(/error TS2307: Cannot find module 'kustodian'/);
    // Installed (here: linked to this repository, which has dist/ after `npm run build`).
    mkdirSync(join(cwd, "node_modules"));
    symlinkSync(ROOT, join(cwd, "node_modules/kustodian"), "junction");
    expect(tsc()).toBe("");
    const rule = join(cwd, "detections/my-rule.ts");
    const text = readFileSync(rule, "utf8");
    writeFileSync(rule, text.replace("r.OperationName", "r.OperationNme"));
    expect(tsc()).toMatch(/my-rule\.ts\(\d+,\d+\): error TS2551: Property 'OperationNme' does not exist/);
    writeFileSync(rule, text);

    // An existing tsconfig is left alone, and with kustodian installed there is no hint.
    writeFileSync(join(cwd, "tsconfig.json"), "{}\n");
    const again = await runCli(["new", "other-rule", "--table", "AuditLogs"], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("tsconfig.json");
    expect(again.stdout).not.toContain("hint:");
    expect(readFileSync(join(cwd, "tsconfig.json"), "utf8")).toBe("{}\n");
  });
});

describe("scaffolds for every built-in table", () => {
  it("load, compile and type-check", async () => {
    // Inside the repository, so `import ... from "kustodian"` type-checks through tsconfig paths.
    const base = join(ROOT, "node_modules/.cache/kustodian");
    mkdirSync(base, { recursive: true });
    dir = mkdtempSync(join(base, "scaffold-"));
    schemas.tables.forEach((table, i) => {
      const slug = `rule-${table.name.toLowerCase()}`;
      const files = scaffold({ slug, table, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, builtin: true });
      writeFileSync(join(dir, `${slug}.ts`), files.detection);
    });
    const { detections, diagnostics } = await loadDetections({ dir, schemas });
    expect(diagnostics).toEqual([]);
    expect(detections).toHaveLength(schemas.tables.length);
    // a deliberately wrong file proves the type check below really runs over this folder
    writeFileSync(join(dir, "_wrong.ts"), 'import { AuditLogs, from } from "kustodian";\nfrom(AuditLogs).where((r) => r.OperationNme.eq("x"));\n');
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../../../tsconfig.json", compilerOptions: { noEmit: true }, include: ["*.ts"], exclude: [] }),
    );
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    let out = "";
    try {
      execFileSync(tsc, ["-p", join(dir, "tsconfig.json")], { encoding: "utf8", cwd: ROOT });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    const errors = out.split("\n").filter((l) => l.includes("scaffold-"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/_wrong\.ts\(2,32\): error TS2551: Property 'OperationNme' does not exist/);
  });
});

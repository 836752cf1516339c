import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { loadConfig } from "../../src/config/load.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "kustodian-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("loadConfig", () => {
  it("uses defaults when no config file exists", async () => {
    const dir = project({});
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.file).toBeNull();
    expect(loaded.config.detections).toBe("detections");
    expect(loaded.paths.generated).toBe(join(dir, "generated"));
    expect(loaded.config.arm.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it("merges a JSON config over the defaults and resolves paths against its folder", async () => {
    const dir = project({ "kustodian.config.json": JSON.stringify({ detections: "rules", tests: { minQuiet: 2 } }) });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.paths.detections).toBe(join(dir, "rules"));
    expect(loaded.config.tests).toEqual({ minAlerting: 1, minQuiet: 2 });
  });

  it("loads a typed kustodian.config.ts", async () => {
    const dir = project({
      "kustodian.config.ts": 'const config: { generated: string } = { generated: "out" };\nexport default config;\n',
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.paths.generated).toBe(join(dir, "out"));
  });

  it("names the file, line and column of an unknown key", async () => {
    const dir = project({ "kustodian.config.json": '{\n  "detections": "d",\n  "detectoins": "x"\n}\n' });
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${join(dir, "kustodian.config.json")}:3:3: unknown key 'detectoins'`);
  });

  it("names the position of invalid JSON", async () => {
    const dir = project({ "kustodian.config.json": '{\n  "detections": ,\n}' });
    const error = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/kustodian\.config\.json:2:\d+: invalid JSON/);
  });

  it("rejects a workspace id that is not a GUID", async () => {
    const dir = project({ "kustodian.config.json": '{"live": {"workspaces": {"prod": "not-a-guid"}}}' });
    const error = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/\/live\/workspaces\/prod must match pattern/);
  });
});

describe("config discovery and errors", () => {
  it("finds the config in a parent folder, as git finds its repository", async () => {
    const dir = project({ "kustodian.config.json": '{"detections": "rules"}' });
    const nested = join(dir, "rules", "team-a");
    mkdirSync(nested, { recursive: true });
    const loaded = await loadConfig({ cwd: nested });
    expect(loaded.file).toBe(join(dir, "kustodian.config.json"));
    expect(loaded.paths.detections).toBe(join(dir, "rules"));
  });

  it("names the line and column of a syntax error in kustodian.config.ts", async () => {
    const dir = project({ "kustodian.config.ts": "export default {\n  detections: 'd',,\n};\n" });
    const error = (await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/kustodian\.config\.ts:2:19: /);
  });
});

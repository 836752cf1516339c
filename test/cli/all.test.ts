import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

/** A fresh project made by `kustodian new`, as a user starts one. */
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kustodian-all-"));
  writeFileSync(join(dir, "kustodian.config.json"), "{}\n");
  const created = await runCli(["new", "sync-account-signin", "--table", "SigninLogs"], { cwd: dir });
  expect(created.code).toBe(0);
  const locked = await runCli(["lock"], { cwd: dir });
  expect(locked.code).toBe(0);
});

describe("kustodian all", () => {
  it("builds, validates and tests a fresh project, then finds generated/ current", async () => {
    const first = await runCli(["all", "--no-semantic"], { cwd: dir });
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/ok {4}build .*written \(10 added/);
    expect(first.stdout).toMatch(/ok {4}validate 1 detection: 0 error\(s\)/);
    expect(first.stdout).toMatch(/ok {4}test {5}1 detection, 2 cases: 2 passed, 0 failed/);
    expect(first.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "generated/manifest.json"), "utf8"));
    expect(manifest.detections.map((d: { slug: string }) => d.slug)).toEqual(["sync-account-signin"]);

    const check = await runCli(["all", "--check", "--no-semantic", "--format", "json"], { cwd: dir });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, stages: [{ stage: "build", ok: true }, { stage: "validate", ok: true }, { stage: "test", ok: true }] });
  });

  it("exits 1 and names every stale file when generated/ is out of date", async () => {
    const copy = mkdtempSync(join(tmpdir(), "kustodian-all-stale-"));
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, "generated/kql/sync-account-signin.kql"), "SigninLogs\n");
    const result = await runCli(["all", "--check", "--no-semantic"], { cwd: copy });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("generated/kql/sync-account-signin.kql");
    expect(result.stdout).toMatch(/FAIL {2}build {4}1 stale file/);
    expect(readFileSync(join(copy, "generated/kql/sync-account-signin.kql"), "utf8")).toBe("SigninLogs\n");
  });

  it("exits 1 when a test case fails, and still reports every stage", async () => {
    const copy = mkdtempSync(join(tmpdir(), "kustodian-all-failing-"));
    cpSync(dir, copy, { recursive: true });
    const file = join(copy, "detections/sync-account-signin.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("alerts: 1,", "alerts: 3,"));
    const result = await runCli(["all", "--no-semantic"], { cwd: copy });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}test/);
    expect(result.stdout).toMatch(/== validate/);
  });

  it("exits 2 with the config file position for a bad config", async () => {
    const copy = mkdtempSync(join(tmpdir(), "kustodian-all-config-"));
    writeFileSync(join(copy, "kustodian.config.json"), '{\n  "detectons": "x"\n}\n');
    const result = await runCli(["all"], { cwd: copy });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/kustodian\.config\.json:2:3: unknown key 'detectons'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

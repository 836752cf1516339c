import { describe, expect, it } from "vitest";
import { BIN, ROOT, runCli } from "../helpers/run-cli.js";

describe("CLI conventions (real bin)", () => {
  it("prints the version from package.json", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("prints help listing the commands", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: kustodian");
  });

  it("exits 2 with a helpful message for an unknown command", async () => {
    const { code, stderr } = await runCli(["nosuch"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nosuch/);
    expect(stderr).toContain("kustodian --help");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("CLI conventions: project discovery and pipes", () => {
  it("refuses to build or test a project without a detections folder, and writes nothing", async () => {
    const { mkdtempSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "kustodian-empty-"));
    for (const command of ["build", "test", "validate"]) {
      const r = await runCli([command], { cwd: dir });
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(/detections: detections folder not found/);
    }
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });

  it("finds the project config from a subfolder", async () => {
    const r = await runCli(["test", "--filter", "pta-agent-registered"], { cwd: `${ROOT}/detections/hybrid-identity` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS\s+pta-agent-registered/);
  });

  it("stops quietly when the reader closes the pipe early", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [BIN, "run", "-"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    child.stdin.end("range x from 1 to 200000 step 1");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});

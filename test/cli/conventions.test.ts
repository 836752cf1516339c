import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

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

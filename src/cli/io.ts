/** Terminal and file helpers every command shares: colour, input, atomic writes. */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "./errors.js";

/** Colour only on a TTY, never with NO_COLOR (any value) or under CI logs that are not a TTY. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(text: string, style: Style, enabled: boolean): string {
  return enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** Read a file argument, or standard input for `-` / no argument. Missing files are usage errors. */
export function readInput(path: string | undefined): { name: string; text: string } {
  if (path === undefined || path === "-") return { name: "<stdin>", text: readFileSync(0, "utf8") };
  try {
    return { name: path, text: readFileSync(path, "utf8") };
  } catch (e) {
    throw new UsageError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/**
 * Write a file so that readers never see it half-written: write a temporary file beside it,
 * then rename over the target (atomic on the same filesystem).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

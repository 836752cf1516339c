/** Every CLI command, one module each. Add a command: create `src/cli/<name>.ts` exporting `register`, list it here. */
import type { Command } from "commander";

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [];

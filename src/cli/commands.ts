/** Every CLI command, one module each. Add a command: create `src/cli/<name>.ts` exporting `register`, list it here. */
import type { Command } from "commander";
import { register as all } from "./all.js";
import { register as backtest } from "./backtest.js";
import { register as build } from "./build.js";
import { register as fmt } from "./fmt.js";
import { register as lock } from "./lock.js";
import { register as newDetection } from "./new.js";
import { register as parse } from "./parse.js";
import { register as query } from "./query.js";
import { register as run } from "./run.js";
import { register as serve } from "./serve.js";
import { register as test } from "./test.js";
import { register as validate } from "./validate.js";

export type RegisterCommand = (program: Command) => void;

// Listed in the order `kustodian --help` shows them: the authoring loop first, then the KQL tools, then live.
export const COMMANDS: readonly RegisterCommand[] = [all, newDetection, build, validate, lock, test, run, fmt, parse, query, backtest, serve];

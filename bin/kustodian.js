#!/usr/bin/env node
// The published bin runs the compiled CLI; `npm run build` (run by `npm ci` through `prepare`) makes dist/.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2));

// Cold start of `kustodian --help` against a bare `node -e 0` reference, measured side by side.
// Goal: kustodian --help under 300 ms.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/kustodian.js", import.meta.url));
const RUNS = 15;

function median(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const reference = median(["-e", "0"]);
const help = median([bin, "--help"]);
const version = median([bin, "--version"]);
console.log("case                 median ms   ratio to node -e 0");
console.log(`node -e 0            ${reference.toFixed(1).padStart(9)}   1.00x`);
console.log(`kustodian --help     ${help.toFixed(1).padStart(9)}   ${(help / reference).toFixed(2)}x`);
console.log(`kustodian --version  ${version.toFixed(1).padStart(9)}   ${(version / reference).toFixed(2)}x`);
console.log(`goal: --help < 300 ms: ${help < 300 ? "met" : "MISSED"}`);

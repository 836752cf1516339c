import fc from "fast-check";
import { print } from "../../src/kql/index.ts";
import { officialSyntaxDiagnostics } from "../../src/kql/oracle.ts";
import { arbScript } from "./arbitraries.ts";
const samples = fc.sample(arbScript, { numRuns: 3000, seed: Number(process.argv[2] ?? 1) });
let bad = 0; const msgs = new Map<string, string>();
for (const s of samples) { const t = print(s); const d = officialSyntaxDiagnostics(t); if (d.length) { bad++; const k = d[0].message.replace(/'[^']*'/g, "'…'"); if (!msgs.has(k)) msgs.set(k, t.slice(Math.max(0, d[0].start - 400), d[0].start + 40) + "\n   ^^^ at " + JSON.stringify(t.slice(d[0].start, d[0].start + 20))); } }
console.log("invalid per official:", bad, "of", samples.length);
for (const [k, v] of msgs) console.log("== " + k + "\n" + v);

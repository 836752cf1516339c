/**
 * A `serve` query worker: evaluates one query at a time over the fixture workspace. Queries run
 * here, off the server's event loop, so a query past its time limit can be stopped (the worker
 * is terminated and replaced) while the server keeps answering.
 */
import { parentPort, workerData } from "node:worker_threads";
import { evaluate, KqlError } from "../../engine/index.js";
import { datetime } from "../../engine/values.js";
import { loadSchemas } from "../../schema/registry.js";
import type { JobResult, QueryFailure, QueryJob, WorkerSetup } from "./protocol.js";
import { serviceTablesJson } from "./response.js";
import { FixtureWorkspace } from "./tables.js";

const setup = workerData as WorkerSetup;
const workspace = new FixtureWorkspace(setup.fixturesDir, loadSchemas(setup.schemasDir));

function run(job: QueryJob): JobResult {
  try {
    const range = job.range ? { from: BigInt(job.range.from), to: BigInt(job.range.to) } : null;
    const result = evaluate(job.query, { tables: workspace.lookup(range), now: datetime(BigInt(job.now)) });
    return { id: job.id, ok: true, body: serviceTablesJson(result) };
  } catch (e) {
    return { id: job.id, ok: false, failure: failureOf(e) };
  }
}

function failureOf(e: unknown): QueryFailure {
  if (e instanceof KqlError) {
    const d = e.diagnostics[0];
    const code = d?.code?.startsWith("KQL1") ? "SyntaxError" : "SemanticError";
    return {
      code,
      message: d?.message ?? e.message,
      ...(d?.line !== undefined ? { line: d.line } : {}),
      ...(d?.column !== undefined ? { pos: d.column - 1 } : {}),
    };
  }
  return { code: "EngineError", message: e instanceof Error ? e.message : String(e) };
}

parentPort?.on("message", (job: QueryJob) => parentPort?.postMessage(run(job)));

/** The body of `kustodian query` (the command file stays light and imports this lazily). */
import { FindingsError, UsageError } from "../cli/errors.js";
import { loadConfig } from "../config/load.js";
import { createLogsClient, runLiveQuery } from "./client.js";
import { describeChain, LiveError } from "./errors.js";
import { parseTimespan } from "./iso8601.js";
import { redactSecrets } from "./redact.js";
import { FORMATS, formatResult, liveDiagnostics, type OutputFormat } from "./report.js";
import { findDetection, isKqlSource, type QueryInput, readKqlSource, resolveEndpoint, resolveWorkspace } from "./target.js";

export interface QueryCommandOptions {
  readonly workspace?: string;
  readonly timespan?: string;
  readonly endpoint?: string;
  readonly format: string;
  readonly timeout: string;
  readonly retries: string;
  readonly config?: string;
}

export async function runQueryCommand(ref: string, options: QueryCommandOptions): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${options.format}'`);
  const timeoutSeconds = Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got '${options.timeout}'`);
  const retries = Number(options.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw new UsageError(`--retries must be an integer from 0 to 10, got '${options.retries}'`);
  if (options.timespan !== undefined && !validTimespan(options.timespan)) {
    throw new UsageError(`--timespan must be an ISO 8601 duration (P1D, PT6H) or interval (start/end), got '${options.timespan}'`);
  }
  const config = await loadConfig({ file: options.config });
  const workspace = resolveWorkspace(config, options.workspace);
  const input = await loadInput(ref, options.config);
  const timespan = options.timespan ?? defaultTimespan(input);
  const client = await createLogsClient({ endpoint: resolveEndpoint(config, options.endpoint) }).catch((e: unknown) => {
    if (e instanceof LiveError && e.kind === "usage") throw new UsageError(e.message);
    throw e;
  });
  try {
    const live = await runLiveQuery(client, workspace, input.text, {
      timespan,
      timeoutSeconds,
      retry: { maxAttempts: retries + 1, baseDelayMs: 1000, maxDelayMs: 30_000 },
      onRetry: (message) => process.stderr.write(`kustodian: ${message}\n`),
    });
    process.stdout.write(await formatResult(live.result, options.format as OutputFormat));
    if (live.status === "PartialFailure") {
      process.stderr.write(
        `kustodian: warning: partial result: the service returned only part of the data${live.partialError ? `: ${describeChain(live.partialError)}` : ""}\n`,
      );
      process.exitCode = 1;
    }
  } catch (e) {
    if (!(e instanceof LiveError)) throw new Error(redactSecrets(e instanceof Error ? e.message : String(e)));
    if (e.kind === "usage") throw new UsageError(e.message);
    throw new FindingsError(`query failed: ${e.message}`, liveDiagnostics(e, input.text, input.label));
  }
}

async function loadInput(ref: string, configFile: string | undefined): Promise<QueryInput> {
  if (isKqlSource(ref)) return readKqlSource(ref);
  const { loadTestProject } = await import("../testing/project.js");
  const project = await loadTestProject({ config: configFile });
  const detection = findDetection(project, ref);
  return { label: `${detection.slug} (compiled KQL)`, text: detection.kql, detection };
}

/** A detection reads its lookback (queryPeriod) by default, as Sentinel runs it; a raw query one day. */
function defaultTimespan(input: QueryInput): string {
  const lookback = input.detection?.spec.schedule?.lookback;
  if (input.detection?.spec.kind === "NRT") return "PT1M";
  if (!lookback) return input.detection ? "PT1H" : "P1D";
  const m = /^(\d+)([smhd])$/i.exec(lookback.trim());
  if (!m) return "P1D";
  const unit = m[2].toLowerCase();
  return unit === "d" ? `P${m[1]}D` : `PT${m[1]}${unit.toUpperCase()}`;
}

function validTimespan(text: string): boolean {
  return parseTimespan(text, 0n) !== undefined || parseTimespan(text, 10n ** 18n) !== undefined;
}

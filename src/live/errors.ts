/**
 * What can go wrong talking to the service, classified once: the service refused the query
 * (with its error code chain and, for syntax/semantic errors, a line and position), auth,
 * throttling, time-out, network. Messages are redacted (`redact.ts`) when built, so no token
 * in an SDK error or a response body can reach the terminal.
 */
import { redactSecrets } from "./redact.js";
import { parseRetryAfter, type RetryVerdict } from "./retry.js";

export type LiveErrorKind = "service" | "auth" | "throttled" | "timeout" | "network" | "usage";

/** The service's `{code, message, details, innererror}` object. */
export interface ServiceErrorInfo {
  readonly code?: string;
  readonly message?: string;
  readonly details?: readonly ServiceErrorInfo[];
  readonly innererror?: ServiceErrorInfo;
  readonly line?: number;
  readonly pos?: number;
  readonly [key: string]: unknown;
}

interface RestErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly details?: unknown;
  readonly response?: { readonly headers?: { get(name: string): string | undefined }; readonly bodyAsText?: string | null };
}

const RETRYABLE_NETWORK = new Set(["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "EAI_AGAIN"]);

export class LiveError extends Error {
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
    readonly status?: number,
    readonly service?: ServiceErrorInfo,
    readonly retryAfterMs?: number,
    readonly networkCode?: string,
  ) {
    super(redactSecrets(message));
    this.name = "LiveError";
  }

  static from(e: unknown, context: { readonly timedOut: boolean; readonly timeoutMs: number; readonly body?: unknown; readonly requestId?: string }): LiveError {
    if (e instanceof LiveError) return e;
    const err = (e ?? {}) as RestErrorLike;
    if (context.timedOut || err.name === "AbortError") {
      return new LiveError("timeout", `the query timed out after ${context.timeoutMs / 1000} s (raise --timeout, or narrow the query or --timespan)`);
    }
    const status = err.statusCode;
    const service = serviceInfoOf(err, context.body);
    const said = (service ? describeChain(service) : redactSecrets(err.message ?? String(e))).replace(/\.$/, "");
    if (status === undefined && /AuthenticationError|CredentialUnavailable/.test(err.name ?? "")) {
      const first = redactSecrets(err.message ?? "").split("\n")[0];
      return new LiveError("auth", `could not get a token for the service: ${first} (sign in with \`az login\`, or set KUSTODIAN_LIVE_TOKEN)`);
    }
    if (status === undefined) {
      const code = err.code;
      const hint = code === "ECONNREFUSED" ? " (is the endpoint right, and is the server running?)" : "";
      return new LiveError("network", `could not reach the service: ${said}${hint}`, undefined, undefined, undefined, code);
    }
    const retryAfterMs = parseRetryAfter(err.response?.headers?.get("retry-after"));
    if (status === 401 || status === 403) {
      return new LiveError("auth", `not authorised (HTTP ${status}): ${said}. Sign in (az login) or check the credential's access to the workspace`, status, service);
    }
    if (status === 429) return new LiveError("throttled", `throttled by the service (HTTP 429): ${said}`, status, service, retryAfterMs);
    if (status === 504) {
      return new LiveError("timeout", `the service stopped the query at its time limit (HTTP 504): ${said}`, status, service);
    }
    return new LiveError("service", `the service rejected the query (HTTP ${status}): ${said}`, status, service, retryAfterMs);
  }

  retryVerdict(): RetryVerdict {
    if (this.kind === "throttled") return { retry: true, ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}), reason: "throttled (429)" };
    if (this.kind === "service" && this.status !== undefined && this.status >= 500 && this.status !== 501 && this.status !== 505) {
      return { retry: true, ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}), reason: `service error (${this.status})` };
    }
    if (this.kind === "network" && this.networkCode !== undefined && RETRYABLE_NETWORK.has(this.networkCode)) return { retry: true, reason: `network error (${this.networkCode})` };
    return { retry: false, reason: this.kind };
  }

  /** The innermost error that carries a line (1-based) and pos (0-based column), if any. */
  position(): { readonly line: number; readonly column: number; readonly message: string } | undefined {
    return this.service ? positionIn(this.service) : undefined;
  }
}

function serviceInfoOf(err: RestErrorLike, body: unknown): ServiceErrorInfo | undefined {
  // The raw body first: the SDK's deserialiser drops fields such as `line` and `pos`.
  const captured = (body as { error?: ServiceErrorInfo } | null | undefined)?.error;
  if (captured && typeof captured === "object") return captured;
  const text = err.response?.bodyAsText;
  if (text) {
    try {
      const parsed = JSON.parse(text) as { error?: ServiceErrorInfo };
      if (parsed.error && typeof parsed.error === "object") return parsed.error;
    } catch {
      // not JSON: fall through to what the SDK kept
    }
  }
  const fromDetails = (err.details as { error?: ServiceErrorInfo } | undefined)?.error;
  return fromDetails && (fromDetails.code || fromDetails.message) ? fromDetails : undefined;
}

/** `BadArgumentError: The request had some invalid properties; SemanticError: ...; SEM0100: ...` */
export function describeChain(info: ServiceErrorInfo): string {
  const parts: string[] = [];
  let at: ServiceErrorInfo | undefined = info;
  for (let depth = 0; at && depth < 8; depth++) {
    parts.push([at.code, at.message].filter((x) => typeof x === "string" && x !== "").join(": "));
    for (const d of at.details ?? []) {
      if (d.innererror) parts.push(describeChain(d));
      else parts.push([d.code, d.message].filter(Boolean).join(": "));
    }
    at = at.innererror;
  }
  return redactSecrets(parts.filter((p) => p !== "").join("; "));
}

function positionIn(info: ServiceErrorInfo): { line: number; column: number; message: string } | undefined {
  let found: { line: number; column: number; message: string } | undefined;
  const visit = (e: ServiceErrorInfo | undefined, depth: number) => {
    if (!e || depth > 8) return;
    if (typeof e.line === "number" && typeof e.pos === "number") found = { line: e.line, column: e.pos + 1, message: redactSecrets(String(e.message ?? e.code ?? "error")) };
    for (const d of e.details ?? []) visit(d, depth + 1);
    visit(e.innererror, depth + 1);
  };
  visit(info, 0);
  return found;
}

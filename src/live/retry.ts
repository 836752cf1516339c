/**
 * Retrying throttled and failing service calls: exponential backoff with jitter, honouring the
 * service's Retry-After, bounded in attempts and by an overall deadline. The SDK's own retry
 * policy is switched off (maxRetries 0) so that every retry is decided, and reported, here.
 */
export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface RetryVerdict {
  readonly retry: boolean;
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs?: number;
  /** For the progress line: `throttled (429)`, `service unavailable (503)`. */
  readonly reason: string;
}

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1); injectable for tests. */
  readonly random?: () => number;
  readonly onRetry?: (info: { readonly attempt: number; readonly maxAttempts: number; readonly delayMs: number; readonly reason: string }) => void;
  /** Epoch ms after which no retry starts (the caller's time-out). */
  readonly deadline?: number;
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): "equal jitter" over the
 * exponential step (half fixed, half random, so retries spread out but never collapse to 0);
 * a Retry-After is a floor, with up to 10% added so clients told the same value do not return
 * in lockstep.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs: number | undefined, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = step / 2 + random() * (step / 2);
  if (retryAfterMs === undefined) return Math.round(backoff);
  return Math.round(Math.min(Math.max(retryAfterMs, 0) * (1 + 0.1 * random()), Math.max(policy.maxDelayMs, retryAfterMs)));
}

export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      const verdict = classify(e);
      if (!verdict.retry || attempt >= policy.maxAttempts) throw e;
      const delayMs = retryDelay(attempt, policy, verdict.retryAfterMs, random);
      if (hooks.deadline !== undefined && Date.now() + delayMs >= hooks.deadline) throw e;
      hooks.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, delayMs, reason: verdict.reason });
      await sleep(delayMs);
    }
  }
}

/** Retry-After as seconds or an HTTP date, to ms; undefined when absent or malformed. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

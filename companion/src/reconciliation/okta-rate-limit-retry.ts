import { classifyError } from '../queue/classify-error.js';

/**
 * A reconciliation reads every Okta user: a 429 that outlasts the SDK's own retries must not
 * fail the run. It waits for `X-Rate-Limit-Reset` (plus slack for clock skew) and reads the
 * same page again, as long as Okta keeps naming a reset; other errors fail the run as before.
 */

export interface RateLimitRetryPolicy {
  /** Consecutive 429s on one call before the run gives up. */
  maxAttempts: number;
  /** Upper bound of one wait: a reset far in the future is not trusted. */
  maxWaitMs: number;
  /** Added to the reset: Okta's clock and ours differ. */
  slackMs: number;
  /** The wait when a 429 names no reset. */
  fallbackMs: number;
}

export const DEFAULT_RATE_LIMIT_RETRY: Readonly<RateLimitRetryPolicy> = Object.freeze({
  maxAttempts: 30,
  maxWaitMs: 120_000,
  slackMs: 1_000,
  fallbackMs: 5_000,
});

/**
 * Pure: how long to wait before calling again after `error` on the `attempt`-th consecutive
 * failure (1 for the first), or undefined when the error is not a rate limit or the attempts
 * are spent.
 */
export function rateLimitPause(
  error: unknown,
  attempt: number,
  now: Date,
  policy: RateLimitRetryPolicy = DEFAULT_RATE_LIMIT_RETRY,
): number | undefined {
  if (attempt > policy.maxAttempts) return undefined;
  const classified = classifyError(error, { now });
  if (classified.kind !== 'rate-limited') return undefined;
  const wait = (classified.retryAfterMs ?? policy.fallbackMs) + policy.slackMs;
  return Math.min(policy.maxWaitMs, Math.max(0, wait));
}

export interface RateLimitRetryDeps {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  policy?: RateLimitRetryPolicy;
  onPause?: (info: { attempt: number; waitMs: number; error: unknown }) => void;
}

/** Runs `call`, waiting out Okta rate limits between attempts. */
export async function retryOnRateLimit<T>(
  call: () => Promise<T>,
  deps: RateLimitRetryDeps,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const waitMs = rateLimitPause(error, attempt, deps.now(), deps.policy);
      if (waitMs === undefined) throw error;
      deps.onPause?.({ attempt, waitMs, error });
      await deps.sleep(waitMs);
    }
  }
}

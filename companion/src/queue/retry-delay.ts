import type { ErrorClassification } from './classify-error.js';

export const DEFAULT_BACKOFF_BASE_MS = 1000;
export const DEFAULT_BACKOFF_MAX_MS = 15 * 60_000;

export interface RetryDelayInput {
  /** 1 for the first attempt that failed. */
  attempt: number;
  classification: Pick<ErrorClassification, 'kind' | 'retryAfterMs'>;
  /** Uniform in [0, 1). */
  random: () => number;
  baseMs?: number;
  maxMs?: number;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base·2^(attempt−1))).
 * A known rate-limit reset is a floor (plus up to one base of spread so that the jobs
 * that waited for the same reset do not all return at once), even above `maxMs`.
 * A rate limit without a reset waits at least half of the exponential step.
 */
export function retryDelay({
  attempt,
  classification,
  random,
  baseMs = DEFAULT_BACKOFF_BASE_MS,
  maxMs = DEFAULT_BACKOFF_MAX_MS,
}: RetryDelayInput): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * step);
  if (classification.retryAfterMs !== undefined) {
    const spread = Math.floor(random() * Math.min(baseMs, step));
    return Math.max(jittered, Math.ceil(classification.retryAfterMs) + spread);
  }
  if (classification.kind === 'rate-limited')
    return Math.floor(step / 2) + Math.floor(jittered / 2);
  return jittered;
}

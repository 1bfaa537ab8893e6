import type { ErrorClassification } from './classify-error.js';
import { retryDelay } from './retry-delay.js';

export type FailureDecision =
  | { action: 'retry'; availableAt: Date; delayMs: number }
  | { action: 'dead-letter'; reason: string };

export interface FailureInput {
  /** Failed attempts before this one (Job.attempts). */
  previousAttempts: number;
  classification: ErrorClassification;
  maxAttempts: number;
  now: Date;
  random: () => number;
  backoff?: { baseMs?: number; maxMs?: number };
}

/**
 * What to do with a job whose attempt failed. Permanent errors are dead-lettered at once;
 * rate limits are always waited out (they clear by themselves and say nothing about the
 * job); anything else is retried with backoff until the attempts run out.
 */
export function decideFailure(input: FailureInput): FailureDecision {
  const { classification } = input;
  const attempt = input.previousAttempts + 1;
  if (classification.kind === 'permanent') {
    return { action: 'dead-letter', reason: 'permanent error' };
  }
  if (classification.kind !== 'rate-limited' && attempt >= input.maxAttempts) {
    return { action: 'dead-letter', reason: `failed ${attempt} of ${input.maxAttempts} attempts` };
  }
  const delayMs = retryDelay({
    attempt,
    classification,
    random: input.random,
    ...(input.backoff?.baseMs === undefined ? {} : { baseMs: input.backoff.baseMs }),
    ...(input.backoff?.maxMs === undefined ? {} : { maxMs: input.backoff.maxMs }),
  });
  return { action: 'retry', delayMs, availableAt: new Date(input.now.getTime() + delayMs) };
}

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_LIMIT_RETRY,
  rateLimitPause,
  retryOnRateLimit,
} from './okta-rate-limit-retry.js';

const now = new Date('2026-01-01T00:00:00.000Z');

/** An error shaped as the Okta SDK throws it (OktaApiError) for a 429. */
function okta429(resetInSeconds: number | null) {
  const headers = new Map<string, string>([['date', now.toUTCString()]]);
  if (resetInSeconds !== null) {
    headers.set('x-rate-limit-reset', String(now.getTime() / 1000 + resetInSeconds));
  }
  return Object.assign(new Error('Okta HTTP 429 E0000047 API call exceeded rate limit'), {
    name: 'OktaApiError',
    status: 429,
    errorCode: 'E0000047',
    headers,
  });
}

describe('rateLimitPause', () => {
  it('waits until X-Rate-Limit-Reset, plus a second of slack', () => {
    expect(rateLimitPause(okta429(30), 1, now)).toBe(31_000);
    expect(rateLimitPause(okta429(0), 1, now)).toBe(1_000);
  });

  it('waits the fallback when the 429 names no reset, and never more than the cap', () => {
    expect(rateLimitPause(okta429(null), 1, now)).toBe(6_000);
    expect(rateLimitPause(okta429(3600), 1, now)).toBe(DEFAULT_RATE_LIMIT_RETRY.maxWaitMs);
  });

  it('does not retry other errors, nor past the last attempt', () => {
    const notFound = Object.assign(new Error('Okta HTTP 404'), {
      status: 404,
      errorCode: 'E0000007',
    });
    expect(rateLimitPause(notFound, 1, now)).toBeUndefined();
    expect(rateLimitPause(new Error('boom'), 1, now)).toBeUndefined();
    const last = DEFAULT_RATE_LIMIT_RETRY.maxAttempts;
    expect(rateLimitPause(okta429(0), last, now)).toBe(1_000);
    expect(rateLimitPause(okta429(0), last + 1, now)).toBeUndefined();
  });

  it("recognises the SDK's own give-up message for a wait beyond its request timeout", () => {
    const error = new Error(
      'HTTP 429 retry delay would exceed okta.client.rateLimit.requestTimeout',
    );
    expect(rateLimitPause(error, 1, now)).toBe(6_000);
  });
});

describe('retryOnRateLimit', () => {
  it('calls again after each 429 until the call succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryOnRateLimit(
      () => {
        calls += 1;
        return calls <= 3 ? Promise.reject(okta429(2)) : Promise.resolve('page');
      },
      { now: () => now, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    expect(result).toBe('page');
    expect(waits).toEqual([3_000, 3_000, 3_000]);
  });

  it('rethrows what is not a rate limit at once', async () => {
    const waits: number[] = [];
    await expect(
      retryOnRateLimit(() => Promise.reject(new Error('socket hang up')), {
        now: () => now,
        sleep: (ms) => (waits.push(ms), Promise.resolve()),
      }),
    ).rejects.toThrow('socket hang up');
    expect(waits).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { decideFailure } from './failure-decision.js';
import { retryDelay } from './retry-delay.js';

const transient = { kind: 'transient' as const };
const max = () => 0.999999;
const min = () => 0;

describe('retryDelay', () => {
  it('grows exponentially with full jitter and stops growing at maxMs', () => {
    expect(retryDelay({ attempt: 1, classification: transient, random: max })).toBe(999);
    expect(retryDelay({ attempt: 4, classification: transient, random: max })).toBe(7999);
    expect(retryDelay({ attempt: 4, classification: transient, random: () => 0.5 })).toBe(4000);
    expect(retryDelay({ attempt: 4, classification: transient, random: min })).toBe(0);
    expect(retryDelay({ attempt: 40, classification: transient, random: max })).toBe(899_999);
    expect(
      retryDelay({ attempt: 3, classification: transient, random: max, baseMs: 100, maxMs: 250 }),
    ).toBe(249);
  });

  it('never returns before a rate-limit reset, even beyond maxMs', () => {
    for (const random of [min, () => 0.5, max]) {
      const delay = retryDelay({
        attempt: 1,
        classification: { kind: 'rate-limited', retryAfterMs: 42_000 },
        random,
      });
      expect(delay).toBeGreaterThanOrEqual(42_000);
      expect(delay).toBeLessThan(43_000);
    }
    expect(
      retryDelay({
        attempt: 1,
        classification: { kind: 'rate-limited', retryAfterMs: 3_600_000 },
        random: min,
      }),
    ).toBe(3_600_000);
  });

  it('waits at least half a step on a rate limit without a reset', () => {
    expect(retryDelay({ attempt: 3, classification: { kind: 'rate-limited' }, random: min })).toBe(
      2000,
    );
  });
});

describe('decideFailure', () => {
  const now = new Date('2025-03-01T10:00:00.000Z');
  const base = { now, random: max, maxAttempts: 3 };

  it('retries a transient failure with backoff until the last attempt', () => {
    const first = decideFailure({
      ...base,
      previousAttempts: 0,
      classification: { ...transient, message: 'x' },
    });
    expect(first).toEqual({
      action: 'retry',
      delayMs: 999,
      availableAt: new Date(now.getTime() + 999),
    });
    const last = decideFailure({
      ...base,
      previousAttempts: 2,
      classification: { ...transient, message: 'x' },
    });
    expect(last).toMatchObject({ action: 'dead-letter' });
  });

  it('dead-letters a permanent failure at once', () => {
    expect(
      decideFailure({
        ...base,
        previousAttempts: 0,
        classification: { kind: 'permanent', message: 'x' },
      }),
    ).toMatchObject({ action: 'dead-letter', reason: 'permanent error' });
  });

  it('waits out rate limits whatever the attempt count, not before the reset', () => {
    const decision = decideFailure({
      ...base,
      previousAttempts: 10,
      classification: { kind: 'rate-limited', retryAfterMs: 60_000, message: 'x' },
    });
    expect(decision.action).toBe('retry');
    if (decision.action === 'retry') {
      expect(decision.availableAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 60_000);
    }
  });
});

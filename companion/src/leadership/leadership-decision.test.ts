import { describe, expect, it } from 'vitest';
import { decideLeadership } from './leadership-decision.js';

const timing = { ttlMs: 15_000, renewMs: 5_000 };

describe('decideLeadership', () => {
  it('leads when the lease answers with this instance, follows when with another', () => {
    expect(decideLeadership('a', { holder: 'a', now: 0, lastRenewedAt: 0 }, timing)).toEqual({
      leads: true,
      leader: 'a',
    });
    expect(decideLeadership('a', { holder: 'b', now: 0, lastRenewedAt: 0 }, timing)).toEqual({
      leads: false,
      leader: 'b',
    });
  });

  it('keeps leading through a failed renewal only while the lease cannot have expired', () => {
    const failed = (now: number) =>
      decideLeadership('a', { holder: undefined, now, lastRenewedAt: 1_000 }, timing);
    expect(failed(10_999).leads).toBe(true);
    // ttl minus one renewal interval: it steps down before another instance may take over.
    expect(failed(11_000)).toEqual({ leads: false, leader: undefined });
    expect(
      decideLeadership('a', { holder: undefined, now: 5, lastRenewedAt: undefined }, timing).leads,
    ).toBe(false);
  });
});

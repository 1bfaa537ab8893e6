import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from './inbound-event.js';
import { firstOccurrences } from './inbox-batch.js';

const event = (
  eventId: string,
  subjectKey: string,
  jobKind = 'okta-user-sync',
): NormalizedEvent => ({
  source: 'okta-hook',
  eventId,
  eventType: 'user.account.update_profile',
  subjectKey,
  jobKind,
  occurredAt: '2026-03-01T10:00:00.000Z',
  occurredAtMs: Date.parse('2026-03-01T10:00:00.000Z'),
  receivedAt: '2026-03-01T10:00:01.000Z',
  payloadJson: '{}',
});

describe('firstOccurrences', () => {
  it('keeps the first occurrence of a repeated event id, in batch order', () => {
    const batch = [event('a', 'u:1'), event('b', 'u:2'), event('a', 'u:3'), event('c', 'u:1')];
    expect(firstOccurrences(batch).map((e) => [e.eventId, e.subjectKey])).toEqual([
      ['a', 'u:1'],
      ['b', 'u:2'],
      ['c', 'u:1'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from './inbound-event.js';
import { assignJobs, firstOccurrences, jobKeysOf } from './inbox-batch.js';

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

describe('inbox batch decisions', () => {
  it('keeps the first occurrence of a repeated event id, in batch order', () => {
    const batch = [event('a', 'u:1'), event('b', 'u:2'), event('a', 'u:3'), event('c', 'u:1')];
    expect(firstOccurrences(batch).map((e) => [e.eventId, e.subjectKey])).toEqual([
      ['a', 'u:1'],
      ['b', 'u:2'],
      ['c', 'u:1'],
    ]);
  });

  it('names each (subject, kind) once, in the order it first appears', () => {
    const batch = [
      event('a', 'u:2'),
      event('b', 'u:1'),
      event('c', 'u:2'),
      event('d', 'u:2', 'okta-user-deprovision'),
    ];
    expect(jobKeysOf(batch)).toEqual([
      { subjectKey: 'u:2', kind: 'okta-user-sync' },
      { subjectKey: 'u:1', kind: 'okta-user-sync' },
      { subjectKey: 'u:2', kind: 'okta-user-deprovision' },
    ]);
  });

  it('joins the newest pending job of a key and opens one for each key without', () => {
    const inserted = [
      event('a', 'u:new'),
      event('b', 'u:old'),
      event('c', 'u:new'),
      event('d', 'u:x'),
    ];
    const pending = [
      { id: 7, subjectKey: 'u:old', kind: 'okta-user-sync' },
      { id: 9, subjectKey: 'u:old', kind: 'okta-user-sync' },
      { id: 8, subjectKey: 'u:old', kind: 'okta-user-sync' },
      { id: 3, subjectKey: 'u:new', kind: 'okta-user-deprovision' },
      { id: 4, subjectKey: 'u:unused', kind: 'okta-user-sync' },
    ];
    expect(assignJobs(inserted, pending)).toEqual({
      joined: [{ id: 9, subjectKey: 'u:old', kind: 'okta-user-sync' }],
      missing: [
        { subjectKey: 'u:new', kind: 'okta-user-sync' },
        { subjectKey: 'u:x', kind: 'okta-user-sync' },
      ],
    });
  });
});

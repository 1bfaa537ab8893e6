import { describe, expect, it } from 'vitest';
import {
  classifyOktaEvents,
  DEFAULT_HOOK_MAX_BODY_BYTES,
  JOB_KIND,
  MAX_EVENTS_PER_DELIVERY,
  oktaHookEnvelopeSchema,
  parseOktaLogEvents,
  publishedInstant,
  SUBSCRIBED_EVENT_TYPES,
  type OktaLogEvent,
} from './okta-events.js';

function logEvent(uuid: string, published: unknown) {
  return {
    uuid,
    published,
    eventType: 'user.account.update_profile',
    actor: { id: '00uadmin', type: 'User' },
    outcome: { result: 'SUCCESS' },
    target: [{ id: '00u1', type: 'User', alternateId: 'ann@example.test' }],
  };
}

describe('publishedInstant', () => {
  it.each([
    ['2025-03-28T22:23:07.777Z', '2025-03-28T22:23:07.777Z'],
    ['2025-03-28T22:23:07Z', '2025-03-28T22:23:07.000Z'],
    ['2025-03-28t22:23:07.123456z', '2025-03-28T22:23:07.123Z'],
    ['2025-03-28T23:23:07.000+01:00', '2025-03-28T22:23:07.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(publishedInstant(value)).toBe(iso);
  });

  it.each([
    'not a date',
    '',
    '2025-13-45T99:99:99Z',
    '2025-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2025-03-28',
    '2025-03-28 22:23:07Z',
    '2025-03-28T24:00:00Z',
    '2025-03-28T22:23:07+25:00',
    'Fri Mar 28 2025 22:23:07 GMT+0000',
    '1743200587777',
  ])('refuses %j', (value) => {
    expect(publishedInstant(value)).toBeUndefined();
  });

  it('reads a Date (the SDK hands out Dates) and refuses an invalid one', () => {
    expect(publishedInstant(new Date('2025-03-28T22:23:07.777Z'))).toBe('2025-03-28T22:23:07.777Z');
    expect(publishedInstant(new Date('not a date'))).toBeUndefined();
  });
});

describe('parseOktaLogEvents', () => {
  it('keeps the valid events and reports each malformed one with its uuid, user and reason', () => {
    const parsed = parseOktaLogEvents([
      logEvent('ok-1', '2025-03-28T22:23:07.777Z'),
      logEvent('bad-1', 'not a date'),
      logEvent('bad-2', ''),
      logEvent('bad-3', '2025-13-45T99:99:99Z'),
      logEvent('ok-2', '2025-03-28T22:23:08.000Z'),
      { published: '2025-03-28T22:23:08.000Z' },
      'not an object',
    ]);
    expect(parsed.events.map((e) => e.uuid)).toEqual(['ok-1', 'ok-2']);
    expect(parsed.invalid).toEqual([
      {
        index: 1,
        uuid: 'bad-1',
        eventType: 'user.account.update_profile',
        userId: '00u1',
        reason: 'published "not a date" is not an RFC 3339 timestamp',
      },
      expect.objectContaining({
        index: 2,
        uuid: 'bad-2',
        reason: expect.stringContaining('(empty)'),
      }),
      expect.objectContaining({
        index: 3,
        uuid: 'bad-3',
        reason: expect.stringContaining('"2025-13-45T99:99:99Z"'),
      }),
      expect.objectContaining({ index: 5, uuid: null, reason: expect.stringContaining('uuid') }),
      expect.objectContaining({ index: 6, uuid: null, userId: null }),
    ]);
  });

  it('stores published as an ISO 8601 instant', () => {
    const parsed = parseOktaLogEvents([logEvent('ok', '2025-03-28T23:23:07+01:00')]);
    expect(parsed.events[0]?.published).toBe('2025-03-28T22:23:07.000Z');
  });
});

describe('oktaHookEnvelopeSchema', () => {
  const envelope = (events: unknown[]) => ({
    eventType: 'com.okta.event_hook',
    eventId: 'delivery-1',
    data: { events },
  });

  it('accepts a delivery whose events are malformed: they are checked one by one', () => {
    expect(oktaHookEnvelopeSchema.safeParse(envelope([{ uuid: 1 }])).success).toBe(true);
  });

  it(`accepts ${MAX_EVENTS_PER_DELIVERY} events and refuses one more`, () => {
    const events = Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, () => ({}));
    expect(oktaHookEnvelopeSchema.safeParse(envelope(events.slice(1))).success).toBe(true);
    const tooMany = oktaHookEnvelopeSchema.safeParse(envelope(events));
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toBe(
      `A delivery carries at most ${MAX_EVENTS_PER_DELIVERY} events.`,
    );
  });

  it('has a default body limit that holds the largest delivery of large events', () => {
    const large = {
      ...logEvent('00000000-0000-4000-8000-000000000000', '2025-03-28T22:23:07.777Z'),
      debugContext: { debugData: { padding: 'x'.repeat(4000) } },
    };
    const body = JSON.stringify(
      envelope(Array.from({ length: MAX_EVENTS_PER_DELIVERY }, () => large)),
    );
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_HOOK_MAX_BODY_BYTES);
  });
});

describe('classifyOktaEvents: group.lifecycle.delete', () => {
  const deleted = (target: OktaLogEvent['target'], result = 'SUCCESS'): OktaLogEvent => ({
    uuid: 'evt-group-delete',
    published: '2026-03-01T10:00:00.000Z',
    eventType: 'group.lifecycle.delete',
    actor: { id: '00uadmin', type: 'User' },
    outcome: { result },
    target,
  });

  it('queues one job per deleted group, keyed by the group, with the name its target carried', () => {
    const { events, skipped } = classifyOktaEvents(
      [deleted([{ id: '00gsales', type: 'UserGroup', displayName: 'Sales EMEA' }])],
      { source: 'okta-hook' },
    );
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'evt-group-delete',
        subjectKey: 'okta-group:00gsales',
        jobKind: JOB_KIND.oktaGroupDeleted,
        payload: expect.objectContaining({ groupId: '00gsales', groupName: 'Sales EMEA' }),
      }),
    ]);
  });

  it('skips a deletion without a group target, and one Okta refused', () => {
    const { events, skipped } = classifyOktaEvents(
      [
        deleted([{ id: '00u1', type: 'User' }]),
        { ...deleted([{ id: '00g1', type: 'UserGroup' }], 'FAILURE'), uuid: 'evt-2' },
      ],
      { source: 'okta-log' },
    );
    expect(events).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual(['no-group-target', 'failed-outcome']);
  });

  it('is among the event types the event hook subscribes to', () => {
    expect(SUBSCRIBED_EVENT_TYPES).toContain('group.lifecycle.delete');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInboundEventError } from '../inbound-event.js';
import type { InboundEvent, Store } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';

let clock = Date.parse('2025-03-01T10:00:00.000Z');
const now = () => new Date(clock);
const stores: Store[] = [];

function open(): Store {
  clock = Date.parse('2025-03-01T10:00:00.000Z');
  const store = openSqliteStore({ path: ':memory:', now });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function event(overrides: Partial<InboundEvent> & { eventId: string }): InboundEvent {
  return {
    source: 'okta-hook',
    eventType: 'user.account.update_profile',
    subjectKey: 'okta-user:00u1',
    jobKind: 'okta-user-sync',
    occurredAt: '2025-03-01T09:59:00.000Z',
    payload: { n: 1 },
    ...overrides,
  };
}

describe('Inbox.accept', () => {
  it('de-duplicates by event id alone, whichever source delivers it', async () => {
    const store = open();
    const first = await store.inbox.accept([event({ eventId: 'ev-1', source: 'okta-hook' })]);
    const second = await store.inbox.accept([
      event({ eventId: 'ev-1', source: 'okta-log' }),
      event({ eventId: 'ev-2', source: 'okta-log' }),
    ]);

    expect(first).toEqual({ accepted: 1, duplicates: 0, acceptedIds: ['ev-1'] });
    expect(second).toEqual({ accepted: 1, duplicates: 1, acceptedIds: ['ev-2'] });
    const [job] = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' });
    expect(job?.events.map((e) => [e.eventId, e.source])).toEqual([
      ['ev-1', 'okta-hook'],
      ['ev-2', 'okta-log'],
    ]);
    expect(await store.inbox.has('ev-1')).toBe(true);
  });

  it('treats a repeated id inside one batch as a duplicate', async () => {
    const store = open();
    const result = await store.inbox.accept([event({ eventId: 'a' }), event({ eventId: 'a' })]);
    expect(result).toEqual({ accepted: 1, duplicates: 1, acceptedIds: ['a'] });
  });

  it('coalesces events of one subject and kind into the pending job, keeping its due time', async () => {
    const store = open();
    await store.inbox.accept([event({ eventId: 'a', occurredAt: '2025-03-01T09:00:02.000Z' })]);
    const before = await store.jobs.counts();
    clock += 5000;
    await store.inbox.accept([
      event({ eventId: 'b', occurredAt: '2025-03-01T09:00:01.000Z' }),
      event({ eventId: 'c', jobKind: 'deprovision' }),
      event({ eventId: 'd', subjectKey: 'okta-user:00u2' }),
    ]);

    expect(before.pending).toBe(1);
    expect((await store.jobs.counts()).pending).toBe(3);
    const claimed = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' });
    const sync = claimed.find(
      (j) => j.kind === 'okta-user-sync' && j.subjectKey === 'okta-user:00u1',
    );
    // Ordered by occurredAt, not receipt.
    expect(sync?.events.map((e) => e.eventId)).toEqual(['b', 'a']);
    expect(sync?.availableAt).toBe('2025-03-01T10:00:00.000Z');
  });

  it('starts a new job when the pending one has been leased', async () => {
    const store = open();
    await store.inbox.accept([event({ eventId: 'a' })]);
    const [leased] = await store.jobs.claim({ limit: 1, leaseMs: 60_000, workerId: 'w' });
    await store.inbox.accept([event({ eventId: 'b' })]);

    expect(leased?.events.map((e) => e.eventId)).toEqual(['a']);
    const counts = await store.jobs.counts();
    expect(counts).toMatchObject({ leased: 1, pending: 1 });
  });

  it('rejects a batch with an invalid event without writing any of it', async () => {
    const store = open();
    await expect(
      store.inbox.accept([
        event({ eventId: 'ok' }),
        event({ eventId: 'bad', occurredAt: 'yesterday' }),
      ]),
    ).rejects.toThrow(InvalidInboundEventError);
    expect(await store.inbox.has('ok')).toBe(false);
    expect((await store.jobs.counts()).pending).toBe(0);
  });

  it('keeps payloads as JSON and receivedAt from the store clock unless given', async () => {
    const store = open();
    await store.inbox.accept([
      event({ eventId: 'a', payload: { nested: [1, 'two', null] } }),
      event({
        eventId: 'b',
        subjectKey: 'k2',
        receivedAt: '2025-03-01T08:00:00.000Z',
        payload: undefined,
      }),
    ]);
    const claimed = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' });
    const [a] = claimed.find((j) => j.subjectKey === 'okta-user:00u1')?.events ?? [];
    const [b] = claimed.find((j) => j.subjectKey === 'k2')?.events ?? [];
    expect(a).toMatchObject({
      payload: { nested: [1, 'two', null] },
      receivedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(b).toMatchObject({ payload: null, receivedAt: '2025-03-01T08:00:00.000Z' });
  });

  it('accepts a batch of 1,000 events in one call, creating one job per subject', async () => {
    const store = open();
    const events = Array.from({ length: 1000 }, (_, i) =>
      event({ eventId: `bulk-${i}`, subjectKey: `okta-user:${i % 100}` }),
    );
    const result = await store.inbox.accept(events);
    expect(result.accepted).toBe(1000);
    expect((await store.jobs.counts()).pending).toBe(100);
    expect(await store.inbox.accept(events)).toMatchObject({ accepted: 0, duplicates: 1000 });
  });

  it('writes a cursor atomically with the events it covers', async () => {
    const store = open();
    await expect(
      store.transaction(async (tx) => {
        await tx.inbox.accept([event({ eventId: 'x' })]);
        await tx.cursors.set('okta-log.after', 'cursor-2');
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await store.inbox.has('x')).toBe(false);
    expect(await store.cursors.get('okta-log.after')).toBeUndefined();

    await store.transaction(async (tx) => {
      await tx.inbox.accept([event({ eventId: 'x' })]);
      await tx.cursors.set('okta-log.after', 'cursor-2');
    });
    expect(await store.inbox.has('x')).toBe(true);
    expect(await store.cursors.get('okta-log.after')).toBe('cursor-2');
    await store.cursors.set('okta-log.after', 'cursor-3');
    expect(await store.cursors.get('okta-log.after')).toBe('cursor-3');
    await store.cursors.delete('okta-log.after');
    expect(await store.cursors.get('okta-log.after')).toBeUndefined();
  });
});

describe('Inbox.pruneProcessed', () => {
  it('forgets processed event ids after the retention period only', async () => {
    const store = open();
    await store.inbox.accept([
      event({ eventId: 'done' }),
      event({ eventId: 'open', subjectKey: 'other' }),
    ]);
    const [job] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'w' });
    expect(job?.events[0]?.eventId).toBe('done');
    expect(await store.jobs.complete(job?.id ?? -1, 'w')).toBe(true);

    const processedAt = clock;
    clock += 7 * 24 * 3600_000;
    expect(await store.inbox.pruneProcessed(new Date(processedAt))).toBe(0);
    expect(await store.inbox.pruneProcessed(new Date(processedAt + 1))).toBe(1);
    expect(await store.inbox.has('done')).toBe(false);
    expect(await store.inbox.has('open')).toBe(true);
    // Once forgotten, the id is new again.
    expect((await store.inbox.accept([event({ eventId: 'done' })])).accepted).toBe(1);
  });
});

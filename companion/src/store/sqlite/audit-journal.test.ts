import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidAuditCursorError } from '../audit-cursor.js';
import type { AuditEntry, Store } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';

let clock = Date.parse('2025-03-01T10:00:00.000Z');
const stores: Store[] = [];

function open(): Store {
  const store = openSqliteStore({ path: ':memory:', now: () => new Date(clock) });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: randomUUID(),
    eventId: 'ev-1',
    correlationId: 'corr-1',
    direction: 'OKTA_TO_SALESFORCE',
    operation: 'contact.upsert',
    status: 'SUCCESS',
    attempts: 1,
    occurredAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  };
}

const DAY = {
  from: new Date('2025-03-01T00:00:00.000Z'),
  to: new Date('2025-03-02T00:00:00.000Z'),
};

describe('AuditJournal.record', () => {
  it('updates the entry of a retried (eventId, operation) instead of adding one', async () => {
    const store = open();
    const first = entry({
      status: 'RETRYING',
      error: 'UNABLE_TO_LOCK_ROW',
      oktaUserId: '00u1',
      contactId: '003A',
    });
    await store.audit.record(first);
    clock += 60_000;
    await store.audit.record(
      entry({
        status: 'SUCCESS',
        attempts: 2,
        correlationId: 'corr-2',
        occurredAt: '2025-03-01T09:01:00.000Z',
        fieldChanges: [
          { object: 'Contact', recordId: '003A', field: 'Email', before: 'a@x', after: 'b@x' },
        ],
      }),
    );
    await store.audit.record(entry({ operation: 'account.upsert' }));

    const entries = (await store.audit.list({ ...DAY, limit: 10 })).entries;
    expect(entries).toHaveLength(2);
    const updated = await store.audit.get(first.id);
    expect(updated).toMatchObject({
      id: first.id,
      status: 'SUCCESS',
      attempts: 2,
      correlationId: 'corr-2',
      oktaUserId: '00u1',
      contactId: '003A',
      occurredAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T10:01:00.000Z',
      revision: 2,
      fieldChanges: [
        { object: 'Contact', recordId: '003A', field: 'Email', before: 'a@x', after: 'b@x' },
      ],
    });
    expect(updated?.error).toBeUndefined();
  });

  it('mirrors each revision once and re-offers an entry updated after it was read', async () => {
    const store = open();
    await store.audit.record(entry({ eventId: 'a', status: 'RETRYING' }));
    await store.audit.record(entry({ eventId: 'b' }));
    const batch = await store.audit.pendingMirror(10);
    expect(batch.map((e) => e.eventId)).toEqual(['a', 'b']);

    await store.audit.record(entry({ eventId: 'a', status: 'SUCCESS', attempts: 2 }));
    expect(await store.audit.markMirrored(batch)).toBe(1);
    const again = await store.audit.pendingMirror(10);
    expect(again.map((e) => [e.eventId, e.status, e.revision])).toEqual([['a', 'SUCCESS', 2]]);
    expect(await store.audit.markMirrored(again)).toBe(1);
    expect(await store.audit.pendingMirror(10)).toEqual([]);
  });

  it('returns the latest entries of an Okta user or a contact, newest first', async () => {
    const store = open();
    for (let i = 0; i < 5; i++) {
      await store.audit.record(
        entry({
          eventId: `e${i}`,
          oktaUserId: i % 2 ? '00uA' : '00uB',
          contactId: '003A',
          occurredAt: `2025-03-01T0${i}:00:00.000Z`,
        }),
      );
    }
    expect((await store.audit.latestFor({ oktaUserId: '00uA' }, 10)).map((e) => e.eventId)).toEqual(
      ['e3', 'e1'],
    );
    expect((await store.audit.latestFor({ contactId: '003A' }, 2)).map((e) => e.eventId)).toEqual([
      'e4',
      'e3',
    ]);
  });
});

describe('AuditJournal.list', () => {
  it('pages through a half-open range with a cursor that survives inserts', async () => {
    const store = open();
    const times = ['08:00', '09:00', '09:00', '09:00', '10:00', '23:59'];
    for (const [i, t] of times.entries()) {
      await store.audit.record(entry({ eventId: `e${i}`, occurredAt: `2025-03-01T${t}:00.000Z` }));
    }
    await store.audit.record(
      entry({ eventId: 'next-day', occurredAt: '2025-03-02T00:00:00.000Z' }),
    );
    await store.audit.record(
      entry({ eventId: 'day-before', occurredAt: '2025-02-28T23:59:59.999Z' }),
    );

    const page1 = await store.audit.list({ ...DAY, limit: 2 });
    // An entry inserted between pages at an already-read time does not shift the next page.
    await store.audit.record(entry({ eventId: 'late', occurredAt: '2025-03-01T08:30:00.000Z' }));
    const page2 = await store.audit.list({ ...DAY, limit: 2, after: page1.next ?? '' });
    const page3 = await store.audit.list({ ...DAY, limit: 2, after: page2.next ?? '' });
    const page4 = await store.audit.list({ ...DAY, limit: 2, after: page3.next ?? '' });

    expect([page1, page2, page3].flatMap((p) => p.entries.map((e) => e.eventId))).toEqual(
      times.map((_, i) => `e${i}`),
    );
    expect(page4.entries).toEqual([]);
    expect(page4.next).toBeUndefined();
    await expect(store.audit.list({ ...DAY, limit: 2, after: 'not-a-cursor' })).rejects.toThrow(
      InvalidAuditCursorError,
    );
  });
});

describe('AuditJournal.iterate', () => {
  it('streams 50,000 entries in order, reading page by page', async () => {
    const store = open();
    const total = 50_000;
    const base = Date.parse('2025-03-01T00:00:00.000Z');
    await store.transaction(async (tx) => {
      for (let i = 0; i < total; i++) {
        await tx.audit.record(
          entry({
            id: `id-${i}`,
            eventId: `ev-${i}`,
            occurredAt: new Date(base + Math.floor(i / 3) * 1000).toISOString(),
            fieldChanges: [{ object: 'Contact', field: 'Title', after: `title ${i}` }],
          }),
        );
      }
    });

    const rows = store.audit.iterate({ ...DAY, pageSize: 500 });
    let count = 0;
    let previous = -1;
    let outOfOrder = 0;
    let appended = false;
    for await (const row of rows) {
      const index = Number(row.eventId.slice(3));
      if (index <= previous) outOfOrder += 1;
      previous = index;
      count += 1;
      if (count === 10) {
        // A generator that had loaded everything up front would never see this row.
        await store.audit.record(
          entry({ id: 'id-late', eventId: 'ev-50000', occurredAt: '2025-03-01T23:00:00.000Z' }),
        );
        appended = true;
      }
    }
    expect(appended).toBe(true);
    expect(outOfOrder).toBe(0);
    expect(count).toBe(total + 1);
  });
});

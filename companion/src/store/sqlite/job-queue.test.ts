import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent, Store } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';

const START = Date.parse('2025-03-01T10:00:00.000Z');
let clock = START;
const now = () => new Date(clock);
const stores: Store[] = [];
const dir = mkdtempSync(join(tmpdir(), 'job-queue-'));

function open(path = ':memory:'): Store {
  const store = openSqliteStore({ path, now });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  clock = START;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function event(
  subjectKey: string,
  jobKind = 'okta-user-sync',
  eventId = `ev-${++seq}`,
): InboundEvent {
  return {
    source: 'okta-hook',
    eventId,
    eventType: 'user.lifecycle.create',
    subjectKey,
    jobKind,
    occurredAt: new Date(clock).toISOString(),
    payload: { subjectKey },
  };
}

/** Puts each event in its own job by leasing the key's pending job in between. */
async function enqueueSeparately(store: Store, events: InboundEvent[]): Promise<void> {
  for (const e of events) await store.inbox.accept([e]);
}

describe('JobQueueStore.claim', () => {
  it('leases due jobs oldest first, one per subject key, only the oldest job of a key', async () => {
    const store = open();
    await store.inbox.accept([event('k1')]);
    clock += 1;
    await store.inbox.accept([event('k2')]);
    // Force a second job for k1: lease the first, add an event, then let the lease expire.
    const [k1First] = await store.jobs.claim({ limit: 1, leaseMs: 10, workerId: 'w0' });
    await store.inbox.accept([event('k1')]);
    expect(k1First?.subjectKey).toBe('k1');

    const claimed = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w1' });
    expect(claimed.map((j) => j.subjectKey)).toEqual(['k2']);

    clock += 10; // k1's first lease expires: it is the key's oldest job, so it goes again first.
    const again = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w1' });
    expect(again.map((j) => j.id)).toEqual([k1First?.id]);
    expect(again[0]?.attempts).toBe(1);
    expect(again[0]?.lastErrorCode).toBe('LEASE_EXPIRED');
    expect(await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w2' })).toEqual([]);

    expect(await store.jobs.complete(k1First?.id ?? -1, 'w1')).toBe(true);
    const next = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w2' });
    expect(next.map((j) => j.subjectKey)).toEqual(['k1']);
    expect(next[0]?.id).not.toBe(k1First?.id);
  });

  it('holds a key while its oldest job waits for its retry time', async () => {
    const store = open();
    await store.inbox.accept([event('k1')]);
    const [first] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'w' });
    await store.inbox.accept([event('k1')]);
    expect(
      await store.jobs.retry(first?.id ?? -1, 'w', {
        error: 'boom',
        availableAt: new Date(clock + 5000),
      }),
    ).toBe(true);

    expect(await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' })).toEqual([]);
    expect(await store.jobs.counts()).toEqual({
      pending: 1,
      leased: 0,
      delayed: 1,
      deadLetters: 0,
    });
    expect((await store.jobs.nextAvailableAt())?.getTime()).toBe(clock + 5000);

    clock += 5000;
    const [retried] = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' });
    expect(retried).toMatchObject({ id: first?.id, attempts: 1, lastError: 'boom' });
  });

  it('lists the jobs waiting after a failure with a given code, and counts them all', async () => {
    const store = open();
    await enqueueSeparately(store, [event('k1'), event('k2'), event('k3'), event('k4')]);
    const claimed = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' });
    const [held1, held2, other, held3] = claimed;
    for (const job of [held1, held2, held3]) {
      await store.jobs.retry(job?.id ?? -1, 'w', {
        error: 'held for a person',
        errorCode: 'HELD',
        availableAt: new Date(clock + 60_000),
      });
    }
    await store.jobs.retry(other?.id ?? -1, 'w', { error: 'boom', availableAt: new Date(clock) });

    const waiting = await store.jobs.waiting('HELD', 2);
    expect(waiting.total).toBe(3);
    expect(waiting.jobs.map((j) => j.subjectKey)).toEqual(['k1', 'k2']);
    expect(waiting.jobs[0]?.events.map((e) => e.subjectKey)).toEqual(['k1']);
    expect(await store.jobs.waiting('OTHER', 10)).toEqual({ total: 0, jobs: [] });
  });

  it('filters by kind while still serialising a subject across kinds', async () => {
    const store = open();
    await enqueueSeparately(store, [event('k1', 'grant-expiry'), event('k2', 'okta-user-sync')]);
    await store.inbox.accept([event('k1', 'okta-user-sync')]);

    const syncOnly = await store.jobs.claim({
      limit: 10,
      leaseMs: 1000,
      workerId: 'w',
      kinds: ['okta-user-sync'],
    });
    expect(syncOnly.map((j) => j.subjectKey)).toEqual(['k2']);
    const grants = await store.jobs.claim({
      limit: 10,
      leaseMs: 1000,
      workerId: 'w',
      kinds: ['grant-expiry'],
    });
    expect(grants.map((j) => [j.subjectKey, j.kind])).toEqual([['k1', 'grant-expiry']]);
  });

  it('reports the age of the oldest due job', async () => {
    const store = open();
    expect(await store.jobs.oldestPendingAge()).toBe(0);
    await store.inbox.accept([event('k1')]);
    clock += 2500;
    expect(await store.jobs.oldestPendingAge()).toBe(2500);
  });
});

describe('leases', () => {
  it('lets only the current holder complete, retry, dead-letter or extend a job', async () => {
    const store = open();
    await store.inbox.accept([event('k1')]);
    const [job] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'stale' });
    const id = job?.id ?? -1;

    expect(await store.jobs.extendLease(id, 'stale', 1000)).toBe(true);
    clock += 1000; // expired
    expect(await store.jobs.complete(id, 'stale')).toBe(false);
    expect(await store.jobs.extendLease(id, 'stale', 1000)).toBe(false);

    const [taken] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'fresh' });
    expect(taken?.id).toBe(id);
    expect(await store.jobs.complete(id, 'stale')).toBe(false);
    expect(await store.jobs.retry(id, 'stale', { error: 'x', availableAt: now() })).toBe(false);
    expect(await store.jobs.deadLetter(id, 'stale', { error: 'x' })).toBeUndefined();
    expect(await store.jobs.get(id)).toMatchObject({ attempts: 1, lastErrorCode: 'LEASE_EXPIRED' });

    expect(await store.jobs.complete(id, 'fresh')).toBe(true);
    expect(await store.jobs.get(id)).toBeUndefined();
    expect(await store.jobs.complete(id, 'fresh')).toBe(false);
  });

  it('survives a crash: a job claimed by a process that died is claimable after its lease', async () => {
    const path = join(dir, 'crash', 'store.db');
    const first = open(path);
    await first.inbox.accept([event('k1', 'okta-user-sync', 'crash-ev')]);
    const [job] = await first.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'dead-worker' });
    await first.close(); // no completion

    const second = open(path);
    expect(await second.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'w' })).toEqual([]);
    clock += 30_000;
    const [again] = await second.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'w' });
    expect(again).toMatchObject({ id: job?.id, attempts: 1 });
    expect(again?.events.map((e) => e.eventId)).toEqual(['crash-ev']);
    expect(await second.jobs.complete(again?.id ?? -1, 'w')).toBe(true);
    expect(
      (await second.inbox.accept([event('k1', 'okta-user-sync', 'crash-ev')])).duplicates,
    ).toBe(1);
  });
});

describe('dead letters', () => {
  it('moves a job with its events to the dead letters and replays it as a fresh job', async () => {
    const store = open();
    await store.inbox.accept([
      event('k1', 'okta-user-sync', 'd1'),
      event('k1', 'okta-user-sync', 'd2'),
    ]);
    const [job] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'w' });
    expect(await store.jobs.retry(job?.id ?? -1, 'w', { error: 'first', availableAt: now() })).toBe(
      true,
    );
    const [again] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'w' });
    const deadId = await store.jobs.deadLetter(again?.id ?? -1, 'w', {
      error: 'INVALID_FIELD: bad',
      errorCode: 'INVALID_FIELD',
    });

    expect(deadId).toBeTypeOf('number');
    expect(await store.jobs.counts()).toEqual({
      pending: 0,
      leased: 0,
      delayed: 0,
      deadLetters: 1,
    });
    const dead = await store.deadLetters.get(deadId ?? -1);
    expect(dead).toMatchObject({
      jobId: job?.id,
      subjectKey: 'k1',
      kind: 'okta-user-sync',
      attempts: 2,
      error: 'INVALID_FIELD: bad',
      errorCode: 'INVALID_FIELD',
    });
    expect(dead?.events.map((e) => e.eventId)).toEqual(['d1', 'd2']);
    // Still de-duplicated while dead.
    expect((await store.inbox.accept([event('k1', 'okta-user-sync', 'd1')])).duplicates).toBe(1);

    const replayedId = await store.deadLetters.replay(deadId ?? -1);
    expect(await store.deadLetters.get(deadId ?? -1)).toBeUndefined();
    expect(await store.deadLetters.replay(deadId ?? -1)).toBeUndefined();
    const [fresh] = await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'w' });
    expect(fresh).toMatchObject({ id: replayedId, attempts: 0, subjectKey: 'k1' });
    expect(fresh?.events.map((e) => e.eventId)).toEqual(['d1', 'd2']);
  });

  it('pages, replays all of a kind, and discards', async () => {
    const store = open();
    const kinds = ['a', 'b', 'a', 'a', 'b'];
    for (const [i, kind] of kinds.entries()) await store.inbox.accept([event(`key-${i}`, kind)]);
    for (const job of await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'w' })) {
      await store.jobs.deadLetter(job.id, 'w', { error: 'x' });
    }
    const page1 = await store.deadLetters.list({ limit: 2 });
    const page2 = await store.deadLetters.list({ limit: 2, after: page1.next ?? 0 });
    const page3 = await store.deadLetters.list({ limit: 2, after: page2.next ?? 0 });
    expect([...page1.items, ...page2.items, ...page3.items].map((d) => d.subjectKey)).toEqual(
      kinds.map((_, i) => `key-${i}`),
    );
    expect(page3.next).toBeUndefined();
    expect((await store.deadLetters.list({ limit: 10, kind: 'b' })).items).toHaveLength(2);

    expect(await store.deadLetters.replayAll({ kind: 'a' })).toBe(3);
    expect((await store.jobs.counts()).pending).toBe(3);
    const [first] = (await store.deadLetters.list({ limit: 1 })).items;
    expect(await store.deadLetters.discard(first?.id ?? -1)).toBe(true);
    expect(await store.deadLetters.count()).toBe(1);
    expect(await store.deadLetters.replayAll()).toBe(1);
    expect(await store.deadLetters.count()).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { TIMER_EVENT_TYPE } from '../timer-event.js';
import type { Store } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';

const START = Date.parse('2025-03-01T10:00:00.000Z');
let clock = START;
const stores: Store[] = [];

function open(): Store {
  clock = START;
  const store = openSqliteStore({ path: ':memory:', now: () => new Date(clock) });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const grantExpiry = (dueAt: Date, payload: unknown = { grantId: 'a01' }) => ({
  id: 'grant:a01',
  dueAt,
  subjectKey: 'grant:a01',
  jobKind: 'grant-expiry',
  payload,
});

describe('TimerStore', () => {
  it('fires a due timer exactly once, as a timer event in the inbox', async () => {
    const store = open();
    await store.timers.schedule(grantExpiry(new Date(START + 60_000)));
    expect(await store.timers.fireDue()).toMatchObject({ accepted: 0 });

    clock += 60_000;
    const fired = await store.timers.fireDue();
    expect(fired.acceptedIds).toEqual(['timer:grant:a01:2025-03-01T10:01:00.000Z']);
    expect((await store.timers.fireDue()).accepted).toBe(0);
    expect(await store.timers.get('grant:a01')).toBeUndefined();

    const [job] = await store.jobs.claim({ limit: 5, leaseMs: 1000, workerId: 'w' });
    expect(job).toMatchObject({ subjectKey: 'grant:a01', kind: 'grant-expiry' });
    expect(job?.events).toEqual([
      expect.objectContaining({
        source: 'timer',
        eventType: TIMER_EVENT_TYPE,
        occurredAt: '2025-03-01T10:01:00.000Z',
        payload: { grantId: 'a01' },
      }),
    ]);
  });

  it('is idempotent by id: scheduling again reschedules', async () => {
    const store = open();
    await store.timers.schedule(grantExpiry(new Date(START + 1000), { v: 1 }));
    await store.timers.schedule(grantExpiry(new Date(START + 5000), { v: 2 }));
    expect(await store.timers.get('grant:a01')).toMatchObject({
      dueAt: '2025-03-01T10:00:05.000Z',
      payload: { v: 2 },
    });
    expect((await store.timers.nextDueAt())?.getTime()).toBe(START + 5000);

    expect((await store.timers.fireDue(new Date(START + 1000))).accepted).toBe(0);
    expect((await store.timers.fireDue(new Date(START + 5000))).accepted).toBe(1);
  });

  it('does not fire the same instant twice even if rescheduled to it after firing', async () => {
    const store = open();
    const dueAt = new Date(START);
    await store.timers.schedule(grantExpiry(dueAt));
    expect((await store.timers.fireDue()).accepted).toBe(1);
    await store.timers.schedule(grantExpiry(dueAt));
    expect(await store.timers.fireDue()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await store.timers.get('grant:a01')).toBeUndefined();
  });

  it('cancels', async () => {
    const store = open();
    await store.timers.schedule(grantExpiry(new Date(START)));
    expect(await store.timers.cancel('grant:a01')).toBe(true);
    expect(await store.timers.cancel('grant:a01')).toBe(false);
    expect((await store.timers.fireDue()).accepted).toBe(0);
    expect(await store.timers.nextDueAt()).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.js';
import type { LeaderLease } from '../store/leader-lease.js';
import { createLeaseLeadership, createSingleInstanceLeadership } from './leadership.js';

/** A lease on a shared fake clock, as the database would keep it. */
function fakeLease(clock: () => number) {
  let row: { holder: string; renewedAt: number } | undefined;
  let reachable = true;
  const heartbeats = new Map<string, number>();
  const expiries: { by: string | undefined; silentMs: number }[] = [];
  let leasesToExpire = 0;
  const lease: LeaderLease = {
    acquire: async (holder, ttlMs) => {
      if (!reachable) throw new Error('connection refused');
      const now = clock();
      if (!row || row.holder === holder || row.renewedAt <= now - ttlMs) {
        row = { holder, renewedAt: now };
      }
      return row.holder;
    },
    release: async (holder) => {
      if (row?.holder === holder) row = undefined;
    },
    heartbeat: async (instanceId) => {
      if (!reachable) throw new Error('connection refused');
      heartbeats.set(instanceId, clock());
    },
    expireLeasesOfSilentInstances: async (silentMs) => {
      expiries.push({ by: row?.holder, silentMs });
      const expired = leasesToExpire;
      leasesToExpire = 0;
      return expired;
    },
  };
  return {
    lease,
    heartbeats,
    expiries,
    expireNext: (count: number) => {
      leasesToExpire = count;
    },
    holder: () => row?.holder,
    setReachable: (value: boolean) => {
      reachable = value;
    },
  };
}

function work() {
  const log: string[] = [];
  return {
    log,
    work: {
      start: () => void log.push('start'),
      stop: async () => void log.push('stop'),
    },
  };
}

describe('lease leadership', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const instance = (
    id: string,
    lease: LeaderLease,
    onSilentLeasesExpired?: (n: number) => void,
  ) => {
    const w = work();
    const leadership = createLeaseLeadership({
      ...(onSilentLeasesExpired ? { onSilentLeasesExpired } : {}),
      instanceId: id,
      lease,
      work: w.work,
      logger: silentLogger(),
      ttlMs: 15_000,
      renewMs: 5_000,
      monotonic: () => Date.now(),
    });
    return { leadership, log: w.log };
  };

  it('elects one instance, and the other takes over once the leader stops renewing', async () => {
    const shared = fakeLease(() => Date.now());
    const a = instance('a', shared.lease);
    a.leadership.start();
    await vi.advanceTimersByTimeAsync(0);
    const b = instance('b', shared.lease);
    b.leadership.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.leadership.view()).toMatchObject({ isLeader: true, leader: 'a', instanceId: 'a' });
    expect(b.leadership.view()).toMatchObject({ isLeader: false, leader: 'a', instanceId: 'b' });
    expect(a.log).toEqual(['start']);
    expect(b.log).toEqual([]);

    // a is killed: its timers never fire again, its lease is never released.
    await a.leadership.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.leadership.view()).toMatchObject({ isLeader: false, leader: 'a' });
    // The lease, last renewed at 0, has expired at b's renewal at 15 s.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(b.leadership.view()).toMatchObject({ isLeader: true, leader: 'b' });
    expect(b.log).toEqual(['start']);
    await b.leadership.stop();
  });

  it('hands over at once when the leader releases the lease on a clean stop', async () => {
    const shared = fakeLease(() => Date.now());
    const a = instance('a', shared.lease);
    const b = instance('b', shared.lease);
    a.leadership.start();
    await vi.advanceTimersByTimeAsync(0);
    b.leadership.start();
    await vi.advanceTimersByTimeAsync(0);
    await a.leadership.stop();
    await a.leadership.release();
    expect(a.log).toEqual(['start', 'stop']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(b.leadership.isLeader()).toBe(true);
    await b.leadership.stop();
  });

  it('steps down when it cannot reach the database for longer than the lease allows', async () => {
    const shared = fakeLease(() => Date.now());
    const a = instance('a', shared.lease);
    a.leadership.start();
    await vi.advanceTimersByTimeAsync(0);
    shared.setReachable(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.leadership.isLeader()).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.leadership.isLeader()).toBe(false);
    expect(a.log).toEqual(['start', 'stop']);
    shared.setReachable(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(a.leadership.isLeader()).toBe(true);
    expect(a.log).toEqual(['start', 'stop', 'start']);
    await a.leadership.stop();
  });
});

describe('silent instances', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('every instance beats; the leader alone frees the leases of the silent ones', async () => {
    const shared = fakeLease(() => Date.now());
    const expired: number[] = [];
    const options = { logger: silentLogger(), ttlMs: 15_000, renewMs: 5_000 };
    const a = createLeaseLeadership({
      ...options,
      instanceId: 'a',
      lease: shared.lease,
      work: work().work,
      monotonic: () => Date.now(),
      onSilentLeasesExpired: (n) => expired.push(n),
    });
    const b = createLeaseLeadership({
      ...options,
      instanceId: 'b',
      lease: shared.lease,
      work: work().work,
      monotonic: () => Date.now(),
    });
    a.start();
    await vi.advanceTimersByTimeAsync(0);
    b.start();
    await vi.advanceTimersByTimeAsync(0);
    expect([...shared.heartbeats.keys()].sort()).toEqual(['a', 'b']);
    shared.expireNext(3);
    await vi.advanceTimersByTimeAsync(5_000);
    // Silent for as long as a leader may be: ttl + renewal.
    expect(shared.expiries.every((e) => e.by === 'a' && e.silentMs === 20_000)).toBe(true);
    expect(shared.expiries.length).toBeGreaterThanOrEqual(2);
    expect(expired).toEqual([3]);
    await a.stop();
    await b.stop();
  });
});

describe('single-instance leadership', () => {
  it('leads from start to stop', async () => {
    const w = work();
    const leadership = createSingleInstanceLeadership({ instanceId: 'solo', work: w.work });
    expect(leadership.isLeader()).toBe(false);
    leadership.start();
    expect(leadership.view()).toMatchObject({
      instanceId: 'solo',
      leader: 'solo',
      isLeader: true,
      election: 'single-instance',
    });
    await leadership.stop();
    expect(w.log).toEqual(['start', 'stop']);
  });
});

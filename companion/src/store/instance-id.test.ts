import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instanceIdFor, instanceLeasePrefix, runWorkerId } from './instance-id.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'instance-id-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('instance identity', () => {
  it('is stored beside the store file and the same at every start', () => {
    const path = join(dir, 'a.sqlite');
    const first = instanceIdFor(path);
    expect(instanceIdFor(path)).toBe(first);
    expect(instanceIdFor(join(dir, 'b.sqlite'))).not.toBe(first);
  });

  it('keeps an id written by an operator', () => {
    const path = join(dir, 'c.sqlite');
    writeFileSync(`${path}.instance-id`, 'eu-west-1\n');
    expect(instanceIdFor(path)).toBe('eu-west-1');
  });

  it('is new for an in-memory store', () => {
    expect(instanceIdFor(':memory:')).not.toBe(instanceIdFor(':memory:'));
  });
});

describe('releasing the leases of an instance’s earlier runs', () => {
  it('frees the jobs a killed run held, and no one else’s', async () => {
    let clock = Date.parse('2025-03-01T10:00:00Z');
    const store = openSqliteStore({ path: ':memory:', now: () => new Date(clock) });
    try {
      const event = (subjectKey: string) => ({
        source: 'okta-hook' as const,
        eventId: `ev-${subjectKey}`,
        eventType: 'user.lifecycle.create',
        subjectKey,
        jobKind: 'okta-user-sync',
        occurredAt: new Date(clock).toISOString(),
        payload: {},
      });
      await store.inbox.accept([event('okta-user:1'), event('okta-user:2'), event('okta-user:3')]);
      const killed = runWorkerId('instance-a', 'run1');
      const [mine] = await store.jobs.claim({ limit: 1, leaseMs: 60_000, workerId: killed });
      const [other] = await store.jobs.claim({
        limit: 1,
        leaseMs: 60_000,
        workerId: runWorkerId('instance-b', 'run1'),
      });
      const current = runWorkerId('instance-a', 'run2');
      const [live] = await store.jobs.claim({ limit: 1, leaseMs: 60_000, workerId: current });
      expect(await store.jobs.counts()).toMatchObject({ leased: 3, pending: 0 });

      clock += 1000;
      expect(await store.jobs.releaseLeases(instanceLeasePrefix('instance-a'), current)).toBe(1);
      expect(await store.jobs.counts()).toMatchObject({ leased: 2, pending: 1 });

      // The next claim takes the killed run's job at once; its abandoned attempt counts.
      const [taken] = await store.jobs.claim({ limit: 5, leaseMs: 60_000, workerId: current });
      expect(taken?.id).toBe(mine?.id);
      expect(taken).toMatchObject({ attempts: 1, lastErrorCode: 'LEASE_EXPIRED' });
      expect(
        await store.jobs.extendLease(other?.id ?? -1, runWorkerId('instance-b', 'run1'), 1),
      ).toBe(true);
      expect(await store.jobs.extendLease(live?.id ?? -1, current, 60_000)).toBe(true);
      await expect(store.jobs.releaseLeases('', current)).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});

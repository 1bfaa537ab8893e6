import { afterEach, expect, it } from 'vitest';
import { hookEvent } from '../inbound-event-test-fixtures.js';
import { openPostgresStore, type PostgresStore } from './open-postgres-store.js';
import { describeWithPostgres } from './postgres-test-fixtures.js';

describeWithPostgres('PostgreSQL leader lease', (db) => {
  const stores: PostgresStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('is held by one instance at a time, renewed by it, taken over once released or expired', async () => {
    const url = await db.createDatabase();
    const a = await openPostgresStore({ connectionString: url });
    const b = await openPostgresStore({ connectionString: url });
    stores.push(a, b);
    const both = await Promise.all([
      a.leaderLease.acquire('a', 60_000),
      b.leaderLease.acquire('b', 60_000),
    ]);
    const winner = both[0] === 'a' ? a : b;
    const loser = winner === a ? b : a;
    const [winnerId, loserId] = winner === a ? ['a', 'b'] : ['b', 'a'];
    expect(await winner.leaderLease.acquire(winnerId, 60_000)).toBe(winnerId);
    expect(await loser.leaderLease.acquire(loserId, 60_000)).toBe(winnerId);

    await winner.leaderLease.release(winnerId);
    expect(await loser.leaderLease.acquire(loserId, 60_000)).toBe(loserId);
    // Releasing a lease one does not hold changes nothing.
    await winner.leaderLease.release(winnerId);
    expect(await winner.leaderLease.acquire(winnerId, 60_000)).toBe(loserId);

    // A lease not renewed within its life is taken over.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await winner.leaderLease.acquire(winnerId, 10)).toBe(winnerId);
  });

  it('expires the queue leases of a silent instance only, and its jobs are claimed again', async () => {
    const url = await db.createDatabase();
    const store = await openPostgresStore({ connectionString: url });
    stores.push(store);
    await store.inbox.accept([hookEvent('dead'), hookEvent('alive'), hookEvent('unknown')]);
    const lease = (workerId: string) => store.jobs.claim({ limit: 1, leaseMs: 60_000, workerId });
    const [deadJob] = await lease('dead-host-8787:run1');
    const [aliveJob] = await lease('alive-host-8787:run1');
    const [unknownJob] = await lease('no-heartbeat:run1');

    await store.leaderLease.heartbeat('dead-host-8787');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await store.leaderLease.heartbeat('alive-host-8787');
    expect(await store.leaderLease.expireLeasesOfSilentInstances(250)).toBe(1);
    // Done once: the lease is already expired.
    expect(await store.leaderLease.expireLeasesOfSilentInstances(250)).toBe(0);

    const taken = await store.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'b-8787:run1' });
    expect(taken.map((job) => job.id)).toEqual([deadJob?.id]);
    expect(taken[0]?.attempts).toBe(1);
    // The silent instance, should it come back, cannot complete the job any more.
    expect(await store.jobs.complete(deadJob?.id ?? 0, 'dead-host-8787:run1')).toBe(false);
    // The others keep their leases: they can still complete their jobs.
    expect(await store.jobs.complete(aliveJob?.id ?? 0, 'alive-host-8787:run1')).toBe(true);
    expect(await store.jobs.complete(unknownJob?.id ?? 0, 'no-heartbeat:run1')).toBe(true);
  });
});

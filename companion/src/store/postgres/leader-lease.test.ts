import { afterEach, expect, it } from 'vitest';
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
});

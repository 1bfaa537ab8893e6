import { afterEach, describe, expect, it, vi } from 'vitest';
import { hookEvent } from '../inbound-event-test-fixtures.js';
import type { Store } from '../types.js';
import { listenForJobs, signalJobs } from './job-notifications.js';
import { openPostgresStore } from './open-postgres-store.js';
import { describeWithPostgres } from './postgres-test-fixtures.js';

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(condition()).toBe(true);
}

/** Workers of every instance hear at commit that another instance's inbox queued jobs. */
describeWithPostgres('PostgreSQL job notifications', (db) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('tells a watching instance when another accepts events, at commit and not before', async () => {
    const url = await db.createDatabase();
    const worker = await openPostgresStore({ connectionString: url });
    const intake = await openPostgresStore({ connectionString: url });
    stores.push(worker, intake);
    const heard = vi.fn();
    const watch = worker.watchJobs(heard);
    // Listening is confirmed by the one call made once LISTEN is in place.
    await until(() => heard.mock.calls.length === 1);

    let inside = 0;
    await intake.transaction(async (tx) => {
      await tx.inbox.accept([hookEvent('in-a-transaction')]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      inside = heard.mock.calls.length;
    });
    expect(inside).toBe(1);
    await until(() => heard.mock.calls.length === 2);

    // A transaction that rolls back announces nothing.
    await expect(
      intake.transaction(async (tx) => {
        await tx.inbox.accept([hookEvent('rolled-back')]);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveBeenCalledTimes(2);

    // A delivery that adds nothing (a redelivery) notifies nobody.
    await intake.inbox.accept([hookEvent('in-a-transaction')]);
    await intake.inbox.accept([hookEvent('second')]);
    await until(() => heard.mock.calls.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveBeenCalledTimes(3);

    await watch.stop();
    await intake.inbox.accept([hookEvent('after-stop')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveBeenCalledTimes(3);
  });

  it('listens again after its connection was cut', async () => {
    const url = await db.createDatabase();
    const intake = await openPostgresStore({ connectionString: url });
    stores.push(intake);
    const heard = vi.fn();
    const watch = listenForJobs({ connectionString: url, reconnectMs: 50 }, heard);
    try {
      await until(() => heard.mock.calls.length === 1);
      // What an administrator or a failover does to the listening session.
      const { Client } = (await import('pg')).default;
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      await client.end();
      // Listening again announces itself, and then hears the next accept.
      await until(() => heard.mock.calls.length === 2);
      await intake.inbox.accept([hookEvent('after-reconnect')]);
      await until(() => heard.mock.calls.length === 3);
    } finally {
      await watch.stop();
    }
  });
});

describe('signalJobs', () => {
  /** A pool whose NOTIFY statements finish when the test says. */
  const pool = () => {
    const sent: (() => void)[] = [];
    return {
      sent,
      query: vi.fn(
        () =>
          new Promise<void>((resolve) => {
            sent.push(resolve);
          }),
      ),
    };
  };

  it('sends one notification at a time, and one more for the signals that came meanwhile', async () => {
    const db = pool();
    const jobs = signalJobs(db as never);
    jobs.signal();
    jobs.signal();
    jobs.signal();
    expect(db.query).toHaveBeenCalledTimes(1);
    db.sent[0]?.();
    await vi.waitFor(() => expect(db.query).toHaveBeenCalledTimes(2));
    db.sent[1]?.();
    await jobs.idle();
    expect(db.query).toHaveBeenCalledTimes(2);
    jobs.signal();
    expect(db.query).toHaveBeenCalledTimes(3);
    db.sent[2]?.();
    await jobs.idle();
  });

  it('keeps signalling after a notification failed', async () => {
    const query = vi.fn().mockRejectedValueOnce(new Error('connection lost')).mockResolvedValue({});
    const jobs = signalJobs({ query } as never);
    jobs.signal();
    await jobs.idle();
    jobs.signal();
    await jobs.idle();
    expect(query).toHaveBeenCalledTimes(2);
  });
});

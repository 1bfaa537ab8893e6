import pg from 'pg';
import { afterEach, expect, it, vi } from 'vitest';
import type { InboundEvent, Store } from '../types.js';
import { openPostgresStore } from './open-postgres-store.js';
import { describeWithPostgres } from './postgres-test-fixtures.js';

/** Two instances (two stores, two pools) on one database, working at the same time. */
describeWithPostgres('PostgreSQL store, two instances at once', (db) => {
  const stores: Store[] = [];
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
    for (const store of stores.splice(0)) await store.close();
  });
  /** A connection of the test's own, beside the instances' pools; ended after the test. */
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    return client;
  };
  const twoInstances = async (now?: () => Date) => {
    const url = await db.createDatabase();
    const a = await openPostgresStore({ connectionString: url, ...(now ? { now } : {}) });
    const b = await openPostgresStore({ connectionString: url, ...(now ? { now } : {}) });
    stores.push(a, b);
    return [a, b, url] as const;
  };
  const event = (id: string, subjectKey: string): InboundEvent => ({
    source: 'okta-hook',
    eventId: id,
    eventType: 'user.account.update_profile',
    subjectKey,
    jobKind: 'okta-user-sync',
    occurredAt: '2026-03-01T10:00:00.000Z',
    payload: { id },
  });

  it('migrates once when both open the database together', async () => {
    const url = await db.createDatabase();
    const opened = await Promise.all([
      openPostgresStore({ connectionString: url }),
      openPostgresStore({ connectionString: url }),
      openPostgresStore({ connectionString: url }),
    ]);
    stores.push(...opened);
    expect((await opened[0].healthCheck()).ok).toBe(true);
  });

  it('accepts an event delivered to both instances once', async () => {
    const [a, b] = await twoInstances();
    const batch = Array.from({ length: 40 }, (_, i) => event(`ev-${i}`, `okta-user:${i % 5}`));
    const results = await Promise.all([
      a.inbox.accept(batch),
      b.inbox.accept(batch),
      a.inbox.accept(batch.slice(20)),
      b.inbox.accept(batch.slice(0, 20)),
    ]);
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(40);
    const seen = new Set<string>();
    for (;;) {
      const jobs = await a.jobs.claim({ limit: 50, leaseMs: 60_000, workerId: 'check' });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        for (const e of job.events) {
          expect(seen.has(e.eventId)).toBe(false);
          seen.add(e.eventId);
        }
        await a.jobs.complete(job.id, 'check');
      }
    }
    expect(seen.size).toBe(40);
  });

  it('accepts batches naming the same subjects in opposite orders at once, without a deadlock', async () => {
    const [a, b] = await twoInstances();
    for (let round = 0; round < 15; round++) {
      await Promise.all([
        a.inbox.accept([
          event(`a-${round}-x`, 'okta-user:x'),
          event(`a-${round}-y`, 'okta-user:y'),
        ]),
        b.inbox.accept([
          event(`b-${round}-y`, 'okta-user:y'),
          event(`b-${round}-x`, 'okta-user:x'),
        ]),
      ]);
    }
    let events = 0;
    for (;;) {
      const jobs = await a.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'check' });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        events += job.events.length;
        await a.jobs.complete(job.id, 'check');
      }
    }
    expect(events).toBe(60);
  });

  it('accepts the same events delivered to both instances in opposite orders at once, without a deadlock', async () => {
    const url = await db.createDatabase();
    const a = await openPostgresStore({ connectionString: url });
    const b = await openPostgresStore({ connectionString: url });
    stores.push(a, b);
    // A third connection holds the middle id uncommitted, so both deliveries are under way
    // (each waiting on it) before either can go on: inserted in batch order, each would then
    // wait for an id the other holds.
    const holder = await connect(url);
    await holder.query('BEGIN');
    await holder.query(
      `INSERT INTO inbox_events (event_id, source, event_type, subject_key, job_kind,
         occurred_at, occurred_at_ms, received_at)
       VALUES ('ev-2', 'api', 't', 's', 'k', 'x', 0, 'x')`,
    );
    const batch = ['ev-1', 'ev-2', 'ev-3'].map((id, i) => event(id, `okta-user:${i}`));
    const accepts = Promise.all([a.inbox.accept(batch), b.inbox.accept([...batch].reverse())]);
    await vi.waitFor(
      async () => {
        const { rows } = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        expect(Number(rows[0]?.n)).toBe(2);
      },
      { timeout: 10_000, interval: 20 },
    );
    await holder.query('ROLLBACK');
    const results = await accepts;
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(3);
    // Each instance opened jobs for events the other then stored: none is left empty.
    const { rows: empty } = await holder.query<{ id: number }>(
      `SELECT j.id FROM jobs j
       WHERE NOT EXISTS (SELECT 1 FROM inbox_events e WHERE e.job_id = j.id)`,
    );
    expect(empty).toEqual([]);
    const { rows: jobs } = await holder.query<{ n: string }>('SELECT count(*) AS n FROM jobs');
    expect(Number(jobs[0]?.n)).toBe(3);
  });

  it('joins the newest of two pending jobs of a subject, opened by two instances at once', async () => {
    const [a, b, url] = await twoInstances();
    await a.inbox.accept([event('ev-1', 'okta-user:x')]);
    // The second instance opened a job of its own for the subject in the same instant.
    const direct = await connect(url);
    await direct.query(
      `INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
       VALUES ('okta-user:x', 'okta-user-sync', 'pending', 0, 0, 0)`,
    );
    expect((await b.inbox.accept([event('ev-2', 'okta-user:x')])).accepted).toBe(1);
    const { rows } = await direct.query<{ event_id: string; job_id: number }>(
      'SELECT event_id, job_id FROM inbox_events ORDER BY event_id',
    );
    const { rows: jobs } = await direct.query<{ id: number }>('SELECT id FROM jobs ORDER BY id');
    expect(rows.map((r) => [r.event_id, Number(r.job_id)])).toEqual([
      ['ev-1', Number(jobs[0]?.id)],
      ['ev-2', Number(jobs[1]?.id)],
    ]);
  });

  it('accepts without waiting for a claim that holds the subject’s pending job, in a job that runs after it', async () => {
    const [intake, worker, url] = await twoInstances();
    await intake.inbox.accept([event('ev-1', 'okta-user:x')]);
    // A claim in progress: the pending job locked as the claim's own statement locks it.
    const claiming = await connect(url);
    await claiming.query('BEGIN');
    const { rows: locked } = await claiming.query<{ id: string }>(
      "SELECT id FROM jobs WHERE state = 'pending' FOR UPDATE SKIP LOCKED",
    );
    expect(locked).toHaveLength(1);
    // Waiting for the lock would never end: the claim commits only after the accept.
    expect((await intake.inbox.accept([event('ev-2', 'okta-user:x')])).accepted).toBe(1);
    await claiming.query('COMMIT');
    const first = await worker.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'w' });
    expect(first.map((job) => job.events.map((e) => e.eventId))).toEqual([['ev-1']]);
    // The subject's next job waits for the first to finish.
    expect(await worker.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'w' })).toEqual([]);
    await worker.jobs.complete((first[0] as { id: number }).id, 'w');
    const second = await worker.jobs.claim({ limit: 10, leaseMs: 60_000, workerId: 'w' });
    expect(second.map((job) => job.events.map((e) => e.eventId))).toEqual([['ev-2']]);
  });

  it('never leases two jobs of one subject at once, and hands out each event once, while events keep arriving', async () => {
    const [a, b] = await twoInstances();
    const subjects = 6;
    const total = 300;
    const busy = new Set<string>();
    const handled: string[] = [];
    let overlaps = 0;
    let producing = true;

    const produce = async () => {
      for (let i = 0; i < total; i += 10) {
        const batch = Array.from({ length: 10 }, (_, k) =>
          event(`ev-${i + k}`, `okta-user:${(i + k) % subjects}`),
        );
        // Half the batches reach one instance, half the other, some both.
        await (i % 20 === 0 ? a : b).inbox.accept(batch);
        if (i % 30 === 0) await (i % 20 === 0 ? b : a).inbox.accept(batch);
      }
      producing = false;
    };
    const work = async (store: Store, workerId: string) => {
      for (;;) {
        const jobs = await store.jobs.claim({ limit: 3, leaseMs: 60_000, workerId });
        if (jobs.length === 0) {
          if (!producing && (await store.jobs.counts()).pending === 0) return;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        await Promise.all(
          jobs.map(async (job) => {
            if (busy.has(job.subjectKey)) overlaps++;
            busy.add(job.subjectKey);
            await new Promise((resolve) => setImmediate(resolve));
            handled.push(...job.events.map((e) => e.eventId));
            busy.delete(job.subjectKey);
            expect(await store.jobs.complete(job.id, workerId)).toBe(true);
          }),
        );
      }
    };
    await Promise.all([produce(), work(a, 'a:1'), work(b, 'b:1'), work(a, 'a:2'), work(b, 'b:2')]);
    expect(overlaps).toBe(0);
    expect(handled).toHaveLength(total);
    expect(new Set(handled).size).toBe(total);
  });

  it('lets the other instance take over an expired lease, and only once', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const [a, b] = await twoInstances(() => new Date(clock));
    await a.inbox.accept([event('ev-1', 'okta-user:1')]);
    const [job] = await a.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'a:run' });
    expect(await b.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'b:run' })).toEqual([]);
    clock += 31_000;
    const takers = await Promise.all([
      b.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'b:run' }),
      b.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'b:other' }),
    ]);
    const taken = takers.flat();
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ id: job?.id, attempts: 1, lastErrorCode: 'LEASE_EXPIRED' });
    expect(await a.jobs.complete(job?.id ?? 0, 'a:run')).toBe(false);
    expect(await a.jobs.extendLease(job?.id ?? 0, 'a:run', 30_000)).toBe(false);
  });

  it('makes a locked cursor’s read and write one unit across instances', async () => {
    const [a, b] = await twoInstances();
    const increment = (store: Store) =>
      store.transaction(async (tx) => {
        const n = Number((await tx.cursors.lock('guard.counter')) ?? '0');
        await new Promise((resolve) => setImmediate(resolve));
        await tx.cursors.set('guard.counter', String(n + 1));
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 === 0 ? a : b)));
    expect(await a.cursors.get('guard.counter')).toBe('20');
  });

  it('lets one of two instances creating the same SCIM userName at once see the other', async () => {
    const [a, b] = await twoInstances();
    const create = (store: Store, id: string) =>
      store.transaction(async (tx) => {
        const holder = await tx.scim.userByUserName('Ada@Example.test');
        await new Promise((resolve) => setImmediate(resolve));
        if (holder) return 'taken';
        await tx.scim.saveUser({
          id,
          userName: 'ada@example.test',
          externalId: null,
          oktaUserId: null,
          active: true,
          attributes: {},
          version: 1,
          created: '2026-03-01T10:00:00.000Z',
          lastModified: '2026-03-01T10:00:00.000Z',
        });
        return 'created';
      });
    const outcomes = await Promise.all([create(a, 'scim-a'), create(b, 'scim-b')]);
    expect(outcomes.sort()).toEqual(['created', 'taken']);
  });

  it('fires a due timer once when both instances fire together', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < 20; i++) {
      await a.timers.schedule({
        id: `grant:${i}`,
        dueAt: new Date(Date.now() - 1000),
        subjectKey: `grant:${i}`,
        jobKind: 'grant-expiry',
        payload: {},
      });
    }
    const fired = await Promise.all([a.timers.fireDue(), b.timers.fireDue(), a.timers.fireDue()]);
    expect(fired.reduce((n, r) => n + r.accepted, 0)).toBe(20);
    expect((await b.jobs.counts()).pending).toBe(20);
  });

  it('replays a dead letter once when both instances replay it', async () => {
    const [a, b] = await twoInstances();
    await a.inbox.accept([event('ev-1', 'okta-user:1')]);
    const [job] = await a.jobs.claim({ limit: 1, leaseMs: 30_000, workerId: 'a:run' });
    const dead = await a.jobs.deadLetter(job?.id ?? 0, 'a:run', { error: 'gone' });
    const replays = await Promise.all([
      a.deadLetters.replay(dead ?? 0),
      b.deadLetters.replay(dead ?? 0),
    ]);
    expect(replays.filter((id) => id !== undefined)).toHaveLength(1);
    expect((await a.jobs.counts()).pending).toBe(1);
  });
});

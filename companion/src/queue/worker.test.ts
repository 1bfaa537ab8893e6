import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { InboundEvent, Job, Store } from '../store/types.js';
import type { ErrorClassification } from './classify-error.js';
import { PermanentError, TransientError } from './job-errors.js';
import { createWorker, type JobHandler, type Worker, type WorkerOptions } from './worker.js';

const dir = mkdtempSync(join(tmpdir(), 'worker-'));
const stores: Store[] = [];
const workers: Worker[] = [];

afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class ManualClock {
  constructor(public ms = Date.parse('2025-03-01T10:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

function open(clock: { now: () => Date }, path = ':memory:'): Store {
  const store = openSqliteStore({ path, now: clock.now });
  stores.push(store);
  return store;
}

function start(
  options: Partial<WorkerOptions> & Pick<WorkerOptions, 'store' | 'handlers'>,
): Worker {
  const worker = createWorker({
    logger: silentLogger(),
    pollIntervalMs: 3_600_000, // only wake() and completions drive these workers
    leaseMs: 60_000,
    random: () => 0,
    ...options,
  });
  workers.push(worker);
  worker.start();
  return worker;
}

/** How long and how often `expect.poll` re-reads what a worker running in the background did. */
const POLL = { timeout: 30_000, interval: 2 };

let seq = 0;
function event(subjectKey: string, overrides: Partial<InboundEvent> = {}): InboundEvent {
  seq += 1;
  return {
    source: 'okta-hook',
    eventId: `ev-${seq}`,
    eventType: 'user.account.update_profile',
    subjectKey,
    jobKind: 'sync',
    occurredAt: new Date(Date.parse('2025-03-01T09:00:00.000Z') + seq).toISOString(),
    payload: { seq },
    ...overrides,
  };
}

const done: JobHandler = async (jobs) => jobs.map((job) => ({ jobId: job.id, status: 'done' }));

describe('createWorker', () => {
  it('handles jobs in batches of one kind and claims at once on wake()', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const batches: string[][] = [];
    const worker = start({
      store,
      handlers: {
        sync: async (jobs) => {
          batches.push(jobs.map((j) => j.subjectKey));
          return done(jobs);
        },
        other: done,
      },
      batchSize: 10,
    });
    await store.inbox.accept([event('k1'), event('k2'), event('k3', { jobKind: 'other' })]);
    worker.wake();
    await expect.poll(() => worker.stats().completed, POLL).toBe(3);

    expect(batches).toEqual([['k1', 'k2']]);
    expect(await store.jobs.counts()).toEqual({
      pending: 0,
      leased: 0,
      delayed: 0,
      deadLetters: 0,
    });
  });

  it('while a batch runs, lets the jobs arriving gather and claims them together', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const batches: string[][] = [];
    let release = () => {};
    const firstRuns = new Promise<void>((resolve) => (release = resolve));
    const worker = start({
      store,
      now: clock.now,
      gatherMs: 1000,
      handlers: {
        sync: async (jobs) => {
          batches.push(jobs.map((j) => j.subjectKey));
          if (batches.length === 1) await firstRuns;
          return done(jobs);
        },
      },
      batchSize: 10,
    });
    await store.inbox.accept([event('a')]);
    worker.wake();
    await expect.poll(() => batches.length, POLL).toBe(1);
    // a is still running: b and c wait for the gathering time, not a claim each.
    for (const key of ['b', 'c']) {
      await store.inbox.accept([event(key)]);
      worker.wake();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches).toEqual([['a']]);
    clock.advance(1000);
    worker.wake();
    await expect.poll(() => batches.length, POLL).toBe(2);
    expect(batches[1]).toEqual(['b', 'c']);
    release();
    await expect.poll(() => worker.stats().completed, POLL).toBe(3);
    // Idle again: a new job is claimed at once.
    await store.inbox.accept([event('d')]);
    worker.wake();
    await expect.poll(() => batches.length, POLL).toBe(3);
  });

  it('processes each subject strictly in order across two workers and many keys', async () => {
    const path = join(dir, 'ordering', 'store.db');
    const clock = { now: () => new Date() };
    const storeA = open(clock, path);
    const storeB = open(clock, path);
    const keys = Array.from({ length: 25 }, (_, i) => `okta-user:${i}`);
    const rounds = 8;
    const seen = new Map<string, number[]>(keys.map((k) => [k, []]));
    const active = new Set<string>();
    const overlaps: string[] = [];
    const handler: JobHandler = async (jobs) => {
      for (const job of jobs) {
        if (active.has(job.subjectKey)) overlaps.push(job.subjectKey);
        active.add(job.subjectKey);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
      for (const job of jobs) {
        seen
          .get(job.subjectKey)
          ?.push(...job.events.map((e) => (e.payload as { round: number }).round));
        active.delete(job.subjectKey);
      }
      return done(jobs);
    };
    const workerA = start({
      store: storeA,
      handlers: { sync: handler },
      concurrency: 3,
      batchSize: 4,
      workerId: 'A',
    });
    const workerB = start({
      store: storeB,
      handlers: { sync: handler },
      concurrency: 3,
      batchSize: 4,
      workerId: 'B',
    });

    for (let round = 0; round < rounds; round++) {
      const events = keys.map((key) => event(key, { payload: { round } }));
      await (round % 2 ? storeA : storeB).inbox.accept(events);
      workerA.wake();
      workerB.wake();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const total = keys.length * rounds;
    await expect
      .poll(() => [...seen.values()].reduce((n, list) => n + list.length, 0), POLL)
      .toBe(total);

    expect(overlaps).toEqual([]);
    for (const key of keys) expect(seen.get(key)).toEqual([...Array(rounds).keys()]);
    expect(workerA.stats().completed).toBeGreaterThan(0);
    expect(workerB.stats().completed).toBeGreaterThan(0);
    await expect.poll(async () => (await storeA.jobs.counts()).leased, POLL).toBe(0);
    expect(await storeA.jobs.counts()).toEqual({
      pending: 0,
      leased: 0,
      delayed: 0,
      deadLetters: 0,
    });
  });

  it('waits for a rate-limit reset before trying again', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    let calls = 0;
    const resetAt = clock.ms + 30_000;
    const worker = start({
      store,
      now: clock.now,
      handlers: {
        sync: async (jobs) => {
          calls += 1;
          if (calls > 1) return done(jobs);
          // The shape of an OktaApiError for a 429.
          const error = Object.assign(
            new Error('Okta HTTP 429 E0000047 API call exceeded rate limit'),
            {
              status: 429,
              errorCode: 'E0000047',
              headers: new Headers({ 'x-rate-limit-reset': String(resetAt / 1000) }),
            },
          );
          return jobs.map((job) => ({ jobId: job.id, status: 'failed', error }));
        },
      },
    });
    await store.inbox.accept([event('k1')]);
    worker.wake();
    await expect.poll(() => worker.stats().retried, POLL).toBe(1);

    expect(await store.deadLetters.count()).toBe(0);
    expect(await store.jobs.counts()).toMatchObject({ pending: 0, delayed: 1 });
    clock.advance(29_999);
    expect(await store.jobs.counts()).toMatchObject({ pending: 0, delayed: 1 });
    clock.advance(1);
    expect(await store.jobs.counts()).toMatchObject({ pending: 1, delayed: 0 });
    worker.wake();
    await expect.poll(() => worker.stats().completed, POLL).toBe(1);
    expect(calls).toBe(2);
  });

  it('dead-letters after maxAttempts, tells onDeadLetter, and a replay runs again', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    let failing = true;
    const attemptsSeen: number[] = [];
    const deadLettered: Array<{ job: Job; error: ErrorClassification }> = [];
    const worker = start({
      store,
      now: clock.now,
      maxAttempts: 3,
      backoff: { baseMs: 1, maxMs: 1 },
      handlers: {
        sync: async (jobs) =>
          jobs.map((job) => {
            attemptsSeen.push(job.attempts);
            return failing
              ? {
                  jobId: job.id,
                  status: 'failed',
                  error: new TransientError('Salesforce is busy', { code: 'BUSY' }),
                }
              : { jobId: job.id, status: 'done' };
          }),
      },
      onDeadLetter: (job, error) => {
        deadLettered.push({ job, error });
      },
    });
    await store.inbox.accept([event('k1', { eventId: 'poison-1' })]);
    worker.wake();
    await expect.poll(() => deadLettered.length, POLL).toBe(1);

    expect(attemptsSeen).toEqual([0, 1, 2]);
    expect(deadLettered[0]?.error).toMatchObject({ kind: 'transient', code: 'BUSY' });
    const [dead] = (await store.deadLetters.list({ limit: 10 })).items;
    expect(dead).toMatchObject({ attempts: 3, error: 'Salesforce is busy', errorCode: 'BUSY' });
    expect(dead?.events.map((e) => e.eventId)).toEqual(['poison-1']);

    failing = false;
    await store.deadLetters.replay(dead?.id ?? -1);
    worker.wake();
    await expect.poll(() => worker.stats().completed, POLL).toBe(1);
    expect(attemptsSeen.at(-1)).toBe(0);
    expect(await store.deadLetters.count()).toBe(0);
  });

  it('dead-letters a permanent failure at once and fails a throwing batch as transient', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const worker = start({
      store,
      now: clock.now,
      random: () => 0.5, // a backoff above zero, so that the frozen clock keeps the retries waiting
      handlers: {
        sync: async (jobs) =>
          jobs.map((job) => ({
            jobId: job.id,
            status: 'failed',
            error: new PermanentError('no such field', { code: 'INVALID_FIELD' }),
          })),
        throws: async () => {
          throw new PermanentError('the whole batch failed');
        },
        silent: async () => [],
      },
    });
    await store.inbox.accept([
      event('a'),
      event('b', { jobKind: 'throws' }),
      event('c', { jobKind: 'throws' }),
      event('d', { jobKind: 'silent' }),
    ]);
    worker.wake();
    await expect
      .poll(() => [worker.stats().deadLettered, worker.stats().retried], POLL)
      .toEqual([1, 3]);

    expect(
      (await store.deadLetters.list({ limit: 10 })).items.map((d) => [d.subjectKey, d.attempts]),
    ).toEqual([['a', 1]]);
    expect(await store.jobs.counts()).toMatchObject({ delayed: 3, leased: 0 });
    await worker.stop();
    clock.advance(3_600_000);
    const retried = await store.jobs.claim({ limit: 10, leaseMs: 1000, workerId: 'test' });
    expect(retried.map((j) => [j.subjectKey, j.attempts, j.lastErrorCode])).toEqual([
      ['b', 1, null],
      ['c', 1, null],
      ['d', 1, 'NO_OUTCOME'],
    ]);
    expect(retried[0]?.lastError).toBe('the whole batch failed');
  });

  it('reports each recorded outcome by kind, and the time of every batch', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const outcomes: string[] = [];
    const batches: string[] = [];
    const worker = start({
      store,
      now: clock.now,
      random: () => 0.5,
      onJobFinished: (kind, outcome) => outcomes.push(`${kind}:${outcome}`),
      onBatchRun: (kind, seconds) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        batches.push(kind);
      },
      handlers: {
        sync: done,
        fails: async (jobs) =>
          jobs.map((job) => ({
            jobId: job.id,
            status: 'failed',
            error:
              job.subjectKey === 'c'
                ? new PermanentError('no such field')
                : new TransientError('try later'),
          })),
        throws: async () => {
          throw new Error('the whole batch failed');
        },
      },
    });
    await store.inbox.accept([
      event('a'),
      event('b', { jobKind: 'fails' }),
      event('c', { jobKind: 'fails' }),
      event('d', { jobKind: 'throws' }),
    ]);
    worker.wake();
    await expect.poll(() => outcomes.length, POLL).toBe(4);
    expect(outcomes.sort()).toEqual([
      'fails:dead-letter',
      'fails:retried',
      'sync:done',
      'throws:retried',
    ]);
    expect(batches.sort()).toEqual(['fails', 'sync', 'throws']);
  });

  it('does not run again a job whose earlier runs kept dying', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    await store.inbox.accept([event('k1')]);
    for (let i = 0; i < 3; i++) {
      expect(await store.jobs.claim({ limit: 1, leaseMs: 1000, workerId: 'crashed' })).toHaveLength(
        1,
      );
      clock.advance(1000);
    }
    let calls = 0;
    const worker = start({
      store,
      now: clock.now,
      maxAttempts: 2,
      handlers: {
        sync: async (jobs) => {
          calls += 1;
          return done(jobs);
        },
      },
    });
    worker.wake();
    await expect.poll(() => worker.stats().deadLettered, POLL).toBe(1);
    expect(calls).toBe(0);
    expect((await store.deadLetters.list({ limit: 1 })).items[0]).toMatchObject({
      errorCode: 'LEASE_EXPIRED',
    });
  });

  it('drains: stop() waits for the running batch and then claims nothing', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = false;
    const worker = start({
      store,
      handlers: {
        sync: async (jobs) => {
          entered = true;
          await gate;
          return done(jobs);
        },
      },
    });
    await store.inbox.accept([event('k1')]);
    worker.wake();
    await expect.poll(() => entered, POLL).toBe(true);

    let stopped = false;
    const stopping = worker.stop({ drain: true }).then(() => {
      stopped = true;
    });
    await store.inbox.accept([event('k2')]);
    worker.wake();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect(worker.stats()).toMatchObject({ running: false, inFlightJobs: 1 });

    release();
    await stopping;
    expect(worker.stats()).toMatchObject({ completed: 1, claimed: 1, inFlightJobs: 0 });
    expect(await store.jobs.counts()).toMatchObject({ pending: 1, leased: 0 });
  });

  it('keeps extending the lease of a long batch', async () => {
    const store = open({ now: () => new Date() });
    const extended: number[] = [];
    const jobs = {
      ...store.jobs,
      extendLease: async (jobId: number, workerId: string, leaseMs: number) => {
        const ok = await store.jobs.extendLease(jobId, workerId, leaseMs);
        if (ok) extended.push(jobId);
        return ok;
      },
    };
    const worker = start({
      store: { jobs },
      leaseMs: 1500,
      handlers: {
        sync: async (batch) => {
          await expect.poll(() => extended.length, POLL).toBeGreaterThanOrEqual(2);
          return done(batch);
        },
      },
    });
    await store.inbox.accept([event('k1')]);
    worker.wake();
    await expect.poll(() => worker.stats().completed, POLL).toBe(1);
    expect(worker.stats().leaseLost).toBe(0);
  });
});

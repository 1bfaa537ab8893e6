import type { ClaimOptions, FailureRecord, Job, JobQueueStore, StoredEvent } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { type EventRow, type JobRow, toJob, toStoredEvent } from './rows.js';
import { jobSql } from './sql.js';

interface LeaseParams {
  id: number;
  workerId: string;
  now: number;
}

export function createSqliteJobQueue(ctx: SqliteContext): Synchronous<JobQueueStore> {
  const { db } = ctx;
  const s = {
    claimCandidates: db.prepare<
      [{ now: number; kinds: string | null; limit: number }],
      { id: number }
    >(jobSql.claimCandidates),
    lease: db.prepare<[{ id: number; workerId: string; leaseUntil: number }], JobRow>(jobSql.lease),
    get: db.prepare<[number], JobRow>(jobSql.get),
    events: db.prepare<[number], EventRow>(jobSql.events),
    ownedLease: db.prepare<[LeaseParams], { id: number }>(jobSql.ownedLease),
    markEventsProcessed: db.prepare<[number, number]>(jobSql.markEventsProcessed),
    delete: db.prepare<[number]>(jobSql.delete),
    retry: db.prepare<
      [LeaseParams & { availableAt: number; error: string; errorCode: string | null }]
    >(jobSql.retry),
    extendLease: db.prepare<[LeaseParams & { leaseUntil: number }]>(jobSql.extendLease),
    releaseWaiting: db.prepare<[{ code: string; now: number }]>(jobSql.releaseWaiting),
    countWaiting: db.prepare<[string], { n: number }>(jobSql.countWaiting),
    listWaiting: db.prepare<[string, number], JobRow>(jobSql.listWaiting),
    releaseLeases: db.prepare<[{ prefix: string; keep: string; now: number }]>(
      jobSql.releaseLeases,
    ),
    insertDeadLetter: db.prepare<
      [{ id: number; error: string; errorCode: string | null; now: number }]
    >(jobSql.insertDeadLetter),
    moveEventsToDeadLetter: db.prepare<[number | bigint, number]>(jobSql.moveEventsToDeadLetter),
    counts: db.prepare<[{ now: number }], { leased: number; pending: number; delayed: number }>(
      jobSql.counts,
    ),
    countDeadLetters: db.prepare<[], { n: number }>(jobSql.countDeadLetters),
    oldestPending: db.prepare<[number], { available_at: number }>(jobSql.oldestPending),
    nextAvailable: db.prepare<[number], { available_at: number }>(jobSql.nextAvailable),
  };

  const eventsOf = (jobId: number): StoredEvent[] => s.events.all(jobId).map(toStoredEvent);

  const claim = db.transaction((options: ClaimOptions): Job[] => {
    if (options.limit <= 0) return [];
    const now = ctx.nowMs();
    const kinds = options.kinds === undefined ? null : JSON.stringify(options.kinds);
    const candidates = s.claimCandidates.all({ now, kinds, limit: Math.floor(options.limit) });
    return candidates.map(({ id }) => {
      const row = s.lease.get({
        id,
        workerId: options.workerId,
        leaseUntil: now + options.leaseMs,
      });
      if (!row) throw new Error(`job ${id} vanished while being claimed`);
      return toJob(row, eventsOf(id));
    });
  });

  const owns = (jobId: number, workerId: string): boolean =>
    s.ownedLease.get({ id: jobId, workerId, now: ctx.nowMs() }) !== undefined;

  const complete = db.transaction((jobId: number, workerId: string): boolean => {
    if (!owns(jobId, workerId)) return false;
    s.markEventsProcessed.run(ctx.nowMs(), jobId);
    s.delete.run(jobId);
    return true;
  });

  const completeMany = db.transaction((jobIds: readonly number[], workerId: string): number[] =>
    jobIds.filter((jobId) => complete(jobId, workerId)),
  );

  const deadLetter = db.transaction(
    (jobId: number, workerId: string, failure: FailureRecord): number | undefined => {
      if (!owns(jobId, workerId)) return undefined;
      const inserted = s.insertDeadLetter.run({
        id: jobId,
        error: failure.error,
        errorCode: failure.errorCode ?? null,
        now: ctx.nowMs(),
      });
      s.moveEventsToDeadLetter.run(inserted.lastInsertRowid, jobId);
      s.delete.run(jobId);
      return Number(inserted.lastInsertRowid);
    },
  );

  return {
    claim: (options) => claim.immediate(options),
    complete: (jobId, workerId) => complete.immediate(jobId, workerId),
    completeMany: (jobIds, workerId) =>
      jobIds.length === 0 ? [] : completeMany.immediate(jobIds, workerId),
    retry: (jobId, workerId, failure) =>
      s.retry.run({
        id: jobId,
        workerId,
        now: ctx.nowMs(),
        availableAt: failure.availableAt.getTime(),
        error: failure.error,
        errorCode: failure.errorCode ?? null,
      }).changes === 1,
    deadLetter: (jobId, workerId, failure) => deadLetter.immediate(jobId, workerId, failure),
    releaseWaiting: (errorCode) =>
      s.releaseWaiting.run({ code: errorCode, now: ctx.nowMs() }).changes,
    waiting: (errorCode, limit) => ({
      total: s.countWaiting.get(errorCode)?.n ?? 0,
      jobs: s.listWaiting
        .all(errorCode, Math.max(0, Math.floor(limit)))
        .map((row) => toJob(row, eventsOf(row.id))),
    }),
    releaseLeases: (workerIdPrefix, keep) => {
      if (workerIdPrefix === '') throw new Error('releaseLeases needs a worker id prefix');
      return s.releaseLeases.run({ prefix: workerIdPrefix, keep, now: ctx.nowMs() }).changes;
    },
    extendLease: (jobId, workerId, leaseMs) => {
      const now = ctx.nowMs();
      return (
        s.extendLease.run({ id: jobId, workerId, now, leaseUntil: now + leaseMs }).changes === 1
      );
    },
    get: (jobId) => {
      const row = s.get.get(jobId);
      return row ? toJob(row, eventsOf(jobId)) : undefined;
    },
    counts: () => {
      const counts = s.counts.get({ now: ctx.nowMs() });
      return {
        pending: counts?.pending ?? 0,
        leased: counts?.leased ?? 0,
        delayed: counts?.delayed ?? 0,
        deadLetters: s.countDeadLetters.get()?.n ?? 0,
      };
    },
    oldestPendingAge: () => {
      const now = ctx.nowMs();
      const row = s.oldestPending.get(now);
      return row ? now - row.available_at : 0;
    },
    nextAvailableAt: () => {
      const row = s.nextAvailable.get(ctx.nowMs());
      return row ? new Date(row.available_at) : undefined;
    },
  };
}

import type { Job, JobQueueStore, StoredEvent } from '../types.js';
import { type EventRow, type JobRow, toJob, toStoredEvent } from '../sqlite/rows.js';
import type { PgContext } from './context.js';

export const EVENT_COLUMNS = `seq, source, event_id, event_type, subject_key, job_kind,
  occurred_at, received_at, payload`;
const JOB_COLUMNS = `id, subject_key, kind, state, attempts, created_at, available_at,
  lease_until, worker_id, last_error, last_error_code`;

/**
 * Due and claimable (pending, or leased with an expired lease), and the oldest job of its
 * subject key. Only the oldest job of a key can be taken and a row is leased by whoever
 * locks it first (the others skip it), so across instances a key has one leased job at most.
 */
const claimCandidates = `
  SELECT j.id FROM jobs j
  WHERE j.available_at <= $1
    AND (j.state = 'pending' OR j.lease_until <= $1)
    AND ($2::text[] IS NULL OR j.kind = ANY ($2::text[]))
    AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.subject_key = j.subject_key AND o.id < j.id)
  ORDER BY j.available_at, j.id
  LIMIT $3
  FOR UPDATE OF j SKIP LOCKED`;

/** Taking over an expired lease counts the abandoned attempt. */
const lease = `
  UPDATE jobs SET
    attempts = attempts + (CASE WHEN state = 'leased' THEN 1 ELSE 0 END),
    last_error = CASE WHEN state = 'leased' THEN 'lease expired before the job finished' ELSE last_error END,
    last_error_code = CASE WHEN state = 'leased' THEN 'LEASE_EXPIRED' ELSE last_error_code END,
    state = 'leased',
    worker_id = $2,
    lease_until = $3
  WHERE id = ANY ($1::bigint[])
  RETURNING ${JOB_COLUMNS}`;

const ownedLease = `
  SELECT id FROM jobs
  WHERE id = $1 AND state = 'leased' AND worker_id = $2 AND lease_until > $3
  FOR UPDATE`;

/**
 * The jobs, while this worker's lease on each is live, are locked in id order, their events
 * kept as processed without payload for de-duplication until pruned, and the jobs deleted:
 * one statement, returning the ids done. Planned on every call, not prepared once per
 * connection: a plan kept from while the queue was empty reads every row of the jobs table,
 * dead rows included, for each batch.
 */
const completeOwned = `
  WITH owned AS (
    SELECT id FROM jobs
    WHERE id = ANY ($1::bigint[]) AND state = 'leased' AND worker_id = $2 AND lease_until > $3
    ORDER BY id
    FOR UPDATE
  ),
  processed AS (
    UPDATE inbox_events SET job_id = NULL, payload = NULL, processed_at = $3
    WHERE job_id IN (SELECT id FROM owned)
  )
  DELETE FROM jobs WHERE id IN (SELECT id FROM owned)
  RETURNING id`;

export function createPgJobQueue(ctx: PgContext): JobQueueStore {
  const eventsOf = async (on: PgContext, jobIds: readonly number[]) => {
    const byJob = new Map<number, StoredEvent[]>(jobIds.map((id) => [id, []]));
    if (jobIds.length === 0) return byJob;
    const rows = await on.rows<EventRow & { job_id: number }>(
      `SELECT job_id, ${EVENT_COLUMNS} FROM inbox_events WHERE job_id = ANY ($1::bigint[])
       ORDER BY job_id, occurred_at_ms, seq`,
      [jobIds],
    );
    for (const row of rows) byJob.get(row.job_id)?.push(toStoredEvent(row));
    return byJob;
  };
  const withEvents = async (on: PgContext, rows: readonly JobRow[]): Promise<Job[]> => {
    const events = await eventsOf(
      on,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toJob(row, events.get(row.id) ?? []));
  };

  const completeMany: JobQueueStore['completeMany'] = async (jobIds, workerId) => {
    if (jobIds.length === 0) return [];
    const rows = await ctx.atomicRows<{ id: number }>(completeOwned, [
      [...jobIds],
      workerId,
      ctx.nowMs(),
    ]);
    const completed = new Set(rows.map((row) => row.id));
    return jobIds.filter((id) => completed.has(id));
  };

  return {
    claim: async (options) => {
      if (options.limit <= 0) return [];
      return ctx.atomic(async (tx) => {
        const now = tx.nowMs();
        const kinds = options.kinds === undefined ? null : [...options.kinds];
        const ids = await tx.rows<{ id: number }>(claimCandidates, [
          now,
          kinds,
          Math.floor(options.limit),
        ]);
        if (ids.length === 0) return [];
        const rows = await tx.rows<JobRow>(lease, [
          ids.map((row) => row.id),
          options.workerId,
          now + options.leaseMs,
        ]);
        rows.sort((a, b) => a.available_at - b.available_at || a.id - b.id);
        return withEvents(tx, rows);
      });
    },
    complete: async (jobId, workerId) => (await completeMany([jobId], workerId)).length === 1,
    completeMany,
    retry: async (jobId, workerId, failure) =>
      (await ctx.run(
        `UPDATE jobs SET
           state = 'pending', worker_id = NULL, lease_until = NULL,
           attempts = attempts + 1, available_at = $4,
           last_error = $5, last_error_code = $6
         WHERE id = $1 AND state = 'leased' AND worker_id = $2 AND lease_until > $3`,
        [
          jobId,
          workerId,
          ctx.nowMs(),
          failure.availableAt.getTime(),
          failure.error,
          failure.errorCode ?? null,
        ],
      )) === 1,
    deadLetter: (jobId, workerId, failure) =>
      ctx.atomic(async (tx) => {
        const now = tx.nowMs();
        if ((await tx.rows(ownedLease, [jobId, workerId, now])).length === 0) return undefined;
        // The failed attempt that sends a job to the dead letters counts.
        const [dead] = await tx.rows<{ id: number }>(
          `INSERT INTO dead_letters
             (job_id, subject_key, kind, attempts, error, error_code, created_at, dead_at)
           SELECT id, subject_key, kind, attempts + 1, $2, $3, created_at, $4
           FROM jobs WHERE id = $1
           RETURNING id`,
          [jobId, failure.error, failure.errorCode ?? null, now],
        );
        if (!dead) return undefined;
        await tx.run(
          'UPDATE inbox_events SET job_id = NULL, dead_letter_id = $1 WHERE job_id = $2',
          [dead.id, jobId],
        );
        await tx.run('DELETE FROM jobs WHERE id = $1', [jobId]);
        return dead.id;
      }),
    releaseWaiting: (errorCode) =>
      ctx.run(
        `UPDATE jobs SET available_at = $2
         WHERE state = 'pending' AND last_error_code = $1 AND available_at > $2`,
        [errorCode, ctx.nowMs()],
      ),
    waiting: async (errorCode, limit) => {
      const [count] = await ctx.rows<{ n: number }>(
        'SELECT COUNT(*) AS n FROM jobs WHERE last_error_code = $1',
        [errorCode],
      );
      const rows = await ctx.rows<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM jobs WHERE last_error_code = $1 ORDER BY id LIMIT $2`,
        [errorCode, Math.max(0, Math.floor(limit))],
      );
      return { total: count?.n ?? 0, jobs: await withEvents(ctx, rows) };
    },
    releaseLeases: async (workerIdPrefix, keep) => {
      if (workerIdPrefix === '') throw new Error('releaseLeases needs a worker id prefix');
      return ctx.run(
        `UPDATE jobs SET lease_until = $3
         WHERE state = 'leased' AND lease_until > $3 AND worker_id <> $2
           AND left(worker_id, length($1)) = $1`,
        [workerIdPrefix, keep, ctx.nowMs()],
      );
    },
    extendLease: async (jobId, workerId, leaseMs) => {
      const now = ctx.nowMs();
      return (
        (await ctx.run(
          `UPDATE jobs SET lease_until = $4
           WHERE id = $1 AND state = 'leased' AND worker_id = $2 AND lease_until > $3`,
          [jobId, workerId, now, now + leaseMs],
        )) === 1
      );
    },
    get: async (jobId) => {
      const rows = await ctx.rows<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [jobId]);
      return (await withEvents(ctx, rows))[0];
    },
    counts: async () => {
      const now = ctx.nowMs();
      const [counts] = await ctx.rows<{ leased: number; pending: number; delayed: number }>(
        `SELECT
           COUNT(*) FILTER (WHERE state = 'leased' AND lease_until > $1) AS leased,
           COUNT(*) FILTER (WHERE (state = 'pending' OR lease_until <= $1) AND available_at <= $1) AS pending,
           COUNT(*) FILTER (WHERE state = 'pending' AND available_at > $1) AS delayed
         FROM jobs`,
        [now],
      );
      const [dead] = await ctx.rows<{ n: number }>('SELECT COUNT(*) AS n FROM dead_letters');
      return {
        pending: counts?.pending ?? 0,
        leased: counts?.leased ?? 0,
        delayed: counts?.delayed ?? 0,
        deadLetters: dead?.n ?? 0,
      };
    },
    oldestPendingAge: async () => {
      const now = ctx.nowMs();
      const [row] = await ctx.rows<{ available_at: number }>(
        `SELECT available_at FROM jobs WHERE state = 'pending' AND available_at <= $1
         ORDER BY available_at LIMIT 1`,
        [now],
      );
      return row ? now - row.available_at : 0;
    },
    nextAvailableAt: async () => {
      const [row] = await ctx.rows<{ available_at: number }>(
        `SELECT available_at FROM jobs WHERE state = 'pending' AND available_at > $1
         ORDER BY available_at LIMIT 1`,
        [ctx.nowMs()],
      );
      return row ? new Date(row.available_at) : undefined;
    },
  };
}

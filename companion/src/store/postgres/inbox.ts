import { normalizeInboundEvents } from '../inbound-event.js';
import type { Inbox } from '../types.js';
import type { PgContext } from './context.js';

const insertEvent = `
  INSERT INTO inbox_events
    (event_id, source, event_type, subject_key, job_kind, occurred_at, occurred_at_ms,
     received_at, payload)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (event_id) DO NOTHING
  RETURNING seq`;

/**
 * The pending job is locked while events are attached to it: a worker claiming it at the
 * same time skips it (SKIP LOCKED) until the events are committed, and an accept that waited
 * behind a claim finds the job leased and opens a new one.
 */
const findPendingJob = `
  SELECT id FROM jobs
  WHERE subject_key = $1 AND kind = $2 AND state = 'pending'
  ORDER BY id DESC LIMIT 1
  FOR UPDATE`;

const lockPendingJobs = `
  SELECT j.id FROM jobs j
  JOIN unnest($1::text[], $2::text[]) AS k (subject_key, kind)
    ON j.subject_key = k.subject_key AND j.kind = k.kind
  WHERE j.state = 'pending'
  ORDER BY j.subject_key, j.kind, j.id
  FOR UPDATE OF j`;

const insertJob = `
  INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
  VALUES ($1, $2, 'pending', 0, $3, $3)
  RETURNING id`;

export function createPgInbox(ctx: PgContext): Inbox {
  return {
    accept: async (events) => {
      const nowMs = ctx.nowMs();
      const normalized = normalizeInboundEvents(events, new Date(nowMs).toISOString());
      if (normalized.length === 0) return { accepted: 0, duplicates: 0, acceptedIds: [] };
      return ctx.atomic(async (tx) => {
        // Lock every pending job the batch may join up front, in one order for every
        // instance: two batches naming the same subjects in another order wait for each
        // other instead of deadlocking.
        const keys = [
          ...new Set(normalized.map((e) => `${e.subjectKey}\u0000${e.jobKind}`)),
        ].sort();
        await tx.rows(lockPendingJobs, [
          keys.map((key) => key.split('\u0000')[0]),
          keys.map((key) => key.split('\u0000')[1]),
        ]);
        const pendingJobs = new Map<string, number>();
        const acceptedIds: string[] = [];
        for (const event of normalized) {
          // A duplicate id (unique constraint) inserts nothing and returns no row.
          const [inserted] = await tx.rows<{ seq: number }>(insertEvent, [
            event.eventId,
            event.source,
            event.eventType,
            event.subjectKey,
            event.jobKind,
            event.occurredAt,
            event.occurredAtMs,
            event.receivedAt,
            event.payloadJson,
          ]);
          if (!inserted) continue;
          const jobKey = `${event.jobKind}\u0000${event.subjectKey}`;
          let jobId = pendingJobs.get(jobKey);
          if (jobId === undefined) {
            const [pending] = await tx.rows<{ id: number }>(findPendingJob, [
              event.subjectKey,
              event.jobKind,
            ]);
            const [created] = pending
              ? [pending]
              : await tx.rows<{ id: number }>(insertJob, [event.subjectKey, event.jobKind, nowMs]);
            jobId = created?.id ?? 0;
            pendingJobs.set(jobKey, jobId);
          }
          await tx.run('UPDATE inbox_events SET job_id = $1 WHERE seq = $2', [jobId, inserted.seq]);
          acceptedIds.push(event.eventId);
        }
        return {
          accepted: acceptedIds.length,
          duplicates: normalized.length - acceptedIds.length,
          acceptedIds,
        };
      });
    },
    has: async (eventId) =>
      (await ctx.rows('SELECT 1 FROM inbox_events WHERE event_id = $1', [eventId])).length > 0,
    pruneProcessed: (olderThan) =>
      ctx.run('DELETE FROM inbox_events WHERE processed_at < $1', [olderThan.getTime()]),
  };
}

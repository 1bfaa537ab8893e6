import { normalizeInboundEvents } from '../inbound-event.js';
import { assignJobs, firstOccurrences, jobKeysOf, type PendingJob } from '../inbox-batch.js';
import type { Inbox, ReceivedEvent } from '../types.js';
import type { PgContext, Statement } from './context.js';
import { NOTIFY_JOBS } from './job-notifications.js';

/**
 * Every statement of an accept takes the whole batch as arrays, so a delivery costs the
 * same few round trips whatever its size; they are named, so each connection plans them once.
 */

/**
 * The pending jobs the batch may join are locked while events are attached to them: a
 * worker claiming one at the same time skips it (SKIP LOCKED) until the events are
 * committed, and an accept that waited behind a claim finds the job leased (the row is
 * checked again once unlocked) and opens a new one.
 */
const lockPendingJobs: Statement = {
  name: 'inbox-lock-pending-jobs',
  text: `
  SELECT j.id, j.subject_key AS "subjectKey", j.kind FROM jobs j
  JOIN unnest($1::text[], $2::text[]) AS k (subject_key, kind)
    ON j.subject_key = k.subject_key AND j.kind = k.kind
  WHERE j.state = 'pending'
  ORDER BY j.subject_key, j.kind, j.id
  FOR UPDATE OF j`,
};

/**
 * Sequence numbers are drawn in batch order (they order a job's events of one instant), and
 * rows go in sorted by event id: an instance inserting an id another has inserted but not
 * committed waits for it, and with one order for every instance two batches holding the same
 * ids in another order wait for each other instead of deadlocking. A stored id is skipped.
 */
const insertEvents: Statement = {
  name: 'inbox-insert-events',
  text: `
  INSERT INTO inbox_events
    (seq, event_id, source, event_type, subject_key, job_kind, occurred_at, occurred_at_ms,
     received_at, payload)
  SELECT e.seq, e.event_id, e.source, e.event_type, e.subject_key, e.job_kind, e.occurred_at,
         e.occurred_at_ms, e.received_at, e.payload
  FROM (
    SELECT u.*, nextval(pg_get_serial_sequence('inbox_events', 'seq')) AS seq
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::bigint[], $8::text[], $9::text[])
         WITH ORDINALITY AS u (event_id, source, event_type, subject_key, job_kind, occurred_at,
                               occurred_at_ms, received_at, payload, ord)
    ORDER BY u.ord
  ) e
  ORDER BY e.event_id
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id AS "eventId", seq`,
};

/**
 * Opens the missing jobs (in batch order, so their ids follow it) and points each inserted
 * event at its key's job, joined or new: each key is in exactly one of the two lists. Ends
 * with the notification of the listening workers, delivered at commit (Store.watchJobs).
 */
const attachToJobs: Statement = {
  name: 'inbox-attach-to-jobs',
  text: `
  WITH opened AS (
    INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
    SELECT k.subject_key, k.kind, 'pending', 0, $3, $3
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k (subject_key, kind, ord)
    ORDER BY k.ord
    RETURNING id, subject_key, kind
  ), targets AS (
    SELECT id, subject_key, kind FROM opened
    UNION ALL
    SELECT id, subject_key, kind FROM unnest($4::bigint[], $5::text[], $6::text[])
      AS p (id, subject_key, kind)
  ), attached AS (
    UPDATE inbox_events e SET job_id = t.id
    FROM targets t
    WHERE e.seq = ANY ($7::bigint[]) AND e.subject_key = t.subject_key AND e.job_kind = t.kind
  )
  ${NOTIFY_JOBS}`,
};

export function createPgInbox(ctx: PgContext): Inbox {
  return {
    accept: async (events) => {
      const nowMs = ctx.nowMs();
      const normalized = normalizeInboundEvents(events, new Date(nowMs).toISOString());
      if (normalized.length === 0) return { accepted: 0, duplicates: 0, acceptedIds: [] };
      const unique = firstOccurrences(normalized);
      const keys = jobKeysOf(unique);
      return ctx.atomic(async (tx) => {
        // Lock every pending job the batch may join up front, in one order for every
        // instance (the statement's ORDER BY): two batches naming the same subjects in
        // another order wait for each other instead of deadlocking.
        const pending = await tx.rows<PendingJob>(lockPendingJobs, [
          keys.map((key) => key.subjectKey),
          keys.map((key) => key.kind),
        ]);
        // RETURNING order is not guaranteed: the batch order comes from `unique`.
        const rows = await tx.rows<{ eventId: string; seq: number }>(insertEvents, [
          unique.map((e) => e.eventId),
          unique.map((e) => e.source),
          unique.map((e) => e.eventType),
          unique.map((e) => e.subjectKey),
          unique.map((e) => e.jobKind),
          unique.map((e) => e.occurredAt),
          unique.map((e) => e.occurredAtMs),
          unique.map((e) => e.receivedAt),
          unique.map((e) => e.payloadJson),
        ]);
        const seqOf = new Map(rows.map((row) => [row.eventId, row.seq]));
        const inserted = unique.filter((e) => seqOf.has(e.eventId));
        if (inserted.length > 0) {
          const { joined, missing } = assignJobs(inserted, pending);
          await tx.rows(attachToJobs, [
            missing.map((key) => key.subjectKey),
            missing.map((key) => key.kind),
            nowMs,
            joined.map((job) => job.id),
            joined.map((job) => job.subjectKey),
            joined.map((job) => job.kind),
            inserted.map((e) => seqOf.get(e.eventId)),
          ]);
        }
        return {
          accepted: inserted.length,
          duplicates: normalized.length - inserted.length,
          acceptedIds: inserted.map((e) => e.eventId),
        };
      });
    },
    has: async (eventId) =>
      (await ctx.rows('SELECT 1 FROM inbox_events WHERE event_id = $1', [eventId])).length > 0,
    pruneProcessed: (olderThan) =>
      ctx.run('DELETE FROM inbox_events WHERE processed_at < $1', [olderThan.getTime()]),
    latest: (limit, sources) =>
      ctx.rows<ReceivedEvent>(
        `SELECT event_id AS "eventId", event_type AS "eventType", source,
                received_at AS "receivedAt"
         FROM inbox_events WHERE source = ANY($1::text[])
         ORDER BY seq DESC LIMIT $2`,
        [sources, limit],
      ),
  };
}

import { normalizeInboundEvents } from '../inbound-event.js';
import type { AcceptResult, InboundEvent, Inbox, ReceivedEvent } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { inboxSql } from './sql.js';

export function createSqliteInbox(ctx: SqliteContext): Synchronous<Inbox> {
  const { db } = ctx;
  const insertEvent = db.prepare(inboxSql.insertEvent);
  const attachToJob = db.prepare<[number | bigint, number | bigint]>(inboxSql.attachToJob);
  const findPendingJob = db.prepare<[string, string], { id: number }>(inboxSql.findPendingJob);
  const insertJob = db.prepare<[string, string, number, number]>(inboxSql.insertJob);
  const has = db.prepare<[string], { 1: number }>(inboxSql.has);
  const prune = db.prepare<[number]>(inboxSql.prune);
  const latest = db.prepare<[string, number], ReceivedEvent>(inboxSql.latest);

  const acceptAll = db.transaction((events: readonly InboundEvent[]): AcceptResult => {
    const nowMs = ctx.nowMs();
    const normalized = normalizeInboundEvents(events, new Date(nowMs).toISOString());
    // Nothing else writes on this connection during the transaction, so a job found or
    // created for (subject key, kind) stays the pending one for the rest of the batch.
    const pendingJobs = new Map<string, number | bigint>();
    const acceptedIds: string[] = [];
    for (const event of normalized) {
      const inserted = insertEvent.run(event);
      if (inserted.changes === 0) continue;
      const jobKey = `${event.jobKind}\u0000${event.subjectKey}`;
      let jobId = pendingJobs.get(jobKey);
      if (jobId === undefined) {
        jobId =
          findPendingJob.get(event.subjectKey, event.jobKind)?.id ??
          insertJob.run(event.subjectKey, event.jobKind, nowMs, nowMs).lastInsertRowid;
        pendingJobs.set(jobKey, jobId);
      }
      attachToJob.run(jobId, inserted.lastInsertRowid);
      acceptedIds.push(event.eventId);
    }
    return {
      accepted: acceptedIds.length,
      duplicates: normalized.length - acceptedIds.length,
      acceptedIds,
    };
  });

  return {
    accept: (events) => acceptAll.immediate(events),
    has: (eventId) => has.get(eventId) !== undefined,
    pruneProcessed: (olderThan) => prune.run(olderThan.getTime()).changes,
    latest: (limit, sources) => latest.all(JSON.stringify(sources), limit),
  };
}

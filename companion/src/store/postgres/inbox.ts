import { normalizeInboundEvents } from '../inbound-event.js';
import { firstOccurrences } from '../inbox-batch.js';
import type { Inbox, ReceivedEvent } from '../types.js';
import type { PgContext, Statement } from './context.js';

/** The whole accept, server-side (schema.ts, inbox_accept): one round trip per delivery. */
const accept: Statement = {
  name: 'inbox-accept',
  text: `SELECT inbox_accept($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS ids`,
};

/** `jobsQueued` is called once the events an accept stored are committed. */
export function createPgInbox(ctx: PgContext, jobsQueued: () => void): Inbox {
  return {
    accept: async (events) => {
      const nowMs = ctx.nowMs();
      const normalized = normalizeInboundEvents(events, new Date(nowMs).toISOString());
      if (normalized.length === 0) return { accepted: 0, duplicates: 0, acceptedIds: [] };
      const unique = firstOccurrences(normalized);
      const [result] = await ctx.atomicRows<{ ids: string[] }>(accept, [
        unique.map((e) => e.eventId),
        unique.map((e) => e.source),
        unique.map((e) => e.eventType),
        unique.map((e) => e.subjectKey),
        unique.map((e) => e.jobKind),
        unique.map((e) => e.occurredAt),
        unique.map((e) => e.occurredAtMs),
        unique.map((e) => e.receivedAt),
        unique.map((e) => e.payloadJson),
        nowMs,
      ]);
      const stored = new Set(result?.ids ?? []);
      // The function's order is not the batch's: that comes from `unique`.
      const inserted = unique.filter((e) => stored.has(e.eventId));
      if (inserted.length > 0) ctx.afterCommit(jobsQueued);
      return {
        accepted: inserted.length,
        duplicates: normalized.length - inserted.length,
        acceptedIds: inserted.map((e) => e.eventId),
      };
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

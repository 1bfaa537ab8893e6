import type { NotificationDigest, NotificationStore } from '../notification-state.js';
import { type AuditRow, toAuditEntry } from '../sqlite/rows.js';
import type { PgContext } from './context.js';

const AUDIT_COLUMNS = `seq, id, event_id, operation, correlation_id, direction, status, attempts,
  error, field_changes, okta_user_id, contact_id, case_id, actor, occurred_at, occurred_at_ms,
  updated_at, revision`;

interface DigestRow {
  key: string;
  rule_name: string;
  owner_id: string | null;
  due_at: number;
  count: number;
  samples: string;
  first_at: string;
  last_at: string;
}

const toDigest = (row: DigestRow): NotificationDigest => ({
  key: row.key,
  ruleName: row.rule_name,
  ownerId: row.owner_id,
  dueAt: new Date(row.due_at).toISOString(),
  count: row.count,
  samples: JSON.parse(row.samples) as string[],
  firstAt: row.first_at,
  lastAt: row.last_at,
});

export function createPgNotifications(ctx: PgContext): NotificationStore {
  return {
    pendingEntries: async (limit) =>
      (
        await ctx.rows<AuditRow>(
          `SELECT ${AUDIT_COLUMNS} FROM audit_entries WHERE notified_revision < revision
           ORDER BY seq LIMIT $1`,
          [Math.max(0, Math.floor(limit))],
        )
      ).map(toAuditEntry),
    // By the unique index on id, not the partial index of unread entries (see markMirrored).
    markRead: async (entries) => {
      if (entries.length === 0) return 0;
      return ctx.run(
        `UPDATE audit_entries a SET notified_revision = a.revision
         FROM unnest($1::text[], $2::int[]) AS m (id, revision)
         WHERE a.id = ANY ($1::text[]) AND a.id = m.id AND a.revision = m.revision
           AND a.notified_revision <> a.revision`,
        [entries.map((e) => e.id), entries.map((e) => e.revision)],
      );
    },
    // One statement: of two instances claiming the same key, one inserts or updates the row
    // and the other finds the condition false.
    claimQuietPeriod: async (key, at, quietMs) =>
      (await ctx.run(
        `INSERT INTO notification_sends AS s (key, sent_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at
         WHERE s.sent_at <= $2::bigint - $3::bigint`,
        [key, at.getTime(), quietMs],
      )) === 1,
    pruneQuietPeriods: (before) =>
      ctx.run('DELETE FROM notification_sends WHERE sent_at < $1', [before.getTime()]),
    addToDigest: (item) =>
      ctx.atomic(async (tx) => {
        const [row] = await tx.rows<DigestRow>(
          `INSERT INTO notification_digests AS d
             (key, rule_name, owner_id, due_at, count, samples, first_at, last_at)
           VALUES ($1, $2, $3, $4, 1, $5, $6, $6)
           ON CONFLICT (key) DO UPDATE SET
             count = d.count + 1,
             samples = CASE WHEN jsonb_array_length(d.samples::jsonb) < $7
               THEN (d.samples::jsonb || jsonb_build_array($8::text))::text ELSE d.samples END,
             last_at = GREATEST(d.last_at, excluded.last_at)
           RETURNING key, rule_name, owner_id, due_at, count, samples, first_at, last_at`,
          [
            item.key,
            item.ruleName,
            item.ownerId,
            item.dueAt.getTime(),
            JSON.stringify(item.maxSamples > 0 ? [item.sample] : []),
            item.occurredAt,
            item.maxSamples,
            item.sample,
          ],
        );
        if (!row) throw new Error(`the digest ${item.key} was not written`);
        return toDigest(row);
      }),
    dueDigests: async (at, limit) =>
      (
        await ctx.rows<DigestRow>(
          `SELECT key, rule_name, owner_id, due_at, count, samples, first_at, last_at
           FROM notification_digests WHERE due_at <= $1 ORDER BY due_at, key LIMIT $2`,
          [at.getTime(), Math.max(0, Math.floor(limit))],
        )
      ).map(toDigest),
    deleteDigest: async (key) => {
      await ctx.run('DELETE FROM notification_digests WHERE key = $1', [key]);
    },
  };
}

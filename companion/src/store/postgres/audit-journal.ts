import { decodeAuditCursor, encodeAuditCursor } from '../audit-cursor.js';
import { iterateAuditPages } from '../audit-pages.js';
import type { AuditEntry, AuditJournal, AuditPage } from '../types.js';
import { foldAuditEntries } from '../write-batches.js';
import { type AuditRow, toAuditEntry } from '../sqlite/rows.js';
import type { PgContext, Statement } from './context.js';

const COLUMNS = `seq, id, event_id, operation, correlation_id, direction, status, attempts,
  error, field_changes, okta_user_id, contact_id, case_id, actor, occurred_at, occurred_at_ms,
  updated_at, revision`;

const INSERTED = `audit_entries AS a
    (id, event_id, operation, correlation_id, direction, status, attempts, error,
     field_changes, okta_user_id, contact_id, case_id, actor, occurred_at, occurred_at_ms,
     updated_at)`;

/** One logical entry per (event, operation): a later attempt updates it in place. */
const ON_CONFLICT = `
  ON CONFLICT (event_id, operation) DO UPDATE SET
    correlation_id = excluded.correlation_id,
    direction = excluded.direction,
    status = excluded.status,
    attempts = excluded.attempts,
    error = excluded.error,
    field_changes = excluded.field_changes,
    okta_user_id = COALESCE(excluded.okta_user_id, a.okta_user_id),
    contact_id = COALESCE(excluded.contact_id, a.contact_id),
    case_id = COALESCE(excluded.case_id, a.case_id),
    actor = COALESCE(excluded.actor, a.actor),
    updated_at = excluded.updated_at,
    revision = a.revision + 1`;

/** Entries folded to one per (event, operation), as one statement may touch a row only once. */
const upsertMany: Statement = {
  name: 'audit-record-many',
  text: `INSERT INTO ${INSERTED}
  SELECT e.id, e.event_id, e.operation, e.correlation_id, e.direction, e.status, e.attempts,
    e.error, e.field_changes, e.okta_user_id, e.contact_id, e.case_id, e.actor, e.occurred_at,
    e.occurred_at_ms, $16
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
    $14::text[], $15::bigint[]) WITH ORDINALITY
    AS e (id, event_id, operation, correlation_id, direction, status, attempts, error,
      field_changes, okta_user_id, contact_id, case_id, actor, occurred_at, occurred_at_ms, ord)
  ORDER BY e.ord ${ON_CONFLICT}`,
};

/** An entry's values in the order of the statement's first fifteen parameters. */
const valuesOf = (entry: AuditEntry): unknown[] => [
  entry.id,
  entry.eventId,
  entry.operation,
  entry.correlationId,
  entry.direction,
  entry.status,
  entry.attempts,
  entry.error ?? null,
  entry.fieldChanges === undefined ? null : JSON.stringify(entry.fieldChanges),
  entry.oktaUserId ?? null,
  entry.contactId ?? null,
  entry.caseId ?? null,
  entry.actor ?? null,
  entry.occurredAt,
  requireTime(entry.occurredAt, 'occurredAt'),
];

function requireTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`audit ${field} must be an ISO 8601 timestamp`);
  return ms;
}

export function createPgAuditJournal(ctx: PgContext): AuditJournal {
  const recordMany: AuditJournal['recordMany'] = async (entries) => {
    if (entries.length === 0) return;
    const rows = foldAuditEntries(entries).map(valuesOf);
    const columns = Array.from({ length: 15 }, (_, column) => rows.map((row) => row[column]));
    await ctx.run(upsertMany, [...columns, ctx.nowMs()]);
  };

  const list: AuditJournal['list'] = async ({ from, to, after, limit }) => {
    // seq starts at 1, so (from, 0) sorts before every entry at `from`.
    const start =
      after === undefined ? { occurredAtMs: from.getTime(), seq: 0 } : decodeAuditCursor(after);
    const afterMs = Math.max(start.occurredAtMs, from.getTime());
    const afterSeq = start.occurredAtMs < from.getTime() ? 0 : start.seq;
    const size = Math.max(1, Math.floor(limit));
    // Keyset pagination on the (occurred_at_ms, seq) index.
    const rows = await ctx.rows<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_entries
       WHERE (occurred_at_ms, seq) > ($1, $2) AND occurred_at_ms < $3
       ORDER BY occurred_at_ms, seq LIMIT $4`,
      [afterMs, afterSeq, to.getTime(), size],
    );
    const page: AuditPage = { entries: rows.map(toAuditEntry) };
    const last = rows.at(-1);
    if (last && rows.length === size) {
      page.next = encodeAuditCursor({ occurredAtMs: last.occurred_at_ms, seq: last.seq });
    }
    return page;
  };

  return {
    record: (entry) => recordMany([entry]),
    recordMany,
    get: async (id) => {
      const [row] = await ctx.rows<AuditRow>(`SELECT ${COLUMNS} FROM audit_entries WHERE id = $1`, [
        id,
      ]);
      return row ? toAuditEntry(row) : undefined;
    },
    list,
    iterate: (range) => iterateAuditPages(list, range),
    pendingMirror: async (limit) =>
      (
        await ctx.rows<AuditRow>(
          `SELECT ${COLUMNS} FROM audit_entries WHERE mirrored_revision < revision
           ORDER BY seq LIMIT $1`,
          [Math.max(0, Math.floor(limit))],
        )
      ).map(toAuditEntry),
    // By the unique index on id: `<` rather than `<>` (equal, since a revision is never below
    // its mirrored one) would let the planner read every unmirrored entry through the partial
    // index instead, a cost that grows with the backlog the mirror is working off.
    markMirrored: async (entries) => {
      if (entries.length === 0) return 0;
      return ctx.run(
        `UPDATE audit_entries a SET mirrored_revision = a.revision
         FROM unnest($1::text[], $2::int[]) AS m (id, revision)
         WHERE a.id = ANY ($1::text[]) AND a.id = m.id AND a.revision = m.revision
           AND a.mirrored_revision <> a.revision`,
        [entries.map((e) => e.id), entries.map((e) => e.revision)],
      );
    },
    latestFor: async (subject, limit) => {
      const [column, value] =
        'oktaUserId' in subject
          ? ['okta_user_id', subject.oktaUserId]
          : ['contact_id', subject.contactId];
      const rows = await ctx.rows<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_entries WHERE ${column} = $1
         ORDER BY occurred_at_ms DESC, seq DESC LIMIT $2`,
        [value, limit],
      );
      return rows.map(toAuditEntry);
    },
  };
}

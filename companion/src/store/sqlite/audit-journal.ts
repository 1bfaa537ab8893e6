import { decodeAuditCursor, encodeAuditCursor } from '../audit-cursor.js';
import type { AuditEntry, AuditJournal, AuditPage } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { type AuditRow, toAuditEntry } from './rows.js';
import { auditSql } from './sql.js';

interface PageParams {
  afterMs: number;
  afterSeq: number;
  to: number;
  limit: number;
}

function requireTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`audit ${field} must be an ISO 8601 timestamp`);
  return ms;
}

export function createSqliteAuditJournal(
  ctx: SqliteContext,
): Synchronous<Omit<AuditJournal, 'iterate'>> {
  const { db } = ctx;
  const upsert = db.prepare(auditSql.upsert);
  const get = db.prepare<[string], AuditRow>(auditSql.get);
  const page = db.prepare<[PageParams], AuditRow>(auditSql.page);
  const pendingMirror = db.prepare<[number], AuditRow>(auditSql.pendingMirror);
  const markOne = db.prepare<[string, number]>(auditSql.markMirrored);
  const latestForOktaUser = db.prepare<[string, number], AuditRow>(auditSql.latestForOktaUser);
  const latestForContact = db.prepare<[string, number], AuditRow>(auditSql.latestForContact);

  const markMirrored = db.transaction(
    (entries: readonly { id: string; revision: number }[]): number =>
      entries.reduce((n, e) => n + markOne.run(e.id, e.revision).changes, 0),
  );

  /** One page after the given sort key; `next` is present when the page is full. */
  const readPage = (params: PageParams): AuditPage => {
    const rows = page.all(params);
    const last = rows.at(-1);
    const result: AuditPage = { entries: rows.map(toAuditEntry) };
    if (last && rows.length === params.limit) {
      result.next = encodeAuditCursor({ occurredAtMs: last.occurred_at_ms, seq: last.seq });
    }
    return result;
  };

  const record = (entry: AuditEntry) => {
    upsert.run({
      id: entry.id,
      eventId: entry.eventId,
      operation: entry.operation,
      correlationId: entry.correlationId,
      direction: entry.direction,
      status: entry.status,
      attempts: entry.attempts,
      error: entry.error ?? null,
      fieldChanges: entry.fieldChanges === undefined ? null : JSON.stringify(entry.fieldChanges),
      oktaUserId: entry.oktaUserId ?? null,
      contactId: entry.contactId ?? null,
      caseId: entry.caseId ?? null,
      actor: entry.actor ?? null,
      occurredAt: entry.occurredAt,
      occurredAtMs: requireTime(entry.occurredAt, 'occurredAt'),
      updatedAt: ctx.nowMs(),
    });
  };
  const recordMany = db.transaction((entries: readonly AuditEntry[]) => {
    for (const entry of entries) record(entry);
  });

  return {
    record,
    recordMany: (entries) => {
      if (entries.length > 0) recordMany.immediate(entries);
    },
    get: (id) => {
      const row = get.get(id);
      return row ? toAuditEntry(row) : undefined;
    },
    list: ({ from, to, after, limit }) => {
      // seq starts at 1, so (from, 0) sorts before every entry at `from`.
      const start =
        after === undefined ? { occurredAtMs: from.getTime(), seq: 0 } : decodeAuditCursor(after);
      const afterMs = Math.max(start.occurredAtMs, from.getTime());
      const afterSeq = start.occurredAtMs < from.getTime() ? 0 : start.seq;
      return readPage({
        afterMs,
        afterSeq,
        to: to.getTime(),
        limit: Math.max(1, Math.floor(limit)),
      });
    },
    pendingMirror: (limit) => pendingMirror.all(Math.max(0, Math.floor(limit))).map(toAuditEntry),
    markMirrored: (entries) => markMirrored.immediate(entries),
    latestFor: (subject, limit) => {
      const rows =
        'oktaUserId' in subject
          ? latestForOktaUser.all(subject.oktaUserId, limit)
          : latestForContact.all(subject.contactId, limit);
      return rows.map(toAuditEntry);
    },
  };
}

import type { NotificationDigest, NotificationStore } from '../notification-state.js';
import type { SqliteContext } from './context.js';
import { type AuditRow, toAuditEntry } from './rows.js';
import type { Synchronous } from './synchronous.js';
import { AUDIT_COLUMNS, type Migration } from './sql.js';

/**
 * The notifier reads the journal as the Salesforce mirror does: by revision, so an entry
 * journaled IN_PROGRESS and completed later is read again. Entries journaled before this
 * migration count as read: upgrading does not notify about the past.
 */
export const NOTIFICATIONS_MIGRATION: Migration = {
  version: 7,
  name: 'notifications: journal reading, quiet periods, digests',
  sql: `
    ALTER TABLE audit_entries ADD COLUMN notified_revision INTEGER NOT NULL DEFAULT 0;
    UPDATE audit_entries SET notified_revision = revision;
    CREATE INDEX audit_unnotified ON audit_entries (seq) WHERE notified_revision < revision;

    CREATE TABLE notification_sends (
      key TEXT PRIMARY KEY,
      sent_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX notification_sends_by_time ON notification_sends (sent_at);

    CREATE TABLE notification_digests (
      key TEXT PRIMARY KEY,
      rule_name TEXT NOT NULL,
      owner_id TEXT,
      due_at INTEGER NOT NULL,
      count INTEGER NOT NULL,
      samples TEXT NOT NULL,
      first_at TEXT NOT NULL,
      last_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX notification_digests_by_due ON notification_digests (due_at, key);
  `,
};

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

export function createSqliteNotifications(ctx: SqliteContext): Synchronous<NotificationStore> {
  const { db } = ctx;
  const pending = db.prepare<[number], AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit_entries WHERE notified_revision < revision ORDER BY seq LIMIT ?`,
  );
  const markOne = db.prepare<[string, number]>(
    `UPDATE audit_entries SET notified_revision = revision
     WHERE id = ? AND revision = ? AND notified_revision < revision`,
  );
  const markRead = db.transaction((entries: readonly { id: string; revision: number }[]) =>
    entries.reduce((n, e) => n + markOne.run(e.id, e.revision).changes, 0),
  );
  const lastSend = db.prepare<[string], { sent_at: number }>(
    'SELECT sent_at FROM notification_sends WHERE key = ?',
  );
  const recordSend = db.prepare<[string, number]>(
    `INSERT INTO notification_sends (key, sent_at) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at`,
  );
  const claim = db.transaction((key: string, atMs: number, quietMs: number): boolean => {
    const last = lastSend.get(key)?.sent_at;
    if (last !== undefined && atMs - last < quietMs) return false;
    recordSend.run(key, atMs);
    return true;
  });
  const prune = db.prepare<[number]>('DELETE FROM notification_sends WHERE sent_at < ?');
  const getDigest = db.prepare<[string], DigestRow>(
    'SELECT * FROM notification_digests WHERE key = ?',
  );
  const insertDigest = db.prepare<[DigestRow]>(
    `INSERT INTO notification_digests (key, rule_name, owner_id, due_at, count, samples, first_at, last_at)
     VALUES (@key, @rule_name, @owner_id, @due_at, @count, @samples, @first_at, @last_at)`,
  );
  const updateDigest = db.prepare<
    [{ key: string; count: number; samples: string; last_at: string }]
  >(
    `UPDATE notification_digests SET count = @count, samples = @samples, last_at = @last_at
     WHERE key = @key`,
  );
  const add = db.transaction((item: Parameters<NotificationStore['addToDigest']>[0]) => {
    const open = getDigest.get(item.key);
    if (!open) {
      const row: DigestRow = {
        key: item.key,
        rule_name: item.ruleName,
        owner_id: item.ownerId,
        due_at: item.dueAt.getTime(),
        count: 1,
        samples: JSON.stringify(item.maxSamples > 0 ? [item.sample] : []),
        first_at: item.occurredAt,
        last_at: item.occurredAt,
      };
      insertDigest.run(row);
      return toDigest(row);
    }
    const samples = JSON.parse(open.samples) as string[];
    if (samples.length < item.maxSamples) samples.push(item.sample);
    const next = {
      ...open,
      count: open.count + 1,
      samples: JSON.stringify(samples),
      last_at: item.occurredAt > open.last_at ? item.occurredAt : open.last_at,
    };
    updateDigest.run(next);
    return toDigest(next);
  });
  const due = db.prepare<[number, number], DigestRow>(
    'SELECT * FROM notification_digests WHERE due_at <= ? ORDER BY due_at, key LIMIT ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM notification_digests WHERE key = ?');

  return {
    pendingEntries: (limit) => pending.all(Math.max(0, Math.floor(limit))).map(toAuditEntry),
    markRead: (entries) => markRead.immediate(entries),
    claimQuietPeriod: (key, at, quietMs) => claim.immediate(key, at.getTime(), quietMs),
    pruneQuietPeriods: (before) => prune.run(before.getTime()).changes,
    addToDigest: (item) => add.immediate(item),
    dueDigests: (at, limit) => due.all(at.getTime(), Math.max(0, Math.floor(limit))).map(toDigest),
    deleteDigest: (key) => {
      remove.run(key);
    },
  };
}

import type { OktaWriteRecord, OktaWriteStore } from '../okta-writes.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import type { Migration } from './sql.js';

export const OKTA_WRITES_MIGRATION: Migration = {
  version: 4,
  name: 'Okta write ledger',
  sql: `
    CREATE TABLE okta_writes (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id TEXT NOT NULL,
      attribute TEXT NOT NULL,
      value_json TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX okta_writes_by_user ON okta_writes (user_id, attribute, seq);
    CREATE INDEX okta_writes_by_expiry ON okta_writes (expires_at);
  `,
};

/** At most this many recent values are kept per user and attribute. */
const MAX_VALUES_PER_ATTRIBUTE = 20;

export function createSqliteOktaWrites(ctx: SqliteContext): Synchronous<OktaWriteStore> {
  const forgetSame = ctx.db.prepare<[string, string, string]>(
    'DELETE FROM okta_writes WHERE user_id = ? AND attribute = ? AND value_json = ?',
  );
  const insert = ctx.db.prepare<[string, string, string, number]>(
    'INSERT INTO okta_writes (user_id, attribute, value_json, expires_at) VALUES (?, ?, ?, ?)',
  );
  const trim = ctx.db.prepare<[string, string, string, string, number]>(
    `DELETE FROM okta_writes WHERE user_id = ? AND attribute = ? AND seq NOT IN (
       SELECT seq FROM okta_writes WHERE user_id = ? AND attribute = ? ORDER BY seq DESC LIMIT ?
     )`,
  );
  const live = ctx.db.prepare<[string, number], { attribute: string; value_json: string }>(
    'SELECT attribute, value_json FROM okta_writes WHERE user_id = ? AND expires_at > ? ORDER BY seq',
  );
  const prune = ctx.db.prepare<[number]>('DELETE FROM okta_writes WHERE expires_at <= ?');
  const record = ctx.db.transaction(
    (userId: string, values: readonly OktaWriteRecord[], expiresAtMs: number) => {
      for (const { attribute, valueJson } of values) {
        forgetSame.run(userId, attribute, valueJson);
        insert.run(userId, attribute, valueJson, expiresAtMs);
        trim.run(userId, attribute, userId, attribute, MAX_VALUES_PER_ATTRIBUTE);
      }
    },
  );
  return {
    record: (userId, values, expiresAtMs) => {
      record.immediate(userId, values, expiresAtMs);
    },
    live: (userIds, nowMs) => {
      const found = new Map<string, OktaWriteRecord[]>();
      for (const userId of new Set(userIds)) {
        const rows = live.all(userId, nowMs);
        if (rows.length === 0) continue;
        found.set(
          userId,
          rows.map((row) => ({ attribute: row.attribute, valueJson: row.value_json })),
        );
      }
      return found;
    },
    prune: (nowMs) => prune.run(nowMs).changes,
  };
}

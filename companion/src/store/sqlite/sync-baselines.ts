import type { SyncBaseline, SyncBaselineStore, SyncBaselineUpdate } from '../sync-baselines.js';
import type { SqliteContext } from './context.js';
import type { Migration } from './sql.js';
import type { Synchronous } from './synchronous.js';

export const SYNC_BASELINES_MIGRATION: Migration = {
  version: 6,
  name: 'Sync baselines and Contact links',
  sql: `
    CREATE TABLE sync_baselines (
      okta_user_id TEXT PRIMARY KEY,
      contact_id TEXT,
      contact_key TEXT,
      values_json TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sync_baselines_by_contact ON sync_baselines (contact_key, updated_at);
  `,
};

/** SQLite's limit on bound parameters is far above this; it keeps each statement small. */
const CHUNK = 500;

interface Row {
  okta_user_id: string;
  contact_id: string | null;
  values_json: string;
}

export function createSqliteSyncBaselines(ctx: SqliteContext): Synchronous<SyncBaselineStore> {
  const selectOne = ctx.db.prepare<[string], Row>(
    'SELECT okta_user_id, contact_id, values_json FROM sync_baselines WHERE okta_user_id = ?',
  );
  const upsert = ctx.db.prepare<[string, string | null, string | null, string, number]>(
    `INSERT INTO sync_baselines (okta_user_id, contact_id, contact_key, values_json, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (okta_user_id) DO UPDATE SET contact_id = excluded.contact_id,
       contact_key = excluded.contact_key, values_json = excluded.values_json,
       updated_at = excluded.updated_at`,
  );
  const select = (ids: readonly string[]) =>
    ctx.db
      .prepare<string[], Row>(
        `SELECT okta_user_id, contact_id, values_json FROM sync_baselines
         WHERE okta_user_id IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids);
  const selectByContact = (keys: readonly string[]) =>
    ctx.db
      .prepare<string[], { contact_key: string; okta_user_id: string }>(
        `SELECT contact_key, okta_user_id FROM sync_baselines
         WHERE contact_key IN (${keys.map(() => '?').join(', ')}) ORDER BY updated_at`,
      )
      .all(...keys);
  const record = ctx.db.transaction((updates: readonly SyncBaselineUpdate[]) => {
    for (const update of updates) {
      const row = selectOne.get(update.oktaUserId);
      const values = {
        ...(row ? (JSON.parse(row.values_json) as Record<string, unknown>) : {}),
        ...update.values,
      };
      const contactId = update.contactId ?? row?.contact_id ?? null;
      upsert.run(
        update.oktaUserId,
        contactId,
        contactId === null ? null : contactId.slice(0, 15),
        JSON.stringify(values),
        ctx.nowMs(),
      );
    }
  });

  return {
    get(oktaUserIds) {
      const found = new Map<string, SyncBaseline>();
      const ids = [...new Set(oktaUserIds)];
      for (let i = 0; i < ids.length; i += CHUNK) {
        for (const row of select(ids.slice(i, i + CHUNK))) {
          found.set(row.okta_user_id, {
            oktaUserId: row.okta_user_id,
            contactId: row.contact_id,
            values: JSON.parse(row.values_json) as Record<string, unknown>,
          });
        }
      }
      return found;
    },
    usersOfContacts(contactIds) {
      const found = new Map<string, string>();
      const keys = [...new Set(contactIds.map((id) => id.slice(0, 15)))];
      // Ordered by update: a Contact linked to another user since wins with the later row.
      for (let i = 0; i < keys.length; i += CHUNK) {
        for (const row of selectByContact(keys.slice(i, i + CHUNK)))
          found.set(row.contact_key, row.okta_user_id);
      }
      return found;
    },
    record(updates) {
      if (updates.length > 0) record.immediate(updates);
    },
  };
}

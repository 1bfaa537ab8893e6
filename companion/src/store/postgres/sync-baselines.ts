import type { SyncBaseline, SyncBaselineStore } from '../sync-baselines.js';
import { foldBaselineUpdates } from '../write-batches.js';
import type { PgContext, Statement } from './context.js';

/**
 * The updates, folded to one per user, in one statement: the agreed values merge into the
 * stored ones (`jsonb ||`), so two instances recording different attributes of one person at
 * once both keep theirs. Rows are taken in user order, so two such statements lock their
 * common rows in the same order and cannot deadlock.
 */
const recordMany: Statement = {
  name: 'sync-baselines-record',
  text: `
  INSERT INTO sync_baselines (okta_user_id, contact_id, contact_key, values_json, updated_at)
  SELECT u.okta_user_id, u.contact_id, u.contact_key, u.values_json::jsonb, $5
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
    AS u (okta_user_id, contact_id, contact_key, values_json)
  ORDER BY u.okta_user_id
  ON CONFLICT (okta_user_id) DO UPDATE SET
    contact_id = COALESCE(excluded.contact_id, sync_baselines.contact_id),
    contact_key = COALESCE(excluded.contact_key, sync_baselines.contact_key),
    values_json = sync_baselines.values_json || excluded.values_json,
    updated_at = excluded.updated_at`,
};

export function createPgSyncBaselines(ctx: PgContext): SyncBaselineStore {
  return {
    async get(oktaUserIds) {
      const found = new Map<string, SyncBaseline>();
      if (oktaUserIds.length === 0) return found;
      const rows = await ctx.rows<{
        okta_user_id: string;
        contact_id: string | null;
        values_json: Record<string, unknown>;
      }>(
        `SELECT okta_user_id, contact_id, values_json FROM sync_baselines
         WHERE okta_user_id = ANY($1::text[])`,
        [[...new Set(oktaUserIds)]],
      );
      for (const row of rows) {
        found.set(row.okta_user_id, {
          oktaUserId: row.okta_user_id,
          contactId: row.contact_id,
          values: row.values_json,
        });
      }
      return found;
    },
    async usersOfContacts(contactIds) {
      const found = new Map<string, string>();
      if (contactIds.length === 0) return found;
      const rows = await ctx.rows<{ contact_key: string; okta_user_id: string }>(
        `SELECT contact_key, okta_user_id FROM sync_baselines
         WHERE contact_key = ANY($1::text[]) ORDER BY updated_at, okta_user_id`,
        [[...new Set(contactIds.map((id) => id.slice(0, 15)))]],
      );
      // Ordered by update: a Contact linked to another user since wins with the later row.
      for (const row of rows) found.set(row.contact_key, row.okta_user_id);
      return found;
    },
    async record(updates) {
      if (updates.length === 0) return;
      const folded = foldBaselineUpdates(updates);
      const contactIds = folded.map((update) => update.contactId ?? null);
      await ctx.run(recordMany, [
        folded.map((update) => update.oktaUserId),
        contactIds,
        contactIds.map((id) => (id === null ? null : id.slice(0, 15))),
        folded.map((update) => JSON.stringify(update.values ?? {})),
        ctx.nowMs(),
      ]);
    },
  };
}

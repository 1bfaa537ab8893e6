import type { OktaWriteRecord, OktaWriteStore } from '../okta-writes.js';
import type { PgContext } from './context.js';

/** At most this many recent values are kept per user and attribute. */
const MAX_VALUES_PER_ATTRIBUTE = 20;

export function createPgOktaWrites(ctx: PgContext): OktaWriteStore {
  return {
    record: (userId, values, expiresAtMs) =>
      ctx.atomic(async (tx) => {
        for (const { attribute, valueJson } of values) {
          await tx.run(
            'DELETE FROM okta_writes WHERE user_id = $1 AND attribute = $2 AND value_json = $3',
            [userId, attribute, valueJson],
          );
          await tx.run(
            `INSERT INTO okta_writes (user_id, attribute, value_json, expires_at)
             VALUES ($1, $2, $3, $4)`,
            [userId, attribute, valueJson, expiresAtMs],
          );
          await tx.run(
            `DELETE FROM okta_writes WHERE user_id = $1 AND attribute = $2 AND seq NOT IN (
               SELECT seq FROM okta_writes WHERE user_id = $1 AND attribute = $2
               ORDER BY seq DESC LIMIT $3)`,
            [userId, attribute, MAX_VALUES_PER_ATTRIBUTE],
          );
        }
      }),
    live: async (userIds, nowMs) => {
      const found = new Map<string, OktaWriteRecord[]>();
      if (userIds.length === 0) return found;
      const rows = await ctx.rows<{ user_id: string; attribute: string; value_json: string }>(
        `SELECT user_id, attribute, value_json FROM okta_writes
         WHERE user_id = ANY ($1::text[]) AND expires_at > $2
         ORDER BY seq`,
        [[...new Set(userIds)], nowMs],
      );
      for (const row of rows) {
        const values = found.get(row.user_id) ?? [];
        values.push({ attribute: row.attribute, valueJson: row.value_json });
        found.set(row.user_id, values);
      }
      return found;
    },
    prune: (nowMs) => ctx.run('DELETE FROM okta_writes WHERE expires_at <= $1', [nowMs]),
  };
}

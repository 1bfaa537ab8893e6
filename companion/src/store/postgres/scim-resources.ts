import type { ScimGroupRecord, ScimResourceStore, ScimUserRecord } from '../scim-resources.js';
import {
  type GroupRow,
  toUser,
  USER_COLUMNS,
  type UserRow,
  userNameKey,
} from '../sqlite/scim-resources.js';
import type { PgContext } from './context.js';

/** The advisory lock namespace of SCIM userNames (the other int4 key is the name's hash). */
const USER_NAME_LOCK_SPACE = 0x6f6b7375; // 'oksu'

const GROUP_COLUMNS = `id, display_name, external_id, okta_group_id, version, created, last_modified`;

export function createPgScimResources(ctx: PgContext): ScimResourceStore {
  const toGroups = async (rows: readonly GroupRow[]): Promise<ScimGroupRecord[]> => {
    if (rows.length === 0) return [];
    const members = await ctx.rows<{ group_id: string; user_id: string }>(
      `SELECT group_id, user_id FROM scim_group_members WHERE group_id = ANY ($1::text[])
       ORDER BY group_id, user_id`,
      [rows.map((row) => row.id)],
    );
    return rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      externalId: row.external_id,
      oktaGroupId: row.okta_group_id,
      members: members.filter((m) => m.group_id === row.id).map((m) => m.user_id),
      version: row.version,
      created: row.created,
      lastModified: row.last_modified,
    }));
  };
  const oneUser = async (where: string, value: string) => {
    const [row] = await ctx.rows<UserRow>(`SELECT ${USER_COLUMNS} FROM scim_users WHERE ${where}`, [
      value,
    ]);
    return row ? toUser(row) : undefined;
  };

  return {
    user: (id) => oneUser('id = $1 AND deleted = 0', id),
    // Inside a transaction the name stays locked until it ends: two instances creating the
    // same userName at once check it one after the other, and the second sees the first.
    userByUserName: async (userName) => {
      const key = userNameKey(userName);
      await ctx.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [USER_NAME_LOCK_SPACE, key]);
      return oneUser('user_name_key = $1 AND deleted = 0', key);
    },
    users: async ({ userName, externalId, offset, limit }) => {
      const where: string[] = ['deleted = 0'];
      const params: unknown[] = [];
      if (userName !== undefined) {
        params.push(userNameKey(userName));
        where.push(`user_name_key = $${params.length}`);
      }
      if (externalId !== undefined) {
        params.push(externalId);
        where.push(`external_id = $${params.length}`);
      }
      const clause = `WHERE ${where.join(' AND ')}`;
      const [count] = await ctx.rows<{ n: number }>(
        `SELECT COUNT(*) AS n FROM scim_users ${clause}`,
        params,
      );
      const rows = await ctx.rows<UserRow>(
        `SELECT ${USER_COLUMNS} FROM scim_users ${clause} ORDER BY seq
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      );
      return { total: count?.n ?? 0, items: rows.map(toUser) };
    },
    usersByOktaUserId: async (ids) => {
      const found = new Map<string, ScimUserRecord>();
      const unique = [...new Set(ids)];
      if (unique.length === 0) return found;
      // The live resource of each user if there is one, else its latest deleted one.
      const rows = await ctx.rows<UserRow>(
        `SELECT DISTINCT ON (okta_user_id) ${USER_COLUMNS} FROM scim_users
         WHERE okta_user_id = ANY ($1::text[])
         ORDER BY okta_user_id, deleted, seq DESC`,
        [unique],
      );
      for (const row of rows)
        if (row.okta_user_id !== null) found.set(row.okta_user_id, toUser(row));
      return found;
    },
    saveUser: async (record) => {
      await ctx.run(
        `INSERT INTO scim_users (id, user_name, user_name_key, external_id, okta_user_id, active,
           attributes, version, created, last_modified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name,
           user_name_key = excluded.user_name_key, external_id = excluded.external_id,
           okta_user_id = excluded.okta_user_id, active = excluded.active,
           attributes = excluded.attributes, version = excluded.version,
           last_modified = excluded.last_modified`,
        [
          record.id,
          record.userName,
          userNameKey(record.userName),
          record.externalId,
          record.oktaUserId,
          record.active ? 1 : 0,
          JSON.stringify(record.attributes),
          record.version,
          record.created,
          record.lastModified,
        ],
      );
    },
    // The userName is freed for a new resource; the row stays for the Okta user it was.
    deleteUser: (id) =>
      ctx.atomic(async (tx) => {
        await tx.run('DELETE FROM scim_group_members WHERE user_id = $1', [id]);
        return (
          (await tx.run(
            `UPDATE scim_users SET deleted = 1, active = 0, user_name_key = 'deleted:' || id
             WHERE id = $1 AND deleted = 0`,
            [id],
          )) > 0
        );
      }),

    group: async (id) => {
      const rows = await ctx.rows<GroupRow>(
        `SELECT ${GROUP_COLUMNS} FROM scim_groups WHERE id = $1`,
        [id],
      );
      return (await toGroups(rows))[0];
    },
    groups: async ({ displayName, offset, limit }) => {
      const clause = displayName !== undefined ? 'WHERE display_name_key = $1' : '';
      const params: unknown[] = displayName !== undefined ? [displayName.toLowerCase()] : [];
      const [count] = await ctx.rows<{ n: number }>(
        `SELECT COUNT(*) AS n FROM scim_groups ${clause}`,
        params,
      );
      const rows = await ctx.rows<GroupRow>(
        `SELECT ${GROUP_COLUMNS} FROM scim_groups ${clause} ORDER BY seq
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      );
      return { total: count?.n ?? 0, items: await toGroups(rows) };
    },
    saveGroup: (record) =>
      ctx.atomic(async (tx) => {
        await tx.run(
          `INSERT INTO scim_groups (id, display_name, display_name_key, external_id, okta_group_id,
             version, created, last_modified)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
             display_name_key = excluded.display_name_key, external_id = excluded.external_id,
             okta_group_id = excluded.okta_group_id,
             version = excluded.version, last_modified = excluded.last_modified`,
          [
            record.id,
            record.displayName,
            record.displayName.toLowerCase(),
            record.externalId,
            record.oktaGroupId,
            record.version,
            record.created,
            record.lastModified,
          ],
        );
        await tx.run('DELETE FROM scim_group_members WHERE group_id = $1', [record.id]);
        await tx.run(
          `INSERT INTO scim_group_members (group_id, user_id)
           SELECT $1, m FROM unnest($2::text[]) AS m ON CONFLICT DO NOTHING`,
          [record.id, [...new Set(record.members)]],
        );
      }),
    deleteGroup: async (id) => (await ctx.run('DELETE FROM scim_groups WHERE id = $1', [id])) > 0,
  };
}

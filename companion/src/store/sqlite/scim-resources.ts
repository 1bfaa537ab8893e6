import type { ScimGroupRecord, ScimResourceStore, ScimUserRecord } from '../scim-resources.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import type { Migration } from './sql.js';

export const SCIM_MIGRATION: Migration = {
  version: 3,
  name: 'SCIM users and groups',
  sql: `
    CREATE TABLE scim_users (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      user_name TEXT NOT NULL,
      user_name_key TEXT NOT NULL UNIQUE,
      external_id TEXT,
      okta_user_id TEXT,
      active INTEGER NOT NULL,
      attributes TEXT NOT NULL,
      version INTEGER NOT NULL,
      created TEXT NOT NULL,
      last_modified TEXT NOT NULL
    );
    CREATE INDEX scim_users_by_okta_user ON scim_users (okta_user_id) WHERE okta_user_id IS NOT NULL;
    CREATE INDEX scim_users_by_external_id ON scim_users (external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE scim_groups (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      display_name_key TEXT NOT NULL,
      external_id TEXT,
      okta_group_id TEXT,
      version INTEGER NOT NULL,
      created TEXT NOT NULL,
      last_modified TEXT NOT NULL
    );
    CREATE INDEX scim_groups_by_name ON scim_groups (display_name_key);

    CREATE TABLE scim_group_members (
      group_id TEXT NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
      user_id TEXT NOT NULL,
      PRIMARY KEY (group_id, user_id)
    ) WITHOUT ROWID;
  `,
};

/** A deleted User is kept, inactive, so the workflows still see it deprovisioned. */
export const SCIM_DELETED_USERS_MIGRATION: Migration = {
  version: 5,
  name: 'SCIM users kept inactive after a DELETE',
  sql: `ALTER TABLE scim_users ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;`,
};

export const USER_COLUMNS = `id, user_name, external_id, okta_user_id, active, attributes, version,
  created, last_modified`;

export interface UserRow {
  id: string;
  user_name: string;
  external_id: string | null;
  okta_user_id: string | null;
  active: number;
  attributes: string;
  version: number;
  created: string;
  last_modified: string;
}

export interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  okta_group_id: string | null;
  version: number;
  created: string;
  last_modified: string;
}

export function toUser(row: UserRow): ScimUserRecord {
  return {
    id: row.id,
    userName: row.user_name,
    externalId: row.external_id,
    oktaUserId: row.okta_user_id,
    active: row.active === 1,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    version: row.version,
    created: row.created,
    lastModified: row.last_modified,
  };
}

/** userName is compared case-insensitively (RFC 7643 §4.1.1, and Okta's lookup). */
export function userNameKey(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}

export function createSqliteScimResources(ctx: SqliteContext): Synchronous<ScimResourceStore> {
  const { db } = ctx;
  const byId = db.prepare<[string], UserRow>(
    `SELECT ${USER_COLUMNS} FROM scim_users WHERE id = ? AND deleted = 0`,
  );
  const byUserName = db.prepare<[string], UserRow>(
    `SELECT ${USER_COLUMNS} FROM scim_users WHERE user_name_key = ? AND deleted = 0`,
  );
  const byOktaUser = db.prepare<[string], UserRow>(
    `SELECT ${USER_COLUMNS} FROM scim_users WHERE okta_user_id = ? ORDER BY deleted, seq DESC LIMIT 1`,
  );
  const upsertUser = db.prepare(`
    INSERT INTO scim_users (id, user_name, user_name_key, external_id, okta_user_id, active,
      attributes, version, created, last_modified)
    VALUES (@id, @userName, @userNameKey, @externalId, @oktaUserId, @active, @attributes,
      @version, @created, @lastModified)
    ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name,
      user_name_key = excluded.user_name_key, external_id = excluded.external_id,
      okta_user_id = excluded.okta_user_id, active = excluded.active,
      attributes = excluded.attributes, version = excluded.version,
      last_modified = excluded.last_modified`);
  // The userName is freed for a new resource; the row stays for the Okta user it was.
  const deleteUser = db.prepare<[string]>(
    `UPDATE scim_users SET deleted = 1, active = 0, user_name_key = 'deleted:' || id WHERE id = ? AND deleted = 0`,
  );
  const deleteMemberships = db.prepare<[string]>(
    `DELETE FROM scim_group_members WHERE user_id = ?`,
  );

  const groupById = db.prepare<[string], GroupRow>(
    `SELECT id, display_name, external_id, okta_group_id, version, created, last_modified FROM scim_groups WHERE id = ?`,
  );
  const membersOf = db.prepare<[string], { user_id: string }>(
    `SELECT user_id FROM scim_group_members WHERE group_id = ? ORDER BY user_id`,
  );
  const upsertGroup = db.prepare(`
    INSERT INTO scim_groups (id, display_name, display_name_key, external_id, okta_group_id,
      version, created, last_modified)
    VALUES (@id, @displayName, @displayNameKey, @externalId, @oktaGroupId, @version, @created,
      @lastModified)
    ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
      display_name_key = excluded.display_name_key, external_id = excluded.external_id,
      okta_group_id = excluded.okta_group_id,
      version = excluded.version, last_modified = excluded.last_modified`);
  const clearMembers = db.prepare<[string]>(`DELETE FROM scim_group_members WHERE group_id = ?`);
  const addMember = db.prepare<[string, string]>(
    `INSERT OR IGNORE INTO scim_group_members (group_id, user_id) VALUES (?, ?)`,
  );
  const deleteGroup = db.prepare<[string]>(`DELETE FROM scim_groups WHERE id = ?`);

  const toGroup = (row: GroupRow): ScimGroupRecord => ({
    id: row.id,
    displayName: row.display_name,
    externalId: row.external_id,
    oktaGroupId: row.okta_group_id,
    members: membersOf.all(row.id).map((m) => m.user_id),
    version: row.version,
    created: row.created,
    lastModified: row.last_modified,
  });

  const saveGroup = db.transaction((record: ScimGroupRecord) => {
    upsertGroup.run({
      id: record.id,
      displayName: record.displayName,
      displayNameKey: record.displayName.toLowerCase(),
      externalId: record.externalId,
      oktaGroupId: record.oktaGroupId,
      version: record.version,
      created: record.created,
      lastModified: record.lastModified,
    });
    clearMembers.run(record.id);
    for (const member of new Set(record.members)) addMember.run(record.id, member);
  });
  const removeUser = db.transaction((id: string) => {
    deleteMemberships.run(id);
    return deleteUser.run(id).changes > 0;
  });

  return {
    user: (id) => {
      const row = byId.get(id);
      return row ? toUser(row) : undefined;
    },
    userByUserName: (userName) => {
      const row = byUserName.get(userNameKey(userName));
      return row ? toUser(row) : undefined;
    },
    users: ({ userName, externalId, offset, limit }) => {
      const where: string[] = ['deleted = 0'];
      const params: string[] = [];
      if (userName !== undefined) {
        where.push('user_name_key = ?');
        params.push(userNameKey(userName));
      }
      if (externalId !== undefined) {
        where.push('external_id = ?');
        params.push(externalId);
      }
      const clause = `WHERE ${where.join(' AND ')}`;
      const total = db
        .prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM scim_users ${clause}`)
        .get(...params)?.n;
      const rows = db
        .prepare<(string | number)[], UserRow>(
          `SELECT ${USER_COLUMNS} FROM scim_users ${clause} ORDER BY seq LIMIT ? OFFSET ?`,
        )
        .all(...params, limit, offset);
      return { total: total ?? 0, items: rows.map(toUser) };
    },
    usersByOktaUserId: (ids) => {
      const found = new Map<string, ScimUserRecord>();
      for (const id of new Set(ids)) {
        const row = byOktaUser.get(id);
        if (row) found.set(id, toUser(row));
      }
      return found;
    },
    saveUser: (record) => {
      upsertUser.run({
        id: record.id,
        userName: record.userName,
        userNameKey: userNameKey(record.userName),
        externalId: record.externalId,
        oktaUserId: record.oktaUserId,
        active: record.active ? 1 : 0,
        attributes: JSON.stringify(record.attributes),
        version: record.version,
        created: record.created,
        lastModified: record.lastModified,
      });
    },
    deleteUser: (id) => removeUser.immediate(id),

    group: (id) => {
      const row = groupById.get(id);
      return row ? toGroup(row) : undefined;
    },
    groups: ({ displayName, offset, limit }) => {
      const clause = displayName !== undefined ? 'WHERE display_name_key = ?' : '';
      const params = displayName !== undefined ? [displayName.toLowerCase()] : [];
      const total = db
        .prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM scim_groups ${clause}`)
        .get(...params)?.n;
      const rows = db
        .prepare<(string | number)[], GroupRow>(
          `SELECT id, display_name, external_id, okta_group_id, version, created, last_modified FROM scim_groups ${clause} ORDER BY seq LIMIT ? OFFSET ?`,
        )
        .all(...params, limit, offset);
      return { total: total ?? 0, items: rows.map(toGroup) };
    },
    saveGroup: (record) => saveGroup.immediate(record),
    deleteGroup: (id) => deleteGroup.run(id).changes > 0,
  };
}

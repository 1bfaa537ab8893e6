/**
 * The SCIM resources Okta provisions to the companion (`/scim/v2`): Users and Groups as last
 * accepted, so a GET answers what Okta last sent and a retry finds what it created.
 * Asynchronous, like the other repositories; callers compose writes with `Store.transaction`.
 */

export interface ScimUserRecord {
  /** The companion's stable id, handed to Okta on create. */
  id: string;
  userName: string;
  externalId: string | null;
  /** The Okta user this resource is, once known (Okta sends its user id as externalId). */
  oktaUserId: string | null;
  active: boolean;
  /** The accepted resource without `id` and `meta`. */
  attributes: Record<string, unknown>;
  /** Increases on every accepted write; part of the inbox event id and the ETag. */
  version: number;
  /** ISO 8601. */
  created: string;
  lastModified: string;
}

export interface ScimGroupRecord {
  id: string;
  displayName: string;
  externalId: string | null;
  /** The Okta group this resource is, once known. */
  oktaGroupId: string | null;
  /** Ids of member SCIM Users. */
  members: string[];
  version: number;
  created: string;
  lastModified: string;
}

export interface ScimPage<T> {
  total: number;
  items: T[];
}

export interface ScimPageQuery {
  /** Zero-based. */
  offset: number;
  limit: number;
}

export interface ScimResourceStore {
  user(id: string): Promise<ScimUserRecord | undefined>;
  /** Case-insensitive, as SCIM compares userName. */
  userByUserName(userName: string): Promise<ScimUserRecord | undefined>;
  /** In creation order; `userName` filters case-insensitively, `externalId` exactly. */
  users(
    query: ScimPageQuery & { userName?: string; externalId?: string },
  ): Promise<ScimPage<ScimUserRecord>>;
  /** The resources linked to these Okta users. */
  usersByOktaUserId(oktaUserIds: readonly string[]): Promise<Map<string, ScimUserRecord>>;
  /** Inserts or replaces by id. Throws when another resource holds the userName. */
  saveUser(record: ScimUserRecord): Promise<void>;
  deleteUser(id: string): Promise<boolean>;

  group(id: string): Promise<ScimGroupRecord | undefined>;
  groups(query: ScimPageQuery & { displayName?: string }): Promise<ScimPage<ScimGroupRecord>>;
  /** Inserts or replaces by id, members included. */
  saveGroup(record: ScimGroupRecord): Promise<void>;
  deleteGroup(id: string): Promise<boolean>;
}

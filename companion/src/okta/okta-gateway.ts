import type { OktaUserSnapshot } from '../mapping/types.js';
import {
  identityWriteRefusal,
  NO_IDENTITY_WRITES,
  type IdentityWritePolicy,
} from '../mapping/identity-attributes.js';
import {
  createAdminRoles,
  privilegedGroupMessage,
  privilegedUserMessage,
  PrivilegedTargetError,
  type AdminRoles,
} from './admin-roles.js';
import type { OktaClient } from './client.js';
import { groupDeletedError } from './group-deleted.js';
import { isOktaNotFound } from './okta-failures.js';
import { profileAttributesOf, type ProfileAttribute } from './profile-attributes.js';
import { readOktaUsers, toSnapshot } from './user-reader.js';

/** The Okta lifecycle operations an agent may ask for from Salesforce. */
export type OktaLifecycleCall =
  | 'unlockUser'
  | 'resetFactors'
  | 'activateUser'
  | 'reactivateUser'
  | 'suspendUser'
  | 'unsuspendUser';

export interface OktaFactor {
  id: string;
  factorType: string;
  provider: string;
  status: string;
}

export interface OktaGroupSummary {
  id: string;
  name: string;
  description: string | null;
  /** OKTA_GROUP, APP_GROUP or BUILT_IN (the Everyone group). */
  type: string | null;
}

/** Users page by page, as Okta's `Link` pagination serves them. */
export interface OktaUserPages {
  /** The next page; reading it again after a failure reads the same page. */
  next(): Promise<OktaUserSnapshot[]>;
  hasMore(): boolean;
}

/**
 * Every Okta Users and Groups API call the product makes outside `okta/` goes through this port
 * (workflows, grants, reconciliation, services, the composition root), so callers can be tested
 * without a server and the SDK's shapes stay here. Profile updates are partial
 * (`POST /api/v1/users/{id}`, the SDK's `updateUser`): attributes not named are kept.
 */
export interface OktaGateway {
  /** By id or login; null when Okta has no such user. */
  getUser(idOrLogin: string): Promise<OktaUserSnapshot | null>;
  /**
   * Users whose primary email is `email`, by `filter` (it sees every write at once, where `search`
   * lags behind writes); DEPROVISIONED users included.
   */
  findUsersByEmail(email: string): Promise<OktaUserSnapshot[]>;
  /**
   * A search expression, e.g. `profile.territory pr`. Okta's `search` is eventually consistent:
   * a user written moments ago may be missing or shown as before (see `attribute-holders.ts`).
   */
  searchUsers(search: string): Promise<OktaUserSnapshot[]>;
  listGroupIds(userId: string): Promise<string[]>;
  listGroupMembers(groupId: string): Promise<OktaUserSnapshot[]>;
  getGroup(
    groupId: string,
  ): Promise<{ id: string; name: string; description: string | null } | null>;
  /**
   * Refuses (PrivilegedTargetError) a group that holds an Okta admin role; a group deleted in
   * Okta is a permanent `OKTA_GROUP_DELETED` failure (`groupDeletedError`).
   */
  addToGroup(groupId: string, userId: string): Promise<void>;
  removeFromGroup(groupId: string, userId: string): Promise<void>;
  /** Refuses (PrivilegedTargetError) Okta sign-in and recovery attributes not allowed. */
  updateProfile(userId: string, profile: Record<string, unknown>): Promise<OktaUserSnapshot>;
  /** Refuses (PrivilegedTargetError) a user who holds an Okta admin role. */
  deactivate(userId: string): Promise<void>;
  /** Admin role types of a group, e.g. to tell the setup page why a rule's group is refused. */
  groupAdminRoles(groupId: string): Promise<string[]>;
  /** Admin role types a user holds, directly or through a group. */
  userAdminRoles(userId: string): Promise<string[]>;
  /** Many users by id with few calls (`readOktaUsers`); null for a user Okta no longer has. */
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  /** Every user (or those a filter expression selects), page by page. */
  userPages(query: { limit: number; filter?: string }): Promise<OktaUserPages>;
  /** The user's groups with their names. */
  listUserGroups(userId: string): Promise<{ id: string; name: string }[]>;
  listFactors(userId: string): Promise<OktaFactor[]>;
  /** Groups whose name starts with `q` (all groups when empty), read `pageSize` a page. */
  searchGroups(q: string, pageSize: number): AsyncIterable<OktaGroupSummary>;
  /** The id of the group with exactly this name, if any (`q` matches names by prefix). */
  findGroupIdByName(name: string): Promise<string | undefined>;
  /** Activation and reactivation send Okta's email to the user. */
  runLifecycle(userId: string, call: OktaLifecycleCall): Promise<void>;
  /** The attributes of the default user profile schema. */
  profileAttributes(): Promise<ProfileAttribute[]>;
}

const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

export function createOktaGateway(
  okta: OktaClient,
  options: { adminRoles?: AdminRoles; identityWrites?: IdentityWritePolicy } = {},
): OktaGateway {
  const adminRoles = options.adminRoles ?? createAdminRoles(okta);
  const identityWrites = options.identityWrites ?? NO_IDENTITY_WRITES;
  const snapshot = (user: unknown) => toSnapshot(user as Parameters<typeof toSnapshot>[0]);
  const search = async (expression: string) =>
    (await collect(await okta.userApi.listUsers({ search: expression, limit: 200 }))).map(snapshot);
  const filter = async (expression: string) =>
    (await collect(await okta.userApi.listUsers({ filter: expression, limit: 200 }))).map(snapshot);

  /** Whether Okta still has the group; true when it cannot tell (the caller's error stands). */
  const groupExists = async (groupId: string) => {
    try {
      await okta.groupApi.getGroup({ groupId });
      return true;
    } catch (error) {
      return !isOktaNotFound(error);
    }
  };

  return {
    async getUser(idOrLogin) {
      try {
        return snapshot(await okta.userApi.getUser({ userId: idOrLogin }));
      } catch (error) {
        if (isOktaNotFound(error)) return null;
        throw error;
      }
    },
    findUsersByEmail: (email) => filter(`profile.email eq ${quoted(email)}`),
    searchUsers: search,
    async listGroupIds(userId) {
      const groups = await collect(await okta.userApi.listUserGroups({ userId }));
      return groups.map((g) => String(g.id));
    },
    async listGroupMembers(groupId) {
      return (await collect(await okta.groupApi.listGroupUsers({ groupId, limit: 200 }))).map(
        snapshot,
      );
    },
    async getGroup(groupId) {
      try {
        const group = await okta.groupApi.getGroup({ groupId });
        const profile = (group.profile ?? {}) as { name?: string; description?: string | null };
        return {
          id: String(group.id),
          name: profile.name ?? String(group.id),
          description: profile.description ?? null,
        };
      } catch (error) {
        if (isOktaNotFound(error)) return null;
        throw error;
      }
    },
    async addToGroup(groupId, userId) {
      try {
        const roles = await adminRoles.ofGroup(groupId);
        if (roles.length > 0)
          throw new PrivilegedTargetError(privilegedGroupMessage(groupId, roles), roles);
        await okta.groupApi.assignUserToGroup({ groupId, userId });
      } catch (error) {
        // 404 E0000007 names the group or the user: only a group that is gone is explained here.
        if (isOktaNotFound(error) && !(await groupExists(groupId)))
          throw groupDeletedError(groupId);
        throw error;
      }
    },
    async removeFromGroup(groupId, userId) {
      try {
        await okta.groupApi.unassignUserFromGroup({ groupId, userId });
      } catch (error) {
        // Already not a member (or gone): the desired state holds.
        if (!isOktaNotFound(error)) throw error;
      }
    },
    async updateProfile(userId, profile) {
      // The last line of defence behind mapping and rule validation.
      for (const name of Object.keys(profile)) {
        const refusal = identityWriteRefusal(name, identityWrites);
        if (refusal) throw new PrivilegedTargetError(`Refused: ${refusal}.`, []);
      }
      const user = await okta.userApi.updateUser({ userId, user: { profile: profile as never } });
      return snapshot(user);
    },
    async deactivate(userId) {
      const roles = await adminRoles.ofUser(userId);
      if (roles.length > 0)
        throw new PrivilegedTargetError(privilegedUserMessage(userId, roles), roles);
      await okta.userApi.deactivateUser({ userId });
    },
    groupAdminRoles: (groupId) => adminRoles.ofGroup(groupId),
    userAdminRoles: (userId) => adminRoles.ofUser(userId),
    readUsers: (ids) => readOktaUsers(okta, ids),
    async userPages(query) {
      const collection = await okta.userApi.listUsers(query);
      return {
        next: async () => (await collection.getNextPage()).map(snapshot),
        hasMore: () => Boolean(collection.nextUri),
      };
    },
    async listUserGroups(userId) {
      const groups = await collect(await okta.userApi.listUserGroups({ userId }));
      return groups.map((g) => ({ id: String(g.id), name: g.profile?.name ?? '' }));
    },
    async listFactors(userId) {
      const factors = await collect(await okta.userFactorApi.listFactors({ userId }));
      return factors.map((f) => ({
        id: String(f.id),
        factorType: String(f.factorType),
        provider: String(f.provider),
        status: String(f.status),
      }));
    },
    async *searchGroups(q, pageSize) {
      const query = { ...(q === '' ? {} : { q }), limit: pageSize };
      for await (const group of await okta.groupApi.listGroups(query)) {
        if (!group?.id) continue;
        yield {
          id: group.id,
          name: group.profile?.name ?? group.id,
          description: group.profile?.description ?? null,
          type: group.type ?? null,
        };
      }
    },
    async findGroupIdByName(name) {
      for await (const group of await okta.groupApi.listGroups({ q: name, limit: 200 })) {
        if (group?.profile?.name === name && group.id) return group.id;
      }
      return undefined;
    },
    async runLifecycle(userId, call) {
      switch (call) {
        case 'unlockUser':
          return okta.userApi.unlockUser({ userId });
        case 'resetFactors':
          return okta.userApi.resetFactors({ userId });
        case 'suspendUser':
          return okta.userApi.suspendUser({ userId });
        case 'unsuspendUser':
          return okta.userApi.unsuspendUser({ userId });
        case 'activateUser':
          await okta.userApi.activateUser({ userId, sendEmail: true });
          return;
        case 'reactivateUser':
          await okta.userApi.reactivateUser({ userId, sendEmail: true });
          return;
      }
    },
    async profileAttributes() {
      return profileAttributesOf(await okta.schemaApi.getUserSchema({ schemaId: 'default' }));
    },
  };
}

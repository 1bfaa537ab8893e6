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
import { toSnapshot } from './user-reader.js';

/**
 * The Okta calls the Salesforce → Okta workflows and the grant service make, behind one small
 * port so the decisions can be tested without a server. Profile updates are partial
 * (`POST /api/v1/users/{id}`, the SDK's `updateUser`): attributes not named are kept.
 */
export interface OktaGateway {
  /** By id or login; null when Okta has no such user. */
  getUser(idOrLogin: string): Promise<OktaUserSnapshot | null>;
  /** Users whose primary email is `email` (search is case-insensitive). */
  findUsersByEmail(email: string): Promise<OktaUserSnapshot[]>;
  /** A search expression, e.g. `profile.territory pr`. */
  searchUsers(search: string): Promise<OktaUserSnapshot[]>;
  listGroupIds(userId: string): Promise<string[]>;
  listGroupMembers(groupId: string): Promise<OktaUserSnapshot[]>;
  getGroup(
    groupId: string,
  ): Promise<{ id: string; name: string; description: string | null } | null>;
  /** Refuses (PrivilegedTargetError) a group that holds an Okta admin role. */
  addToGroup(groupId: string, userId: string): Promise<void>;
  removeFromGroup(groupId: string, userId: string): Promise<void>;
  /** Refuses (PrivilegedTargetError) Okta sign-in and recovery attributes not allowed. */
  updateProfile(userId: string, profile: Record<string, unknown>): Promise<OktaUserSnapshot>;
  /** Refuses (PrivilegedTargetError) a user who holds an Okta admin role. */
  deactivate(userId: string): Promise<void>;
  /** Admin role types of a group, e.g. to tell the setup page why a rule's group is refused. */
  groupAdminRoles(groupId: string): Promise<string[]>;
}

export function isOktaNotFound(error: unknown): boolean {
  const e = error as { status?: number; errorCode?: string } | null;
  return e?.status === 404 || e?.errorCode === 'E0000007';
}

const searchQuote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

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

  return {
    async getUser(idOrLogin) {
      try {
        return snapshot(await okta.userApi.getUser({ userId: idOrLogin }));
      } catch (error) {
        if (isOktaNotFound(error)) return null;
        throw error;
      }
    },
    findUsersByEmail: (email) => search(`profile.email eq ${searchQuote(email)}`),
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
      const roles = await adminRoles.ofGroup(groupId);
      if (roles.length > 0)
        throw new PrivilegedTargetError(privilegedGroupMessage(groupId, roles), roles);
      await okta.groupApi.assignUserToGroup({ groupId, userId });
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
  };
}

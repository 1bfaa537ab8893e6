import { PermanentError } from '../queue/job-errors.js';
import type { OktaClient } from './client.js';

/**
 * Okta admin role assignments (the Role Assignment API, scope `okta.roles.read`). The product
 * never adds anyone to a group that holds an admin role, and never acts from Salesforce on a
 * user who holds one: whatever an access rule, a grant or a Case says, Salesforce data cannot
 * make anyone an Okta administrator or lock one out.
 */
export interface AdminRoles {
  /** Role types (SUPER_ADMIN, ORG_ADMIN, …) assigned to the group; empty when none. */
  ofGroup(groupId: string): Promise<string[]>;
  /** Role types the user holds, directly or through a group. */
  ofUser(userId: string): Promise<string[]>;
}

/** A write refused because it would reach an Okta administrator or an admin group; never retried. */
export class PrivilegedTargetError extends PermanentError {
  constructor(
    message: string,
    readonly roles: readonly string[],
  ) {
    super(message, { code: 'PRIVILEGED_TARGET' });
  }
}

async function roleTypes(collection: AsyncIterable<unknown>): Promise<string[]> {
  const types = new Set<string>();
  for await (const item of collection) {
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type === 'string') types.add(type);
  }
  return [...types].sort();
}

export function createAdminRoles(okta: OktaClient): AdminRoles {
  return {
    async ofGroup(groupId) {
      return roleTypes(await okta.roleAssignmentApi.listGroupAssignedRoles({ groupId }));
    },
    async ofUser(userId) {
      return roleTypes(await okta.roleAssignmentApi.listAssignedRolesForUser({ userId }));
    },
  };
}

export function privilegedGroupMessage(groupName: string, roles: readonly string[]): string {
  return `Okta group ${groupName} holds the admin role${roles.length === 1 ? '' : 's'} ${roles.join(', ')}: the product never adds anyone to it.`;
}

export function privilegedUserMessage(user: string, roles: readonly string[]): string {
  return `Okta user ${user} holds the admin role${roles.length === 1 ? '' : 's'} ${roles.join(', ')}: the product does not act on Okta administrators from Salesforce.`;
}

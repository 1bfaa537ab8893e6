import type { AccessRule, ConfigProblem } from '../mapping/types.js';
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

/**
 * Problems for the access rules whose Okta group holds an admin role: the setup page and the
 * journal say why such a rule never adds anyone. A lookup that fails is a problem too (the
 * companion then refuses every add, since it cannot tell).
 */
export async function privilegedRuleGroupProblems(
  rules: readonly AccessRule[],
  rolesOfGroup: (groupId: string) => Promise<string[]>,
): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const checked = new Map<string, Promise<string[] | Error>>();
  for (const rule of rules) {
    if (rule.type === 'CONDITION_TO_ATTRIBUTE') continue;
    let roles = checked.get(rule.groupId);
    if (!roles) {
      roles = rolesOfGroup(rule.groupId).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      checked.set(rule.groupId, roles);
    }
    const result = await roles;
    const source = `Okta_Access_Rule__mdt.${rule.name}`;
    const group = rule.groupName ?? rule.groupId;
    if (result instanceof Error) {
      problems.push({
        source,
        message: `Could not read the admin roles of Okta group ${group} (${result.message}); the companion adds no one to it until it can. Grant the okta.roles.read scope.`,
      });
    } else if (result.length > 0) {
      problems.push({ source, message: privilegedGroupMessage(group, result) });
    }
  }
  return problems;
}

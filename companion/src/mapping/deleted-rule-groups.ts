import type { AccessRule, ConfigProblem } from './types.js';

/**
 * Access rules whose Okta group no longer exists (deleted in Okta). Such a rule is left out of
 * the active set and reported as a configuration problem until someone edits it on the setup
 * page: the companion writes no membership to a group that is gone, and nobody is removed from
 * an Account Team because the group vanished (an accidental deletion must not strip every team).
 * Pure: which groups are gone is read by the caller.
 */

export function deletedGroupRuleMessage(rule: {
  label: string;
  groupName: string | null;
  groupId: string;
}): string {
  const group = rule.groupName ? `${rule.groupName} (${rule.groupId})` : rule.groupId;
  return `Okta group ${group} was deleted in Okta: the access rule ${rule.label} is suspended. The companion writes no membership for it and removes no one from an Account Team because of it. Edit the rule on the Okta Sync Setup page to name another group, or deactivate it.`;
}

export function withoutDeletedGroupRules(input: {
  rules: readonly AccessRule[];
  deletedGroupIds: ReadonlySet<string>;
}): { accessRules: AccessRule[]; suspendedRules: AccessRule[]; problems: ConfigProblem[] } {
  const accessRules: AccessRule[] = [];
  const suspendedRules: AccessRule[] = [];
  const problems: ConfigProblem[] = [];
  for (const rule of input.rules) {
    if (rule.type === 'CONDITION_TO_ATTRIBUTE' || !input.deletedGroupIds.has(rule.groupId)) {
      accessRules.push(rule);
      continue;
    }
    suspendedRules.push(rule);
    problems.push({
      source: `Okta_Access_Rule__mdt.${rule.name}`,
      message: deletedGroupRuleMessage(rule),
      groupId: rule.groupId,
    });
  }
  return { accessRules, suspendedRules, problems };
}

/**
 * Account Team roles no row of which is removed while a rule giving them is suspended: an active
 * rule sharing the role could otherwise take away the rows the suspended rule gave.
 */
export function heldTeamRoles(config: { suspendedRules?: readonly AccessRule[] }): Set<string> {
  return new Set(
    (config.suspendedRules ?? []).flatMap((r) =>
      r.type === 'GROUP_TO_ACCOUNT_TEAM' ? [r.accountTeamRole.toLowerCase()] : [],
    ),
  );
}

/**
 * The groups of these rules that Okta answers "not found" for. A group whose lookup fails for
 * another reason counts as present: an Okta outage must not suspend every rule.
 */
export async function deletedRuleGroups(
  rules: readonly AccessRule[],
  groupExists: (groupId: string) => Promise<boolean>,
): Promise<Set<string>> {
  const ids = [
    ...new Set(rules.flatMap((r) => (r.type === 'CONDITION_TO_ATTRIBUTE' ? [] : [r.groupId]))),
  ];
  const gone = new Set<string>();
  await Promise.all(
    ids.map(async (id) => {
      const exists = await groupExists(id).catch(() => true);
      if (!exists) gone.add(id);
    }),
  );
  return gone;
}

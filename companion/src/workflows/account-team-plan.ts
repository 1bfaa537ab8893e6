import type { GroupToAccountTeamRule, RuleCondition } from '../mapping/types.js';
import { soqlQuote } from '../mapping/matching.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';

/**
 * Workflow 3: Okta group membership → Account Team membership. For each GROUP_TO_ACCOUNT_TEAM
 * rule whose Okta group the person belongs to, they join the team of every Account the
 * rule's condition selects, with the rule's role and access; when they leave the group,
 * they leave those teams. Rows with a role no rule manages are never touched. Pure.
 */

export interface TeamMemberRow extends Record<string, unknown> {
  Id: string;
  AccountId: string;
  TeamMemberRole: string | null;
  AccountAccessLevel?: string | null;
  OpportunityAccessLevel?: string | null;
  CaseAccessLevel?: string | null;
}

export interface AccountTeamPlan {
  writes: SalesforceWrite[];
  added: number;
  removed: number;
  changed: number;
}

export function planAccountTeams(input: {
  salesforceUserId: string;
  memberOf: ReadonlySet<string>;
  rules: readonly GroupToAccountTeamRule[];
  /** Accounts each rule's condition selects, by rule name. */
  accountsByRule: ReadonlyMap<string, readonly string[]>;
  /** The person's current Account Team rows. */
  existing: readonly TeamMemberRow[];
}): AccountTeamPlan {
  const managedRoles = new Set(input.rules.map((r) => r.accountTeamRole.toLowerCase()));
  // One row per person and Account: the first rule (by name) that gives it wins.
  const desired = new Map<string, GroupToAccountTeamRule>();
  for (const rule of [...input.rules].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!input.memberOf.has(rule.groupId)) continue;
    for (const accountId of input.accountsByRule.get(rule.name) ?? []) {
      if (!desired.has(accountId)) desired.set(accountId, rule);
    }
  }

  const plan: AccountTeamPlan = { writes: [], added: 0, removed: 0, changed: 0 };
  const existingByAccount = new Map(input.existing.map((row) => [row.AccountId, row]));
  for (const [accountId, rule] of desired) {
    const access = {
      TeamMemberRole: rule.accountTeamRole,
      AccountAccessLevel: rule.accountAccessLevel,
      OpportunityAccessLevel: rule.opportunityAccessLevel ?? 'None',
      CaseAccessLevel: rule.caseAccessLevel ?? 'None',
    };
    const row = existingByAccount.get(accountId);
    if (!row) {
      plan.writes.push({
        op: 'create',
        object: 'AccountTeamMember',
        record: { AccountId: accountId, UserId: input.salesforceUserId, ...access },
      });
      plan.added += 1;
      continue;
    }
    if (!managedRoles.has(String(row.TeamMemberRole ?? '').toLowerCase())) continue;
    const differs = (Object.keys(access) as (keyof typeof access)[]).some(
      (field) => (row[field] ?? 'None') !== access[field],
    );
    if (differs) {
      plan.writes.push({
        op: 'update',
        object: 'AccountTeamMember',
        record: { Id: row.Id, ...access },
      });
      plan.changed += 1;
    }
  }
  for (const row of input.existing) {
    if (desired.has(row.AccountId)) continue;
    if (!managedRoles.has(String(row.TeamMemberRole ?? '').toLowerCase())) continue;
    plan.writes.push({ op: 'delete', object: 'AccountTeamMember', id: row.Id });
    plan.removed += 1;
  }
  return plan;
}

/** A rule condition as a SOQL WHERE clause over its object. */
export function conditionToSoql(condition: RuleCondition): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(condition.field)) {
    throw new Error(`"${condition.field}" is not a field name`);
  }
  switch (condition.operator) {
    case 'EQUALS':
      return `${condition.field} = ${soqlQuote(condition.value ?? '')}`;
    case 'NOT_EQUALS':
      return `${condition.field} != ${soqlQuote(condition.value ?? '')}`;
    case 'IN':
      return `${condition.field} IN (${(condition.value ?? '')
        .split(',')
        .map((v) => soqlQuote(v.trim()))
        .join(',')})`;
    case 'NOT_NULL':
      return `${condition.field} != null`;
  }
}

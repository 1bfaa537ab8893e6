import type { GroupToAccountTeamRule, RuleCondition } from '../mapping/types.js';
import { conditionHolds } from '../mapping/access-rules.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';

/**
 * Workflow 3: Okta group membership → Account Team membership. For each GROUP_TO_ACCOUNT_TEAM
 * rule whose Okta group the person belongs to, they join the team of every Account the
 * rule's condition selects, with the rule's role and access; when they leave the group,
 * they leave those teams. Rows with a role no rule manages are never touched, and rows with the
 * role of a rule suspended because its group was deleted are never removed. Pure.
 */

export interface TeamMemberRow extends Record<string, unknown> {
  Id: string;
  AccountId: string;
  UserId?: string;
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
  /** Roles of rules suspended because their Okta group was deleted: such rows are never removed. */
  heldRoles?: ReadonlySet<string>;
}): AccountTeamPlan {
  // One row per person and Account: the first rule (by name) that gives it wins.
  const desired = new Map<string, GroupToAccountTeamRule>();
  for (const rule of byName(input.rules)) {
    if (!input.memberOf.has(rule.groupId)) continue;
    for (const accountId of input.accountsByRule.get(rule.name) ?? []) {
      if (!desired.has(accountId)) desired.set(accountId, rule);
    }
  }
  return teamRowWrites({
    rules: input.rules,
    desired,
    existing: input.existing.map((row) => [row.AccountId, row] as const),
    newRow: (accountId) => ({ AccountId: accountId, UserId: input.salesforceUserId }),
    heldRoles: input.heldRoles,
  });
}

/**
 * Workflow 3 seen from one Account, when the Account's own fields change: for each
 * GROUP_TO_ACCOUNT_TEAM rule whose condition the Account now satisfies, every member of the
 * rule's Okta group (as Salesforce User ids) belongs on its team with the rule's role and access;
 * rows of rule-managed roles for anyone else — all of them once the Account stops matching — go.
 * A person on the team under a role no rule manages is left alone. Pure.
 */
export function planAccountTeamOfAccount(input: {
  /** The Account's current fields (at least every rule's condition field). */
  account: Readonly<Record<string, unknown>> & { Id: string };
  rules: readonly GroupToAccountTeamRule[];
  /** Salesforce User ids of each matching rule's group members, by Okta group id. */
  membersByGroup: ReadonlyMap<string, readonly string[]>;
  /** The Account's current team rows (with UserId). */
  existing: readonly TeamMemberRow[];
  /** Roles of rules suspended because their Okta group was deleted: such rows are never removed. */
  heldRoles?: ReadonlySet<string>;
}): AccountTeamPlan & { matchingRules: string[] } {
  const matching = byName(input.rules).filter((rule) =>
    conditionHolds(rule.accounts, { objectName: 'Account', fields: input.account }),
  );
  const desired = new Map<string, GroupToAccountTeamRule>();
  for (const rule of matching) {
    const members = input.membersByGroup.get(rule.groupId);
    if (members === undefined) {
      throw new Error(`the members of Okta group ${rule.groupId} were not read`);
    }
    for (const userId of members) if (!desired.has(userId)) desired.set(userId, rule);
  }
  const plan = teamRowWrites({
    rules: input.rules,
    desired,
    existing: input.existing.flatMap((row) =>
      typeof row.UserId === 'string' ? [[row.UserId, row] as const] : [],
    ),
    newRow: (userId) => ({ AccountId: input.account.Id, UserId: userId }),
    heldRoles: input.heldRoles,
  });
  return { ...plan, matchingRules: matching.map((r) => r.name) };
}

const byName = (rules: readonly GroupToAccountTeamRule[]) =>
  [...rules].sort((a, b) => a.name.localeCompare(b.name));

/**
 * The writes that turn `existing` rows into `desired` ones, both keyed alike (by Account for one
 * person, by person for one Account). Rows with a role no rule manages are never touched.
 */
function teamRowWrites(input: {
  rules: readonly GroupToAccountTeamRule[];
  desired: ReadonlyMap<string, GroupToAccountTeamRule>;
  existing: readonly (readonly [string, TeamMemberRow])[];
  newRow: (key: string) => { AccountId: string; UserId: string };
  heldRoles: ReadonlySet<string> | undefined;
}): AccountTeamPlan {
  const managedRoles = new Set(input.rules.map((r) => r.accountTeamRole.toLowerCase()));
  const roleOf = (row: TeamMemberRow) => String(row.TeamMemberRole ?? '').toLowerCase();
  const managed = (row: TeamMemberRow) => managedRoles.has(roleOf(row));
  const held = (row: TeamMemberRow) => input.heldRoles?.has(roleOf(row)) ?? false;
  const plan: AccountTeamPlan = { writes: [], added: 0, removed: 0, changed: 0 };
  // One row per person and Account: the oldest (lowest Id) is kept, a second one (two writers
  // racing) is removed below.
  const existing = [...input.existing].sort(([, a], [, b]) =>
    a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0,
  );
  const existingByKey = new Map<string, TeamMemberRow>();
  for (const [key, row] of existing) if (!existingByKey.has(key)) existingByKey.set(key, row);
  for (const [key, rule] of input.desired) {
    const access = {
      TeamMemberRole: rule.accountTeamRole,
      AccountAccessLevel: rule.accountAccessLevel,
      OpportunityAccessLevel: rule.opportunityAccessLevel ?? 'None',
      CaseAccessLevel: rule.caseAccessLevel ?? 'None',
    };
    const row = existingByKey.get(key);
    if (!row) {
      plan.writes.push({
        op: 'create',
        object: 'AccountTeamMember',
        record: { ...input.newRow(key), ...access },
      });
      plan.added += 1;
      continue;
    }
    if (!managed(row)) continue;
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
  for (const [key, row] of existing) {
    const kept = input.desired.has(key) && existingByKey.get(key) === row;
    if (kept || !managed(row) || held(row)) continue;
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

import { fieldValueOf, sameValue } from './field-diff.js';
import { writableProfileName } from './okta-attribute.js';
import type {
  AccessRule,
  AccountAccessLevel,
  ConditionToAttributeRule,
  GroupToAccountTeamRule,
  RelatedAccessLevel,
  RuleCondition,
} from './types.js';

export interface OwnedRecord {
  objectName: string;
  fields: Readonly<Record<string, unknown>>;
}

export interface Entitlements {
  groups: Set<string>;
  /** Profile attribute name (without `profile.`) → value; null clears an attribute no rule sets. */
  attributes: Record<string, unknown>;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  return text.trim() === '' ? null : text.trim().toLowerCase();
}

/**
 * Whether a record satisfies a condition. Text compares trimmed and case-insensitively, as SOQL
 * does; numbers and checkboxes compare by their text (`true`, `42`). NOT_EQUALS holds for an
 * empty field, as `!=` does in SOQL.
 */
export function conditionHolds(condition: RuleCondition, record: OwnedRecord): boolean {
  if (record.objectName.toLowerCase() !== condition.objectName.toLowerCase()) return false;
  const actual = asText(fieldValueOf(record.fields, condition.field));
  const expected = asText(condition.value);
  switch (condition.operator) {
    case 'EQUALS':
      return actual !== null && actual === expected;
    case 'NOT_EQUALS':
      return actual !== expected;
    case 'IN':
      return (
        actual !== null &&
        (condition.value ?? '')
          .split(',')
          .map((v) => v.trim().toLowerCase())
          .includes(actual)
      );
    case 'NOT_NULL':
      return actual !== null;
  }
}

/**
 * The managed groups and attributes a Salesforce user should have, from the records they own.
 * A CONDITION_TO_GROUP rule grants its group when any owned record satisfies it. Every attribute
 * a CONDITION_TO_ATTRIBUTE rule names is in the result: the rule's value when it holds, null when
 * no rule for it holds; when several rules for one attribute hold, the first by DeveloperName wins.
 */
export function evaluateAccess(input: {
  rules: readonly AccessRule[];
  ownedRecords: readonly OwnedRecord[];
}): Entitlements {
  const groups = new Set<string>();
  const attributes: Record<string, unknown> = {};
  const holds = (condition: RuleCondition) =>
    input.ownedRecords.some((r) => conditionHolds(condition, r));
  const attributeRules = input.rules
    .filter((r): r is ConditionToAttributeRule => r.type === 'CONDITION_TO_ATTRIBUTE')
    .sort((a, b) => a.name.localeCompare(b.name));

  for (const rule of input.rules) {
    if (rule.type === 'CONDITION_TO_GROUP' && holds(rule.condition)) groups.add(rule.groupId);
  }
  for (const rule of attributeRules) {
    const name = writableProfileName(rule.oktaAttribute);
    if (name === undefined) continue;
    if (!(name in attributes)) attributes[name] = null;
    if (attributes[name] === null && holds(rule.condition)) attributes[name] = rule.attributeValue;
  }
  return { groups, attributes };
}

/**
 * The Okta groups the access rules grant (CONDITION_TO_GROUP): the only groups the product may
 * add a user to or remove a user from when recomputing access. Groups named only by
 * GROUP_TO_ACCOUNT_TEAM rules are read (Okta → Account Teams), never written, so they are not here.
 */
export function managedGroupIds(rules: readonly AccessRule[]): Set<string> {
  return new Set(rules.flatMap((r) => (r.type === 'CONDITION_TO_GROUP' ? [r.groupId] : [])));
}

/** Every group any rule names, whatever its type (for display and validation). */
export function ruleGroupIds(rules: readonly AccessRule[]): Set<string> {
  return new Set(rules.flatMap((r) => (r.type === 'CONDITION_TO_ATTRIBUTE' ? [] : [r.groupId])));
}

/**
 * What to change in Okta to reach `desired`: adds and removals limited to `managed` groups (a
 * group outside it is never touched, even if `desired` names it), and the profile attributes
 * whose value differs.
 */
export function diffEntitlements(input: {
  currentGroups: Iterable<string>;
  currentAttributes: Readonly<Record<string, unknown>>;
  desired: Entitlements;
  managed: ReadonlySet<string>;
}): { addGroups: string[]; removeGroups: string[]; profile: Record<string, unknown> } {
  const current = new Set(input.currentGroups);
  const addGroups = [...input.desired.groups]
    .filter((g) => input.managed.has(g) && !current.has(g))
    .sort();
  const removeGroups = [...current]
    .filter((g) => input.managed.has(g) && !input.desired.groups.has(g))
    .sort();
  const profile: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input.desired.attributes)) {
    if (!sameValue(input.currentAttributes[name], value)) profile[name] = value;
  }
  return { addGroups, removeGroups, profile };
}

export interface AccountTeamAccess {
  rule: string;
  role: string;
  accountAccessLevel: AccountAccessLevel;
  opportunityAccessLevel: RelatedAccessLevel | null;
  caseAccessLevel: RelatedAccessLevel | null;
}

/** The Account Team role and access a member of `groupId` gets, or null when no rule maps the group. */
export function accountTeamRoleFor(
  groupId: string,
  rules: readonly AccessRule[],
): AccountTeamAccess | null {
  const rule = rules
    .filter(
      (r): r is GroupToAccountTeamRule =>
        r.type === 'GROUP_TO_ACCOUNT_TEAM' && r.groupId === groupId,
    )
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  if (!rule) return null;
  return {
    rule: rule.name,
    role: rule.accountTeamRole,
    accountAccessLevel: rule.accountAccessLevel,
    opportunityAccessLevel: rule.opportunityAccessLevel,
    caseAccessLevel: rule.caseAccessLevel,
  };
}

/**
 * The fields of `objectName` whose change can alter someone's access: every condition field of
 * the object's rules, plus OwnerId (whose records they are). Empty when no rule reads the object.
 */
export function conditionFields(rules: readonly AccessRule[], objectName: string): string[] {
  const lower = objectName.toLowerCase();
  const fields = new Map<string, string>();
  for (const rule of rules) {
    if (rule.type === 'GROUP_TO_ACCOUNT_TEAM' || rule.condition.objectName.toLowerCase() !== lower)
      continue;
    fields.set(rule.condition.field.toLowerCase(), rule.condition.field);
  }
  if (fields.size === 0) return [];
  if (!fields.has('ownerid')) fields.set('ownerid', 'OwnerId');
  return [...fields.values()].sort();
}

/**
 * The Account fields GROUP_TO_ACCOUNT_TEAM rules select Accounts by: a change to one of them can
 * put an Account's team in or out of a rule. Empty when no such rule exists.
 */
export function accountTeamConditionFields(rules: readonly AccessRule[]): string[] {
  const fields = new Map<string, string>();
  for (const rule of rules) {
    if (rule.type === 'GROUP_TO_ACCOUNT_TEAM')
      fields.set(rule.accounts.field.toLowerCase(), rule.accounts.field);
  }
  return [...fields.values()].sort();
}

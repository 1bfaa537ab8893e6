import { describe, expect, it } from 'vitest';
import {
  accountTeamRoleFor,
  conditionFields,
  conditionHolds,
  diffEntitlements,
  evaluateAccess,
  managedGroupIds,
  ruleGroupIds,
} from './access-rules.js';
import type { OwnedRecord } from './access-rules.js';
import type { AccessRule, RuleCondition } from './types.js';

const EMEA_GROUP = '00g1emea000000000001';
const ENTERPRISE_GROUP = '00g1enterprise000001';
const TEAM_GROUP = '00g1accountteam00001';
const UNMANAGED = '00g1everyone00000001';

const rules: AccessRule[] = [
  {
    type: 'CONDITION_TO_GROUP',
    name: 'Emea_Opportunities',
    label: 'EMEA opportunities',
    groupId: EMEA_GROUP,
    groupName: 'EMEA Sales',
    condition: {
      objectName: 'Opportunity',
      field: 'Territory__c',
      operator: 'EQUALS',
      value: 'EMEA',
    },
  },
  {
    type: 'CONDITION_TO_GROUP',
    name: 'Enterprise_Accounts',
    label: 'Enterprise accounts',
    groupId: ENTERPRISE_GROUP,
    groupName: null,
    condition: {
      objectName: 'Account',
      field: 'Type',
      operator: 'IN',
      value: 'Enterprise, Strategic',
    },
  },
  {
    type: 'CONDITION_TO_ATTRIBUTE',
    name: 'B_Territory_Emea',
    label: 'EMEA territory',
    oktaAttribute: 'profile.territory',
    attributeValue: 'EMEA',
    condition: { objectName: 'Lead', field: 'Country', operator: 'IN', value: 'DE,FR,GB' },
  },
  {
    type: 'CONDITION_TO_ATTRIBUTE',
    name: 'A_Territory_Amer',
    label: 'AMER territory',
    oktaAttribute: 'profile.territory',
    attributeValue: 'AMER',
    condition: { objectName: 'Lead', field: 'Country', operator: 'EQUALS', value: 'US' },
  },
  {
    type: 'CONDITION_TO_ATTRIBUTE',
    name: 'Has_Opportunities',
    label: 'Has opportunities',
    oktaAttribute: 'profile.sellsOpportunities',
    attributeValue: 'true',
    condition: { objectName: 'Opportunity', field: 'Id', operator: 'NOT_NULL', value: null },
  },
  {
    type: 'GROUP_TO_ACCOUNT_TEAM',
    name: 'Team_Managers',
    label: 'Account managers',
    groupId: TEAM_GROUP,
    groupName: 'Account Managers',
    accountTeamRole: 'Account Manager',
    accountAccessLevel: 'Edit',
    opportunityAccessLevel: 'Read',
    caseAccessLevel: 'None',
    accounts: { objectName: 'Account', field: 'Type', operator: 'EQUALS', value: 'Customer' },
  },
];

const opp = (fields: Record<string, unknown>): OwnedRecord => ({
  objectName: 'Opportunity',
  fields: { Id: '006A', ...fields },
});

describe('conditionHolds', () => {
  const cond = (operator: RuleCondition['operator'], value: string | null): RuleCondition => ({
    objectName: 'Lead',
    field: 'Country',
    operator,
    value,
  });
  const lead = (country: unknown): OwnedRecord => ({
    objectName: 'Lead',
    fields: { Country: country },
  });

  it('compares text trimmed and case-insensitively', () => {
    expect(conditionHolds(cond('EQUALS', 'de'), lead(' DE '))).toBe(true);
    expect(conditionHolds(cond('EQUALS', 'DE'), lead('FR'))).toBe(false);
    expect(conditionHolds(cond('EQUALS', 'DE'), lead(null))).toBe(false);
  });

  it('lets NOT_EQUALS hold for an empty field, as SOQL != does', () => {
    expect(conditionHolds(cond('NOT_EQUALS', 'DE'), lead(null))).toBe(true);
    expect(conditionHolds(cond('NOT_EQUALS', 'DE'), lead('de'))).toBe(false);
  });

  it('splits IN values on commas', () => {
    expect(conditionHolds(cond('IN', 'DE, FR ,GB'), lead('fr'))).toBe(true);
    expect(conditionHolds(cond('IN', 'DE,FR'), lead('IT'))).toBe(false);
    expect(conditionHolds(cond('IN', 'DE,FR'), lead(''))).toBe(false);
  });

  it('checks NOT_NULL, numbers and checkboxes by text, and only the rule’s object', () => {
    expect(conditionHolds(cond('NOT_NULL', null), lead('  '))).toBe(false);
    expect(conditionHolds(cond('NOT_NULL', null), lead(0))).toBe(true);
    expect(
      conditionHolds(
        { ...cond('EQUALS', 'true'), field: 'IsConverted' },
        { objectName: 'Lead', fields: { IsConverted: true } },
      ),
    ).toBe(true);
    expect(
      conditionHolds(cond('EQUALS', 'DE'), { objectName: 'Contact', fields: { Country: 'DE' } }),
    ).toBe(false);
  });
});

describe('evaluateAccess', () => {
  it('grants the groups whose condition any owned record meets', () => {
    const result = evaluateAccess({
      rules,
      ownedRecords: [
        opp({ Territory__c: 'APAC' }),
        opp({ Territory__c: 'EMEA' }),
        { objectName: 'Account', fields: { Type: 'Customer' } },
      ],
    });
    expect([...result.groups]).toEqual([EMEA_GROUP]);
  });

  it('sets every rule attribute: the value when a rule holds, null otherwise, the first rule by name winning', () => {
    const both = evaluateAccess({
      rules,
      ownedRecords: [
        { objectName: 'Lead', fields: { Country: 'DE' } },
        { objectName: 'Lead', fields: { Country: 'US' } },
      ],
    });
    expect(both.attributes).toEqual({ territory: 'AMER', sellsOpportunities: null });
    const emea = evaluateAccess({
      rules,
      ownedRecords: [{ objectName: 'Lead', fields: { Country: 'GB' } }, opp({})],
    });
    expect(emea.attributes).toEqual({ territory: 'EMEA', sellsOpportunities: 'true' });
  });

  it('grants nothing to a user who owns nothing', () => {
    const result = evaluateAccess({ rules, ownedRecords: [] });
    expect(result.groups.size).toBe(0);
    expect(result.attributes).toEqual({ territory: null, sellsOpportunities: null });
  });
});

describe('managed groups and entitlement diffs', () => {
  it('manages only the groups access rules grant', () => {
    expect([...managedGroupIds(rules)].sort()).toEqual([EMEA_GROUP, ENTERPRISE_GROUP].sort());
    expect([...ruleGroupIds(rules)].sort()).toEqual(
      [EMEA_GROUP, ENTERPRISE_GROUP, TEAM_GROUP].sort(),
    );
  });

  it('adds and removes managed groups and never touches the others', () => {
    const diff = diffEntitlements({
      currentGroups: [ENTERPRISE_GROUP, UNMANAGED, TEAM_GROUP],
      currentAttributes: { territory: 'EMEA', sellsOpportunities: null, department: 'Sales' },
      desired: {
        groups: new Set([EMEA_GROUP, UNMANAGED]),
        attributes: { territory: 'AMER', sellsOpportunities: null },
      },
      managed: managedGroupIds(rules),
    });
    expect(diff).toEqual({
      addGroups: [EMEA_GROUP],
      removeGroups: [ENTERPRISE_GROUP],
      profile: { territory: 'AMER' },
    });
  });

  it('does not add a desired group that is not managed', () => {
    const diff = diffEntitlements({
      currentGroups: [],
      currentAttributes: {},
      desired: { groups: new Set([UNMANAGED]), attributes: {} },
      managed: managedGroupIds(rules),
    });
    expect(diff).toEqual({ addGroups: [], removeGroups: [], profile: {} });
  });

  it('clears an attribute no rule sets any more, and leaves equal ones alone', () => {
    const diff = diffEntitlements({
      currentGroups: [EMEA_GROUP],
      currentAttributes: { territory: 'EMEA', sellsOpportunities: 'true' },
      desired: {
        groups: new Set([EMEA_GROUP]),
        attributes: { territory: null, sellsOpportunities: 'true' },
      },
      managed: managedGroupIds(rules),
    });
    expect(diff).toEqual({ addGroups: [], removeGroups: [], profile: { territory: null } });
  });
});

describe('accountTeamRoleFor', () => {
  it('gives the role and access levels of a mapped group', () => {
    expect(accountTeamRoleFor(TEAM_GROUP, rules)).toEqual({
      rule: 'Team_Managers',
      role: 'Account Manager',
      accountAccessLevel: 'Edit',
      opportunityAccessLevel: 'Read',
      caseAccessLevel: 'None',
    });
  });

  it('is null for a group no GROUP_TO_ACCOUNT_TEAM rule maps', () => {
    expect(accountTeamRoleFor(EMEA_GROUP, rules)).toBeNull();
    expect(accountTeamRoleFor(UNMANAGED, rules)).toBeNull();
  });
});

describe('conditionFields', () => {
  it('lists the condition fields of an object plus OwnerId', () => {
    expect(conditionFields(rules, 'Opportunity')).toEqual(['Id', 'OwnerId', 'Territory__c']);
    expect(conditionFields(rules, 'lead')).toEqual(['Country', 'OwnerId']);
  });

  it('is empty for an object no rule reads', () => {
    expect(conditionFields(rules, 'Contact')).toEqual([]);
    expect(conditionFields(rules, 'Case')).toEqual([]);
  });
});

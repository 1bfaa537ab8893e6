import { describe, expect, it } from 'vitest';
import {
  deletedRuleGroups,
  heldTeamRoles,
  withoutDeletedGroupRules,
} from './deleted-rule-groups.js';
import type { AccessRule } from './types.js';

const teamRule: AccessRule = {
  type: 'GROUP_TO_ACCOUNT_TEAM',
  name: 'Strategic_Team',
  label: 'Strategic team',
  groupId: '00gSTRATEGIC',
  groupName: 'Strategic',
  accountTeamRole: 'Account Manager',
  accountAccessLevel: 'Edit',
  opportunityAccessLevel: 'Read',
  caseAccessLevel: null,
  accounts: { objectName: 'Account', field: 'Type', operator: 'EQUALS', value: 'Customer' },
};
const groupRule: AccessRule = {
  type: 'CONDITION_TO_GROUP',
  name: 'Hot_Leads',
  label: 'Hot leads',
  groupId: '00gHOT',
  groupName: null,
  condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
};
const attributeRule: AccessRule = {
  type: 'CONDITION_TO_ATTRIBUTE',
  name: 'Region',
  label: 'Region',
  oktaAttribute: 'profile.region',
  attributeValue: 'EMEA',
  condition: { objectName: 'Account', field: 'BillingCountry', operator: 'EQUALS', value: 'FR' },
};

describe('withoutDeletedGroupRules', () => {
  it('suspends every rule naming a deleted group, with a problem naming the rule, the group and what to do', () => {
    const result = withoutDeletedGroupRules({
      rules: [teamRule, groupRule, attributeRule],
      deletedGroupIds: new Set(['00gSTRATEGIC', '00gHOT']),
    });
    expect(result.accessRules).toEqual([attributeRule]);
    expect(result.suspendedRules).toEqual([teamRule, groupRule]);
    expect(heldTeamRoles(result)).toEqual(new Set(['account manager']));
    expect(result.problems.map((p) => [p.source, p.groupId])).toEqual([
      ['Okta_Access_Rule__mdt.Strategic_Team', '00gSTRATEGIC'],
      ['Okta_Access_Rule__mdt.Hot_Leads', '00gHOT'],
    ]);
    const [team, hot] = result.problems;
    expect(team?.message).toContain('Okta group Strategic (00gSTRATEGIC) was deleted in Okta');
    expect(team?.message).toContain('access rule Strategic team is suspended');
    expect(team?.message).toContain('removes no one from an Account Team');
    expect(team?.message).toContain('Edit the rule on the Okta Sync Setup page');
    expect(hot?.message).toContain('Okta group 00gHOT was deleted');
  });

  it('keeps every rule when no group is gone', () => {
    const rules = [teamRule, groupRule, attributeRule];
    expect(withoutDeletedGroupRules({ rules, deletedGroupIds: new Set() })).toEqual({
      accessRules: rules,
      suspendedRules: [],
      problems: [],
    });
    expect(heldTeamRoles({})).toEqual(new Set());
  });
});

describe('deletedRuleGroups', () => {
  it('asks once per group and counts a failed lookup as present', async () => {
    const asked: string[] = [];
    const gone = await deletedRuleGroups(
      [teamRule, { ...teamRule, name: 'Other' }, groupRule, attributeRule],
      async (id) => {
        asked.push(id);
        if (id === '00gHOT') throw new Error('Okta is unreachable');
        return id !== '00gSTRATEGIC';
      },
    );
    expect(asked.sort()).toEqual(['00gHOT', '00gSTRATEGIC']);
    expect([...gone]).toEqual(['00gSTRATEGIC']);
  });
});

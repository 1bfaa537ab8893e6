import { describe, expect, it } from 'vitest';
import type { AccessRule } from '../mapping/types.js';
import {
  groupDeletedAlert,
  groupDeletionSummary,
  planGroupDeletion,
} from './okta-group-deleted-plan.js';

const teamRule: AccessRule = {
  type: 'GROUP_TO_ACCOUNT_TEAM',
  name: 'Strategic_Team',
  label: 'Strategic team',
  groupId: '00gSTRATEGIC',
  groupName: 'Strategic (old name)',
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
  groupId: '00gSTRATEGIC',
  groupName: null,
  condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
};
const otherRule: AccessRule = { ...groupRule, name: 'Other', label: 'Other', groupId: '00gOTHER' };

describe('planGroupDeletion', () => {
  it('finds the active rules naming the group, named after the event target', () => {
    const plan = planGroupDeletion({
      groupId: '00gSTRATEGIC',
      groupName: 'Strategic',
      rules: [teamRule, groupRule, otherRule],
      problems: [],
    });
    expect(plan).toEqual({
      groupId: '00gSTRATEGIC',
      groupLabel: 'Strategic',
      rules: [
        { name: 'Hot_Leads', label: 'Hot leads', type: 'CONDITION_TO_GROUP' },
        { name: 'Strategic_Team', label: 'Strategic team', type: 'GROUP_TO_ACCOUNT_TEAM' },
      ],
    });
  });

  it('finds the rules a configuration load already suspended for the group', () => {
    const plan = planGroupDeletion({
      groupId: '00gSTRATEGIC',
      groupName: null,
      rules: [otherRule],
      problems: [
        {
          source: 'Okta_Access_Rule__mdt.Strategic_Team',
          message: 'deleted',
          groupId: '00gSTRATEGIC',
        },
        { source: 'Okta_Access_Rule__mdt.Unrelated', message: 'bad condition' },
      ],
    });
    expect(plan.rules).toEqual([{ name: 'Strategic_Team', label: 'Strategic_Team', type: null }]);
    expect(plan.groupLabel).toBe('00gSTRATEGIC');
  });

  it('falls back on the name a rule recorded when the event carries none', () => {
    const plan = planGroupDeletion({
      groupId: '00gSTRATEGIC',
      groupName: null,
      rules: [teamRule],
      problems: [],
    });
    expect(plan.groupLabel).toBe('Strategic (old name)');
  });
});

describe('groupDeletedAlert', () => {
  const deletion = planGroupDeletion({
    groupId: '00gSTRATEGIC',
    groupName: 'Strategic',
    rules: [teamRule],
    problems: [],
  });

  it('names the group and the rule, says teams were left alone and what to do', () => {
    const alert = groupDeletedAlert(deletion, 2);
    expect(alert).toMatchObject({
      kind: 'config-problem',
      key: 'group-deleted:00gSTRATEGIC',
      title: 'Okta group Strategic was deleted',
    });
    expect(alert?.body).toContain('Okta group Strategic (00gSTRATEGIC) was deleted in Okta.');
    expect(alert?.body).toContain('The access rule Strategic team (Strategic_Team) names it');
    expect(alert?.body).toContain('Nobody was removed from an Account Team');
    expect(alert?.body).toContain('edit the rule on the Okta Sync Setup page');
    expect(alert?.body).toContain('2 active temporary grants of the group were ended');
  });

  it('says nothing when neither a rule nor a grant depended on the group', () => {
    const unrelated = planGroupDeletion({
      groupId: '00gX',
      groupName: 'X',
      rules: [teamRule],
      problems: [],
    });
    expect(groupDeletedAlert(unrelated, 0)).toBeUndefined();
    expect(groupDeletionSummary(unrelated, 0)).toBe('No access rule names Okta group X.');
  });

  it('summarises for the journal', () => {
    expect(groupDeletionSummary(deletion, 1)).toBe(
      'Suspended the access rule Strategic team (Strategic_Team): no membership is written for it until the rule is edited. Account Teams are left as they are. Ended 1 active temporary grant.',
    );
  });
});

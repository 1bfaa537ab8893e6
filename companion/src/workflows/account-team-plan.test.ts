import { describe, expect, it } from 'vitest';
import type { GroupToAccountTeamRule } from '../mapping/types.js';
import { conditionToSoql, planAccountTeams } from './account-team-plan.js';

const strategic: GroupToAccountTeamRule = {
  type: 'GROUP_TO_ACCOUNT_TEAM',
  name: 'Strategic',
  label: 'Strategic',
  groupId: '00gSTRATEGIC',
  groupName: 'Strategic',
  accountTeamRole: 'Account Manager',
  accountAccessLevel: 'Edit',
  opportunityAccessLevel: 'Read',
  caseAccessLevel: null,
  accounts: {
    objectName: 'Account',
    field: 'Type',
    operator: 'EQUALS',
    value: 'Customer - Direct',
  },
};

const base = {
  salesforceUserId: '005REP',
  rules: [strategic],
  accountsByRule: new Map([['Strategic', ['001A', '001B']]]),
};

describe('planAccountTeams', () => {
  it('adds a group member to the team of every Account the rule selects', () => {
    const plan = planAccountTeams({ ...base, memberOf: new Set(['00gSTRATEGIC']), existing: [] });
    expect(plan.added).toBe(2);
    expect(plan.writes[0]).toEqual({
      op: 'create',
      object: 'AccountTeamMember',
      record: {
        AccountId: '001A',
        UserId: '005REP',
        TeamMemberRole: 'Account Manager',
        AccountAccessLevel: 'Edit',
        OpportunityAccessLevel: 'Read',
        CaseAccessLevel: 'None',
      },
    });
  });

  it('is idempotent, and removes only rows of managed roles when the person leaves the group', () => {
    const existing = [
      {
        Id: '01MA',
        AccountId: '001A',
        TeamMemberRole: 'Account Manager',
        AccountAccessLevel: 'Edit',
        OpportunityAccessLevel: 'Read',
        CaseAccessLevel: 'None',
      },
      {
        Id: '01MB',
        AccountId: '001B',
        TeamMemberRole: 'Account Manager',
        AccountAccessLevel: 'Edit',
        OpportunityAccessLevel: 'Read',
        CaseAccessLevel: 'None',
      },
      { Id: '01MC', AccountId: '001C', TeamMemberRole: 'Executive Sponsor' },
    ];
    expect(
      planAccountTeams({ ...base, memberOf: new Set(['00gSTRATEGIC']), existing }).writes,
    ).toEqual([]);
    const left = planAccountTeams({ ...base, memberOf: new Set(), existing });
    expect(left.writes).toEqual([
      { op: 'delete', object: 'AccountTeamMember', id: '01MA' },
      { op: 'delete', object: 'AccountTeamMember', id: '01MB' },
    ]);
  });

  it('never takes over a row whose role no rule manages', () => {
    const plan = planAccountTeams({
      ...base,
      memberOf: new Set(['00gSTRATEGIC']),
      existing: [{ Id: '01MA', AccountId: '001A', TeamMemberRole: 'Executive Sponsor' }],
    });
    expect(plan.writes).toEqual([
      expect.objectContaining({
        op: 'create',
        record: expect.objectContaining({ AccountId: '001B' }),
      }),
    ]);
  });

  it('corrects the access of a managed row', () => {
    const plan = planAccountTeams({
      ...base,
      accountsByRule: new Map([['Strategic', ['001A']]]),
      memberOf: new Set(['00gSTRATEGIC']),
      existing: [
        {
          Id: '01MA',
          AccountId: '001A',
          TeamMemberRole: 'Account Manager',
          AccountAccessLevel: 'Read',
          OpportunityAccessLevel: 'Read',
          CaseAccessLevel: 'None',
        },
      ],
    });
    expect(plan.changed).toBe(1);
    expect(plan.writes[0]).toMatchObject({
      op: 'update',
      record: { Id: '01MA', AccountAccessLevel: 'Edit' },
    });
  });
});

describe('conditionToSoql', () => {
  it('quotes values and rejects field names that are not names', () => {
    expect(
      conditionToSoql({
        objectName: 'Account',
        field: 'Name',
        operator: 'EQUALS',
        value: "O'Brien",
      }),
    ).toBe("Name = 'O\\'Brien'");
    expect(
      conditionToSoql({ objectName: 'Account', field: 'Type', operator: 'IN', value: 'A, B' }),
    ).toBe("Type IN ('A','B')");
    expect(
      conditionToSoql({ objectName: 'Account', field: 'Type', operator: 'NOT_NULL', value: null }),
    ).toBe('Type != null');
    expect(() =>
      conditionToSoql({
        objectName: 'Account',
        field: 'Name = 1 OR Id',
        operator: 'NOT_NULL',
        value: null,
      }),
    ).toThrow();
  });
});

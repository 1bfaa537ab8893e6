import { describe, expect, it } from 'vitest';
import type { GroupToAccountTeamRule } from '../mapping/types.js';
import {
  conditionToSoql,
  planAccountTeamOfAccount,
  planAccountTeams,
} from './account-team-plan.js';

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

  it('removes no row of a role a suspended rule gave (its group was deleted), even one an active rule shares', () => {
    const existing = [
      { Id: '01MA', AccountId: '001A', TeamMemberRole: 'Account Manager' },
      { Id: '01MC', AccountId: '001C', TeamMemberRole: 'account manager' },
    ];
    const plan = planAccountTeams({
      ...base,
      memberOf: new Set(['00gSTRATEGIC']),
      existing,
      heldRoles: new Set(['account manager']),
    });
    // 001A is updated to the active rule's access, 001B added, 001C (outside the rule) kept.
    expect(plan.writes.map((w) => w.op)).toEqual(['update', 'create']);
    expect(plan.removed).toBe(0);
    const left = planAccountTeams({
      ...base,
      memberOf: new Set(),
      existing,
      heldRoles: new Set(['account manager']),
    });
    expect(left.writes).toEqual([]);
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

describe('planAccountTeamOfAccount', () => {
  const emea: GroupToAccountTeamRule = {
    ...strategic,
    name: 'Emea',
    groupId: '00gEMEA',
    accountTeamRole: 'Sales Rep',
    accountAccessLevel: 'Read',
    opportunityAccessLevel: null,
    accounts: { objectName: 'Account', field: 'BillingCountry', operator: 'IN', value: 'DE, FR' },
  };
  const rules = [strategic, emea];
  const members = new Map([
    ['00gSTRATEGIC', ['005A', '005B']],
    ['00gEMEA', ['005B', '005C']],
  ]);
  const row = (id: string, userId: string, role: string, level = 'Edit') => ({
    Id: id,
    AccountId: '001X',
    UserId: userId,
    TeamMemberRole: role,
    AccountAccessLevel: level,
    OpportunityAccessLevel: 'Read',
    CaseAccessLevel: 'None',
  });

  it('puts every member of the group on the team once the Account starts matching', () => {
    const plan = planAccountTeamOfAccount({
      account: { Id: '001X', Type: 'customer - direct ', BillingCountry: 'US' },
      rules,
      membersByGroup: members,
      existing: [],
    });
    expect(plan.matchingRules).toEqual(['Strategic']);
    expect(plan.added).toBe(2);
    expect(plan.writes).toEqual(
      ['005A', '005B'].map((userId) => ({
        op: 'create',
        object: 'AccountTeamMember',
        record: {
          AccountId: '001X',
          UserId: userId,
          TeamMemberRole: 'Account Manager',
          AccountAccessLevel: 'Edit',
          OpportunityAccessLevel: 'Read',
          CaseAccessLevel: 'None',
        },
      })),
    );
  });

  it('removes only rule-managed rows once the Account stops matching', () => {
    const existing = [
      row('01M1', '005A', 'Account Manager'),
      row('01M2', '005B', 'Account Manager'),
      row('01M3', '005Z', 'Executive Sponsor'),
    ];
    const plan = planAccountTeamOfAccount({
      account: { Id: '001X', Type: 'Prospect', BillingCountry: null },
      rules,
      membersByGroup: new Map(),
      existing,
    });
    expect(plan.matchingRules).toEqual([]);
    expect(plan.writes).toEqual([
      { op: 'delete', object: 'AccountTeamMember', id: '01M1' },
      { op: 'delete', object: 'AccountTeamMember', id: '01M2' },
    ]);
  });

  it('is idempotent, gives a person in two groups the first rule by name, and leaves unmanaged roles', () => {
    const account = { Id: '001X', Type: 'Customer - Direct', BillingCountry: 'FR' };
    const first = planAccountTeamOfAccount({
      account,
      rules,
      membersByGroup: members,
      existing: [row('01M9', '005C', 'Executive Sponsor')],
    });
    expect(first.matchingRules).toEqual(['Emea', 'Strategic']);
    // 005B is in both groups: Emea sorts first. 005C keeps the role nobody manages.
    expect(first.writes).toEqual([
      expect.objectContaining({
        op: 'create',
        record: expect.objectContaining({ UserId: '005B', TeamMemberRole: 'Sales Rep' }),
      }),
      expect.objectContaining({
        op: 'create',
        record: expect.objectContaining({ UserId: '005A', TeamMemberRole: 'Account Manager' }),
      }),
    ]);
    const again = planAccountTeamOfAccount({
      account,
      rules,
      membersByGroup: members,
      existing: [
        { ...row('01M1', '005B', 'Sales Rep', 'Read'), OpportunityAccessLevel: 'None' },
        row('01M2', '005A', 'Account Manager'),
        row('01M9', '005C', 'Executive Sponsor'),
      ],
    });
    expect(again.writes).toEqual([]);
  });

  it('corrects access and removes people who left the group', () => {
    const plan = planAccountTeamOfAccount({
      account: { Id: '001X', Type: 'Customer - Direct' },
      rules: [strategic],
      membersByGroup: new Map([['00gSTRATEGIC', ['005A']]]),
      existing: [
        row('01M1', '005A', 'Account Manager', 'Read'),
        row('01M2', '005Q', 'account manager'),
      ],
    });
    expect(plan).toMatchObject({ added: 0, changed: 1, removed: 1 });
    expect(plan.writes).toEqual([
      expect.objectContaining({
        op: 'update',
        record: expect.objectContaining({ Id: '01M1', AccountAccessLevel: 'Edit' }),
      }),
      { op: 'delete', object: 'AccountTeamMember', id: '01M2' },
    ]);
  });

  it('removes a second managed row of the same person, as two racing writers leave it', () => {
    const plan = planAccountTeamOfAccount({
      account: { Id: '001X', Type: 'Customer - Direct' },
      rules: [strategic],
      membersByGroup: new Map([['00gSTRATEGIC', ['005A']]]),
      existing: [row('01M1', '005A', 'Account Manager'), row('01M2', '005A', 'Account Manager')],
    });
    expect(plan.writes).toEqual([{ op: 'delete', object: 'AccountTeamMember', id: '01M2' }]);
  });

  it("refuses to plan without the members of a matching rule's group", () => {
    expect(() =>
      planAccountTeamOfAccount({
        account: { Id: '001X', Type: 'Customer - Direct' },
        rules: [strategic],
        membersByGroup: new Map(),
        existing: [row('01M1', '005A', 'Account Manager')],
      }),
    ).toThrow(/members of Okta group 00gSTRATEGIC were not read/);
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

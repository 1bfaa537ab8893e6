import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 20,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
});
afterAll(async () => {
  await world?.close();
});

describe('Okta groups → Account Teams', () => {
  it('puts a member of a mapped Okta group on the team of the selected Accounts, and takes them off again', async () => {
    const { okta, salesforce: sf, seed } = world.sandbox;
    const groupId = okta.createGroupDirect(
      'Strategic Accounts',
      'Account managers of direct customers',
    );
    sf.deployCustomMetadata({
      type: 'Okta_Access_Rule__mdt',
      developerName: 'Strategic_Accounts_Team',
      label: 'Strategic Accounts team',
      values: {
        Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
        Okta_Group_Id__c: groupId,
        Okta_Group_Name__c: 'Strategic Accounts',
        Account_Team_Role__c: 'Account Manager',
        Account_Access_Level__c: 'Edit',
        Opportunity_Access_Level__c: 'Read',
        Case_Access_Level__c: 'Read',
        Salesforce_Object__c: 'Account',
        Condition_Field__c: 'Type',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'Customer - Direct',
        Active__c: true,
      },
    });
    const config = await world.companion.syncConfig.reload('test');
    expect(config.problems).toEqual([]);

    const direct = await world.salesforce.sobject('Account').create([
      { Name: 'Direct One', Type: 'Customer - Direct' },
      { Name: 'Direct Two', Type: 'Customer - Direct' },
      { Name: 'Channel One', Type: 'Customer - Channel' },
    ]);
    const directIds = (direct as { id: string }[])
      .slice(0, 2)
      .map((r) => r.id)
      .sort();

    const employee = seed?.okta.users.find((u) => u.profile.userType === 'Employee');
    const salesUser = seed?.salesforce.users.find(
      (u) => u['FederationIdentifier'] === employee?.profile.login,
    );
    expect(employee && salesUser).toBeTruthy();

    const teamOf = async () =>
      (
        await world.salesforce.query<{
          AccountId: string;
          TeamMemberRole: string;
          AccountAccessLevel: string;
        }>(
          `SELECT AccountId, TeamMemberRole, AccountAccessLevel FROM AccountTeamMember WHERE UserId = '${String(salesUser?.Id)}'`,
        )
      ).records;

    // Seed Accounts of that Type are selected too.
    const selected = (
      await world.salesforce.query<{ Id: string }>(
        "SELECT Id FROM Account WHERE Type = 'Customer - Direct'",
      )
    ).records
      .map((r) => r.Id)
      .sort();
    expect(selected).toEqual(expect.arrayContaining(directIds));

    okta.addToGroupDirect(groupId, String(employee?.id));
    const joined = await eventually(async () => {
      const rows = await teamOf();
      return rows.length === selected.length ? rows : undefined;
    });
    expect(joined.map((r) => r.AccountId).sort()).toEqual(selected);
    expect(joined[0]).toMatchObject({
      TeamMemberRole: 'Account Manager',
      AccountAccessLevel: 'Edit',
    });

    okta.removeFromGroupDirect(groupId, String(employee?.id));
    await eventually(async () => (await teamOf()).length === 0);
  });
});

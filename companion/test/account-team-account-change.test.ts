import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

/**
 * Okta groups → Account Teams, from the Account's side: an Account edited by someone else so that
 * it starts matching a GROUP_TO_ACCOUNT_TEAM rule gets the group's existing members on its team
 * (Account change event over CometD → the companion lists the group through the Okta SDK → team
 * rows written through jsforce); edited back, the rule-managed rows go and other rows stay.
 */

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ users: 20, env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' } });
});
afterAll(async () => {
  await world?.close();
});

interface TeamRow {
  Id: string;
  UserId: string;
  TeamMemberRole: string;
  AccountAccessLevel: string;
  OpportunityAccessLevel: string;
}

async function keyAccountsRule(): Promise<string> {
  const { okta, salesforce: sf } = world.sandbox;
  const groupId = okta.createGroupDirect('Key Accounts', 'Account managers of key accounts');
  sf.deployCustomMetadata({
    type: 'Okta_Access_Rule__mdt',
    developerName: 'Key_Accounts_Team',
    label: 'Key Accounts team',
    values: {
      Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
      Okta_Group_Id__c: groupId,
      Okta_Group_Name__c: 'Key Accounts',
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
  return groupId;
}

describe('an Account that starts or stops matching a GROUP_TO_ACCOUNT_TEAM rule', () => {
  it('gets the Okta group’s members on its team, and loses only them again', async () => {
    const { okta, seed } = world.sandbox;
    const groupId = await keyAccountsRule();

    // Two people with Salesforce Users are already in the group before the Account changes.
    const employees = (seed?.okta.users ?? []).filter((u) =>
      seed?.salesforce.users.some((s) => s['FederationIdentifier'] === u.profile.login),
    );
    expect(employees.length).toBeGreaterThanOrEqual(3);
    const userIdOf = (login: string) =>
      String(seed?.salesforce.users.find((s) => s['FederationIdentifier'] === login)?.['Id']);
    const [first, second, bystander] = employees;
    if (!first || !second || !bystander) throw new Error('seed has too few employees');
    okta.addToGroupDirect(groupId, first.id);
    okta.addToGroupDirect(groupId, second.id);
    await queueDrained(world);

    // A plain REST client (no companion client tag), as a person or another integration.
    const created = (await world.salesforce
      .sobject('Account')
      .create({ Name: 'Northwind Key', Type: 'Prospect' })) as { id: string };
    const accountId = created.id;
    // A team member under a role no rule manages, added by hand.
    await world.salesforce.sobject('AccountTeamMember').create({
      AccountId: accountId,
      UserId: userIdOf(bystander.profile.login),
      TeamMemberRole: 'Executive Sponsor',
      AccountAccessLevel: 'Read',
      OpportunityAccessLevel: 'None',
      CaseAccessLevel: 'None',
    });
    const team = async () =>
      (
        await world.salesforce.query<TeamRow>(
          `SELECT Id, UserId, TeamMemberRole, AccountAccessLevel, OpportunityAccessLevel FROM AccountTeamMember WHERE AccountId = '${accountId}'`,
        )
      ).records;
    const managed = async () =>
      (await team()).filter((r) => r.TeamMemberRole === 'Account Manager');

    await world.salesforce.sobject('Account').update({ Id: accountId, Type: 'Customer - Direct' });
    const joined = await eventually(async () => {
      const rows = await managed();
      return rows.length === 2 ? rows : undefined;
    });
    expect(joined.map((r) => r.UserId).sort()).toEqual(
      [userIdOf(first.profile.login), userIdOf(second.profile.login)].sort(),
    );
    expect(joined[0]).toMatchObject({ AccountAccessLevel: 'Edit', OpportunityAccessLevel: 'Read' });

    await world.salesforce.sobject('Account').update({ Id: accountId, Type: 'Customer - Channel' });
    await eventually(async () => (await managed()).length === 0);
    await queueDrained(world);
    expect((await team()).map((r) => [r.UserId, r.TeamMemberRole])).toEqual([
      [userIdOf(bystander.profile.login), 'Executive Sponsor'],
    ]);

    const journal = (
      await world.companion.store.audit.list({
        from: new Date(0),
        to: new Date(Date.now() + 60_000),
        limit: 1000,
      })
    ).entries.filter((e) => e.operation === 'account-team' && e.actor === accountId);
    expect(journal.map((e) => e.status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it('is brought in step by a sweep when the Account events were lost (overflow)', async () => {
    // The rule and the group's two members of the test above.
    const { streaming, salesforce: sf } = world.sandbox;
    const created = (await world.salesforce
      .sobject('Account')
      .create({ Name: 'Contoso Lost', Type: 'Prospect' })) as { id: string };
    await queueDrained(world);
    const managed = async () =>
      (
        await world.salesforce.query<TeamRow>(
          `SELECT Id, UserId, TeamMemberRole FROM AccountTeamMember WHERE AccountId = '${created.id}' AND TeamMemberRole = 'Account Manager'`,
        )
      ).records;

    // Salesforce loses the change events of a burst and says so with one GAP_OVERFLOW.
    const silently = async (type: string) => {
      sf.setChangeEventSink({ recordChanges: () => undefined, publishPlatformEvent: () => 0 });
      try {
        await world.salesforce.sobject('Account').update({ Id: created.id, Type: type });
      } finally {
        sf.setChangeEventSink(streaming.sink);
      }
      streaming.emitOverflow('Account');
    };
    await silently('Customer - Direct');
    await eventually(async () => ((await managed()).length === 2 ? true : undefined));
    await silently('Other');
    await eventually(async () => (await managed()).length === 0);
  });
});

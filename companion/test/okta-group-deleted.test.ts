import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { endToEndProfile } from '../sandbox/profile.js';
import { eventually, startTestWorld, type TestWorld } from './harness.js';

/**
 * An Okta group that an access rule and a temporary grant name is deleted in Okta by an admin
 * (through the Okta SDK): the rule is suspended as a configuration problem, the grant ends,
 * an alert names both, and nobody leaves an Account Team because of it.
 */

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 20,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '2' },
  });
});
afterAll(async () => {
  await world?.close();
});

describe('an Okta group deleted in Okta', () => {
  it('suspends the rules naming it, ends its grants, alerts, and leaves Account Teams as they are', async () => {
    const { okta, salesforce: sf, seed } = world.sandbox;
    const groupId = okta.createGroupDirect('Regional Partners', 'Partner managers');
    sf.deployCustomMetadata({
      type: 'Okta_Access_Rule__mdt',
      developerName: 'Regional_Partners_Team',
      label: 'Regional partners team',
      values: {
        Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
        Okta_Group_Id__c: groupId,
        Okta_Group_Name__c: 'Regional Partners',
        Account_Team_Role__c: 'Channel Manager',
        Account_Access_Level__c: 'Read',
        Salesforce_Object__c: 'Account',
        Condition_Field__c: 'Type',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'Customer - Channel',
        Active__c: true,
      },
    });
    const otherGroupId = okta.createGroupDirect('Solution Engineers', 'Pre-sales');
    sf.deployCustomMetadata({
      type: 'Okta_Access_Rule__mdt',
      developerName: 'Solution_Engineers_Team',
      label: 'Solution engineers team',
      values: {
        Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
        Okta_Group_Id__c: otherGroupId,
        Okta_Group_Name__c: 'Solution Engineers',
        Account_Team_Role__c: 'Channel Manager',
        Account_Access_Level__c: 'Read',
        Salesforce_Object__c: 'Account',
        Condition_Field__c: 'Type',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'Customer - Direct',
        Active__c: true,
      },
    });
    const admin = seed?.salesforce.users.find((u) => u['FederationIdentifier']);
    sf.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Alert_Recipient_Id__c: String(admin?.Id) },
    });
    expect((await world.companion.syncConfig.reload('test')).problems).toEqual([]);

    // A member of the group is on the teams the rule selects.
    const employee = seed?.okta.users.find((u) => u.profile.userType === 'Employee');
    const salesUser = seed?.salesforce.users.find(
      (u) => u['FederationIdentifier'] === employee?.profile.login,
    );
    const teamRows = async () =>
      (
        await world.salesforce.query<{ Id: string }>(
          `SELECT Id FROM AccountTeamMember WHERE UserId = '${String(salesUser?.Id)}' AND TeamMemberRole = 'Channel Manager'`,
        )
      ).records
        .map((r) => r.Id)
        .sort();
    okta.addToGroupDirect(groupId, String(employee?.id));
    const team = await eventually(async () => {
      const rows = await teamRows();
      return rows.length > 0 ? rows : undefined;
    });

    // A support agent granted the group to a customer from a Case.
    const contact = seed?.salesforce.contacts.find(
      (c) => c['Okta_User_Id__c'] && c['Okta_Status__c'] === 'ACTIVE',
    );
    const created = await world.salesforce
      .sobject('Case')
      .create({ Subject: 'Partner portal', Status: 'New', ContactId: String(contact?.['Id']) });
    const caseId = String((created as { id: string }).id);
    const grant = await world.companion.salesforceToOkta.grants.create({
      caseId,
      groupId,
      durationHours: 4,
      reason: 'Partner portal access',
    });
    expect(grant.status).toBe('ACTIVE');

    // An Okta admin deletes the group.
    const adminClient = oktaSdkClient(okta.url, { token: SANDBOX_CREDENTIALS.oktaAdminToken });
    await adminClient.groupApi.deleteGroup({ groupId });

    const alert = await eventually(() =>
      sf.notifications().find((n) => n.title === 'Okta group Regional Partners was deleted'),
    );
    expect(alert.recipientIds).toEqual([String(admin?.Id)]);
    expect(alert.body).toContain('Regional partners team (Regional_Partners_Team)');
    expect(alert.body).toContain('Nobody was removed from an Account Team');
    expect(alert.body).toContain('Okta Sync Setup page');
    expect(alert.body).toContain('1 active temporary grant of the group was ended');

    const [ended] = await world.companion.salesforceToOkta.grants.listByCase(caseId);
    expect(ended?.status).toBe('REVOKED');
    const config = world.companion.syncConfig.current();
    expect(config.accessRules.some((r) => r.name === 'Regional_Partners_Team')).toBe(false);
    expect(config.problems).toEqual([
      expect.objectContaining({
        source: 'Okta_Access_Rule__mdt.Regional_Partners_Team',
        groupId,
        message: expect.stringContaining('was deleted in Okta'),
      }),
    ]);

    const journal = (
      await world.companion.store.audit.list({
        from: new Date(0),
        to: new Date(Date.now() + 3_600_000),
        limit: 1000,
      })
    ).entries;
    const deletion = journal.filter((e) => e.operation === 'okta-group-deleted');
    expect(deletion).toHaveLength(1);
    expect(deletion[0]).toMatchObject({ status: 'SUCCESS' });
    expect(
      journal.find((e) => e.operation === 'grant-revoke' && e.eventId === `grant:${grant.id}`),
    ).toMatchObject({
      status: 'SUCCESS',
      error: expect.stringContaining('the Okta group was deleted'),
    });

    // The member's Account Teams are worked out again when their groups change. Another rule
    // gives the same role on other Accounts: the rows the suspended rule gave stay all the same.
    okta.addToGroupDirect(otherGroupId, String(employee?.id));
    const after = await eventually(async () => {
      const rows = await teamRows();
      return rows.length > team.length ? rows : undefined;
    });
    expect(after).toEqual(expect.arrayContaining(team));
    await eventually(async () => {
      const counts = await world.companion.store.jobs.counts();
      return counts.pending + counts.leased + counts.delayed === 0;
    });
    expect(await teamRows()).toEqual(after);
    expect(await world.companion.store.deadLetters.count()).toBe(0);
  });
});

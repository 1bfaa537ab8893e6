import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRule } from '../src/mapping/types.js';
import type { StoredAuditEntry } from '../src/store/types.js';
import { settled, startHarness, stopHarness, until, type Harness } from './s2o-harness.js';

/**
 * Nothing written in Salesforce widens anyone's Okta access beyond the access rules
 * (docs/security.md): grant records inserted by any means, access rules naming an admin group,
 * a termination Case for an Okta administrator. Each goes through the real clients and both
 * emulators; each is refused, journaled, and leaves Okta as it was.
 */

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

const HOUR = 3_600_000;

function group(name: string): string {
  const found = h.seed.okta.groups.find((g) => g.name === name);
  if (!found) throw new Error(`seed group ${name} missing`);
  return found.id;
}

/** The seeded employee who is a member of the Okta Administrators group. */
function adminEmployee(): string {
  const membership = h.seed.okta.memberships.find(
    (m) => m.groupId === group('Okta Administrators'),
  );
  if (!membership) throw new Error('no admin in the seed');
  return membership.userId;
}

function linkedContacts() {
  return h.sf.db.find('Contact', (c) => typeof c['Okta_User_Id__c'] === 'string');
}

async function openCase(contactId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await h.human
    .sobject('Case')
    .create({ Subject: 'Access problem', Status: 'New', ContactId: contactId, ...extra });
  return String(created.id);
}

/** Inserts a REQUESTED grant as any API client could, runs the sweep, waits for the verdict. */
async function insertGrant(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const created = await h.human.sobject('Okta_Access_Grant__c').create({
    Status__c: 'REQUESTED',
    Expires_At__c: new Date(h.clock.now.getTime() + 2 * HOUR).toISOString(),
    Reason__c: 'Inserted through the REST API',
    ...fields,
  });
  const id = String(created.id);
  await h.s2o.sweeper.sweep();
  await until(() => h.sf.db.get('Okta_Access_Grant__c', id)?.['Status__c'] !== 'REQUESTED');
  await settled(h);
  return h.sf.db.get('Okta_Access_Grant__c', id) ?? {};
}

async function journal(operation: string): Promise<StoredAuditEntry[]> {
  return (
    await h.store.audit.list({
      from: new Date(0),
      to: new Date(Date.now() + 365 * 24 * HOUR),
      limit: 1000,
    })
  ).entries.filter((e) => e.operation === operation);
}

function members(groupId: string): readonly string[] {
  return h.okta.state.sortedMembers(groupId);
}

describe('privilege escalation through Salesforce data', () => {
  it('refuses a grant inserted for an employee who is no Case’s contact, naming an admin group', async () => {
    const employee = adminEmployee();
    const admins = group('Okta Administrators');
    const contact = linkedContacts()[0];
    if (!contact) throw new Error('no linked contact');
    const caseId = await openCase(String(contact['Id']));
    // The attack as reported: the grant names another Okta user and a group no rule grants.
    const target = h.seed.okta.users.find(
      (u) => u.profile.userType !== 'Customer' && u.id !== employee,
    );
    if (!target) throw new Error('no second employee');
    const before = [...members(admins)];

    const grant = await insertGrant({
      Case__c: caseId,
      Okta_User_Id__c: target.id,
      Okta_Group_Id__c: admins,
    });

    expect(grant['Status__c']).toBe('FAILED');
    expect(String(grant['Error__c'])).toMatch(
      /^Refused: .*not the one linked to the Case’s Contact/,
    );
    expect(members(admins)).toEqual(before);
    expect(await journal('grant-refused')).toEqual([
      expect.objectContaining({ status: 'FAILED', caseId: expect.stringMatching(/^500/) }),
    ]);
  });

  it('refuses grants that break any rule of the product’s own path, and applies a valid one', async () => {
    const [first, second] = linkedContacts();
    if (!first || !second) throw new Error('two linked contacts needed');
    const firstUser = String(first['Okta_User_Id__c']);
    const grantable = group('Support Tier 2');
    const notGrantable = group('VIP Customers');
    const caseId = await openCase(String(first['Id']));
    const closedCaseId = await openCase(String(first['Id']));
    await h.human.sobject('Case').update({ Id: closedCaseId, Status: 'Closed' });
    await settled(h);

    const refusals: [string, Record<string, unknown>, RegExp][] = [
      [
        'no rule makes the group grantable',
        { Case__c: caseId, Okta_Group_Id__c: notGrantable },
        /not made grantable/,
      ],
      [
        'the Case is closed',
        { Case__c: closedCaseId, Okta_Group_Id__c: grantable },
        /Case is closed/,
      ],
      ['no Case at all', { Okta_Group_Id__c: grantable, Contact__c: first['Id'] }, /names no Case/],
      [
        'a Contact other than the Case’s',
        { Case__c: caseId, Contact__c: second['Id'], Okta_Group_Id__c: grantable },
        /Contact other than the Case’s Contact/,
      ],
      [
        'longer than the maximum duration',
        {
          Case__c: caseId,
          Okta_Group_Id__c: grantable,
          Expires_At__c: new Date(
            h.clock.now.getTime() + (h.config.settings.maxGrantHours + 1) * HOUR,
          ).toISOString(),
        },
        /longer than the maximum/,
      ],
    ];
    for (const [why, fields, message] of refusals) {
      const grant = await insertGrant(fields);
      expect(grant['Status__c'], why).toBe('FAILED');
      expect(String(grant['Error__c']), why).toMatch(message);
    }
    expect(members(grantable)).not.toContain(firstUser);
    expect(members(notGrantable)).not.toContain(firstUser);
    expect(await journal('grant-refused')).toHaveLength(refusals.length);

    // The product's own shape of grant still works.
    const valid = await insertGrant({ Case__c: caseId, Okta_Group_Id__c: grantable });
    expect(valid['Status__c']).toBe('ACTIVE');
    expect(valid['Okta_User_Id__c']).toBe(firstUser);
    expect(members(grantable)).toContain(firstUser);
  });

  it('never adds anyone to a group holding an admin role, whatever a rule or a grant says', async () => {
    const admins = group('Okta Administrators');
    const rule: AccessRule = {
      type: 'GROUP_TO_ACCOUNT_TEAM',
      name: 'Admins_Team',
      label: 'Admins team',
      groupId: admins,
      groupName: 'Okta Administrators',
      accountTeamRole: 'Technical Sales',
      accountAccessLevel: 'Read',
      opportunityAccessLevel: null,
      caseAccessLevel: null,
      accounts: { objectName: 'Account', field: 'Id', operator: 'NOT_NULL', value: null },
    };
    h.config.accessRules.push(rule);
    const contact = linkedContacts()[1];
    if (!contact) throw new Error('no linked contact');
    const caseId = await openCase(String(contact['Id']));
    const before = [...members(admins)];

    expect((await h.s2o.grants.grantableGroups()).map((g) => g.id)).not.toContain(admins);
    await expect(
      h.s2o.grants.create({ caseId, groupId: admins, durationHours: 1, reason: 'Escalation' }),
    ).rejects.toMatchObject({ kind: 'refused', code: 'GROUP_NOT_GRANTABLE' });
    const inserted = await insertGrant({ Case__c: caseId, Okta_Group_Id__c: admins });
    expect(inserted['Status__c']).toBe('FAILED');
    expect(String(inserted['Error__c'])).toMatch(/holds the admin role SUPER_ADMIN/);
    expect(members(admins)).toEqual(before);
  });

  it('adds no one to an admin group through an ownership rule, and journals the refusal', async () => {
    const admins = group('Okta Administrators');
    const hot = h.config.accessRules[0];
    if (hot?.type !== 'CONDITION_TO_GROUP') throw new Error('the harness rule changed');
    h.config.accessRules.push({
      ...hot,
      name: 'Hot_Leads_Admin',
      groupId: admins,
      groupName: 'Okta Administrators',
    });
    // An employee who is not an administrator owns the Lead.
    const employee = h.seed.salesforce.users
      .map((u) => ({
        sfUserId: String(u.Id),
        okta: h.seed.okta.users.find((o) => o.profile.login === u['FederationIdentifier']),
      }))
      .find((e) => e.okta && !members(admins).includes(e.okta.id));
    const ownerOkta = employee?.okta;
    if (!employee || !ownerOkta) throw new Error('no employee outside the admin group');
    const before = [...members(admins)];

    await h.human.sobject('Lead').create({
      LastName: 'Escalation',
      Company: 'Nowhere',
      Rating: 'Hot',
      OwnerId: employee.sfUserId,
    });
    await until(async () => (await journal('access-refused')).length > 0);
    await settled(h);

    expect(members(admins)).toEqual(before);
    expect(members(hot.groupId)).toContain(ownerOkta.id);
    expect((await journal('access-refused'))[0]?.error).toMatch(/holds the admin role SUPER_ADMIN/);
  });

  it('does not deactivate an Okta administrator when a termination Case closes', async () => {
    const admin = adminEmployee();
    const contact = linkedContacts()[2];
    if (!contact) throw new Error('no linked contact');
    // A Contact linked to an administrator (the link is the integration user's to write).
    await h.conn.sobject('Contact').update({ Id: String(contact['Id']), Okta_User_Id__c: admin });
    const caseId = await openCase(String(contact['Id']), { Type: 'Termination' });
    await h.human.sobject('Case').update({ Id: caseId, Status: 'Closed' });
    await until(async () => (await journal('termination-deactivate')).length > 0);
    await settled(h);

    expect(h.okta.state.users.get(admin)?.status).toBe('ACTIVE');
    expect((await journal('termination-deactivate'))[0]).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/^Refused: .*does not act on Okta administrators/),
    });
  });
});

describe('grants for users who cannot have them', () => {
  it('refuses up front, with 409, a grant for a deactivated Okta user', async () => {
    const contact = linkedContacts()[3];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    h.okta.setUserStatus(oktaUserId, 'DEPROVISIONED');
    const caseId = await openCase(String(contact['Id']));
    const before = h.sf.db.find('Okta_Access_Grant__c', () => true).length;

    await expect(
      h.s2o.grants.create({
        caseId,
        groupId: group('Support Tier 2'),
        durationHours: 1,
        reason: 'Portal access',
      }),
    ).rejects.toMatchObject({ kind: 'invalid-state', code: 'INVALID_STATE' });
    expect(h.sf.db.find('Okta_Access_Grant__c', () => true)).toHaveLength(before);
  });
});

describe('Okta sign-in and recovery attributes', () => {
  it('never sends a Salesforce value to profile.email, even from a mapping that bypassed validation', async () => {
    const contact = linkedContacts()[4];
    if (!contact) throw new Error('no linked contact');
    const oktaUserId = String(contact['Okta_User_Id__c']);
    const emailBefore = h.okta.state.users.get(oktaUserId)?.profile['email'];
    h.config.mappings.push({
      name: 'Email_To_Okta',
      label: 'Email to Okta',
      direction: 'SALESFORCE_TO_OKTA',
      objectName: 'Contact',
      field: 'Email',
      oktaAttribute: 'profile.email',
      transform: 'NONE',
      transformArgument: null,
      defaultValue: null,
      isMatchKey: false,
      matchPriority: null,
      sourceOfTruth: 'SALESFORCE',
    });

    await h.human
      .sobject('Contact')
      .update({ Id: String(contact['Id']), Email: 'attacker@example.net' });
    await until(async () =>
      (await h.store.audit.latestFor({ oktaUserId }, 20)).some(
        (e) => e.operation === 'update-okta-profile' && e.status !== 'SUCCESS',
      ),
    );

    expect(h.okta.state.users.get(oktaUserId)?.profile['email']).toBe(emailBefore);
    const refused = (await h.store.audit.latestFor({ oktaUserId }, 20)).find(
      (e) => e.operation === 'update-okta-profile' && e.status !== 'SUCCESS',
    );
    expect(refused?.error).toMatch(/profile\.email is the address Okta sends password-reset/);
  });
});

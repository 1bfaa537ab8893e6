import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';
import { DEMO_LEAD_FILTER, deployDemoLeads } from '../sandbox/demo-leads.js';
import { SIGN_UP_QUEUE_ID } from '../sandbox/seed.js';

/**
 * Okta users as Leads, end to end through the emulators: Okta users outside the Contact filter
 * and inside the Lead filter (userType "prospect") become Leads assigned by the org's Lead
 * assignment rule, follow Okta, never duplicate a Contact or a Lead, keep their link through
 * lead conversion (LeadConvertSettings copies Okta_User_Id__c to the Contact) and have their
 * open Lead closed when they are deactivated.
 */

interface LeadRow {
  Id: string;
  FirstName: string | null;
  LastName: string;
  Company: string;
  Email: string | null;
  Title: string | null;
  Status: string;
  OwnerId: string;
  IsConverted: boolean;
  IsDeleted?: boolean;
  Okta_User_Id__c: string | null;
  ConvertedContactId: string | null;
}

interface ContactRow {
  Id: string;
  Title: string | null;
  Email: string | null;
  Okta_User_Id__c: string | null;
}

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 20,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
  deployDemoLeads(world.sandbox);
  await world.companion.syncConfig.reload('test');
});
afterAll(async () => {
  await world?.close();
});

const LEAD_FIELDS =
  'Id, FirstName, LastName, Company, Email, Title, Status, OwnerId, IsConverted, Okta_User_Id__c, ConvertedContactId';

async function leadsWhere(condition: string): Promise<LeadRow[]> {
  return (
    await world.salesforce.query<LeadRow>(`SELECT ${LEAD_FIELDS} FROM Lead WHERE ${condition}`)
  ).records;
}

async function contactsWhere(condition: string): Promise<ContactRow[]> {
  return (
    await world.salesforce.query<ContactRow>(
      `SELECT Id, Title, Email, Okta_User_Id__c FROM Contact WHERE ${condition}`,
    )
  ).records;
}

/** The user's one Lead once `accept` holds for it. */
function leadOf(oktaUserId: string, accept: (lead: LeadRow) => boolean = () => true) {
  return eventually(async () => {
    const [lead, ...more] = await leadsWhere(`Okta_User_Id__c = '${oktaUserId}'`);
    if (more.length > 0) throw new Error(`FATAL: ${more.length + 1} Leads for ${oktaUserId}`);
    return lead && accept(lead) ? lead : undefined;
  });
}

function newProspect(n: number, extra: Record<string, string> = {}) {
  return world.sandbox.okta.createUserDirect({
    login: `prospect.${n}@signup.test`,
    email: `Prospect.${n}@Signup.test`,
    firstName: 'Pat',
    lastName: `Prospect${n}`,
    userType: 'prospect',
    organization: `Signup Co ${n}`,
    title: 'Evaluator',
    ...extra,
  });
}

async function operations(oktaUserId: string): Promise<string[]> {
  const audit = await world.companion.store.audit.latestFor({ oktaUserId }, 20);
  return audit.map((e) => `${e.operation}:${e.status}`);
}

describe('Okta users as Leads', () => {
  it('the configuration takes the Lead settings and mappings without a problem', () => {
    const config = world.companion.syncConfig.current();
    expect(config.settings).toMatchObject({
      oktaLeadFilter: DEMO_LEAD_FILTER,
      leadClosedStatus: 'Closed - Not Converted',
      leadAssignmentRule: true,
    });
    expect(config.problems).toEqual([]);
    expect(config.mappings.filter((m) => m.objectName === 'Lead')).toHaveLength(5);
  });

  it('creates a Lead assigned by the Lead assignment rule, and no Contact', async () => {
    const user = newProspect(1);
    const lead = await leadOf(user.id);
    expect(lead).toMatchObject({
      FirstName: 'Pat',
      LastName: 'Prospect1',
      Company: 'Signup Co 1',
      Email: 'prospect.1@signup.test',
      Title: 'Evaluator',
      Status: 'Open - Not Contacted',
      OwnerId: SIGN_UP_QUEUE_ID,
      IsConverted: false,
    });
    await queueDrained(world);
    expect(await contactsWhere(`Okta_User_Id__c = '${user.id}'`)).toEqual([]);
    expect(await operations(user.id)).toContain('lead-created:SUCCESS');
  });

  it('carries Okta updates to the Lead, leaving its owner alone', async () => {
    const user = newProspect(2);
    await leadOf(user.id);
    world.sandbox.okta.updateUserDirect(user.id, { title: 'Head of Purchasing' });
    const lead = await leadOf(user.id, (l) => l.Title === 'Head of Purchasing');
    expect(lead.OwnerId).toBe(SIGN_UP_QUEUE_ID);
    await queueDrained(world);
    expect(await operations(user.id)).toContain('lead-updated:SUCCESS');
  });

  it('links a Contact that matches by email instead of creating a Lead', async () => {
    const contact = await world.salesforce
      .sobject('Contact')
      .create({ LastName: 'Known', Email: 'prospect.3@signup.test' });
    const user = newProspect(3);
    await eventually(async () => {
      const [linked] = await contactsWhere(`Id = '${contact.id}'`);
      return linked?.Okta_User_Id__c === user.id;
    });
    await queueDrained(world);
    expect(await leadsWhere(`Email = 'prospect.3@signup.test'`)).toEqual([]);
    expect(await contactsWhere(`Okta_User_Id__c = '${user.id}'`)).toHaveLength(1);
  });

  it('links an open Lead that matches by email instead of creating another', async () => {
    const existing = await world.salesforce
      .sobject('Lead')
      .create(
        { LastName: 'Earlier', Company: 'Web form', Email: 'prospect.4@signup.test' },
        { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
      );
    const user = newProspect(4);
    const lead = await leadOf(user.id);
    expect(lead.Id).toBe(existing.id);
    expect(lead.LastName).toBe('Prospect4');
    await queueDrained(world);
    expect(await leadsWhere(`Email = 'prospect.4@signup.test'`)).toHaveLength(1);
    expect(await operations(user.id)).toContain('lead-linked:SUCCESS');
  });

  it('keeps the Okta link through lead conversion and syncs the Contact from then on', async () => {
    const user = newProspect(5);
    const lead = await leadOf(user.id);
    await queueDrained(world);
    // A sales rep converts the Lead (a queue owns it, so the rep names themselves as owner).
    const rep = world.sandbox.salesforce.issueToken().userId;
    const converted = world.sandbox.salesforce.convertLead({
      leadId: lead.Id,
      convertedStatus: 'Closed - Converted',
      ownerId: rep,
    });
    const [contact] = await contactsWhere(`Id = '${converted.contactId}'`);
    expect(contact?.Okta_User_Id__c).toBe(user.id);
    // The new Contact's change event has the user synced to it at once.
    await eventually(async () => {
      const rows = await world.salesforce.query<{ Okta_Status__c: string | null }>(
        `SELECT Okta_Status__c FROM Contact WHERE Id = '${converted.contactId}'`,
      );
      return rows.records[0]?.Okta_Status__c === user.status;
    });

    world.sandbox.okta.updateUserDirect(user.id, { title: 'Customer Champion' });
    await eventually(async () => {
      const [synced] = await contactsWhere(`Id = '${converted.contactId}'`);
      return synced?.Title === 'Customer Champion';
    });
    await queueDrained(world);
    expect(await contactsWhere(`Okta_User_Id__c = '${user.id}'`)).toHaveLength(1);
    const after = await leadOf(user.id);
    expect(after).toMatchObject({
      IsConverted: true,
      Title: 'Evaluator',
      ConvertedContactId: converted.contactId,
    });
    expect(await operations(user.id)).toContain('contact-updated:SUCCESS');
  });

  it('links the Contact of a converted Lead at the next sync when the Contact lacks the link', async () => {
    const user = newProspect(7);
    const lead = await leadOf(user.id);
    await queueDrained(world);
    // Converted into a Contact that already existed, under another email; its link then cleared.
    const account = await world.salesforce.sobject('Account').create({ Name: 'Existing Co' });
    const existing = await world.salesforce
      .sobject('Contact')
      .create({ LastName: 'Existing', Email: 'other@existing.test', AccountId: account.id });
    const rep = world.sandbox.salesforce.issueToken().userId;
    world.sandbox.salesforce.convertLead({
      leadId: lead.Id,
      convertedStatus: 'Closed - Converted',
      accountId: String(account.id),
      contactId: String(existing.id),
      ownerId: rep,
    });
    await world.salesforce
      .sobject('Contact')
      .update({ Id: String(existing.id), Okta_User_Id__c: null });

    world.sandbox.okta.updateUserDirect(user.id, { title: 'Returning' });
    await eventually(async () => {
      const [linked] = await contactsWhere(`Id = '${existing.id}'`);
      return linked?.Okta_User_Id__c === user.id;
    });
    await queueDrained(world);
    expect(await operations(user.id)).toContain('lead-converted:SUCCESS');
    expect(await contactsWhere(`Okta_User_Id__c = '${user.id}'`)).toHaveLength(1);
    expect((await leadOf(user.id)).IsConverted).toBe(true);
  });

  it('closes the open Lead of a deactivated user with the configured status, never deleting it', async () => {
    const user = newProspect(6);
    await leadOf(user.id);
    await queueDrained(world);
    world.sandbox.okta.setUserStatus(user.id, 'DEPROVISIONED');
    const lead = await leadOf(user.id, (l) => l.Status === 'Closed - Not Converted');
    expect(lead.IsConverted).toBe(false);
    await queueDrained(world);
    expect(await operations(user.id)).toContain('lead-closed:SUCCESS');
  });

  it('notifies of a Lead provisioned and of its closing, scoped on a field Contact and Lead share', async () => {
    const admin = (
      await world.salesforce.query<{ Id: string }>(
        'SELECT Id FROM User WHERE IsActive = true AND FederationIdentifier != null LIMIT 1',
      )
    ).records[0];
    if (!admin) throw new Error('the seed has no employee user');
    const user = newProspect(9);
    const rule = (name: string, event: string, template: string) =>
      world.sandbox.salesforce.deployCustomMetadata({
        type: 'Okta_Notification_Rule__mdt',
        developerName: name,
        label: name.replace(/_/g, ' '),
        values: {
          Active__c: true,
          Event__c: event,
          Channel__c: 'CUSTOM_NOTIFICATION',
          Recipient_Type__c: 'USERS',
          Recipients__c: admin.Id,
          Scope_Field__c: 'Okta_User_Id__c',
          Scope_Operator__c: 'EQUALS',
          Scope_Value__c: user.id,
          Message_Template__c: template,
        },
      });
    rule('Lead_Sign_Ups', 'PROVISIONED', '');
    rule(
      'Lead_Departures',
      'DEPROVISIONED',
      '{{user.login}} left: Lead {{lead.id}} ({{contact.Title}})',
    );
    const config = await world.companion.syncConfig.reload('test');
    expect(config.problems).toEqual([]);
    try {
      const lead = await leadOf(user.id);
      const notified = (text: string) =>
        eventually(async () => {
          await world.companion.notifier.flush();
          return world.sandbox.salesforce.customNotifications().find((n) => n.body.includes(text));
        });
      expect(await notified(`as Lead ${lead.Id}`)).toMatchObject({
        title: 'Okta user provisioned',
        body: expect.stringMatching(
          new RegExp(
            `^prospect\\.9@signup\\.test \\(Pat Prospect9\\) was provisioned in Salesforce as Lead ${lead.Id}\\. Audit: `,
          ),
        ),
        recipientIds: [admin.Id],
        targetId: lead.Id,
      });
      await queueDrained(world);
      world.sandbox.okta.setUserStatus(user.id, 'DEPROVISIONED');
      expect(await notified(`left: Lead ${lead.Id}`)).toMatchObject({
        title: 'Okta user deprovisioned',
        body: `prospect.9@signup.test left: Lead ${lead.Id} (Evaluator)`,
        targetId: lead.Id,
      });
    } finally {
      for (const name of ['Lead_Sign_Ups', 'Lead_Departures'])
        world.sandbox.salesforce.deployCustomMetadata({
          type: 'Okta_Notification_Rule__mdt',
          developerName: name,
          label: name.replace(/_/g, ' '),
          values: { Active__c: false },
        });
      await world.companion.syncConfig.reload('test');
    }
  });

  it('gives new Leads to the default owner when the assignment rule is off', async () => {
    const owner = (
      await world.salesforce.query<{ Id: string }>(
        'SELECT Id FROM User WHERE IsActive = true AND FederationIdentifier != null LIMIT 1',
      )
    ).records[0];
    if (!owner) throw new Error('the seed has no employee user');
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Lead_Assignment_Rule__c: false, Default_Owner_Id__c: owner.Id },
    });
    await world.companion.syncConfig.reload('test');
    try {
      const user = newProspect(8);
      expect((await leadOf(user.id)).OwnerId).toBe(owner.Id);
      await queueDrained(world);
    } finally {
      world.sandbox.salesforce.deployCustomMetadata({
        type: 'Okta_Sync_Setting__mdt',
        developerName: 'Default',
        label: 'Default',
        values: { Lead_Assignment_Rule__c: true, Default_Owner_Id__c: null },
      });
      await world.companion.syncConfig.reload('test');
    }
  });
});

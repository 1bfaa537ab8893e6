import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endToEndProfile } from '../sandbox/profile.js';
import type { StoredAuditEntry } from '../src/store/types.js';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

// Notifications of what went right, through the emulators: rules deployed as Custom Metadata,
// each channel (Salesforce custom notification, email by emailSimple, the webhook), a digest
// for a burst, a quiet period, and a failing channel that leaves the sync alone.

let world: TestWorld;
let webhook: Server;
const posts: { text: string }[] = [];
let webhookStatus = 200;
// The orgs' and the companion's clock: a digest's window passes without waiting for it.
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (webhookStatus === 200) posts.push(JSON.parse(body) as { text: string });
      res.writeHead(webhookStatus).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const { port } = webhook.address() as AddressInfo;
  world = await startTestWorld({
    users: 40,
    profile: endToEndProfile(),
    now,
    env: {
      OKTA_SYSTEM_LOG_POLL_SECONDS: '3600',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    },
  });
});
afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => webhook?.close(resolve));
});

type SeedRecord = Record<string, unknown>;
const seed = () => world.sandbox.seed?.salesforce ?? { users: [], contacts: [] };
const admin = () => String(seed().users.find((u: SeedRecord) => u['FederationIdentifier'])?.['Id']);
/** Active linked Contacts of the seed, each used by one test only. */
let nextContact = 0;
function linkedContacts(n: number): SeedRecord[] {
  const linked = seed().contacts.filter(
    (c: SeedRecord) => c['Okta_User_Id__c'] && c['Okta_Status__c'] === 'ACTIVE',
  );
  const taken = linked.slice(nextContact, nextContact + n);
  nextContact += n;
  expect(taken).toHaveLength(n);
  return taken;
}

async function rule(developerName: string, values: Record<string, unknown>) {
  world.sandbox.salesforce.deployCustomMetadata({
    type: 'Okta_Notification_Rule__mdt',
    developerName,
    label: developerName.replace(/_/g, ' '),
    values: { Active__c: true, ...values },
  });
  const config = await world.companion.syncConfig.reload('test');
  expect(config.problems.filter((p) => p.source.includes('Okta_Notification_Rule__mdt'))).toEqual(
    [],
  );
}

async function notificationLines(ruleName: string): Promise<StoredAuditEntry[]> {
  const page = await world.companion.store.audit.list({
    from: new Date(0),
    to: new Date(now().getTime() + 3_600_000),
    limit: 10_000,
  });
  return page.entries.filter(
    (e) => e.operation.startsWith('notify') && e.actor === `notification-rule:${ruleName}`,
  );
}

describe('notifications of what the sync did', () => {
  it('sends a Salesforce custom notification to users when an Okta user is provisioned', async () => {
    await rule('New_Hires', {
      Event__c: 'PROVISIONED',
      Channel__c: 'CUSTOM_NOTIFICATION',
      Recipient_Type__c: 'USERS',
      Recipients__c: admin(),
      Message_Template__c: 'Welcome {{user.firstName}} ({{user.login}}): Contact {{contact.id}}',
    });
    const user = world.sandbox.okta.createUserDirect({
      login: 'notify.hire@example.test',
      email: 'notify.hire@example.test',
      firstName: 'Nora',
      lastName: 'Hire',
      userType: 'Customer',
      organization: 'Notify Org',
    });
    const sent = await eventually(() =>
      world.sandbox.salesforce
        .customNotifications()
        .find((n) => n.body.includes('notify.hire@example.test')),
    );
    const [contact] = (
      await world.salesforce.query<{ Id: string }>(
        `SELECT Id FROM Contact WHERE Okta_User_Id__c = '${user.id}'`,
      )
    ).records;
    expect(sent).toMatchObject({
      title: 'Okta user provisioned',
      body: `Welcome Nora (notify.hire@example.test): Contact ${contact?.Id}`,
      recipientIds: [admin()],
      targetId: contact?.Id,
    });
    const [type] = (
      await world.salesforce.query<{ Id: string }>(
        "SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'Okta_Sync_Notification'",
      )
    ).records;
    expect(sent.customNotifTypeId).toBe(type?.Id);
    const lines = await eventually(async () => {
      const found = await notificationLines('New_Hires');
      return found.length > 0 ? found : undefined;
    });
    expect(lines).toMatchObject([
      { status: 'SUCCESS', direction: 'ACTION', oktaUserId: user.id, contactId: contact?.Id },
    ]);
  });

  it("emails the Contact's owner through emailSimple when a user in scope is deprovisioned", async () => {
    const [target] = linkedContacts(1);
    const owner = seed().users.find((u: SeedRecord) => u['Id'] === target?.['OwnerId']);
    await rule('Departures_By_Email', {
      Event__c: 'DEPROVISIONED',
      Channel__c: 'EMAIL',
      Recipient_Type__c: 'RECORD_OWNER',
      Scope_Field__c: 'Okta_User_Id__c',
      Scope_Operator__c: 'EQUALS',
      Scope_Value__c: String(target?.['Okta_User_Id__c']),
    });
    world.sandbox.okta.setUserStatus(String(target?.['Okta_User_Id__c']), 'DEPROVISIONED');
    const email = await eventually(() =>
      world.sandbox.salesforce.emails().find((e) => e.subject === 'Okta user deprovisioned'),
    );
    expect(email.to).toEqual([owner?.['Email']]);
    expect(email.body).toContain(`Contact ${String(target?.['Id'])} is marked inactive`);
    expect(email.relatedRecordId).toBe(target?.['Id']);
    // Out of scope: another departure sends nothing.
    await rule('Departures_By_Email', { Active__c: false });
  });

  it('posts to the webhook on an update, once within the quiet period', async () => {
    const [target] = linkedContacts(1);
    const oktaId = String(target?.['Okta_User_Id__c']);
    await rule('Updates_To_Chat', {
      Event__c: 'UPDATED',
      Channel__c: 'WEBHOOK',
      Scope_Field__c: 'Okta_User_Id__c',
      Scope_Operator__c: 'EQUALS',
      Scope_Value__c: oktaId,
      Quiet_Period_Minutes__c: 60,
      Message_Template__c: '{{user.login}} changed: {{changes}}',
    });
    world.sandbox.okta.updateUserDirect(oktaId, { title: 'Head of Notifications' });
    const post = await eventually(() => posts.find((p) => p.text.includes('Title')));
    expect(post.text).toMatch(/^\*Okta user updated\*\n.+ changed: .*Title/);
    world.sandbox.okta.updateUserDirect(oktaId, { title: 'Chief Notifier' });
    const lines = await eventually(async () => {
      const found = await notificationLines('Updates_To_Chat');
      return found.length >= 2 ? found : undefined;
    });
    expect(lines.map((l) => l.status)).toEqual(['SUCCESS', 'SKIPPED']);
    expect(lines[1]?.error).toMatch(/less than 60 minutes ago/);
    expect(posts.filter((p) => p.text.includes('changed:'))).toHaveLength(1);
    await rule('Updates_To_Chat', { Active__c: false });
  });

  it('sends one digest for a burst of deprovisionings when its window ends', async () => {
    const burst = linkedContacts(8);
    await rule('Departure_Digest', {
      Event__c: 'DEPROVISIONED',
      Channel__c: 'CUSTOM_NOTIFICATION',
      Recipient_Type__c: 'QUEUE',
      Recipients__c: 'Okta_Deprovisioned_Cases',
      Digest__c: true,
      Quiet_Period_Minutes__c: 5,
    });
    for (const c of burst)
      world.sandbox.okta.setUserStatus(String(c['Okta_User_Id__c']), 'DEPROVISIONED');
    await queueDrained(world);
    // Every departure is gathered, none sent yet.
    await eventually(async () => {
      await world.companion.notifier.flush();
      const [digest] = await world.companion.store.notifications.dueDigests(
        new Date(now().getTime() + 3_600_000),
        10,
      );
      return digest?.count === burst.length ? digest : undefined;
    });
    expect(
      world.sandbox.salesforce
        .customNotifications()
        .filter((n) => n.title.includes('deprovisioned')),
    ).toEqual([]);

    offsetMs += 5 * 60_000;
    const digest = await eventually(() =>
      world.sandbox.salesforce
        .customNotifications()
        .find((n) => n.title === `${burst.length} Okta users deprovisioned`),
    );
    const [queue] = (
      await world.salesforce.query<{ Id: string }>(
        "SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Okta_Deprovisioned_Cases'",
      )
    ).records;
    expect(digest.recipientIds).toEqual([queue?.Id]);
    expect(digest.body).toMatch(
      /^8 events \(Departure Digest\) between .+: .+\. Audit: http.+Okta_Sync_Log__c/,
    );
    expect(
      world.sandbox.salesforce
        .customNotifications()
        .filter((n) => n.title.includes('deprovisioned')),
    ).toHaveLength(1);
    expect(
      (await notificationLines('Departure_Digest')).map((l) => [l.operation, l.status]),
    ).toEqual([['notify-digest', 'SUCCESS']]);
    await rule('Departure_Digest', { Active__c: false });
  });

  it("lists a deprovisioning's side effects in its message", async () => {
    const [target] = linkedContacts(1);
    const oktaId = String(target?.['Okta_User_Id__c']);
    const opened = await world.salesforce.sobject('Case').create({
      ContactId: target?.['Id'],
      Subject: 'Open when its Contact leaves',
      Status: 'New',
    });
    await rule('Departures_To_Chat', {
      Event__c: 'DEPROVISIONED',
      Channel__c: 'WEBHOOK',
      Scope_Field__c: 'Okta_User_Id__c',
      Scope_Operator__c: 'EQUALS',
      Scope_Value__c: oktaId,
    });
    world.sandbox.okta.setUserStatus(oktaId, 'DEPROVISIONED');
    const post = await eventually(() =>
      posts.find((p) => p.text.includes(`Contact ${String(target?.['Id'])} is marked inactive`)),
    );
    expect(post.text).toMatch(
      /Side effects: \d+ Cases? reassigned to the deprovisioning queue[;.]/,
    );
    const [queue] = (
      await world.salesforce.query<{ Id: string }>(
        "SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Okta_Deprovisioned_Cases'",
      )
    ).records;
    const [moved] = (
      await world.salesforce.query<{ OwnerId: string }>(
        `SELECT OwnerId FROM Case WHERE Id = '${'id' in opened ? String(opened.id) : ''}'`,
      )
    ).records;
    expect(moved?.OwnerId).toBe(queue?.Id);
    await rule('Departures_To_Chat', { Active__c: false });
  });

  it('names the Okta groups of an access change', async () => {
    const { okta, salesforce: sf } = world.sandbox;
    const groupId = okta.createGroupDirect('Notified Hot Leads', 'Owners of hot Leads');
    const employee = seed().users.find(
      (u: SeedRecord) => u['FederationIdentifier'] && u['Id'] !== admin(),
    );
    const oktaUser = [...okta.state.users.values()].find(
      (u) =>
        String(u.profile['login']).toLowerCase() ===
        String(employee?.['FederationIdentifier']).toLowerCase(),
    );
    if (!employee || !oktaUser) throw new Error('the seed has no second employee in Okta');
    sf.deployCustomMetadata({
      type: 'Okta_Access_Rule__mdt',
      developerName: 'Notified_Hot_Leads',
      label: 'Notified hot leads',
      values: {
        Rule_Type__c: 'CONDITION_TO_GROUP',
        Okta_Group_Id__c: groupId,
        Okta_Group_Name__c: 'Notified Hot Leads',
        Salesforce_Object__c: 'Lead',
        Condition_Field__c: 'Rating',
        Condition_Operator__c: 'EQUALS',
        Condition_Value__c: 'Hot',
        Active__c: true,
      },
    });
    await rule('Access_To_Chat', {
      Event__c: 'ACCESS_CHANGED',
      Channel__c: 'WEBHOOK',
      Message_Template__c: '{{user.id}} joined {{groups.added}}',
    });
    try {
      await world.salesforce.sobject('Lead').create({
        LastName: 'Hot Prospect',
        Company: 'Notify Co',
        Rating: 'Hot',
        OwnerId: employee['Id'],
      });
      const post = await eventually(() =>
        posts.find((p) => p.text.includes(`${oktaUser.id} joined`)),
      );
      expect(post.text).toContain(`${oktaUser.id} joined Notified Hot Leads`);
      expect(post.text).not.toContain(groupId);
    } finally {
      await rule('Access_To_Chat', { Active__c: false });
      sf.deployCustomMetadata({
        type: 'Okta_Access_Rule__mdt',
        developerName: 'Notified_Hot_Leads',
        label: 'Notified hot leads',
        values: { Active__c: false },
      });
      await world.companion.syncConfig.reload('test');
    }
  });

  it('journals a failing channel and leaves the sync alone', async () => {
    const [target] = linkedContacts(1);
    const oktaId = String(target?.['Okta_User_Id__c']);
    await rule('Updates_To_Broken_Chat', {
      Event__c: 'UPDATED',
      Channel__c: 'WEBHOOK',
      Scope_Field__c: 'Okta_User_Id__c',
      Scope_Operator__c: 'EQUALS',
      Scope_Value__c: oktaId,
    });
    webhookStatus = 503;
    try {
      world.sandbox.okta.updateUserDirect(oktaId, { title: 'Unheard Of' });
      const [line] = await eventually(async () => {
        const found = await notificationLines('Updates_To_Broken_Chat');
        return found.length > 0 ? found : undefined;
      });
      expect(line).toMatchObject({
        status: 'FAILED',
        attempts: 3,
        error: 'The webhook answered 503',
      });
    } finally {
      webhookStatus = 200;
    }
    // The Contact was written and its job finished: nothing dead-lettered, nothing retried.
    const [contact] = (
      await world.salesforce.query<{ Title: string }>(
        `SELECT Title FROM Contact WHERE Okta_User_Id__c = '${oktaId}'`,
      )
    ).records;
    expect(contact?.Title).toBe('Unheard Of');
    await queueDrained(world);
    expect(await world.companion.store.deadLetters.count()).toBe(0);
  });
});

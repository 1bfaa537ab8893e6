import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

interface ContactRow {
  Id: string;
  FirstName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  Title?: string | null;
  AccountId?: string | null;
  Okta_User_Id__c?: string | null;
  Okta_Status__c?: string | null;
  Okta_Sync_Status__c?: string | null;
  Account?: { Name?: string; Okta_Account_Status__c?: string | null } | null;
}

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 40,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  world.sandbox.okta.faults.clear();
  world.sandbox.salesforce.faults.clear();
});

async function contactsOf(oktaUserId: string): Promise<ContactRow[]> {
  const result = await world.salesforce.query<ContactRow>(
    `SELECT Id, FirstName, LastName, Email, Title, AccountId, Okta_User_Id__c, Okta_Status__c, Okta_Sync_Status__c, Account.Name, Account.Okta_Account_Status__c FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
  );
  return result.records;
}

async function contactOf(
  oktaUserId: string,
  accept: (c: ContactRow) => boolean = () => true,
): Promise<ContactRow> {
  return eventually(async () => {
    const [contact] = await contactsOf(oktaUserId);
    return contact && accept(contact) ? contact : undefined;
  });
}

function newCustomer(n: number, extra: Record<string, string> = {}) {
  return world.sandbox.okta.createUserDirect({
    login: `e2e.customer.${n}@example.test`,
    email: `E2E.Customer.${n}@Example.test`,
    firstName: ' Eve ',
    lastName: `Customer${n}`,
    userType: 'Customer',
    organization: `E2E Org ${n}`,
    title: 'Buyer',
    ...extra,
  });
}

describe('Okta → Salesforce, end to end through the real SDKs', () => {
  it('creates a Contact and its Account when a user is created in Okta', async () => {
    const user = newCustomer(1);
    const contact = await contactOf(user.id);
    expect(contact).toMatchObject({
      FirstName: 'Eve',
      LastName: 'Customer1',
      Email: 'e2e.customer.1@example.test',
      Title: 'Buyer',
      Okta_Status__c: 'ACTIVE',
      Okta_Sync_Status__c: 'Synced',
      Account: { Name: 'E2E Org 1', Okta_Account_Status__c: 'Active' },
    });
    await queueDrained(world);
    const audit = await world.companion.store.audit.latestFor({ oktaUserId: user.id }, 10);
    expect(audit.map((e) => e.operation)).toContain('contact-created');
  });

  it('applies a profile change to the linked Contact, and nothing else', async () => {
    const user = newCustomer(2);
    await contactOf(user.id);
    world.sandbox.okta.updateUserDirect(user.id, { title: 'Head of Purchasing' });
    const contact = await contactOf(user.id, (c) => c.Title === 'Head of Purchasing');
    expect(contact.LastName).toBe('Customer2');
    expect(await contactsOf(user.id)).toHaveLength(1);
  });

  it('links an existing unlinked Contact by email instead of creating a duplicate', async () => {
    const seed = world.sandbox.seed;
    const unlinked = seed?.salesforce.contacts.find((c) => !c['Okta_User_Id__c'] && c['Email']);
    expect(unlinked).toBeDefined();
    const oktaUser = seed?.okta.users.find(
      (u) => u.profile.email.toLowerCase() === String(unlinked?.['Email']).toLowerCase(),
    );
    expect(oktaUser).toBeDefined();
    world.sandbox.okta.updateUserDirect(String(oktaUser?.id), { title: 'Linked by email' });
    const contact = await contactOf(String(oktaUser?.id));
    expect(contact.Id).toBe(unlinked?.Id);
    const sameEmail = await world.salesforce.query(
      `SELECT Id FROM Contact WHERE Email = '${String(unlinked?.['Email'])}'`,
    );
    expect(sameEmail.totalSize).toBe(1);
  });

  it('deprovisions: Contact inactive, open Cases to the queue, empty Account inactive; reactivation reverses it', async () => {
    const user = newCustomer(3, { organization: 'Solo Org' });
    const contact = await contactOf(user.id);
    const created = await world.salesforce.sobject('Case').create({
      Subject: 'Cannot log in',
      Status: 'New',
      Origin: 'Web',
      ContactId: contact.Id,
    });
    const caseId = (created as { id: string }).id;

    world.sandbox.okta.setUserStatus(user.id, 'DEPROVISIONED');
    await contactOf(user.id, (c) => c.Okta_Status__c === 'DEPROVISIONED');
    const queue = await world.salesforce.query<{ Id: string }>(
      "SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Okta_Deprovisioned_Cases'",
    );
    const reassigned = await eventually(async () => {
      const c = (await world.salesforce.sobject('Case').retrieve(caseId)) as unknown as {
        OwnerId: string;
        Okta_Deprovisioned_Contact__c: boolean;
      };
      return c.OwnerId === queue.records[0]?.Id ? c : undefined;
    });
    expect(reassigned.Okta_Deprovisioned_Contact__c).toBe(true);
    await contactOf(user.id, (c) => c.Account?.Okta_Account_Status__c === 'Inactive');

    world.sandbox.okta.setUserStatus(user.id, 'ACTIVE');
    const back = await contactOf(
      user.id,
      (c) => c.Okta_Status__c === 'ACTIVE' && c.Account?.Okta_Account_Status__c === 'Active',
    );
    expect(back.Okta_Sync_Status__c).toBe('Synced');
  });

  it('reflects a lockout, an unlock and an MFA reset on the Contact', async () => {
    // Identity Engine (the emulator's default) logs the reset as one deactivation per factor.
    const user = world.sandbox.okta.createUserDirect(
      {
        login: 'e2e.customer.9@example.test',
        email: 'E2E.Customer.9@Example.test',
        firstName: ' Eve ',
        lastName: 'Customer9',
        userType: 'Customer',
        organization: 'E2E Org 9',
        title: 'Buyer',
      },
      { factors: ['push', 'token:software:totp'] },
    );
    await contactOf(user.id);
    world.sandbox.okta.setUserStatus(user.id, 'LOCKED_OUT');
    await contactOf(user.id, (c) => c.Okta_Status__c === 'LOCKED_OUT');
    world.sandbox.okta.setUserStatus(user.id, 'ACTIVE');
    await contactOf(user.id, (c) => c.Okta_Status__c === 'ACTIVE');
    world.sandbox.okta.resetFactorsDirect(user.id);
    const reset = await eventually(async () => {
      const rows = await world.salesforce.query<{ Okta_MFA_Reset_At__c: string | null }>(
        `SELECT Okta_MFA_Reset_At__c FROM Contact WHERE Okta_User_Id__c = '${user.id}'`,
      );
      return rows.records[0]?.Okta_MFA_Reset_At__c ?? undefined;
    });
    expect(Date.parse(reset)).not.toBeNaN();
  });

  it('reports a bad mapping and skips it while the other fields keep syncing', async () => {
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Field_Mapping__mdt',
      developerName: 'Contact_Nickname',
      label: 'Contact: Nickname',
      values: {
        Direction__c: 'OKTA_TO_SALESFORCE',
        Salesforce_Object__c: 'Contact',
        Salesforce_Field__c: 'Nickname__c',
        Okta_Attribute__c: 'profile.nickName',
        Transform__c: 'TRIM',
        Active__c: true,
      },
    });
    const config = await world.companion.syncConfig.reload('test');
    expect(config.problems).toEqual([
      expect.objectContaining({ source: 'Okta_Field_Mapping__mdt.Contact_Nickname' }),
    ]);
    const ready = (await (await fetch(`${world.companion.url}/readyz`)).json()) as {
      checks: { config: { detail: { problems: unknown[] } } };
    };
    expect(ready.checks.config.detail.problems).toHaveLength(1);
    const journal = await world.companion.store.audit.list({
      from: new Date(0),
      to: new Date(Date.now() + 60_000),
      limit: 1000,
    });
    expect(journal.entries).toContainEqual(
      expect.objectContaining({
        operation: 'config-problem',
        eventId: 'config:Okta_Field_Mapping__mdt.Contact_Nickname',
      }),
    );
    const user = newCustomer(10);
    const contact = await contactOf(user.id);
    expect(contact).toMatchObject({ LastName: 'Customer10', Okta_Sync_Status__c: 'Synced' });
  });

  it('stores each event once, whether it comes twice by hook or also through the System Log', async () => {
    const user = newCustomer(4);
    await contactOf(user.id);
    await queueDrained(world);
    // The System Log lags the hooks (realistic profile): read it once it has caught up.
    await world.sandbox.okta.whenLogPersisted();
    const event = world.sandbox.okta.state.logs.find((e) =>
      e.target?.some((t) => t.id === user.id),
    );
    expect(event).toBeDefined();
    const envelope = {
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: 'https://example.okta.com/api/v1/eventHooks/who1',
      eventId: 'replayed-delivery',
      eventTime: new Date().toISOString(),
      contentType: 'application/json',
      data: { events: [event] },
    };
    // The hook already delivered it: delivering it again, out of band, stores nothing.
    const again = await fetch(`${world.companion.url}/hooks/okta`, {
      method: 'POST',
      headers: { authorization: 'sandbox-hook-secret', 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const summary = await world.companion.poller.pollOnce();
    expect(summary.accepted).toBe(0);
  });

  it('recovers events whose hook delivery was lost, through the System Log poller', async () => {
    world.sandbox.okta.faults.dropHookDeliveries(10);
    const user = newCustomer(5);
    await world.sandbox.okta.whenHooksIdle();
    expect(await contactsOf(user.id)).toHaveLength(0);
    await world.sandbox.okta.whenLogPersisted(); // the System Log lags the hooks
    const summary = await world.companion.poller.pollOnce();
    expect(summary.accepted).toBeGreaterThan(0);
    await contactOf(user.id);
  });

  it('converges despite Okta 429s, Salesforce 503s and locked rows', async () => {
    world.sandbox.okta.faults.add({
      route: 'GET /api/v1/users*',
      status: 429,
      times: 2,
      resetOffsetSeconds: -1,
    });
    world.sandbox.salesforce.faults.add({
      route: 'PATCH composite/sobjects*',
      error: 'UNABLE_TO_LOCK_ROW',
      times: 2,
    });
    world.sandbox.salesforce.faults.add({
      route: 'POST composite/sobjects*',
      error: 'SERVER_UNAVAILABLE',
      times: 1,
    });
    world.sandbox.salesforce.faults.add({
      route: 'GET query*',
      error: 'SERVER_UNAVAILABLE',
      times: 2,
    });
    const users = [newCustomer(6), newCustomer(7), newCustomer(8)];
    for (const user of users) await contactOf(user.id);
    await queueDrained(world);
    for (const user of users) expect(await contactsOf(user.id)).toHaveLength(1);
  });

  it('rejects a malformed delivery with 400 and stores nothing; an oversized one with 413', async () => {
    const before = await world.companion.store.jobs.counts();
    const bad = await fetch(`${world.companion.url}/hooks/okta`, {
      method: 'POST',
      headers: { authorization: 'sandbox-hook-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [{ uuid: 1 }] } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const notJson = await fetch(`${world.companion.url}/hooks/okta`, {
      method: 'POST',
      headers: { authorization: 'sandbox-hook-secret', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    const unauthorised = await fetch(`${world.companion.url}/hooks/okta`, {
      method: 'POST',
      headers: { authorization: 'wrong', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unauthorised.status).toBe(401);
    const huge = await fetch(`${world.companion.url}/hooks/okta`, {
      method: 'POST',
      headers: { authorization: 'sandbox-hook-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(world.config.http.hookMaxBodyBytes + 1) }),
    });
    expect(huge.status).toBe(413);
    expect(await world.companion.store.jobs.counts()).toEqual(before);
  });

  it('mirrors the audit journal to Okta_Sync_Log__c, one row per entry', async () => {
    await queueDrained(world);
    await world.companion.auditMirror.flush();
    const logs = await world.salesforce.query<{ Event_Id__c: string }>(
      'SELECT Event_Id__c, Status__c, Operation__c FROM Okta_Sync_Log__c',
    );
    expect(logs.totalSize).toBeGreaterThan(0);
    const ids = logs.records.map((r) => r.Event_Id__c);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

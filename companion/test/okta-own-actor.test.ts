import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import { API_TOKEN_ADMIN, CONSOLE_ADMIN } from '../sandbox/okta/index.js';
import { oktaSdkClient } from '../sandbox/okta/sdk-client.js';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

/**
 * Okta changes are never ignored because of who made them: the account that owns the
 * companion's API token may be a person in the Admin Console, and people and scripts use the
 * sandbox's own admin token. Only what the companion itself wrote is recognised as its echo.
 */

let world: TestWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function linkedContact(w: TestWorld) {
  const rows = await w.salesforce.query<{ Id: string; Okta_User_Id__c: string }>(
    "SELECT Id, Okta_User_Id__c FROM Contact WHERE Okta_User_Id__c != null AND Okta_Status__c = 'ACTIVE' ORDER BY Okta_User_Id__c LIMIT 1",
  );
  const contact = rows.records[0];
  if (!contact) throw new Error('the seed has no linked active Contact');
  return contact;
}

async function contactField(w: TestWorld, id: string, field: string): Promise<unknown> {
  const record = (await w.salesforce.sobject('Contact').retrieve(id)) as Record<string, unknown>;
  return record[field];
}

describe('Okta changes by any actor reach Salesforce', () => {
  it.each([
    ["the owner of the companion's own token", SANDBOX_CREDENTIALS.oktaToken, API_TOKEN_ADMIN.id],
    ['a person with the sandbox admin token', SANDBOX_CREDENTIALS.oktaAdminToken, CONSOLE_ADMIN.id],
  ])('applies a profile change made by %s', async (_who, token, actorId) => {
    const w = (world = await startTestWorld());
    const contact = await linkedContact(w);
    const client = oktaSdkClient(w.sandbox.okta.url, { token });
    const before = w.sandbox.okta.state.logs.length;
    await client.userApi.updateUser({
      userId: contact.Okta_User_Id__c,
      user: { profile: { title: 'Chief Cartographer' } as never },
    });
    await w.sandbox.okta.whenLogPersisted();
    const event = w.sandbox.okta.state.logs
      .slice(before)
      .find((e) => e.eventType === 'user.account.update_profile');
    expect(event?.actor?.id).toBe(actorId);
    await eventually(
      async () => (await contactField(w, contact.Id, 'Title')) === 'Chief Cartographer',
    );
  });
});

describe("the companion's own Okta writes", () => {
  it('do not flow back to Salesforce, even when the Contact has moved on since', async () => {
    // Okta events come only through the System Log poller here, polled when the test says.
    const w = (world = await startTestWorld({
      registerHook: false,
      // However long step 3 takes on a busy machine, the refused write keeps waiting for Okta
      // rather than running out of attempts.
      env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600', JOB_MAX_ATTEMPTS: '1000' },
    }));
    await w.companion.poller.pollOnce();
    const contact = await linkedContact(w);
    const userId = contact.Okta_User_Id__c;
    const oktaPhone = () => w.sandbox.okta.state.users.get(userId)?.profile['mobilePhone'];

    // 1. A person edits the Contact; the companion writes the phone to Okta (its own write).
    await w.salesforce
      .sobject('Contact')
      .update({ Id: contact.Id, MobilePhone: '+1 415 555 0101' });
    await eventually(() => oktaPhone() === '+14155550101');

    // 2. Okta refuses the companion's next write for now; the person edits the Contact again.
    const refuse = w.sandbox.okta.faults.add({
      route: 'POST /api/v1/users/*',
      status: 503,
      times: 10_000,
    });
    await w.salesforce
      .sobject('Contact')
      .update({ Id: contact.Id, MobilePhone: '+1 415 555 0202' });
    await eventually(
      () => (w.sandbox.okta.faults.list().find((f) => f.id === refuse.id)?.hits ?? 0) > 0,
    );

    // 3. Only now does Okta's event for the companion's first write arrive. A person's jobs run
    //    one after the other in both directions, so its Okta → Salesforce sync waits behind the
    //    refused push instead of racing it; the Contact keeps the person's value meanwhile.
    const journalBefore = (
      await w.companion.store.audit.latestFor({ oktaUserId: userId }, 100)
    ).filter((e) => e.direction === 'OKTA_TO_SALESFORCE').length;
    const polled = await w.companion.poller.pollOnce();
    expect(polled.accepted).toBeGreaterThan(0);
    expect(await contactField(w, contact.Id, 'MobilePhone')).toBe('+1 415 555 0202');

    // 4. Okta accepts writes again: both sides end on the person's last value. The refused
    //    write is retried now, not after a backoff that grew with every refusal (E0000010);
    //    an attempt already under way when the fault went may be refused once more and wait
    //    again, so the release is repeated until the value is there.
    w.sandbox.okta.faults.remove(refuse.id);
    await eventually(async () => {
      await w.companion.store.jobs.releaseWaiting('E0000010');
      w.companion.worker.wake();
      return oktaPhone() === '+14155550202';
    });
    await queueDrained(w);
    expect(await contactField(w, contact.Id, 'MobilePhone')).toBe('+1 415 555 0202');
    // The echo's sync ran once the push went through, and found both orgs in step.
    const synced = (await w.companion.store.audit.latestFor({ oktaUserId: userId }, 100)).filter(
      (e) => e.direction === 'OKTA_TO_SALESFORCE',
    );
    expect(synced.length).toBeGreaterThan(journalBefore);
  });
});

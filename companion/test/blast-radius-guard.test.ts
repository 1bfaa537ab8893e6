import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 60,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
});
afterAll(async () => {
  await world?.close();
});

async function statusCounts(ids: readonly string[]): Promise<Record<string, number>> {
  const result = await world.salesforce.query<{ Okta_Status__c: string }>(
    `SELECT Okta_Status__c FROM Contact WHERE Okta_User_Id__c IN (${ids.map((id) => `'${id}'`).join(',')})`,
  );
  const counts: Record<string, number> = {};
  for (const r of result.records) counts[r.Okta_Status__c] = (counts[r.Okta_Status__c] ?? 0) + 1;
  return counts;
}

describe('blast-radius guard', () => {
  it('stops a mass deactivation past the limit, holds the rest, and lets them through once confirmed', async () => {
    // The shipped Default setting: at most max(20, 5 % of linked Contacts) per hour.
    const linked = (world.sandbox.seed?.salesforce.contacts ?? []).filter(
      (c) => c['Okta_User_Id__c'] && c['Okta_Status__c'] === 'ACTIVE',
    );
    const victims = linked.slice(0, 26).map((c) => String(c['Okta_User_Id__c']));
    expect(victims).toHaveLength(26);

    // Alerts go to a Salesforce user as a custom notification.
    const admin = world.sandbox.seed?.salesforce.users.find((u) => u['FederationIdentifier']);
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Alert_Recipient_Id__c: String(admin?.Id) },
    });
    await world.companion.syncConfig.reload('test');

    for (const id of victims) world.sandbox.okta.setUserStatus(id, 'DEPROVISIONED');

    await eventually(async () => (await statusCounts(victims))['DEPROVISIONED'] === 20);
    await eventually(async () => (await world.companion.guard.state()).tripped);
    // The held deactivations wait, without using up their attempts.
    await eventually(async () => (await world.companion.store.jobs.counts()).delayed === 6);
    expect(await world.companion.store.deadLetters.count()).toBe(0);
    expect((await statusCounts(victims))['ACTIVE']).toBe(6);
    const alert = await eventually(() =>
      world.sandbox.salesforce
        .notifications()
        .find((n) => n.title.includes('stopped deactivating')),
    );
    expect(alert.recipientIds).toEqual([String(admin?.Id)]);

    await world.companion.guard.release(world.companion.syncConfig.current());
    await eventually(async () => (await statusCounts(victims))['DEPROVISIONED'] === 26);
    expect((await world.companion.guard.state()).tripped).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

/**
 * Deprovisioning hands a person's open Leads to the fallback owner, and only those: converted
 * Leads and Leads in a closed status (LeadStatus.IsClosed) stay with the person who worked them.
 */

interface LeadRow {
  Id: string;
  OwnerId: string;
  Status: string;
  IsConverted: boolean;
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

async function lead(id: string): Promise<LeadRow> {
  const result = await world.salesforce.query<LeadRow>(
    `SELECT Id, OwnerId, Status, IsConverted FROM Lead WHERE Id = '${id}'`,
  );
  const row = result.records[0];
  if (!row) throw new Error(`no Lead ${id}`);
  return row;
}

describe('deprovisioning and Leads', () => {
  it('the org knows which lead statuses are closed', async () => {
    const statuses = await world.salesforce.query<{ ApiName: string; IsClosed: boolean }>(
      'SELECT ApiName, IsClosed, IsConverted FROM LeadStatus ORDER BY SortOrder',
    );
    expect(statuses.records.map((s) => [s.ApiName, s.IsClosed])).toEqual([
      ['Open - Not Contacted', false],
      ['Working - Contacted', false],
      ['Closed - Converted', true],
      ['Closed - Not Converted', true],
    ]);
  });

  it('moves only open, unconverted Leads to the fallback owner', async () => {
    // A person who owns a converted Lead (converted Leads come from the seed: only lead
    // conversion sets IsConverted).
    const converted = (
      await world.salesforce.query<LeadRow>(
        'SELECT Id, OwnerId, Status, IsConverted FROM Lead WHERE IsConverted = true LIMIT 1',
      )
    ).records[0];
    if (!converted) throw new Error('the seed has no converted Lead');
    const owner = converted.OwnerId;
    const sfUser = (
      await world.salesforce.query<{ Id: string; FederationIdentifier: string }>(
        `SELECT Id, FederationIdentifier FROM User WHERE Id = '${owner}'`,
      )
    ).records[0];
    const oktaUser = [...world.sandbox.okta.state.users.values()].find(
      (u) =>
        String(u.profile['login']).toLowerCase() === sfUser?.FederationIdentifier.toLowerCase(),
    );
    if (!oktaUser) throw new Error('the Lead owner has no Okta user');
    const fallback = (
      await world.salesforce.query<{ Id: string }>(
        `SELECT Id FROM User WHERE Id != '${owner}' AND IsActive = true LIMIT 1`,
      )
    ).records[0];
    if (!fallback) throw new Error('no other user');

    const created = (await world.salesforce.sobject('Lead').create(
      ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'].map(
        (Status, i) => ({
          LastName: `Deprovision ${i}`,
          Company: 'Lead Co',
          Status,
          OwnerId: owner,
        }),
      ),
    )) as { id: string; success: boolean }[];
    expect(created.every((r) => r.success)).toBe(true);
    const [open, working, closed] = created.map((r) => r.id) as [string, string, string];

    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Lead_Fallback_Owner_Id__c: fallback.Id },
    });
    await world.companion.syncConfig.reload('test');
    expect(world.companion.syncConfig.current().settings.leadFallbackOwnerId).toBe(fallback.Id);

    world.sandbox.okta.setUserStatus(oktaUser.id, 'DEPROVISIONED');

    await eventually(async () => (await lead(open)).OwnerId === fallback.Id);
    await queueDrained(world);
    expect((await lead(working)).OwnerId).toBe(fallback.Id);
    expect(await lead(closed)).toMatchObject({ OwnerId: owner, Status: 'Closed - Not Converted' });
    expect(await lead(converted.Id)).toMatchObject({ OwnerId: owner, IsConverted: true });
  });
});

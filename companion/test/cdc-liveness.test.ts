import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import { replayCursorName } from '../src/cdc/channels.js';
import { endToEndProfile } from '../sandbox/profile.js';
import { eventually, startTestWorld, type TestWorld } from './harness.js';

/**
 * The companion's CDC channels against the sandbox, through the real jsforce streaming client:
 * a wedged channel is reported down (/readyz, /api/v1/health) and resubscribed from its stored
 * replay id; a replay position past the retention window, found when faye resubscribes by
 * itself after a CometD restart, starts a reconciliation that is journaled and alerted.
 */

const CONTACT = '/data/ContactChangeEvent';
let world: TestWorld;

beforeEach(async () => {
  world = await startTestWorld({
    users: 10,
    // Realistic, except that a change is published the moment it commits: the expiry test
    // changes a record and expires it while the companion is away, before it can reconnect.
    profile: endToEndProfile({ salesforce: { cdcLag: { minMs: 0, maxMs: 0 } } }),
    // One-second long-polls: a live channel completes a /meta/connect round every second.
    streamingTimeoutSeconds: 1,
    cdcLiveness: { graceMs: 3_000, checkEveryMs: 100 },
  });
});
afterEach(async () => {
  await world?.close();
});

function linkedContact(index: number): { id: string; oktaUserId: string } {
  const contacts = (world.sandbox.seed?.salesforce.contacts ?? []).filter(
    (c) => typeof c['Okta_User_Id__c'] === 'string' && c['Okta_Status__c'] === 'ACTIVE',
  );
  const contact = contacts[index];
  if (!contact) throw new Error('not enough linked contacts in the seed');
  return { id: String(contact['Id']), oktaUserId: String(contact['Okta_User_Id__c']) };
}

async function readyz(): Promise<{
  status: number;
  body: { checks: Record<string, { ok: boolean; detail?: unknown }> };
}> {
  const response = await fetch(`${world.companion.url}/readyz`);
  return { status: response.status, body: (await response.json()) as never };
}

async function health(): Promise<{ status: string; channels: Record<string, { state: string }> }> {
  const response = await fetch(`${world.companion.url}/api/v1/health`, {
    headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.companionApiSecret}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

const lastPublished = () =>
  world.sandbox.streaming.published(CONTACT).at(-1)?.data.event.replayId ?? 0;

describe('CDC channel liveness', () => {
  it('reports a wedged Contact channel down, resubscribes it, and loses nothing published meanwhile', async () => {
    const contact = linkedContact(0);
    world.sandbox.streaming.stallChannel(CONTACT);
    await world.salesforce
      .sobject('Contact')
      .update({ Id: contact.id, MobilePhone: '+1 415 555 0177' });

    const down = await eventually(async () => {
      const r = await readyz();
      return r.status === 503 ? r : undefined;
    });
    expect(down.body.checks['cdc']).toMatchObject({
      ok: false,
      detail: { [CONTACT]: { state: 'stalled' } },
    });
    expect(down.body.checks['okta']?.ok).toBe(true);
    expect(await health()).toMatchObject({
      status: 'degraded',
      channels: { [CONTACT]: { state: 'stalled' } },
    });

    world.sandbox.streaming.clearStalls();
    await eventually(async () => (await readyz()).status === 200);
    await eventually(
      () =>
        world.sandbox.okta.state.users.get(contact.oktaUserId)?.profile['mobilePhone'] ===
        '+14155550177',
    );
    expect((await health()).channels[CONTACT]?.state).toBe('connected');
  });

  it('starts a reconciliation, journals and alerts when a resubscription finds its position expired', async () => {
    const admin = world.sandbox.seed?.salesforce.users.find((u) => u['FederationIdentifier']);
    world.sandbox.salesforce.deployCustomMetadata({
      type: 'Okta_Sync_Setting__mdt',
      developerName: 'Default',
      label: 'Default',
      values: { Alert_Recipient_Id__c: String(admin?.Id) },
    });
    await world.companion.syncConfig.reload('test');

    const first = linkedContact(1);
    await world.salesforce.sobject('Contact').update({ Id: first.id, Title: 'Before the restart' });
    const seen = String(lastPublished());
    await eventually(
      async () => (await world.companion.store.cursors.get(replayCursorName(CONTACT))) === seen,
    );

    // CometD restarts and, before the companion is back, the changes after its position expire.
    world.sandbox.streaming.restart();
    const lost = linkedContact(2);
    world.sandbox.salesforce.db.update('Contact', lost.id, { Title: 'Changed while away' });
    world.sandbox.streaming.expireBefore(lastPublished() + 1);

    const run = await eventually(async () => (await world.companion.reconciliation.list(10))[0]);
    expect(run).toMatchObject({ dryRun: false });
    const journal = [];
    for await (const entry of world.companion.store.audit.iterate({
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 3_600_000),
      pageSize: 500,
    })) {
      journal.push(entry);
    }
    expect(journal).toContainEqual(
      expect.objectContaining({
        operation: 'reconciliation-requested',
        direction: 'RECONCILIATION',
        status: 'SUCCESS',
        correlationId: run.id,
      }),
    );
    const alert = await eventually(() =>
      world.sandbox.salesforce
        .notifications()
        .find((n) => n.title.includes('Salesforce changes to Contact may have been missed')),
    );
    expect(alert.recipientIds).toEqual([String(admin?.Id)]);

    // The channel is subscribed again (from new events) and the run settles.
    await eventually(async () => (await readyz()).status === 200);
    const settled = await world.companion.reconciliation.whenSettled(run.id);
    expect(settled?.status).toMatch(/APPLIED|REFUSED/);
  });
});

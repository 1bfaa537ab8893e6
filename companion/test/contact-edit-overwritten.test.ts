import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  fixedCdcLagProfile,
  queueDrained,
  settledLinkedUser,
  startTestWorld,
  type TestWorld,
} from './harness.js';

/**
 * A Contact edit committed while the Okta → Salesforce sync is writing the same Contact (after
 * its read, before its write) is overwritten by a write decided without it; Salesforce's
 * collection calls have no conditional update. The edit's change event still carries its
 * values, and the companion brings them back (the counterexample the convergence property
 * found). The sync's write is held here by the emulator's latency, so the order is certain.
 */

const CDC_LAG_MS = 200;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 0,
    profile: fixedCdcLagProfile(CDC_LAG_MS),
  });
});
afterAll(async () => world?.close());

const linkedUser = (login: string) =>
  settledLinkedUser(
    world,
    { login, firstName: 'Over', lastName: 'Written', mobilePhone: '+14155550100' },
    CDC_LAG_MS,
  );

describe('a Contact edit committed while the companion writes the Contact from Okta', () => {
  it('is brought back and reaches Okta, where Salesforce is the source of truth', async () => {
    const { userId, contactId } = await linkedUser('overwritten.1@example.test');
    const salesforce = world.sandbox.salesforce;
    salesforce.faults.add({ route: 'PATCH composite/sobjects', latencyMs: 1500, times: 1 });
    world.sandbox.okta.updateUserDirect(userId, { mobilePhone: '+14155550111' });
    // The sync has read the Contact and its write is on its way (the rule is used up).
    await eventually(() => salesforce.faults.list().length === 0);
    expect(salesforce.db.get('Contact', contactId)?.['MobilePhone']).toBe('+14155550100');
    await world.salesforce
      .sobject('Contact')
      .update({ Id: contactId, MobilePhone: '+1 415 555 0222' });

    await eventually(
      () => world.sandbox.okta.state.users.get(userId)?.profile['mobilePhone'] === '+14155550222',
    );
    await queueDrained(world);
    expect(salesforce.db.get('Contact', contactId)?.['MobilePhone']).toBe('+1 415 555 0222');
    const restored = (await world.companion.store.audit.latestFor({ contactId }, 50)).find(
      (e) => e.operation === 'restore-contact-edit',
    );
    expect(restored).toMatchObject({
      status: 'SUCCESS',
      fieldChanges: [expect.objectContaining({ field: 'MobilePhone', after: '+1 415 555 0222' })],
    });
  });
});

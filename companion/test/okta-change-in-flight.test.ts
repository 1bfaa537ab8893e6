import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxProfile } from '../sandbox/profile.js';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';

/**
 * An Okta change still on its way to the companion when a Contact edit of another attribute of
 * the same user is pushed to Okta (a counterexample the convergence property found). Hooks take
 * 3 s here, change events none, and the System Log is polled only at start, so the order is
 * certain: the Contact edit reaches Okta before the companion hears of the Okta change.
 */

const HOOK_DELAY_MS = 3000;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 0,
    profile: sandboxProfile('realistic', {
      okta: { hookDelay: { minMs: HOOK_DELAY_MS, maxMs: HOOK_DELAY_MS }, hookDuplicateRate: 0 },
      salesforce: { cdcLag: { minMs: 0, maxMs: 0 } },
    }),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
});
afterAll(async () => world?.close());

describe('an Okta change in flight when a Contact edit of another attribute reaches Okta', () => {
  it('still brings the Okta change to the Contact', async () => {
    const user = world.sandbox.okta.createUserDirect({
      login: 'okta.in.flight@example.test',
      email: 'okta.in.flight@example.test',
      firstName: 'Okta',
      lastName: 'InFlight',
      userType: 'Customer',
      organization: 'In Flight Org',
      primaryPhone: '+14155550100',
      mobilePhone: '+14155550101',
    });
    const contact = await eventually(
      () => world.sandbox.salesforce.db.find('Contact', (c) => c['Okta_User_Id__c'] === user.id)[0],
    );
    const contactId = String(contact['Id']);
    await queueDrained(world);

    const delivered = world.sandbox.okta.hookStats().delivered;
    world.sandbox.okta.updateUserDirect(user.id, { primaryPhone: '+14155550200' });
    await world.salesforce
      .sobject('Contact')
      .update({ Id: contactId, MobilePhone: '+1 415 555 0201' });
    await eventually(
      () => world.sandbox.okta.state.users.get(user.id)?.profile['mobilePhone'] === '+14155550201',
    );
    // The Okta change is still on its way.
    expect(world.sandbox.okta.hookStats().delivered).toBe(delivered);
    await queueDrained(world);

    expect(world.sandbox.salesforce.db.get('Contact', contactId)?.['Phone']).toBe('+14155550200');
    expect(world.sandbox.okta.state.users.get(user.id)?.profile['primaryPhone']).toBe(
      '+14155550200',
    );
  });
});

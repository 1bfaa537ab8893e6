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
 * A Contact edit whose change event is still on its way when an Okta change of another attribute
 * of the same user reaches the companion (the counterexample the convergence property found).
 * Change events take 3 s here and hooks none, so the order is certain: the Okta change is synced
 * to Salesforce before the companion hears of the Contact edit.
 */

const CDC_LAG_MS = 3000;
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
    { login, firstName: 'In', lastName: 'Flight', title: 'Analyst', mobilePhone: '+14155550100' },
    CDC_LAG_MS,
  );

describe('a Contact edit in flight when Okta changes another attribute of the user', () => {
  // Each direction tells what moved by comparing both orgs with the values they agreed on at the
  // last sync (the sync baselines): MobilePhone left its agreed value in Salesforce only, so the
  // Okta → Salesforce sync of the Title change leaves it alone and its change event carries it
  // to Okta. Before the baselines, "the Okta user changed after the Contact's last sync" (one
  // lastUpdated per user) counted as a change of every BOTH field, Okta's old MobilePhone was
  // written over the edit, and the edit was lost in both orgs.
  it('keeps the edit and brings it to Okta, and brings the Okta change to the Contact', async () => {
    const { userId, contactId } = await linkedUser('in.flight.1@example.test');
    await world.salesforce
      .sobject('Contact')
      .update({ Id: contactId, MobilePhone: '+1 415 555 0199' });
    world.sandbox.okta.updateUserDirect(userId, { title: 'Director' });
    await eventually(
      () => world.sandbox.salesforce.db.get('Contact', contactId)?.['Title'] === 'Director',
    );
    expect(world.sandbox.salesforce.db.get('Contact', contactId)?.['MobilePhone']).toBe(
      '+1 415 555 0199',
    );
    await eventually(
      () => world.sandbox.okta.state.users.get(userId)?.profile['mobilePhone'] === '+14155550199',
    );
    await queueDrained(world);
    expect(world.sandbox.salesforce.db.get('Contact', contactId)?.['Title']).toBe('Director');
    expect(world.sandbox.okta.state.users.get(userId)?.profile['title']).toBe('Director');
  });
});

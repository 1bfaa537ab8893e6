import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, queueDrained, startTestWorld, type TestWorld } from './harness.js';
import { endToEndProfile } from '../sandbox/profile.js';

/**
 * PHONE_E164 end to end, both ways, with a mapping whose default region is GB: numbers written
 * nationally in Okta reach the Contact in E.164, numbers typed into Salesforce by a plain REST
 * client reach the Okta profile in E.164, and a number no plan allows is reported, not written.
 */

const CONTACT_CHANNEL = '/data/ContactChangeEvent';
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    users: 20,
    profile: endToEndProfile(),
    env: { OKTA_SYSTEM_LOG_POLL_SECONDS: '3600' },
  });
  world.sandbox.salesforce.deployCustomMetadata({
    type: 'Okta_Field_Mapping__mdt',
    developerName: 'Contact_Mobile_Phone',
    label: 'Contact Mobile Phone',
    values: { Transform_Argument__c: 'GB' },
  });
  const config = await world.companion.syncConfig.reload('test');
  expect(config.problems).toEqual([]);
  expect(config.mappings.find((m) => m.name === 'Contact_Mobile_Phone')).toMatchObject({
    transform: 'PHONE_E164',
    transformArgument: 'GB',
  });
  await eventually(
    () =>
      world.companion.salesforceToOkta.subscriber.state()[CONTACT_CHANNEL]?.state === 'connected',
  );
});
afterAll(async () => {
  await world?.close();
});

interface ContactRow {
  Id: string;
  MobilePhone: string | null;
  Okta_Sync_Error__c: string | null;
}

async function contactOf(oktaUserId: string): Promise<ContactRow> {
  return eventually(async () => {
    const { records } = await world.salesforce.query<ContactRow>(
      `SELECT Id, MobilePhone, Okta_Sync_Error__c FROM Contact WHERE Okta_User_Id__c = '${oktaUserId}'`,
    );
    return records[0];
  });
}

function customer(n: number, mobilePhone: string) {
  return world.sandbox.okta.createUserDirect({
    login: `phone.${n}@example.test`,
    email: `phone.${n}@example.test`,
    firstName: 'Pat',
    lastName: `Phone${n}`,
    userType: 'Customer',
    organization: `Phone Org ${n}`,
    mobilePhone,
  });
}

describe('phone numbers in E.164, with the default region of the mapping', () => {
  it('Okta → Salesforce: a national GB number is written as +44, an impossible one is reported', async () => {
    const good = customer(1, '07400 123456');
    expect(await contactOf(good.id)).toMatchObject({
      MobilePhone: '+447400123456',
      Okta_Sync_Error__c: null,
    });

    const bad = customer(2, '07400 12345');
    const contact = await contactOf(bad.id);
    expect(contact.MobilePhone).toBeNull();
    expect(contact.Okta_Sync_Error__c).toMatch(
      /MobilePhone: "07400 12345" is not a valid phone number: .*\+44/,
    );
  });

  it('Salesforce → Okta: a number typed nationally reaches the Okta profile as +44', async () => {
    const user = customer(3, '+44 20 7946 0958');
    const contact = await contactOf(user.id);
    await queueDrained(world);
    expect(contact.MobilePhone).toBe('+442079460958');

    await world.salesforce
      .sobject('Contact')
      .update({ Id: contact.Id, MobilePhone: '0161 496 0000' });
    await eventually(
      () => world.sandbox.okta.state.users.get(user.id)?.profile['mobilePhone'] === '+441614960000',
    );

    // A number too short for GB is not sent to Okta; the sync says why.
    await world.salesforce.sobject('Contact').update({ Id: contact.Id, MobilePhone: '0161 496' });
    const noted = await eventually(async () =>
      (await world.companion.store.audit.latestFor({ contactId: contact.Id }, 20)).find(
        (e) => e.operation === 'update-okta-profile' && /0161 496"/.test(e.error ?? ''),
      ),
    );
    expect(noted.error).toMatch(/"0161 496" is not a valid phone number/);
    expect(world.sandbox.okta.state.users.get(user.id)?.profile['mobilePhone']).toBe(
      '+441614960000',
    );
  });
});

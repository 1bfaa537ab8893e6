import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../sandbox/okta/index.js';
import { oktaSdkClient } from '../../../sandbox/okta/sdk-client.js';
import { mappingRow } from '../../mapping/mapping-test-fixtures.js';
import {
  OKTA_SEED,
  startApiHarness,
  USERS,
  type ApiHarness,
  type ErrorAnswer,
} from './api-test-fixtures.js';
import type { PreviewAnswer } from '../../services/mapping-preview.js';

const sdkFor = (e: OktaEmulator) => oktaSdkClient(e.url, { token: e.token }, { maxRetries: 0 });
let emulator: OktaEmulator;
let h: ApiHarness;
beforeAll(async () => {
  emulator = await startOktaEmulator({ seed: OKTA_SEED });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  h = await startApiHarness(sdkFor(emulator));
  h.salesforce.contacts.push({
    Id: '003000000000001AAA',
    Okta_User_Id__c: USERS.active,
    Email: 'ada@example.com',
    FirstName: 'Ada',
    LastName: 'Tester',
    Title: 'Old title',
  });
  h.salesforce.contacts.push({
    Id: '003000000000002AAA',
    Okta_User_Id__c: null,
    LastName: 'Unlinked',
  });
});
afterEach(() => h.close());

const preview = (json: unknown) => h.call('/mappings/preview', { json });

describe('POST mappings/preview', () => {
  it('previews the saved mappings for an Okta login against the linked Contact', async () => {
    const res = await preview({ oktaUser: 'ada@example.com' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewAnswer;
    expect(body.user).toEqual({ id: USERS.active, login: 'ada@example.com' });
    expect(body.contact).toEqual({ id: '003000000000001AAA' });
    expect(body.problems).toEqual([]);
    expect(body.fields.find((f) => f.target === 'Contact.Title')).toMatchObject({
      mapping: 'Contact_Title',
      source: '  Engineer ',
      value: 'Engineer',
      error: null,
    });
    expect(body.contactChanges).toContainEqual({
      field: 'Title',
      before: 'Old title',
      after: 'Engineer',
    });
    expect(body.contactChanges.find((c) => c.field === 'Email')).toBeUndefined();
    expect(h.salesforce.queries.at(-1)).toMatch(
      /WHERE Okta_User_Id__c = '00uactive00000000000' LIMIT 1$/,
    );
  });

  it('previews for a Contact through its linked Okta user, quoting the id in SOQL', async () => {
    const res = await preview({ contactId: '003000000000001AAA' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewAnswer;
    expect(body.user.id).toBe(USERS.active);
    expect(h.salesforce.queries[0]).toMatch(
      /FROM Contact WHERE Id = '003000000000001AAA' LIMIT 1$/,
    );
  });

  it('reports invalid proposed rows as problems and previews the valid ones', async () => {
    const res = await preview({
      oktaUser: USERS.active,
      mappings: [
        mappingRow('Contact_Title', {
          Salesforce_Field__c: 'Title',
          Okta_Attribute__c: 'profile.title',
          Transform__c: 'UPPER',
        }),
        mappingRow('Bad_Transform', {
          Salesforce_Field__c: 'Department',
          Okta_Attribute__c: 'profile.department',
          Transform__c: 'REVERSE',
        }),
        mappingRow('No_Such_Field', {
          Salesforce_Field__c: 'Shoe_Size__c',
          Okta_Attribute__c: 'profile.title',
        }),
        mappingRow('Second_Title', {
          Salesforce_Field__c: 'Title',
          Okta_Attribute__c: 'profile.department',
        }),
        { Direction__c: 'OKTA_TO_SALESFORCE' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewAnswer;
    expect(body.fields.map((f) => f.mapping)).toEqual(['Contact_Title']);
    expect(body.fields[0]).toMatchObject({
      source: '  Engineer ',
      value: '  ENGINEER ',
      error: null,
    });
    const problems = Object.fromEntries(body.problems.map((p) => [p.source, p.message]));
    expect(Object.keys(problems).sort()).toEqual([
      'Okta_Field_Mapping__mdt.(row 5)',
      'Okta_Field_Mapping__mdt.Bad_Transform',
      'Okta_Field_Mapping__mdt.No_Such_Field',
      'Okta_Field_Mapping__mdt.Second_Title',
    ]);
    expect(problems['Okta_Field_Mapping__mdt.Bad_Transform']).toMatch(/^Transform__c: /);
    expect(problems['Okta_Field_Mapping__mdt.No_Such_Field']).toBe(
      'Contact has no field Shoe_Size__c',
    );
    expect(problems['Okta_Field_Mapping__mdt.Second_Title']).toBe(
      'Contact.Title is already written by mapping Contact_Title',
    );
    expect(body.contactChanges).toEqual([
      { field: 'Title', before: 'Old title', after: '  ENGINEER ' },
    ]);
  });

  it('answers 404 for an unknown Okta user, an unknown Contact and an unlinked Contact', async () => {
    const unknownUser = await preview({ oktaUser: 'ghost@example.com' });
    expect(unknownUser.status).toBe(404);
    const unknownContact = await preview({ contactId: '003000000000009AAA' });
    expect(unknownContact.status).toBe(404);
    expect(((await unknownContact.json()) as ErrorAnswer).error.message).toBe(
      'No Contact with id 003000000000009AAA.',
    );
    const unlinked = await preview({ contactId: '003000000000002AAA' });
    expect(unlinked.status).toBe(404);
    expect(((await unlinked.json()) as ErrorAnswer).error.message).toMatch(
      /not linked to an Okta user/,
    );
  });

  it('needs exactly one of oktaUser and contactId, and rows that are objects', async () => {
    for (const json of [{}, { oktaUser: USERS.active, contactId: '003000000000001AAA' }]) {
      const res = await preview(json);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorAnswer).error.details).toEqual([
        {
          path: '(root)',
          message: 'Give either oktaUser (an Okta user id or login) or contactId, not both.',
        },
      ]);
    }
    const badRows = await preview({ oktaUser: USERS.active, mappings: ['Contact_Title'] });
    expect(badRows.status).toBe(400);
    const badContact = await preview({ contactId: '001000000000001AAA' });
    expect(badContact.status).toBe(400);
  });
});

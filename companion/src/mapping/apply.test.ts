import { beforeAll, describe, expect, it } from 'vitest';
import {
  contactMappingErrors,
  diffFields,
  leadMappingErrors,
  mapOktaUserToSalesforce,
  mapSalesforceChangeToOkta,
  resolveConflicts,
} from './apply.js';
import { loadSyncConfig } from './config-loader.js';
import { defaultMappingRows, describes, fieldMapping, oktaUser } from './mapping-test-fixtures.js';
import { previewMapping } from './preview.js';
import type { FieldMapping } from './types.js';

let defaults: FieldMapping[];

beforeAll(async () => {
  const config = await loadSyncConfig({
    query: async (soql) => (soql.includes('Okta_Field_Mapping__mdt') ? defaultMappingRows : []),
    describe: async (name) => {
      const d = describes[name];
      if (!d) throw new Error(name);
      return d;
    },
  });
  defaults = config.mappings;
});

describe('mapOktaUserToSalesforce', () => {
  it('maps a user through the default mappings', () => {
    const { records, errors } = mapOktaUserToSalesforce({
      user: oktaUser(),
      mappings: defaults,
      describes,
    });
    expect(errors).toEqual([]);
    expect(records).toEqual({
      Contact: {
        Okta_User_Id__c: '00u1a2b3c4d5e6f7g8h9',
        Okta_Login__c: 'ada.lovelace@example.com',
        Email: 'ada.lovelace@example.com',
        FirstName: 'Ada',
        LastName: 'Lovelace',
        MobilePhone: '+14155550123',
        Phone: null,
        Title: 'Analyst',
        Department: 'Engineering',
      },
      Account: { Name: 'Analytical Engines Ltd' },
      Lead: {},
    });
  });

  it('leaves a failing field out, reports it, and still maps the rest', () => {
    const user = oktaUser({
      profile: { ...oktaUser().profile, mobilePhone: '555-0123', title: 'x'.repeat(200) },
    });
    const { records, errors } = mapOktaUserToSalesforce({ user, mappings: defaults, describes });
    expect(errors).toEqual([
      {
        mapping: 'Contact_Mobile_Phone',
        field: 'Contact.MobilePhone',
        message:
          'MobilePhone: "555-0123" is not a valid phone number: 7 digits is too short for a +1 number; read as a +1 number — write a number of another country with + and its country code',
      },
      {
        mapping: 'Contact_Title',
        field: 'Contact.Title',
        message: 'Title: value of 200 characters exceeds the field length 128',
      },
    ]);
    expect(records.Contact).not.toHaveProperty('MobilePhone');
    expect(records.Contact).not.toHaveProperty('Title');
    expect(records.Contact['LastName']).toBe('Lovelace');
  });

  it('reports a required field left empty', () => {
    const user = oktaUser({ profile: { ...oktaUser().profile, lastName: '  ' } });
    const { errors } = mapOktaUserToSalesforce({ user, mappings: defaults, describes });
    expect(errors).toEqual([
      {
        mapping: 'Contact_Last_Name',
        field: 'Contact.LastName',
        message: 'LastName: a value is required and cannot be cleared',
      },
    ]);
  });

  it('applies templates, defaults, timestamps and typed transforms', () => {
    const mappings = [
      fieldMapping({
        name: 'Desc',
        field: 'Description',
        transform: 'TEMPLATE',
        transformArgument: '{profile.firstName} ({status})',
      }),
      fieldMapping({
        name: 'Source',
        field: 'LeadSource',
        oktaAttribute: 'profile.source',
        defaultValue: 'Web',
      }),
      fieldMapping({
        name: 'Synced',
        field: 'Okta_Last_Synced_At__c',
        oktaAttribute: 'lastUpdated',
        transform: 'DATETIME',
      }),
      fieldMapping({
        name: 'OptOut',
        field: 'HasOptedOutOfEmail',
        oktaAttribute: 'profile.optOut',
        transform: 'BOOLEAN',
      }),
      fieldMapping({
        name: 'Staff',
        objectName: 'Account',
        field: 'NumberOfEmployees',
        oktaAttribute: 'profile.size',
        transform: 'NUMBER',
      }),
    ];
    const user = oktaUser({
      lastUpdated: new Date('2026-01-10T12:00:00Z'),
      profile: { firstName: ' Ada ', optOut: 'yes', size: '1,200' },
    });
    const { records, errors } = mapOktaUserToSalesforce({ user, mappings, describes });
    expect(errors).toEqual([]);
    expect(records).toEqual({
      Contact: {
        Description: 'Ada (ACTIVE)',
        LeadSource: 'Web',
        Okta_Last_Synced_At__c: '2026-01-10T12:00:00.000Z',
        HasOptedOutOfEmail: true,
      },
      Account: { NumberOfEmployees: 1200 },
      Lead: {},
    });
  });

  it('ignores Salesforce → Okta mappings and reports a field missing from the describe', () => {
    const mappings = [
      fieldMapping({
        name: 'Back',
        field: 'Title',
        oktaAttribute: 'profile.title',
        direction: 'SALESFORCE_TO_OKTA',
      }),
      fieldMapping({ name: 'Gone', field: 'Gone__c', oktaAttribute: 'profile.title' }),
    ];
    const { records, errors } = mapOktaUserToSalesforce({ user: oktaUser(), mappings, describes });
    expect(records.Contact).toEqual({});
    expect(errors).toEqual([
      {
        mapping: 'Gone',
        field: 'Contact.Gone__c',
        message: "Contact.Gone__c is not in the object's describe",
      },
    ]);
  });
});

describe('mapSalesforceChangeToOkta', () => {
  it('maps only the changed fields of BOTH and SALESFORCE_TO_OKTA mappings', () => {
    const { profile, errors } = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { MobilePhone: '(650) 555-0199', Email: 'x@example.com', Department: 'Sales' },
      mappings: defaults,
    });
    expect(errors).toEqual([]);
    // Email and Department map one way only (Okta → Salesforce).
    expect(profile).toEqual({ mobilePhone: '+16505550199' });
  });

  it('clears an attribute for a field changed to null, and ignores other objects', () => {
    expect(
      mapSalesforceChangeToOkta({
        objectName: 'contact',
        changedFields: { title: null },
        mappings: defaults,
      }).profile,
    ).toEqual({ title: null });
    expect(
      mapSalesforceChangeToOkta({
        objectName: 'Account',
        changedFields: { Title: 'x' },
        mappings: defaults,
      }).profile,
    ).toEqual({});
  });

  it('reads compound fields as Change Data Capture nests them', () => {
    const mappings = [
      fieldMapping({
        name: 'First',
        field: 'FirstName',
        oktaAttribute: 'profile.firstName',
        direction: 'BOTH',
        transform: 'TRIM',
      }),
    ];
    const { profile } = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { Name: { FirstName: ' Augusta ', LastName: 'King' } },
      mappings,
    });
    expect(profile).toEqual({ firstName: 'Augusta' });
  });

  it('reads a BOTH VALUE_MAP backwards and formats typed values with the describe', () => {
    const mappings = [
      fieldMapping({
        name: 'Status',
        field: 'Okta_Status__c',
        oktaAttribute: 'profile.lifecycle',
        direction: 'BOTH',
        transform: 'VALUE_MAP',
        transformArgument: JSON.stringify({ live: 'ACTIVE', paused: 'SUSPENDED' }),
      }),
      fieldMapping({
        name: 'Synced',
        field: 'Okta_Last_Synced_At__c',
        oktaAttribute: 'profile.lastSync',
        direction: 'SALESFORCE_TO_OKTA',
      }),
      fieldMapping({
        name: 'Score',
        field: 'Okta_Score__c',
        oktaAttribute: 'profile.score',
        direction: 'SALESFORCE_TO_OKTA',
      }),
    ];
    const { profile, errors } = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: {
        Okta_Status__c: 'SUSPENDED',
        Okta_Last_Synced_At__c: '2026-01-01T01:00:00.000+0100',
        Okta_Score__c: '7.50',
      },
      mappings,
      describes,
    });
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      lifecycle: 'paused',
      lastSync: '2026-01-01T00:00:00.000Z',
      score: 7.5,
    });
  });

  it('reports a value the transform rejects', () => {
    const { profile, errors } = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { Phone: 'call me' },
      mappings: defaults,
    });
    expect(profile).toEqual({});
    expect(errors).toEqual([
      {
        mapping: 'Contact_Phone',
        field: 'profile.primaryPhone',
        message:
          'profile.primaryPhone: "call me" is not a valid phone number: only digits, spaces and ( ) . - / are allowed',
      },
    ]);
  });
});

describe('diffFields', () => {
  it('reports only fields whose value changes', () => {
    expect(
      diffFields(
        { Title: 'Analyst', Email: 'a@x.com', Phone: null, Department: 'Eng' },
        { Title: 'Lead Analyst', Email: 'a@x.com', Phone: '', Department: 'Eng' },
      ),
    ).toEqual([{ field: 'Title', before: 'Analyst', after: 'Lead Analyst' }]);
  });

  it('treats null, undefined and empty text alike', () => {
    expect(diffFields({ A: null, B: '' }, { A: '', B: undefined, C: null })).toEqual([]);
    expect(diffFields({ A: '' }, { A: 'x' })).toEqual([{ field: 'A', before: null, after: 'x' }]);
    expect(diffFields({ A: 'x' }, { A: '' })).toEqual([{ field: 'A', before: 'x', after: null }]);
  });

  it('compares numbers, datetimes and booleans by meaning', () => {
    expect(
      diffFields(
        { Score: 7.5, At: '2026-01-01T00:00:00.000+0000', Flag: true, Count: '3' },
        { Score: '7.50', At: '2026-01-01T00:00:00Z', Flag: 'true', Count: 3 },
      ),
    ).toEqual([]);
    expect(diffFields({ Score: 7.5 }, { Score: 7.51 })).toEqual([
      { field: 'Score', before: 7.5, after: 7.51 },
    ]);
    expect(diffFields({ At: '2026-01-01T00:00:00Z' }, { At: '2026-01-01T00:00:01Z' })).toHaveLength(
      1,
    );
  });

  it('matches field names case-insensitively and treats text case as a change', () => {
    expect(diffFields({ email: 'a@x.com' }, { Email: 'a@x.com' })).toEqual([]);
    expect(diffFields({ Email: 'A@x.com' }, { Email: 'a@x.com' })).toHaveLength(1);
  });

  it('treats a missing current record as all new', () => {
    expect(diffFields(undefined, { A: 1, B: null })).toEqual([
      { field: 'A', before: null, after: 1 },
    ]);
  });
});

describe('resolveConflicts', () => {
  const lastSyncedAt = '2026-01-01T00:00:00.000Z';
  const before = '2025-12-31T00:00:00.000Z';
  const after = '2026-01-02T00:00:00.000Z';
  const later = '2026-01-03T00:00:00.000Z';

  it('lets the source of truth win when both sides changed since the last sync', () => {
    const [mobile, title] = resolveConflicts({
      lastSyncedAt,
      mappings: defaults,
      candidates: [
        {
          mapping: 'Contact_Mobile_Phone',
          okta: { value: '+14155550123', changedAt: later },
          salesforce: { value: '+16505550199', changedAt: after },
        },
        {
          mapping: 'Contact_Title',
          okta: { value: 'CTO', changedAt: after },
          salesforce: { value: 'VP', changedAt: later },
        },
      ],
    });
    expect(mobile).toMatchObject({
      winner: 'SALESFORCE',
      value: '+16505550199',
      conflict: true,
      field: 'Contact.MobilePhone',
    });
    expect(title).toMatchObject({
      winner: 'OKTA',
      value: 'CTO',
      conflict: true,
      oktaAttribute: 'profile.title',
    });
  });

  it('lets the only side that changed win, whatever the source of truth', () => {
    const [r] = resolveConflicts({
      lastSyncedAt,
      mappings: defaults,
      candidates: [
        {
          mapping: 'Contact_Title',
          okta: { value: 'CTO', changedAt: before },
          salesforce: { value: 'VP', changedAt: after },
        },
      ],
    });
    expect(r).toMatchObject({ winner: 'SALESFORCE', value: 'VP', conflict: false });
  });

  it('is no conflict when both changed to the same value, and NONE when neither changed', () => {
    const [same, neither] = resolveConflicts({
      lastSyncedAt,
      mappings: defaults,
      candidates: [
        {
          mapping: 'Contact_Title',
          okta: { value: 'VP', changedAt: after },
          salesforce: { value: 'VP', changedAt: after },
        },
        {
          mapping: 'Contact_Phone',
          okta: { value: '1', changedAt: before },
          salesforce: { value: '2', changedAt: before },
        },
      ],
    });
    expect(same).toMatchObject({ winner: 'OKTA', conflict: false });
    expect(neither).toMatchObject({ winner: 'NONE', conflict: false });
  });

  it('counts unknown times and a never-synced record as changed', () => {
    const [r] = resolveConflicts({
      lastSyncedAt: null,
      mappings: defaults,
      candidates: [
        {
          mapping: 'Contact_Mobile_Phone',
          okta: { value: 'a', changedAt: null },
          salesforce: { value: 'b', changedAt: before },
        },
      ],
    });
    expect(r).toMatchObject({ winner: 'SALESFORCE', conflict: true });
  });

  it('only lets a one-way mapping read its own side, and skips unknown mappings', () => {
    const out = resolveConflicts({
      lastSyncedAt,
      mappings: defaults,
      candidates: [
        {
          mapping: 'Contact_Department',
          okta: { value: 'Eng', changedAt: before },
          salesforce: { value: 'Ops', changedAt: after },
        },
        { mapping: 'No_Such_Mapping', okta: { value: 'x', changedAt: after } },
      ],
    });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ mapping: 'Contact_Department', winner: 'NONE' });
  });
});

describe('previewMapping', () => {
  it('shows each field with source, value, error and whether it changes the Contact', () => {
    const user = oktaUser({ profile: { ...oktaUser().profile, mobilePhone: 'n/a' } });
    const preview = previewMapping({
      user,
      mappings: defaults,
      describes,
      currentContact: {
        Id: '003000000000001AAA',
        Title: 'Analyst',
        LastName: 'Byron',
        Email: 'ada.lovelace@example.com',
      },
    });
    const byMapping = Object.fromEntries(preview.fields.map((f) => [f.mapping, f]));
    expect(byMapping['Contact_Title']).toMatchObject({
      target: 'Contact.Title',
      source: ' Analyst ',
      value: 'Analyst',
      current: 'Analyst',
      changed: false,
      error: null,
    });
    expect(byMapping['Contact_Last_Name']).toMatchObject({
      value: 'Lovelace',
      current: 'Byron',
      changed: true,
    });
    expect(byMapping['Contact_Mobile_Phone']).toMatchObject({ value: null, changed: false });
    expect(byMapping['Contact_Mobile_Phone']?.error).toMatch(
      /^MobilePhone: "n\/a" is not a valid phone number/,
    );
    expect(byMapping['Account_Name']).toMatchObject({
      value: 'Analytical Engines Ltd',
      changed: false,
      current: null,
    });
    expect(preview.errors).toHaveLength(1);
    // In mapping (DeveloperName) order; failed fields are not written, so they are no change.
    expect(preview.contactChanges.map((c) => c.field)).toEqual([
      'Department',
      'FirstName',
      'LastName',
      'Okta_Login__c',
      'Okta_User_Id__c',
    ]);
  });
});

describe('PHONE_E164 both ways, with a mapping whose default region is GB', () => {
  const phone = fieldMapping({
    name: 'Contact_Mobile_Phone',
    field: 'MobilePhone',
    oktaAttribute: 'profile.mobilePhone',
    direction: 'BOTH',
    transform: 'PHONE_E164',
    transformArgument: 'GB',
  });

  it.each([
    ['020 7946 0958', '+442079460958'],
    ['07400 123456', '+447400123456'],
    ['+49 30 12345678', '+493012345678'],
    ['00 33 1 23 45 67 89', '+33123456789'],
  ])('Okta → Salesforce: %s → %s', (written, expected) => {
    const { records, errors } = mapOktaUserToSalesforce({
      user: oktaUser({ profile: { ...oktaUser().profile, mobilePhone: written } }),
      mappings: [phone],
      describes,
    });
    expect(errors).toEqual([]);
    expect(records.Contact['MobilePhone']).toBe(expected);
  });

  it.each([
    ['020 7946 0958', '+442079460958'],
    ['+61 2 9374 4000', '+61293744000'],
  ])('Salesforce → Okta: %s → %s', (written, expected) => {
    const { profile, errors } = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { MobilePhone: written },
      mappings: [phone],
    });
    expect(errors).toEqual([]);
    expect(profile).toEqual({ mobilePhone: expected });
  });

  it('reports a number the plan does not allow on either side, and writes nothing', () => {
    const toSalesforce = mapOktaUserToSalesforce({
      user: oktaUser({ profile: { ...oktaUser().profile, mobilePhone: '020 7946 095' } }),
      mappings: [phone],
      describes,
    });
    expect(toSalesforce.records.Contact).toEqual({});
    expect(toSalesforce.errors[0]?.message).toMatch(
      /^MobilePhone: "020 7946 095" is not a valid phone number: .*\+44/,
    );
    const toOkta = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { MobilePhone: '+44 20 7946 09581' },
      mappings: [phone],
    });
    expect(toOkta.profile).toEqual({});
    expect(toOkta.errors[0]?.message).toBe(
      'profile.mobilePhone: "+44 20 7946 09581" is not a valid phone number: 11 digits is too long for a +44 number',
    );
  });
});

describe('mapping errors by object', () => {
  it('keeps Lead mapping errors out of a Contact’s issues, and the others out of a Lead’s', () => {
    const errors = [
      { mapping: 'Contact_Email', field: 'Contact.Email', message: 'bad' },
      { mapping: 'Account_Name', field: 'Account.Name', message: 'bad' },
      { mapping: 'Lead_Email', field: 'Lead.Email', message: 'bad' },
    ];
    expect(contactMappingErrors(errors).map((e) => e.mapping)).toEqual([
      'Contact_Email',
      'Account_Name',
    ]);
    expect(leadMappingErrors(errors).map((e) => e.mapping)).toEqual(['Lead_Email']);
  });
});

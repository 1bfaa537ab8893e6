import { describe, expect, it } from 'vitest';
import { fieldMapping, oktaUser } from '../mapping/mapping-test-fixtures.js';
import { salesforceOwnedFields } from './salesforce-owned-fields.js';

const mappings = [
  fieldMapping({
    name: 'Contact_Mobile_Phone',
    field: 'MobilePhone',
    oktaAttribute: 'profile.mobilePhone',
    direction: 'BOTH',
    sourceOfTruth: 'SALESFORCE',
  }),
  fieldMapping({
    name: 'Contact_Title',
    field: 'Title',
    oktaAttribute: 'profile.title',
    direction: 'BOTH',
    sourceOfTruth: 'OKTA',
  }),
  fieldMapping({ name: 'Contact_Email', field: 'Email', oktaAttribute: 'profile.email' }),
];
const synced = { Id: '003000000000001AAA', Okta_Last_Synced_At__c: '2026-01-12T10:00:03.000+0000' };

describe('salesforceOwnedFields', () => {
  it('keeps every BOTH field when Okta has not changed since the last sync (issue 12, item 1)', () => {
    // The companion wrote the first-round phone at 10:00:01.5 and stamped the Contact at 10:00:03;
    // after a restart the echo of that write arrives while the Contact holds a newer edit. Only
    // Salesforce changed since the sync, so its values stand whatever the source of truth: a
    // Title edit on its way to Okta is kept as the phone is.
    const user = oktaUser({ lastUpdated: '2026-01-12T10:00:01.500Z' });
    expect(salesforceOwnedFields({ user, contact: synced, mappings })).toEqual(
      new Set(['mobilephone', 'title']),
    );
  });

  it('lets Okta values in when Okta changed after the last sync, or the Contact was never synced', () => {
    const user = oktaUser({ lastUpdated: '2026-01-12T10:00:04.000Z' });
    expect(salesforceOwnedFields({ user, contact: synced, mappings }).size).toBe(0);
    const earlier = oktaUser({ lastUpdated: '2026-01-12T10:00:01.500Z' });
    expect(
      salesforceOwnedFields({
        user: earlier,
        contact: { ...synced, Okta_Last_Synced_At__c: null },
        mappings,
      }).size,
    ).toBe(0);
    expect(salesforceOwnedFields({ user: earlier, contact: undefined, mappings }).size).toBe(0);
  });
});

describe('salesforceOwnedFields with the values agreed at the last sync', () => {
  const contact = { ...synced, MobilePhone: '+14155550199', Title: 'Analyst' };
  // Okta changed after the last sync (the clock alone would let every Okta value in).
  const user = oktaUser({
    lastUpdated: '2026-01-12T10:00:04.000Z',
    profile: { ...oktaUser().profile, mobilePhone: '+14155550100', title: 'Director' },
  });

  it('keeps a Contact edit in flight while Okta changed another field', () => {
    const agreed = { mobilePhone: '+14155550100', title: 'Analyst' };
    expect(salesforceOwnedFields({ user, contact, mappings, agreed })).toEqual(
      new Set(['mobilephone']),
    );
  });

  it('lets Okta in where only Okta moved, and keeps the Contact where only Salesforce moved', () => {
    const earlier = oktaUser({
      lastUpdated: '2026-01-12T10:00:01.000Z',
      profile: { ...user.profile },
    });
    // The clock says Okta did not change, the values say it did (a push of another field).
    const agreed = { mobilePhone: '+14155550199', title: 'Analyst' };
    expect(salesforceOwnedFields({ user: earlier, contact, mappings, agreed }).size).toBe(0);
  });

  it('settles a field both moved by its source of truth', () => {
    const agreed = { mobilePhone: '+14155550111', title: 'Manager' };
    // MobilePhone: Salesforce is the source of truth; Title: Okta.
    expect(salesforceOwnedFields({ user, contact, mappings, agreed })).toEqual(
      new Set(['mobilephone']),
    );
  });
});

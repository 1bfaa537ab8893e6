import { describe, expect, it } from 'vitest';
import { fieldMapping, oktaUser } from '../mapping/mapping-test-fixtures.js';
import { planContactToOkta } from './salesforce-contact-plan.js';
import { decideSyncStamps } from './salesforce-contact-stamp.js';

const mappings = [
  fieldMapping({
    name: 'Contact_Mobile_Phone',
    field: 'MobilePhone',
    oktaAttribute: 'profile.mobilePhone',
    direction: 'BOTH',
    sourceOfTruth: 'SALESFORCE',
    transform: 'PHONE_E164',
    transformArgument: '1',
  }),
  fieldMapping({
    name: 'Contact_Title',
    field: 'Title',
    oktaAttribute: 'profile.title',
    direction: 'BOTH',
    sourceOfTruth: 'OKTA',
  }),
];
const fields = ['MobilePhone', 'Title'];
const ID = '003000000000001AAA';
const at = (iso: string) => Date.parse(iso);

describe('decideSyncStamps', () => {
  it('stamps only Contacts that still hold the values the plan sent', () => {
    const read = new Map([
      [ID.slice(0, 15), { Id: ID, MobilePhone: '+14155550101', Title: 'CTO' }],
      ['003000000000002', { Id: '003000000000002AAA', MobilePhone: '+1 415 555 0102' }],
      ['003000000000003', { Id: '003000000000003AAA', MobilePhone: null }],
    ]);
    const reread = new Map([
      // Same values, other casing of the field name and an 18-character id in the key's place.
      [ID.slice(0, 15), { Id: ID, mobilephone: '+14155550101', Title: 'CTO' }],
      ['003000000000002', { Id: '003000000000002AAA', MobilePhone: '+1 415 555 0202' }],
      // 003000000000003 was deleted meanwhile.
    ]);
    expect(
      decideSyncStamps({
        read,
        reread,
        synced: [ID, '003000000000002AAA', '003000000000003AAA'],
        fields,
      }),
    ).toEqual({
      stamp: [ID],
      changedSinceRead: ['003000000000002AAA', '003000000000003AAA'],
      oktaAhead: [],
    });
  });

  it('keeps an edit made while the previous values were sent to Okta (issue 12, item 1)', () => {
    // Job 1: a first-round edit at 10:00:00 is read and planned …
    const lastSync = '2026-01-10T00:00:00.000Z';
    const firstRound = {
      Id: ID,
      Okta_User_Id__c: '00u1a2b3c4d5e6f7g8h9',
      Okta_Last_Synced_At__c: lastSync,
      MobilePhone: '+14155550101',
      Title: 'CTO',
    };
    const userBefore = oktaUser({
      lastUpdated: '2026-01-09T00:00:00.000Z',
      profile: { ...oktaUser().profile, mobilePhone: '+14155550100', title: 'CTO' },
    });
    const plan1 = planContactToOkta({
      contact: firstRound,
      fields: ['MobilePhone'],
      user: userBefore,
      mappings,
      salesforceChangedAt: at('2026-01-12T10:00:00Z'),
    });
    expect(plan1).toMatchObject({ kind: 'update', profile: { mobilePhone: '+14155550101' } });

    // … a second-round edit commits at 10:00:01 while job 1 still sends to Okta (10:00:01.5)
    // and takes its stamp time at 10:00:03, after a slow batch.
    const secondRound = { ...firstRound, MobilePhone: '+14155550201' };
    const stampTime = '2026-01-12T10:00:03.000Z';
    const decision = decideSyncStamps({
      read: new Map([[ID.slice(0, 15), firstRound]]),
      reread: new Map([[ID.slice(0, 15), secondRound]]),
      synced: [ID],
      fields,
    });
    expect(decision.stamp).toEqual([]);

    // Job 2 (the second edit's change event) runs after job 1, on whatever stamp job 1 left.
    const userAfterJob1 = oktaUser({
      lastUpdated: '2026-01-12T10:00:01.500Z',
      profile: { ...userBefore.profile, mobilePhone: '+14155550101' },
    });
    const job2 = (stamp: string) =>
      planContactToOkta({
        contact: { ...secondRound, Okta_Last_Synced_At__c: stamp },
        fields: ['MobilePhone'],
        user: userAfterJob1,
        mappings,
        salesforceChangedAt: at('2026-01-12T10:00:01Z'),
      });
    const kept = decision.stamp.includes(ID) ? stampTime : lastSync;
    expect(job2(kept)).toMatchObject({ kind: 'update', profile: { mobilePhone: '+14155550201' } });
    // Stamping regardless of the edit (what the workflow did before) hides it for good.
    expect(job2(stampTime).kind).toBe('unchanged');
  });

  it('leaves unstamped a Contact whose Okta user changed another BOTH attribute meanwhile', () => {
    // The Contact's MobilePhone edit is pushed while an admin's Okta title change is on its way to
    // Salesforce: a stamp now would make that change look older than the sync.
    const lastSync = '2026-01-10T00:00:00.000Z';
    const contact = {
      Id: ID,
      Okta_User_Id__c: '00u1a2b3c4d5e6f7g8h9',
      Okta_Last_Synced_At__c: lastSync,
      MobilePhone: '+14155550101',
      Title: 'CTO',
    };
    const user = oktaUser({
      lastUpdated: '2026-01-12T10:00:00.000Z',
      profile: { ...oktaUser().profile, mobilePhone: '+14155550100', title: 'CEO' },
    });
    const plan = planContactToOkta({
      contact,
      fields: ['MobilePhone'],
      user,
      mappings,
      salesforceChangedAt: at('2026-01-12T10:00:01Z'),
    });
    expect(plan).toMatchObject({ kind: 'update', oktaAhead: ['title'] });
    const decision = decideSyncStamps({
      read: new Map([[ID.slice(0, 15), contact]]),
      reread: new Map([[ID.slice(0, 15), contact]]),
      synced: [ID],
      fields,
      oktaAhead: [ID],
    });
    expect(decision).toEqual({ stamp: [], changedSinceRead: [], oktaAhead: [ID] });

    // In step on every other attribute: nothing ahead, stamped.
    const inStep = planContactToOkta({
      contact: { ...contact, Title: 'CEO' },
      fields: ['MobilePhone'],
      user,
      mappings,
      salesforceChangedAt: at('2026-01-12T10:00:01Z'),
    });
    expect(inStep).toMatchObject({ kind: 'update', oktaAhead: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { OktaUserSnapshot } from '../mapping/types.js';
import { planContactSync, type ContactPlanInput } from './contact-plan.js';

const user: OktaUserSnapshot = {
  id: '00u1',
  status: 'ACTIVE',
  created: '2026-01-01T00:00:00.000Z',
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: '2026-01-02T00:00:00.000Z',
  passwordChanged: null,
  profile: {
    login: 'ada@example.test',
    email: 'ada@example.test',
    firstName: 'Ada',
    lastName: 'Lovelace',
  },
};

const mappedFields = { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.test' };

function input(overrides: Partial<ContactPlanInput>): ContactPlanInput {
  return {
    userId: '00u1',
    user,
    inScope: true,
    match: { kind: 'none' },
    mapped: { fields: mappedFields, issues: [] },
    accountId: undefined,
    eventTypes: ['user.lifecycle.create'],
    lastEventAt: '2026-01-02T00:00:00.000Z',
    syncedAt: '2026-01-03T00:00:00.000Z',
    settings: { defaultOwnerId: null },
    ...overrides,
  };
}

const linkedContact = {
  Id: '003A',
  Okta_User_Id__c: '00u1',
  Okta_Status__c: 'ACTIVE',
  Okta_Sync_Status__c: 'Synced',
  Okta_Sync_Error__c: null,
  Okta_Last_Event_At__c: '2026-01-01T00:00:00.000Z',
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Email: 'ada@example.test',
  AccountId: '001A',
};

describe('planContactSync', () => {
  it('creates a Contact by upsert on the Okta user id, so a retry cannot duplicate it', () => {
    const plan = planContactSync(input({ accountId: '001A' }));
    expect(plan.outcome).toBe('created');
    expect(plan.write).toMatchObject({
      op: 'upsert',
      object: 'Contact',
      externalIdField: 'Okta_User_Id__c',
      record: {
        Okta_User_Id__c: '00u1',
        LastName: 'Lovelace',
        AccountId: '001A',
        Okta_Status__c: 'ACTIVE',
      },
    });
  });

  it('links an existing unlinked Contact found by a match key', () => {
    const plan = planContactSync(
      input({
        match: { kind: 'match', by: 'Email', contact: { ...linkedContact, Okta_User_Id__c: null } },
      }),
    );
    expect(plan.outcome).toBe('linked');
    expect(plan.write).toMatchObject({
      op: 'update',
      record: { Id: '003A', Okta_User_Id__c: '00u1' },
    });
  });

  it('writes only the fields that changed, and nothing when nothing did', () => {
    const same = planContactSync(input({ match: { kind: 'linked', contact: linkedContact } }));
    expect(same.outcome).toBe('unchanged');
    expect(same.write).toBeUndefined();

    const renamed = planContactSync(
      input({
        match: { kind: 'linked', contact: linkedContact },
        mapped: { fields: { ...mappedFields, LastName: 'King' }, issues: [] },
      }),
    );
    expect(renamed.outcome).toBe('updated');
    expect(renamed.changes).toEqual([
      { object: 'Contact', recordId: '003A', field: 'LastName', before: 'Lovelace', after: 'King' },
    ]);
    expect(Object.keys(renamed.write?.op === 'update' ? renamed.write.record : {}).sort()).toEqual(
      ['Id', 'LastName', 'Okta_Last_Event_At__c', 'Okta_Last_Synced_At__c'].sort(),
    );
  });

  it('marks a deprovisioned user and flags reactivation', () => {
    const gone = planContactSync(
      input({
        user: { ...user, status: 'DEPROVISIONED' },
        match: { kind: 'linked', contact: linkedContact },
      }),
    );
    expect(gone.deprovisioned).toBe(true);
    expect(gone.write).toMatchObject({ record: { Okta_Status__c: 'DEPROVISIONED' } });

    const back = planContactSync(
      input({
        match: { kind: 'linked', contact: { ...linkedContact, Okta_Status__c: 'SUSPENDED' } },
      }),
    );
    expect(back.reactivated).toBe(true);
    expect(back.write).toMatchObject({ record: { Okta_Status__c: 'ACTIVE' } });
  });

  it('marks the Contact DELETED when Okta no longer has the user, without touching mapped fields', () => {
    const plan = planContactSync(
      input({ user: null, match: { kind: 'linked', contact: linkedContact } }),
    );
    expect(plan.status).toBe('DELETED');
    expect(plan.write).toMatchObject({ record: { Id: '003A', Okta_Status__c: 'DELETED' } });
    expect(plan.write?.op === 'update' && 'LastName' in plan.write.record).toBe(false);
  });

  it('never creates a Contact for a deprovisioned user, nor decides an ambiguous match', () => {
    expect(planContactSync(input({ user: { ...user, status: 'DEPROVISIONED' } })).outcome).toBe(
      'skipped',
    );
    const ambiguous = planContactSync(
      input({ match: { kind: 'ambiguous', by: 'Email', contactIds: ['003A', '003B'] } }),
    );
    expect(ambiguous.outcome).toBe('conflict');
    expect(ambiguous.write).toBeUndefined();
  });

  it('records mapping problems on the Contact and still writes the fields that mapped', () => {
    const plan = planContactSync(
      input({
        mapped: {
          fields: mappedFields,
          issues: [{ mapping: 'Contact_Phone', field: 'Phone', message: 'not a phone number' }],
        },
      }),
    );
    expect(plan.write).toMatchObject({
      record: {
        Okta_Sync_Status__c: 'Error',
        Okta_Sync_Error__c: 'Phone: not a phone number',
        LastName: 'Lovelace',
      },
    });
  });

  it('leaves users outside the Contact filter alone', () => {
    expect(planContactSync(input({ inScope: false })).outcome).toBe('out-of-scope');
  });

  it.each(['user.mfa.factor.reset_all', 'user.mfa.factor.deactivate'])(
    'stamps the MFA reset time on %s (Okta Classic and Identity Engine)',
    (eventType) => {
      const plan = planContactSync(
        input({
          match: { kind: 'linked', contact: linkedContact },
          eventTypes: [eventType],
          lastEventAt: '2026-01-05T00:00:00.000Z',
        }),
      );
      expect(plan.write).toMatchObject({
        op: 'update',
        record: { Id: '003A', Okta_MFA_Reset_At__c: '2026-01-05T00:00:00.000Z' },
      });
    },
  );
});

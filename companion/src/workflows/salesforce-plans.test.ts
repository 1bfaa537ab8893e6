import { describe, expect, it } from 'vitest';
import { fieldMapping, oktaUser } from '../mapping/mapping-test-fixtures.js';
import {
  membershipAfterGrantEnds,
  checkGrantRequest,
  expiryDecision,
} from '../grants/grant-decisions.js';
import { conditionSoql, planAccessUpdate } from './salesforce-access-plan.js';
import { planCaseChange } from './salesforce-case-plan.js';
import { planContactToOkta } from './salesforce-contact-plan.js';

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
    transform: 'TRIM',
  }),
  fieldMapping({
    name: 'Contact_Department',
    field: 'Department',
    oktaAttribute: 'profile.department',
  }),
];
const contact = {
  Id: '003000000000001AAA',
  Okta_User_Id__c: '00u1a2b3c4d5e6f7g8h9',
  Okta_Last_Synced_At__c: '2026-01-11T00:00:00.000Z',
  MobilePhone: '+14155550199',
  Title: 'Chief Analyst',
  Department: 'Sales',
};
const commit = Date.parse('2026-01-12T00:00:00Z');

describe('planContactToOkta', () => {
  it('updates only mapped SALESFORCE_TO_OKTA/BOTH fields that changed and differ in Okta', () => {
    const plan = planContactToOkta({
      contact,
      fields: ['MobilePhone', 'Department'],
      user: oktaUser(),
      mappings,
      salesforceChangedAt: commit,
    });
    expect(plan).toMatchObject({ kind: 'update', profile: { mobilePhone: '+14155550199' } });
    expect(plan.kind === 'update' && Object.keys(plan.profile)).toEqual(['mobilePhone']);
  });

  it('lets the source of truth win when both sides changed since the last sync', () => {
    const user = oktaUser({
      lastUpdated: '2026-01-11T12:00:00.000Z',
      profile: { ...oktaUser().profile, title: 'Analyst', mobilePhone: '+14155550100' },
    });
    const plan = planContactToOkta({
      contact,
      fields: ['Title', 'MobilePhone'],
      user,
      mappings,
      salesforceChangedAt: commit,
    });
    // Title: OKTA is the source of truth → not pushed; MobilePhone: SALESFORCE → pushed.
    expect(plan.kind === 'update' && plan.profile).toEqual({ mobilePhone: '+14155550199' });
    expect(
      plan.kind === 'update' && plan.resolutions.find((r) => r.mapping === 'Contact_Title'),
    ).toMatchObject({ winner: 'OKTA', conflict: true });
  });

  it('tells by the agreed values which side moved, whatever the clocks say', () => {
    // The companion's own push of another field made the Okta user look changed after the last
    // sync; the values show only Salesforce moved Title, so the edit goes to Okta although Okta
    // is Title's source of truth.
    const user = oktaUser({
      lastUpdated: '2026-01-11T12:00:00.000Z',
      profile: { ...oktaUser().profile, title: 'Analyst', mobilePhone: '+14155550199' },
    });
    const plan = planContactToOkta({
      contact: { ...contact, Title: 'Director' },
      fields: ['Title'],
      user,
      mappings,
      salesforceChangedAt: commit,
      agreed: { title: 'Analyst', mobilePhone: '+14155550199' },
    });
    expect(plan.kind === 'update' && plan.profile).toEqual({ title: 'Director' });
    expect(plan.kind === 'update' && plan.agreed).toEqual({ title: 'Director' });
    expect(
      plan.kind === 'update' && plan.resolutions.find((r) => r.mapping === 'Contact_Title'),
    ).toMatchObject({ winner: 'SALESFORCE', conflict: false, reason: 'only Salesforce changed' });
  });

  it('holds back a stale Contact value when only Okta moved, and settles a field both moved by its source of truth', () => {
    const user = oktaUser({
      profile: { ...oktaUser().profile, title: 'Manager', mobilePhone: '+14155550100' },
    });
    const plan = planContactToOkta({
      contact: { ...contact, Title: 'Analyst' },
      fields: ['Title', 'MobilePhone'],
      user,
      mappings,
      salesforceChangedAt: commit,
      // Title: only Okta moved (Analyst → Manager). MobilePhone: both moved; Salesforce wins.
      agreed: { title: 'Analyst', mobilePhone: '+14155550111' },
    });
    expect(plan.kind === 'update' && plan.profile).toEqual({ mobilePhone: '+14155550199' });
    expect(
      plan.kind === 'update' &&
        plan.resolutions.map((r) => [r.mapping, r.winner, r.conflict]).sort(),
    ).toEqual([
      ['Contact_Mobile_Phone', 'SALESFORCE', true],
      ['Contact_Title', 'OKTA', false],
    ]);
  });

  it('does nothing when Okta already holds the value, and skips unlinked or deactivated users', () => {
    const same = oktaUser({ profile: { ...oktaUser().profile, mobilePhone: '+14155550199' } });
    expect(
      planContactToOkta({
        contact,
        fields: ['MobilePhone'],
        user: same,
        mappings,
        salesforceChangedAt: commit,
      }).kind,
    ).toBe('unchanged');
    expect(
      planContactToOkta({
        contact: { ...contact, Okta_User_Id__c: null },
        fields: ['MobilePhone'],
        user: null,
        mappings,
        salesforceChangedAt: commit,
      }).kind,
    ).toBe('skip');
    expect(
      planContactToOkta({
        contact,
        fields: ['MobilePhone'],
        user: oktaUser({ status: 'DEPROVISIONED' }),
        mappings,
        salesforceChangedAt: commit,
      }).kind,
    ).toBe('skip');
  });

  it('counts a commit within the second of the last sync as a change', () => {
    const synced = Date.parse(contact.Okta_Last_Synced_At__c) + 400;
    const plan = planContactToOkta({
      contact: { ...contact, Okta_Last_Synced_At__c: new Date(synced).toISOString() },
      fields: ['MobilePhone'],
      user: oktaUser(),
      mappings,
      salesforceChangedAt: Date.parse(contact.Okta_Last_Synced_At__c),
    });
    expect(plan.kind).toBe('update');
  });
});

describe('planAccessUpdate', () => {
  it('adds and removes managed groups only, keeps groups held by active grants, sets attributes', () => {
    const plan = planAccessUpdate({
      desired: {
        groups: new Set(['00gA', '00gUNMANAGED']),
        attributes: { territory: 'EMEA', tier: null },
      },
      managed: new Set(['00gA', '00gB', '00gC']),
      currentGroups: ['00gB', '00gC', '00gOTHER'],
      currentProfile: { territory: 'AMER', tier: null },
      heldByGrants: new Set(['00gC']),
    });
    expect(plan).toEqual({
      addGroups: ['00gA'],
      removeGroups: ['00gB'],
      keptForGrants: ['00gC'],
      profile: { territory: 'EMEA' },
    });
  });

  it('writes rule conditions as SOQL with escaping', () => {
    expect(
      conditionSoql({ objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: "Hot'" }),
    ).toBe("Rating = 'Hot\\''");
    expect(
      conditionSoql({ objectName: 'Lead', field: 'Status', operator: 'IN', value: 'A, B' }),
    ).toBe("Status IN ('A', 'B')");
    expect(
      conditionSoql({ objectName: 'Lead', field: 'Status', operator: 'NOT_EQUALS', value: 'A' }),
    ).toBe("(Status != 'A' OR Status = null)");
    expect(
      conditionSoql({ objectName: 'Lead', field: 'Region__c', operator: 'NOT_NULL', value: null }),
    ).toBe('Region__c != null');
    expect(() =>
      conditionSoql({ objectName: 'Lead', field: 'x; DROP', operator: 'NOT_NULL', value: null }),
    ).toThrow();
  });
});

describe('planCaseChange', () => {
  const settings = {
    accessIssueAttribute: 'profile.accessIssueCaseNumber',
    terminationCaseType: 'Termination',
  };
  const open = {
    Id: '500000000000001AAA',
    CaseNumber: '00001001',
    IsClosed: false,
    Type: 'Problem',
    Okta_Access_Issue__c: true,
  };

  it('annotates the user while a flagged Case is open and clears only its own annotation', () => {
    expect(
      planCaseChange({ caseRow: open, oktaUser: oktaUser(), activeGrants: 0, settings }).annotation,
    ).toEqual({ accessIssueCaseNumber: '00001001' });
    const annotated = oktaUser({
      profile: { ...oktaUser().profile, accessIssueCaseNumber: '00001001' },
    });
    expect(
      planCaseChange({
        caseRow: { ...open, IsClosed: true },
        oktaUser: annotated,
        activeGrants: 0,
        settings,
      }).annotation,
    ).toEqual({ accessIssueCaseNumber: null });
    expect(
      planCaseChange({
        caseRow: { ...open, Okta_Access_Issue__c: false },
        oktaUser: annotated,
        activeGrants: 0,
        settings,
      }).annotation,
    ).toEqual({ accessIssueCaseNumber: null });
    const other = oktaUser({
      profile: { ...oktaUser().profile, accessIssueCaseNumber: '00009999' },
    });
    expect(
      planCaseChange({
        caseRow: { ...open, IsClosed: true },
        oktaUser: other,
        activeGrants: 0,
        settings,
      }).annotation,
    ).toBeNull();
  });

  it('ends grants when closed and deactivates only for a closed termination Case of an active user', () => {
    const closedTermination = {
      ...open,
      IsClosed: true,
      Type: 'Termination',
      Okta_Access_Issue__c: false,
    };
    expect(
      planCaseChange({
        caseRow: closedTermination,
        oktaUser: oktaUser(),
        activeGrants: 2,
        settings,
      }),
    ).toMatchObject({ endGrants: true, deactivate: true });
    expect(
      planCaseChange({
        caseRow: { ...closedTermination, IsClosed: false },
        oktaUser: oktaUser(),
        activeGrants: 2,
        settings,
      }),
    ).toMatchObject({ endGrants: false, deactivate: false });
    expect(
      planCaseChange({
        caseRow: closedTermination,
        oktaUser: oktaUser({ status: 'DEPROVISIONED' }),
        activeGrants: 0,
        settings,
      }).deactivate,
    ).toBe(false);
    expect(
      planCaseChange({
        caseRow: closedTermination,
        oktaUser: oktaUser(),
        activeGrants: 0,
        settings: { ...settings, terminationCaseType: null },
      }).deactivate,
    ).toBe(false);
  });
});

describe('grant decisions', () => {
  const settings = { maxGrantHours: 72 };
  const grantable = new Set(['00gA']);
  it('validates a grant request', () => {
    expect(
      checkGrantRequest({
        groupId: '00gA',
        durationHours: 8,
        reason: 'VPN issue',
        grantableGroupIds: grantable,
        settings,
      }),
    ).toBeNull();
    expect(
      checkGrantRequest({
        groupId: '00gA',
        durationHours: 73,
        reason: 'x',
        grantableGroupIds: grantable,
        settings,
      })?.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      checkGrantRequest({
        groupId: '00gA',
        durationHours: 0,
        reason: 'x',
        grantableGroupIds: grantable,
        settings,
      })?.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      checkGrantRequest({
        groupId: '00gA',
        durationHours: 1,
        reason: ' ',
        grantableGroupIds: grantable,
        settings,
      })?.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      checkGrantRequest({
        groupId: '00gZ',
        durationHours: 1,
        reason: 'x',
        grantableGroupIds: grantable,
        settings,
      })?.code,
    ).toBe('GROUP_NOT_GRANTABLE');
  });
  it('keeps a membership something else accounts for', () => {
    expect(
      membershipAfterGrantEnds({
        otherActiveGrants: 0,
        wasMemberBefore: false,
        neededByAccessRule: false,
      }),
    ).toEqual({ remove: true });
    expect(
      membershipAfterGrantEnds({
        otherActiveGrants: 1,
        wasMemberBefore: false,
        neededByAccessRule: false,
      }).remove,
    ).toBe(false);
    expect(
      membershipAfterGrantEnds({
        otherActiveGrants: 0,
        wasMemberBefore: true,
        neededByAccessRule: false,
      }).remove,
    ).toBe(false);
    expect(
      membershipAfterGrantEnds({
        otherActiveGrants: 0,
        wasMemberBefore: false,
        neededByAccessRule: true,
      }).remove,
    ).toBe(false);
  });
  it('follows an expiry moved later', () => {
    expect(expiryDecision('2026-01-01T10:00:00.000Z', Date.parse('2026-01-01T10:00:00Z'))).toEqual({
      expire: true,
    });
    expect(expiryDecision('2026-01-01T12:00:00.000Z', Date.parse('2026-01-01T10:00:00Z'))).toEqual({
      expire: false,
      dueAt: new Date('2026-01-01T12:00:00.000Z'),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { oktaUser } from '../mapping/mapping-test-fixtures.js';
import { DEFAULT_SYNC_SETTINGS } from '../mapping/settings.js';
import { planLeadSync, type LeadPlanInput, type LeadRow } from './lead-plan.js';

const closedStatuses = new Set(['Closed - Converted', 'Closed - Not Converted']);
const user = oktaUser({ id: '00uP1' });
const fields = { LastName: 'Lovelace', Company: 'Analytical Engines', Email: 'ada@example.com' };
const lead = (values: Partial<LeadRow> = {}): LeadRow => ({
  Id: '00Q000000000001AAA',
  Okta_User_Id__c: '00uP1',
  IsConverted: false,
  ConvertedContactId: null,
  Status: 'Open - Not Contacted',
  ...fields,
  ...values,
});
const input = (values: Partial<LeadPlanInput> = {}): LeadPlanInput => ({
  userId: '00uP1',
  user,
  inScope: true,
  match: { kind: 'none' },
  mapped: { fields, issues: [] },
  closedStatuses,
  settings: DEFAULT_SYNC_SETTINGS,
  ...values,
});

describe('planLeadSync', () => {
  it('creates a Lead by upsert on the Okta link, assigned by the rule', () => {
    const plan = planLeadSync(input());
    expect(plan.outcome).toBe('created');
    expect(plan.write).toEqual({
      op: 'upsert',
      object: 'Lead',
      externalIdField: 'Okta_User_Id__c',
      record: { ...fields, Okta_User_Id__c: '00uP1' },
      autoAssign: true,
    });
  });

  it('gives a new Lead to the default owner when the rule is off', () => {
    const settings = {
      ...DEFAULT_SYNC_SETTINGS,
      leadAssignmentRule: false,
      defaultOwnerId: '005000000000009AAA',
    };
    const plan = planLeadSync(input({ settings }));
    expect(plan.write).toMatchObject({
      autoAssign: false,
      record: { OwnerId: '005000000000009AAA' },
    });
  });

  it('updates the fields of the linked Lead, and nothing when they agree', () => {
    const plan = planLeadSync(input({ match: { kind: 'linked', lead: lead({ Company: 'Old' }) } }));
    expect(plan.outcome).toBe('updated');
    expect(plan.write).toEqual({
      op: 'update',
      object: 'Lead',
      record: { Id: '00Q000000000001AAA', Company: 'Analytical Engines' },
    });
    expect(planLeadSync(input({ match: { kind: 'linked', lead: lead() } })).outcome).toBe(
      'unchanged',
    );
  });

  it('links one open, unlinked Lead found by a match key instead of creating another', () => {
    const plan = planLeadSync(
      input({ match: { kind: 'match', lead: lead({ Okta_User_Id__c: null }), by: 'Email' } }),
    );
    expect(plan.outcome).toBe('linked');
    expect(plan.write).toEqual({
      op: 'update',
      object: 'Lead',
      record: { Id: '00Q000000000001AAA', Okta_User_Id__c: '00uP1' },
    });
  });

  it('raises a conflict for several matching Leads and writes nothing', () => {
    const plan = planLeadSync(
      input({ match: { kind: 'ambiguous', leadIds: ['00Q1', '00Q2'], by: 'Email' } }),
    );
    expect(plan).toMatchObject({ outcome: 'conflict', write: undefined });
  });

  it('closes the open Lead of a deactivated or deleted user with the configured status', () => {
    for (const gone of [oktaUser({ id: '00uP1', status: 'DEPROVISIONED' }), null]) {
      const plan = planLeadSync(input({ user: gone, match: { kind: 'linked', lead: lead() } }));
      expect(plan.outcome).toBe('closed');
      expect(plan.write).toEqual({
        op: 'update',
        object: 'Lead',
        record: { Id: '00Q000000000001AAA', Status: 'Closed - Not Converted' },
      });
    }
    const closed = lead({ Status: 'Closed - Not Converted' });
    const again = planLeadSync(input({ user: null, match: { kind: 'linked', lead: closed } }));
    expect(again).toMatchObject({ outcome: 'unchanged', write: undefined });
  });

  it('creates no Lead for a deactivated user, nor for one outside the Lead filter', () => {
    const deactivated = oktaUser({ id: '00uP1', status: 'SUSPENDED' });
    expect(planLeadSync(input({ user: deactivated })).outcome).toBe('skipped');
    expect(planLeadSync(input({ inScope: false })).outcome).toBe('out-of-scope');
  });

  it('links the Contact of a converted Lead and never writes the Lead again', () => {
    const converted = lead({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: '003000000000007AAA',
    });
    for (const who of [user, null]) {
      const plan = planLeadSync(input({ user: who, match: { kind: 'linked', lead: converted } }));
      expect(plan.outcome).toBe('converted');
      expect(plan.contactId).toBe('003000000000007AAA');
      expect(plan.write).toEqual({
        op: 'update',
        object: 'Contact',
        record: { Id: '003000000000007AAA', Okta_User_Id__c: '00uP1' },
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { MatchKey } from '../mapping/matching.js';
import type { LeadPlan, LeadRow } from './lead-plan.js';
import { chooseLeadMatch, leadLine } from './okta-user-leads.js';

const keys: MatchKey[] = [
  { field: 'Okta_User_Id__c', value: '00uP1' },
  { field: 'Email', value: 'pat@signup.test' },
];
const row = (id: string, values: Partial<LeadRow>): LeadRow => ({
  Id: id,
  Okta_User_Id__c: null,
  IsConverted: false,
  Email: 'pat@signup.test',
  ...values,
});

describe('chooseLeadMatch', () => {
  it('takes the user’s own Lead first, converted or not', () => {
    const own = row('00Q1', { Okta_User_Id__c: '00uP1', IsConverted: true });
    expect(chooseLeadMatch([row('00Q2', {}), own], '00uP1', keys)).toEqual({
      kind: 'linked',
      lead: own,
    });
  });

  it('matches only open, unlinked Leads by key: converted ones and other users’ are left', () => {
    const converted = row('00Q3', { IsConverted: true });
    const others = row('00Q4', { Okta_User_Id__c: '00uOTHER' });
    expect(chooseLeadMatch([converted, others], '00uP1', keys)).toEqual({ kind: 'none' });
    const open = row('00Q5', {});
    expect(chooseLeadMatch([converted, others, open], '00uP1', keys)).toEqual({
      kind: 'match',
      lead: open,
      by: 'Email',
    });
    expect(chooseLeadMatch([open, row('00Q6', {})], '00uP1', keys)).toEqual({
      kind: 'ambiguous',
      leadIds: ['00Q5', '00Q6'],
      by: 'Email',
    });
  });
});

describe('leadLine', () => {
  const plan = (values: Partial<LeadPlan>): LeadPlan => ({
    userId: '00uP1',
    outcome: 'created',
    reason: 'created a Lead for the Okta user',
    write: { op: 'create', object: 'Lead', record: {} },
    leadId: '00Q7',
    contactId: undefined,
    changes: [{ object: 'Lead', field: 'Company', before: null, after: 'Signup Co' }],
    issues: [],
    ...values,
  });

  it('journals the Lead action with its field changes on the Lead', () => {
    expect(leadLine(plan({}))).toEqual({
      operation: 'lead-created',
      status: 'SUCCESS',
      fieldChanges: [
        { object: 'Lead', recordId: '00Q7', field: 'Company', before: null, after: 'Signup Co' },
      ],
    });
  });

  it('names the Contact a converted Lead became, and says why a write failed', () => {
    const converted = plan({ outcome: 'converted', contactId: '003X', changes: [] });
    expect(leadLine(converted)).toMatchObject({ operation: 'lead-converted', contactId: '003X' });
    expect(leadLine(plan({}), new Error('REQUIRED_FIELD_MISSING'))).toMatchObject({
      operation: 'lead-created',
      status: 'FAILED',
      error: 'REQUIRED_FIELD_MISSING',
    });
    expect(leadLine(plan({ outcome: 'conflict', write: undefined, reason: 'two' }))).toEqual({
      operation: 'sync-lead',
      status: 'FAILED',
      error: 'Conflict: two',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  openLeadIds,
  planDeprovisionEffects,
  type DeprovisionEffectsInput,
} from './deprovision-plan.js';

const settings = {
  deprovisionCaseAction: 'REASSIGN_TO_QUEUE' as const,
  leadFallbackOwnerId: '005FALLBACK',
  deactivateEmptyAccounts: true,
};

function input(overrides: Partial<DeprovisionEffectsInput>): DeprovisionEffectsInput {
  return {
    deprovisioned: true,
    reactivated: false,
    openCases: [{ Id: '500A', OwnerId: '005AGENT', Okta_Deprovisioned_Contact__c: false }],
    ownedLeadIds: ['00QA'],
    account: { id: '001A', status: 'Active', activeContactsAfter: 0 },
    caseQueueId: '00GQUEUE',
    settings,
    ...overrides,
  };
}

describe('planDeprovisionEffects', () => {
  it('moves open cases to the queue, leads to the fallback owner, and closes an empty account', () => {
    const { writes } = planDeprovisionEffects(input({}));
    expect(writes).toEqual([
      {
        op: 'update',
        object: 'Case',
        record: { Id: '500A', Okta_Deprovisioned_Contact__c: true, OwnerId: '00GQUEUE' },
      },
      { op: 'update', object: 'Lead', record: { Id: '00QA', OwnerId: '005FALLBACK' } },
      {
        op: 'update',
        object: 'Account',
        record: { Id: '001A', Okta_Account_Status__c: 'Inactive' },
      },
    ]);
  });

  it('keeps the account active while other contacts are active, and only flags when configured', () => {
    const { writes } = planDeprovisionEffects(
      input({
        account: { id: '001A', status: 'Active', activeContactsAfter: 2 },
        settings: { ...settings, deprovisionCaseAction: 'FLAG' },
        ownedLeadIds: [],
      }),
    );
    expect(writes).toEqual([
      { op: 'update', object: 'Case', record: { Id: '500A', Okta_Deprovisioned_Contact__c: true } },
    ]);
  });

  it('is idempotent: nothing to do when everything is already done', () => {
    const { writes } = planDeprovisionEffects(
      input({
        openCases: [{ Id: '500A', OwnerId: '00GQUEUE', Okta_Deprovisioned_Contact__c: true }],
        ownedLeadIds: [],
        account: { id: '001A', status: 'Inactive', activeContactsAfter: 0 },
      }),
    );
    expect(writes).toEqual([]);
  });

  it('says why leads stay when no fallback owner is configured', () => {
    const { writes, notes } = planDeprovisionEffects(
      input({
        settings: { ...settings, leadFallbackOwnerId: null },
        openCases: [],
        account: undefined,
      }),
    );
    expect(writes).toEqual([]);
    expect(notes[0]).toMatch(/no fallback owner/);
  });

  it('reverses the flags and the account status on reactivation', () => {
    const { writes } = planDeprovisionEffects(
      input({
        deprovisioned: false,
        reactivated: true,
        openCases: [{ Id: '500A', OwnerId: '00GQUEUE', Okta_Deprovisioned_Contact__c: true }],
        account: { id: '001A', status: 'Inactive', activeContactsAfter: 1 },
      }),
    );
    expect(writes).toEqual([
      {
        op: 'update',
        object: 'Case',
        record: { Id: '500A', Okta_Deprovisioned_Contact__c: false },
      },
      { op: 'update', object: 'Account', record: { Id: '001A', Okta_Account_Status__c: 'Active' } },
    ]);
  });
});

describe('openLeadIds', () => {
  const closed = new Set(['Closed - Converted', 'Closed - Not Converted', 'Lost']);

  it('keeps only Leads that are neither converted nor in a closed status', () => {
    expect(
      openLeadIds(
        [
          { Id: '00Q1', Status: 'Open - Not Contacted', IsConverted: false },
          { Id: '00Q2', Status: 'Working - Contacted', IsConverted: false },
          { Id: '00Q3', Status: 'Closed - Not Converted', IsConverted: false },
          { Id: '00Q4', Status: 'Closed - Converted', IsConverted: true },
          { Id: '00Q5', Status: 'Lost', IsConverted: false },
          { Id: '00Q6', Status: 'Working - Contacted', IsConverted: true },
        ],
        closed,
      ),
    ).toEqual(['00Q1', '00Q2']);
  });

  it("follows the org's LeadStatus values, not fixed labels", () => {
    const leads = [{ Id: '00Q1', Status: 'Nurture', IsConverted: false }];
    expect(openLeadIds(leads, closed)).toEqual(['00Q1']);
    expect(openLeadIds(leads, new Set(['Nurture']))).toEqual([]);
  });
});

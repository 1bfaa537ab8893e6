import { describe, expect, it } from 'vitest';
import { IDS_PER_QUERY } from '../salesforce/salesforce-reads.js';
import { effectsOf, loadEffectState, type EffectSettings } from './deprovision-effects-load.js';

const settings: EffectSettings & {
  leadFallbackOwnerId: string | null;
  deactivateEmptyAccounts: boolean;
} = {
  userMatchField: 'FederationIdentifier',
  deprovisionCaseAction: 'REASSIGN_TO_QUEUE',
  deprovisionCaseQueue: 'Offboarding',
  leadFallbackOwnerId: '005000000000FBK',
  deactivateEmptyAccounts: false,
};

const contactId = (i: number) => `003${String(i).padStart(12, '0')}`;
const accountId = (i: number) => `001${String(i).padStart(12, '0')}`;

/** A Salesforce that answers the effect queries from a few tables and records every SOQL. */
function fakeSalesforce() {
  const soql: string[] = [];
  const listOf = (query: string) =>
    [...(/IN \(([^)]*)\)/.exec(query)?.[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const query = async <T extends Record<string, unknown>>(text: string): Promise<T[]> => {
    soql.push(text);
    const ids = listOf(text);
    let rows: Record<string, unknown>[] = [];
    if (text.startsWith('SELECT Id, AccountId FROM Contact WHERE Id IN')) {
      rows = ids.map((id) => ({ Id: id, AccountId: accountId(Number(id.slice(3)) % 3) }));
    } else if (text.includes('FROM Case')) {
      rows = ids.map((id) => ({ Id: `500${id.slice(3)}`, ContactId: id, OwnerId: '005OWNER' }));
    } else if (text.includes('FROM Account')) {
      rows = ids.map((id) => ({ Id: id, Okta_Account_Status__c: 'Active' }));
    } else if (text.includes('FROM User')) {
      rows = ids.map((login) => ({
        Id: `005${(/\d+/.exec(login)?.[0] ?? '').padStart(12, '0')}`,
        FederationIdentifier: login,
      }));
    } else if (text.includes('FROM LeadStatus')) {
      rows = [{ ApiName: 'Closed', MasterLabel: 'Closed' }];
    } else if (text.includes('FROM Lead ')) {
      rows = ids.map((owner) => ({ Id: `00Q${owner.slice(3)}`, OwnerId: owner, Status: 'Open' }));
    }
    return rows as T[];
  };
  return { soql, query, listOf };
}

describe('deprovisioning effects of a batch', () => {
  it('reads more Contacts than one IN list holds in chunks, and finds every case and lead', async () => {
    const count = IDS_PER_QUERY + 50;
    const sf = fakeSalesforce();
    const targets = Array.from({ length: count }, (_, i) => ({
      contactId: contactId(i),
      login: `user${i}@example.com`,
    }));
    const state = await loadEffectState(targets, settings, {
      query: sf.query,
      queueId: async () => '00G000000000QUE',
    });

    const inLists = sf.soql.filter((q) => q.includes(' IN (') && !q.includes('NOT IN ('));
    for (const q of inLists) expect(sf.listOf(q).length).toBeLessThanOrEqual(IDS_PER_QUERY);
    const queriesOf = (needle: string) => sf.soql.filter((q) => q.includes(needle)).length;
    expect(queriesOf('FROM Contact WHERE Id IN')).toBe(2);
    expect(queriesOf('FROM Case')).toBe(2);
    expect(queriesOf('FROM User')).toBe(2);
    expect(queriesOf('FROM Lead ')).toBe(2);
    expect(queriesOf('FROM Account')).toBe(1); // three distinct Accounts
    expect(state.openCases).toHaveLength(count);
    expect(state.leads).toHaveLength(count);
    expect(state.caseQueueId).toBe('00G000000000QUE');

    const last = targets[count - 1];
    const effects = effectsOf(
      { contactId: last?.contactId, deprovisioned: true, reactivated: false },
      last?.login,
      state,
      settings,
    );
    expect(effects.writes).toContainEqual({
      op: 'update',
      object: 'Case',
      record: {
        Id: `500${String(count - 1).padStart(12, '0')}`,
        Okta_Deprovisioned_Contact__c: true,
        OwnerId: '00G000000000QUE',
      },
    });
    expect(effects.writes).toContainEqual(
      expect.objectContaining({
        object: 'Lead',
        record: expect.objectContaining({ OwnerId: '005000000000FBK' }),
      }),
    );
  });

  it('queries nothing for a batch with no Contact and no login', async () => {
    const sf = fakeSalesforce();
    const state = await loadEffectState([{ contactId: undefined, login: undefined }], settings, {
      query: sf.query,
      queueId: async () => undefined,
    });
    expect(sf.soql).toEqual([]);
    expect(state.openCases).toEqual([]);
  });
});

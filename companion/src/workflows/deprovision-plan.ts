import type { SyncSettings } from '../mapping/types.js';
import type { SalesforceWrite } from '../salesforce/record-writer.js';

/**
 * Workflow 2's side effects once a Contact's Okta user is deprovisioned (or comes back):
 * open Cases, Leads owned by the person's Salesforce User, and the Account. Pure.
 */

export interface CaseRow extends Record<string, unknown> {
  Id: string;
  OwnerId?: string | null;
  Okta_Deprovisioned_Contact__c?: boolean | null;
}

export interface LeadRow extends Record<string, unknown> {
  Id: string;
  OwnerId?: string | null;
  Status?: string | null;
  IsConverted?: boolean | null;
}

/**
 * The Leads deprovisioning hands to the fallback owner: open ones only. A converted Lead is
 * history, and a Lead in a closed status (LeadStatus.IsClosed) is finished work: both stay
 * with the person who worked them.
 */
export function openLeadIds(
  leads: readonly LeadRow[],
  closedStatuses: ReadonlySet<string>,
): string[] {
  return leads
    .filter((lead) => lead.IsConverted !== true && !closedStatuses.has(lead.Status ?? ''))
    .map((lead) => lead.Id);
}

export interface DeprovisionEffectsInput {
  deprovisioned: boolean;
  reactivated: boolean;
  openCases: readonly CaseRow[];
  /** Open, unconverted Leads owned by the Salesforce User matching the Okta user (openLeadIds). */
  ownedLeadIds: readonly string[];
  account: { id: string; status: string | null; activeContactsAfter: number } | undefined;
  caseQueueId: string | undefined;
  settings: Pick<
    SyncSettings,
    'deprovisionCaseAction' | 'leadFallbackOwnerId' | 'deactivateEmptyAccounts'
  >;
}

export interface DeprovisionEffects {
  writes: SalesforceWrite[];
  notes: string[];
}

export function planDeprovisionEffects(input: DeprovisionEffectsInput): DeprovisionEffects {
  const writes: SalesforceWrite[] = [];
  const notes: string[] = [];
  const { settings } = input;

  if (input.deprovisioned) {
    const action = settings.deprovisionCaseAction;
    if (
      action === 'REASSIGN_TO_QUEUE' &&
      input.caseQueueId === undefined &&
      input.openCases.length > 0
    ) {
      notes.push('the deprovisioning queue was not found: open Cases were flagged instead');
    }
    for (const c of input.openCases) {
      if (action === 'NONE') break;
      const record: Record<string, unknown> & { Id: string } = { Id: c.Id };
      if (!c.Okta_Deprovisioned_Contact__c) record['Okta_Deprovisioned_Contact__c'] = true;
      if (action === 'REASSIGN_TO_QUEUE' && input.caseQueueId && c.OwnerId !== input.caseQueueId) {
        record['OwnerId'] = input.caseQueueId;
      }
      if (Object.keys(record).length > 1) writes.push({ op: 'update', object: 'Case', record });
    }
    if (input.ownedLeadIds.length > 0) {
      if (settings.leadFallbackOwnerId) {
        for (const id of input.ownedLeadIds) {
          writes.push({
            op: 'update',
            object: 'Lead',
            record: { Id: id, OwnerId: settings.leadFallbackOwnerId },
          });
        }
      } else {
        notes.push(
          `${input.ownedLeadIds.length} Leads stay with the deprovisioned owner: no fallback owner is configured`,
        );
      }
    }
    if (
      settings.deactivateEmptyAccounts &&
      input.account &&
      input.account.activeContactsAfter === 0 &&
      input.account.status !== 'Inactive'
    ) {
      writes.push({
        op: 'update',
        object: 'Account',
        record: { Id: input.account.id, Okta_Account_Status__c: 'Inactive' },
      });
    }
  } else if (input.reactivated) {
    for (const c of input.openCases) {
      if (c.Okta_Deprovisioned_Contact__c) {
        writes.push({
          op: 'update',
          object: 'Case',
          record: { Id: c.Id, Okta_Deprovisioned_Contact__c: false },
        });
      }
    }
    if (input.account && input.account.status === 'Inactive') {
      writes.push({
        op: 'update',
        object: 'Account',
        record: { Id: input.account.id, Okta_Account_Status__c: 'Active' },
      });
    }
  }
  return { writes, notes };
}

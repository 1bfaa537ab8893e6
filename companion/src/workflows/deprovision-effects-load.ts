import type { SyncSettings } from '../mapping/types.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';
import type { ContactPlan } from './contact-plan.js';
import {
  openLeadIds,
  planDeprovisionEffects,
  type CaseRow,
  type DeprovisionEffects,
  type LeadRow,
} from './deprovision-plan.js';

/**
 * What the deprovisioning (and reactivation) side effects of a batch need from Salesforce: the
 * Contacts' Accounts, their open Cases, how many active Contacts each Account keeps, the
 * Salesforce Users matching the logins and their open Leads. Every `IN (…)` list is chunked
 * (`queryIn`), so a batch of any size stays within Salesforce's query length.
 */

export interface EffectTarget {
  contactId: string | undefined;
  /** The Okta login, matched against the Salesforce User's `userMatchField`. */
  login: string | undefined;
}

export interface EffectState {
  accountOf: ReadonlyMap<string, string | undefined>;
  openCases: readonly (CaseRow & { ContactId: string })[];
  accounts: ReadonlyMap<string, { status: string | null; activeContacts: number }>;
  salesforceUserByLogin: ReadonlyMap<string, string>;
  closedLeadStatuses: ReadonlySet<string>;
  leads: readonly LeadRow[];
  caseQueueId: string | undefined;
}

export type EffectSettings = Pick<
  SyncSettings,
  'userMatchField' | 'deprovisionCaseAction' | 'deprovisionCaseQueue'
>;

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value !== '';

export async function loadEffectState(
  targets: readonly EffectTarget[],
  settings: EffectSettings,
  deps: { query: QueryFn; queueId(developerName: string): Promise<string | undefined> },
): Promise<EffectState> {
  const contactIds = targets.map((t) => t.contactId).filter(present);
  const contacts = await queryIn<{ Id: string; AccountId?: string | null }>(
    deps.query,
    contactIds,
    (list) => `SELECT Id, AccountId FROM Contact WHERE Id IN (${list})`,
  );
  const accountOf = new Map(contacts.map((c) => [c.Id, c.AccountId ?? undefined]));
  const accountIds = [...accountOf.values()].filter(present);

  const openCases = await queryIn<CaseRow & { ContactId: string }>(
    deps.query,
    contactIds,
    (list) =>
      `SELECT Id, ContactId, OwnerId, Okta_Deprovisioned_Contact__c FROM Case WHERE IsClosed = false AND ContactId IN (${list})`,
  );
  const accountRows = await queryIn<{ Id: string; Okta_Account_Status__c?: string | null }>(
    deps.query,
    accountIds,
    (list) => `SELECT Id, Okta_Account_Status__c FROM Account WHERE Id IN (${list})`,
  );
  const activeContacts = await queryIn<{ Id: string; AccountId: string }>(
    deps.query,
    accountIds,
    (list) =>
      `SELECT Id, AccountId FROM Contact WHERE AccountId IN (${list}) AND Okta_Status__c NOT IN ('DEPROVISIONED','SUSPENDED','DELETED')`,
  );
  const activeCount = new Map<string, number>();
  for (const c of activeContacts)
    activeCount.set(c.AccountId, (activeCount.get(c.AccountId) ?? 0) + 1);
  const accounts = new Map(
    accountRows.map((a) => [
      a.Id,
      { status: a.Okta_Account_Status__c ?? null, activeContacts: activeCount.get(a.Id) ?? 0 },
    ]),
  );

  // Leads owned by the Salesforce User of each deprovisioned person.
  const matchField = settings.userMatchField || 'FederationIdentifier';
  const salesforceUsers = await queryIn<{ Id: string } & Record<string, unknown>>(
    deps.query,
    targets.map((t) => t.login).filter(present),
    (list) => `SELECT Id, ${matchField} FROM User WHERE ${matchField} IN (${list})`,
  );
  const salesforceUserByLogin = new Map(
    salesforceUsers.map((u) => [String(u[matchField]).toLowerCase(), u.Id]),
  );
  // Only open Leads move: not converted, and not in a closed status (LeadStatus.IsClosed).
  const closedLeadStatuses =
    salesforceUsers.length > 0
      ? new Set(
          (
            await deps.query<{ ApiName: string; MasterLabel: string }>(
              'SELECT ApiName, MasterLabel FROM LeadStatus WHERE IsClosed = true',
            )
          ).flatMap((s) => [s.ApiName, s.MasterLabel]),
        )
      : new Set<string>();
  const leads = await queryIn<LeadRow>(
    deps.query,
    salesforceUsers.map((u) => u.Id),
    (list) =>
      `SELECT Id, OwnerId, Status, IsConverted FROM Lead WHERE IsConverted = false AND OwnerId IN (${list})`,
  );

  const caseQueueId =
    settings.deprovisionCaseAction === 'REASSIGN_TO_QUEUE' && settings.deprovisionCaseQueue
      ? await deps.queueId(settings.deprovisionCaseQueue)
      : undefined;

  return {
    accountOf,
    openCases,
    accounts,
    salesforceUserByLogin,
    closedLeadStatuses,
    leads,
    caseQueueId,
  };
}

/** Pure: the side effects of one user's Contact plan, given the loaded state. */
export function effectsOf(
  plan: Pick<ContactPlan, 'contactId' | 'deprovisioned' | 'reactivated'>,
  login: string | undefined,
  state: EffectState,
  settings: Parameters<typeof planDeprovisionEffects>[0]['settings'],
): DeprovisionEffects {
  const salesforceUserId = login ? state.salesforceUserByLogin.get(login.toLowerCase()) : undefined;
  const accountId = plan.contactId ? state.accountOf.get(plan.contactId) : undefined;
  const account = accountId ? state.accounts.get(accountId) : undefined;
  return planDeprovisionEffects({
    deprovisioned: plan.deprovisioned,
    reactivated: plan.reactivated,
    openCases: state.openCases.filter((c) => c.ContactId === plan.contactId),
    ownedLeadIds:
      plan.deprovisioned && salesforceUserId
        ? openLeadIds(
            state.leads.filter((l) => l.OwnerId === salesforceUserId),
            state.closedLeadStatuses,
          )
        : [],
    account:
      accountId && account
        ? {
            id: accountId,
            status: account.status,
            activeContactsAfter: account.activeContacts,
          }
        : undefined,
    caseQueueId: state.caseQueueId,
    settings,
  });
}

import { leadMappingErrors } from '../mapping/apply.js';
import { writesSalesforce } from '../mapping/mapping-validation.js';
import {
  buildMatchQuery,
  chooseContactMatch,
  matchKeysFor,
  matchSelectFields,
  OKTA_USER_ID_FIELD,
  type MatchKey,
} from '../mapping/matching.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { writeFailure, type QueryFn, type WriteFn } from '../salesforce/salesforce-reads.js';
import { planLeadSync, type LeadMatch, type LeadPlan, type LeadRow } from './lead-plan.js';
import type { JournalLine } from './okta-user-sync-journal.js';
import type { UserSyncJob, UserSyncState } from './okta-user-sync-load.js';

/**
 * Okta users as Leads, the part of the Okta → Salesforce user sync for the users no Contact
 * takes: load their Leads (by the Okta link and the Lead match keys) and the org's closed Lead
 * statuses, decide each user's Lead write with the pure planner (lead-plan), write them in
 * collection calls, and give each job its journal line.
 */

export interface LeadSyncDeps {
  query: QueryFn;
  write: WriteFn;
}

export interface LeadSyncResult {
  sync: UserSyncJob;
  plan: LeadPlan;
  /** Why the write failed, when it did. */
  error: Error | undefined;
}

const LEAD_STATUS_FIELDS = ['Id', 'IsConverted', 'ConvertedContactId', 'Status'];

/**
 * Pure: whether a Contact takes this user although the Contact filter does not: a Contact that
 * matches by the Contact match keys wins over a Lead (the Contact is linked, no Lead is made).
 */
export function contactTakesUser(state: UserSyncState, userId: string): boolean {
  return chooseContactMatch(state.candidates, state.keysByUser.get(userId) ?? []).kind !== 'none';
}

/** Pure: the Lead match keys of each user (only the Okta link for a user Okta no longer has). */
export function leadKeysOf(
  userIds: readonly string[],
  users: UserSyncState['users'],
  config: SyncConfig,
): Map<string, MatchKey[]> {
  return new Map(
    userIds.map((id) => {
      const user = users.get(id);
      return [
        id,
        user
          ? matchKeysFor(user, config.mappings, 'Lead')
          : [{ field: OKTA_USER_ID_FIELD, value: id }],
      ];
    }),
  );
}

/** Pure: the user's Lead among candidates: their own (even converted), or one open and unlinked. */
export function chooseLeadMatch(
  candidates: readonly LeadRow[],
  userId: string,
  keys: readonly MatchKey[],
): LeadMatch {
  const eligible = candidates.filter(
    (l) => l.Okta_User_Id__c?.toLowerCase() === userId.toLowerCase() || l.IsConverted !== true,
  );
  const found = chooseContactMatch(eligible, keys);
  switch (found.kind) {
    case 'none':
      return found;
    case 'ambiguous':
      return { kind: 'ambiguous', leadIds: found.contactIds, by: found.by };
    case 'linked':
    case 'match': {
      const lead = eligible.find((l) => l.Id === found.contactId);
      if (!lead) throw new Error(`Matched Lead ${found.contactId} is not among the candidates.`);
      return found.kind === 'linked'
        ? { kind: 'linked', lead }
        : { kind: 'match', lead, by: found.by };
    }
  }
}

/** Pure: each job's Lead plan from the loaded Leads. */
export function decideLeadPlans(input: {
  jobs: readonly UserSyncJob[];
  state: UserSyncState;
  config: SyncConfig;
  inLeadScope: (user: OktaUserSnapshot) => boolean;
  keysByUser: ReadonlyMap<string, readonly MatchKey[]>;
  leads: readonly LeadRow[];
  closedStatuses: ReadonlySet<string>;
}): { sync: UserSyncJob; plan: LeadPlan }[] {
  return input.jobs.map((sync) => {
    const user = input.state.users.get(sync.userId) ?? null;
    const mapping = input.state.mapped.get(sync.userId);
    return {
      sync,
      plan: planLeadSync({
        userId: sync.userId,
        user,
        inScope: user !== null && input.inLeadScope(user),
        match: chooseLeadMatch(input.leads, sync.userId, input.keysByUser.get(sync.userId) ?? []),
        mapped: {
          fields: user === null ? {} : (mapping?.records.Lead ?? {}),
          issues: leadMappingErrors(mapping?.errors ?? []),
        },
        closedStatuses: input.closedStatuses,
        settings: input.config.settings,
      }),
    };
  });
}

/** Pure: the audit line of a Lead plan whose write (if any) went through, or failed. */
export function leadLine(plan: LeadPlan, error?: Error): JournalLine {
  const recordId = plan.outcome === 'converted' ? plan.contactId : plan.leadId;
  const base = {
    ...(plan.contactId ? { contactId: plan.contactId } : {}),
    fieldChanges: plan.changes.map((c) => ({ ...c, ...(recordId ? { recordId } : {}) })),
  };
  if (error)
    return { operation: `lead-${plan.outcome}`, status: 'FAILED', ...base, error: error.message };
  if (plan.outcome === 'conflict') {
    return { operation: 'sync-lead', status: 'FAILED', error: `Conflict: ${plan.reason}` };
  }
  return {
    operation: `lead-${plan.outcome}`,
    status: plan.write || plan.outcome === 'unchanged' ? 'SUCCESS' : 'SKIPPED',
    ...base,
    ...(plan.issues.length
      ? { error: plan.issues.map((i) => `${i.field}: ${i.message}`).join('; ') }
      : {}),
  };
}

export async function syncLeads(
  input: {
    jobs: readonly UserSyncJob[];
    state: UserSyncState;
    config: SyncConfig;
    inLeadScope: (user: OktaUserSnapshot) => boolean;
  },
  deps: LeadSyncDeps,
): Promise<LeadSyncResult[]> {
  if (input.jobs.length === 0) return [];
  // 1. Load.
  const keysByUser = leadKeysOf(
    input.jobs.map((j) => j.userId),
    input.state.users,
    input.config,
  );
  const allKeys = [...keysByUser.values()].flat();
  const mapped = input.config.mappings
    .filter((m) => m.objectName === 'Lead' && writesSalesforce(m))
    .map((m) => m.field);
  const fields = [...new Set([...matchSelectFields(allKeys), ...LEAD_STATUS_FIELDS, ...mapped])];
  const where = buildMatchQuery(allKeys);
  const [leads, statuses] = await Promise.all([
    where ? deps.query<LeadRow>(`SELECT ${fields.join(', ')} FROM Lead WHERE ${where}`) : [],
    deps.query<{ ApiName: string }>('SELECT ApiName FROM LeadStatus WHERE IsClosed = true'),
  ]);

  // 2. Decide.
  const planned = decideLeadPlans({
    ...input,
    keysByUser,
    leads,
    closedStatuses: new Set(statuses.map((s) => s.ApiName)),
  });

  // 3. Write.
  const writing = planned.filter((p) => p.plan.write !== undefined);
  const results = await deps.write(writing.map((p) => p.plan.write).filter((w) => w !== undefined));
  const errors = new Map<number, Error>();
  writing.forEach((p, i) => {
    const result = results[i];
    if (!result?.ok) {
      errors.set(p.sync.job.id, writeFailure(result, `Lead for Okta user ${p.plan.userId}`));
    } else if (p.plan.leadId === undefined && p.plan.outcome === 'created' && result.id) {
      p.plan = { ...p.plan, leadId: result.id };
    }
  });
  return planned.map(({ sync, plan }) => ({ sync, plan, error: errors.get(sync.job.id) }));
}

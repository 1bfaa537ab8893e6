import { contactMappingErrors } from '../mapping/apply.js';
import { chooseContactMatch, type MatchKey } from '../mapping/matching.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { ownEchoFields, withoutOwnEchoes } from '../echo/okta-write-ledger.js';
import {
  DEPROVISIONED_STATUSES,
  planContactSync,
  type ContactMatch,
  type ContactPlan,
  type ContactRow,
} from './contact-plan.js';
import { agreedAfterContactWrite, changedAgreement } from '../mapping/sync-baseline.js';
import type { SyncBaselineUpdate } from '../store/sync-baselines.js';
import type { UserSyncJob, UserSyncState } from './okta-user-sync-load.js';
import { salesforceOwnedFields } from './salesforce-owned-fields.js';

/**
 * Okta → Salesforce user sync, step 2 of 4 (decide): pure. Each user's Contact plan from the
 * loaded state, and which plans newly deactivate a Contact (what the blast-radius guard counts).
 */

/** The candidate Contact rows behind a match, looked up by id. */
function matchWithRows(
  candidates: readonly ContactRow[],
  keys: readonly MatchKey[],
): { match: ContactMatch; linked: ContactRow | undefined } {
  const found = chooseContactMatch(candidates, keys);
  if (found.kind !== 'linked' && found.kind !== 'match') return { match: found, linked: undefined };
  const contact = candidates.find((c) => c.Id === found.contactId);
  if (!contact) throw new Error(`Matched Contact ${found.contactId} is not among the candidates.`);
  return {
    match: { ...found, contact },
    linked: found.kind === 'linked' ? contact : undefined,
  };
}

export interface PlannedJob {
  sync: UserSyncJob;
  plan: ContactPlan;
}

export function decideContactPlans(
  jobs: readonly UserSyncJob[],
  state: UserSyncState,
  config: SyncConfig,
  inScope: (user: OktaUserSnapshot) => boolean,
  syncedAt: string,
): PlannedJob[] {
  return jobs.map((sync) => ({
    sync,
    plan: decideContactPlan(sync, state, config, inScope, syncedAt),
  }));
}

function decideContactPlan(
  { userId, eventTypes, lastEventAt }: UserSyncJob,
  state: UserSyncState,
  config: SyncConfig,
  inScope: (user: OktaUserSnapshot) => boolean,
  syncedAt: string,
): ContactPlan {
  const user = state.users.get(userId) ?? null;
  const { match, linked } = matchWithRows(state.candidates, state.keysByUser.get(userId) ?? []);
  const mapping = state.mapped.get(userId);
  const written = state.ownWrites.get(userId);
  const echoes =
    user && written
      ? ownEchoFields({ user, written, mappings: config.mappings })
      : new Set<string>();
  const salesforceOwned =
    user && linked
      ? salesforceOwnedFields({
          user,
          contact: linked,
          mappings: config.mappings,
          describes: config.describes,
          agreed: state.agreed.get(userId)?.values,
        })
      : new Set<string>();
  const accountProblem = state.accounts.problems.get(userId);
  return planContactSync({
    userId,
    user,
    inScope: user !== null && inScope(user),
    match,
    mapped: {
      fields: withoutOwnEchoes(
        withoutOwnEchoes(mapping?.records.Contact ?? {}, echoes),
        salesforceOwned,
      ),
      issues: [
        ...contactMappingErrors(mapping?.errors ?? []),
        ...(accountProblem
          ? [{ mapping: 'Account', field: 'AccountId', message: accountProblem }]
          : []),
      ],
    },
    accountId: state.accounts.accountIds.get(userId),
    eventTypes,
    lastEventAt,
    syncedAt,
    settings: config.settings,
  });
}

/**
 * Pure: what each written (or already agreeing) user's Contact and Okta user now agree on, and
 * the Contact linked to it — only where that differs from what was recorded.
 */
export function baselineUpdates(
  applied: readonly PlannedJob[],
  state: UserSyncState,
  config: SyncConfig,
): SyncBaselineUpdate[] {
  const updates: SyncBaselineUpdate[] = [];
  for (const { sync, plan } of applied) {
    const user = state.users.get(sync.userId);
    if (!user || plan.contactId === undefined) continue;
    const before = state.candidates.find((c) => c.Id === plan.contactId);
    const agreed = agreedAfterContactWrite({
      user,
      contact: before,
      written: plan.write && 'record' in plan.write ? plan.write.record : {},
      mappings: config.mappings,
      describes: config.describes,
    });
    const recorded = state.agreed.get(sync.userId);
    const values = changedAgreement(recorded?.values, agreed);
    const relinked = recorded?.contactId?.slice(0, 15) !== plan.contactId.slice(0, 15);
    if (Object.keys(values).length === 0 && !relinked) continue;
    updates.push({ oktaUserId: sync.userId, contactId: plan.contactId, values });
  }
  return updates;
}

/** Pure: whether the plan deactivates a Contact that is active today. */
export function deactivatesActiveContact(plan: ContactPlan): boolean {
  return (
    plan.deprovisioned &&
    plan.write !== undefined &&
    plan.changes.some(
      (c) => c.field === 'Okta_Status__c' && !DEPROVISIONED_STATUSES.has(String(c.before ?? '')),
    )
  );
}

import { contactMappingErrors, mapOktaUserToSalesforce } from '../mapping/apply.js';
import { chooseContactMatch, OKTA_USER_ID_FIELD, type MatchKey } from '../mapping/matching.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import {
  DEPROVISIONED_STATUSES,
  planContactSync,
  type ContactMatch,
  type ContactPlan,
  type ContactRow,
} from '../workflows/contact-plan.js';
import type { StoredPlanItem } from '../store/types.js';

/**
 * The reconciliation's decision for one Okta user (or one Okta user id that Okta no longer
 * has): the real-time decision `planContactSync`, fed the same match and mapped values, turned
 * into a plan item. Pure: the Contacts and the Account come from the caller.
 */

export type AccountLookup = { id: string } | { pending: string } | undefined;

export type UserDecision =
  | { kind: 'item'; item: Omit<StoredPlanItem, 'seq'>; linkedContactId?: string }
  | { kind: 'unchanged' }
  | { kind: 'skipped' };

export interface UserDecisionInput {
  userId: string;
  /** null: Okta no longer has this user. */
  user: OktaUserSnapshot | null;
  inScope: boolean;
  keys: readonly MatchKey[];
  candidates: readonly ContactRow[];
  account: AccountLookup;
  config: Pick<SyncConfig, 'mappings' | 'describes' | 'settings'>;
  syncedAt: string;
}

const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;
/** Set by every write; not a difference worth showing. */
const BOOKKEEPING_FIELDS = new Set(['Okta_Last_Synced_At__c']);

export function isOktaUserId(value: string): boolean {
  return OKTA_USER_ID.test(value);
}

function loginOf(user: OktaUserSnapshot | null): string | null {
  const login = user?.profile['login'];
  return typeof login === 'string' ? login : null;
}

/** A plan outcome that takes a Contact from active to inactive is a deactivation. */
export function isDeactivation(plan: Pick<ContactPlan, 'deprovisioned' | 'changes'>): boolean {
  return (
    plan.deprovisioned &&
    plan.changes.some(
      (c) => c.field === 'Okta_Status__c' && !DEPROVISIONED_STATUSES.has(String(c.before ?? '')),
    )
  );
}

export function decideUser(input: UserDecisionInput): UserDecision {
  const { user, config } = input;
  const found = chooseContactMatch(input.candidates, input.keys);
  const rowById = (id: string) => input.candidates.find((c) => c.Id === id) as ContactRow;
  const match: ContactMatch =
    found.kind === 'linked' || found.kind === 'match'
      ? { ...found, contact: rowById(found.contactId) }
      : found;
  const mapping = user
    ? mapOktaUserToSalesforce({ user, mappings: config.mappings, describes: config.describes })
    : undefined;
  const plan = planContactSync({
    userId: input.userId,
    user,
    inScope: input.inScope,
    match,
    mapped: {
      fields: mapping?.records.Contact ?? {},
      issues: contactMappingErrors(mapping?.errors ?? []),
    },
    accountId: input.account && 'id' in input.account ? input.account.id : undefined,
    eventTypes: [],
    lastEventAt: undefined,
    syncedAt: input.syncedAt,
    settings: config.settings,
  });
  const contact = match.kind === 'linked' || match.kind === 'match' ? match.contact : undefined;
  const pending =
    input.account && 'pending' in input.account && plan.outcome !== 'conflict'
      ? { name: input.account.pending, before: (contact?.AccountId as string | null) ?? null }
      : undefined;
  const base = {
    oktaUserId: input.userId,
    login: loginOf(user),
    reason: plan.reason,
    changes: plan.changes
      .filter((c) => !BOOKKEEPING_FIELDS.has(c.field))
      .map((c) => ({ field: c.field, before: c.before ?? null, after: c.after ?? null })),
    ...(pending ? { account: pending } : {}),
  };

  switch (plan.outcome) {
    case 'created':
      return {
        kind: 'item',
        item: { ...base, kind: 'create', contactId: null, write: plan.write ?? null },
      };
    case 'linked':
      return {
        kind: 'item',
        item: {
          ...base,
          kind: 'link',
          contactId: plan.contactId ?? null,
          write: plan.write ?? null,
        },
        ...(plan.contactId ? { linkedContactId: plan.contactId } : {}),
      };
    case 'updated':
      return {
        kind: 'item',
        item: {
          ...base,
          kind: isDeactivation(plan) ? 'deactivate' : 'update',
          reason: isDeactivation(plan)
            ? user === null
              ? 'Okta no longer has this user: the Contact is marked DELETED'
              : `the Okta user is ${plan.status}: the Contact is marked inactive`
            : plan.reason,
          contactId: plan.contactId ?? null,
          write: plan.write ?? null,
        },
      };
    case 'conflict':
      return { kind: 'item', item: { ...base, kind: 'conflict', contactId: null, write: null } };
    case 'unchanged':
      // Only the Account is missing: it is created (or adopted) when the plan is applied.
      if (pending && contact && !DEPROVISIONED_STATUSES.has(plan.status)) {
        return {
          kind: 'item',
          item: {
            ...base,
            kind: 'update',
            reason: `the Account "${pending.name}" is found or created on apply`,
            contactId: contact.Id,
            write: {
              op: 'update',
              object: 'Contact',
              record: { Id: contact.Id, Okta_Last_Synced_At__c: input.syncedAt },
            },
          },
        };
      }
      return { kind: 'unchanged' };
    default:
      return { kind: 'skipped' };
  }
}

/**
 * Contacts linked to an id no Okta user has (confirmed): several Contacts on one id, or a
 * link that is not an Okta user id at all, are conflicts; a single Contact is decided by
 * `planContactSync` like a deleted user (marked DELETED unless it already is inactive).
 */
export function decideOrphans(input: {
  link: string;
  contacts: readonly ContactRow[];
  config: UserDecisionInput['config'];
  syncedAt: string;
}): UserDecision {
  const ids = input.contacts.map((c) => c.Id);
  if (!isOktaUserId(input.link)) {
    return conflict(
      input.link,
      ids,
      `linked to "${input.link}", which is not an Okta user id; correct or clear ${OKTA_USER_ID_FIELD}`,
    );
  }
  if (input.contacts.length > 1) {
    return conflict(
      input.link,
      ids,
      `several Contacts (${ids.join(', ')}) are linked to Okta user ${input.link}, which Okta no longer has; keep one`,
    );
  }
  return decideUser({
    userId: input.link,
    user: null,
    inScope: false,
    keys: [{ field: OKTA_USER_ID_FIELD, value: input.link }],
    candidates: input.contacts,
    account: undefined,
    config: input.config,
    syncedAt: input.syncedAt,
  });
}

function conflict(oktaUserId: string, contactIds: readonly string[], reason: string): UserDecision {
  return {
    kind: 'item',
    item: {
      kind: 'conflict',
      oktaUserId,
      contactId: contactIds[0] ?? null,
      login: null,
      changes: [],
      reason,
      write: null,
    },
  };
}

/** The item that replaces a link when a second Okta user matches the same Contact. */
export function contestedLink(
  item: Omit<StoredPlanItem, 'seq'>,
  contactId: string,
  otherUserId: string | null,
): Omit<StoredPlanItem, 'seq'> {
  return {
    kind: 'conflict',
    oktaUserId: item.oktaUserId,
    contactId,
    login: item.login,
    changes: [],
    reason: `the unlinked Contact ${contactId} matches more than one Okta user (${[
      item.oktaUserId,
      otherUserId,
    ]
      .filter(Boolean)
      .join(', ')}); link it by hand`,
    write: null,
  };
}

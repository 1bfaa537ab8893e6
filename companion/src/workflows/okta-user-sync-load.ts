import { mapOktaUserToSalesforce } from '../mapping/apply.js';
import { writesSalesforce } from '../mapping/mapping-validation.js';
import {
  buildMatchQuery,
  matchKeysFor,
  matchSelectFields,
  OKTA_USER_ID_FIELD,
  type MatchKey,
} from '../mapping/matching.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import type { QueryFn, WriteFn } from '../salesforce/salesforce-reads.js';
import type { OktaWriteLedger } from '../echo/okta-write-ledger.js';
import type { SyncBaseline, SyncBaselineStore } from '../store/sync-baselines.js';
import type { Job } from '../store/types.js';
import { resolveAccounts, type AccountResolution } from './account-resolver.js';
import { DEPROVISIONED_STATUSES, type ContactRow } from './contact-plan.js';

/**
 * Okta → Salesforce user sync, step 1 of 4 (load): everything the decision needs for a batch,
 * read with as few calls as possible — every user in one list call per hundred, their
 * candidate Contacts in one query, their Accounts found (or created, as the account strategy
 * says) together.
 */

export type MappedUser = ReturnType<typeof mapOktaUserToSalesforce>;

/** One job of the batch with what its events say. */
export interface UserSyncJob {
  job: Job;
  userId: string;
  eventTypes: string[];
  /** The latest `published` among the job's events. */
  lastEventAt: string | undefined;
}

export interface UserSyncState {
  /** null: Okta no longer has the user. */
  users: ReadonlyMap<string, OktaUserSnapshot | null>;
  keysByUser: ReadonlyMap<string, readonly MatchKey[]>;
  candidates: readonly ContactRow[];
  mapped: ReadonlyMap<string, MappedUser>;
  accounts: AccountResolution;
  /** What the companion itself recently wrote to each user's Okta profile. */
  ownWrites: ReadonlyMap<string, ReadonlyMap<string, readonly unknown[]>>;
  /** What both orgs agreed on at each user's last sync. */
  agreed: ReadonlyMap<string, SyncBaseline>;
}

export interface UserSyncLoadDeps {
  readUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
  query: QueryFn;
  write: WriteFn;
  accountCache?: Map<string, string> | undefined;
  ownWrites?: Pick<OktaWriteLedger, 'written'> | undefined;
  baselines?: Pick<SyncBaselineStore, 'get'> | undefined;
}

const STATUS_FIELDS = [
  'Okta_Status__c',
  'Okta_Sync_Status__c',
  'Okta_Sync_Error__c',
  'Okta_Last_Event_At__c',
  'Okta_MFA_Reset_At__c',
  'AccountId',
  'Okta_Last_Synced_At__c',
];

export function userIdOfJob(job: Job): string {
  return job.subjectKey.slice(job.subjectKey.indexOf(':') + 1);
}

const textField = (payload: unknown, field: string): string | undefined => {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const value: unknown = Reflect.get(payload, field);
  return typeof value === 'string' ? value : undefined;
};

/** Pure: a job as the decision reads it (event types and the latest publication). */
export function userSyncJob(job: Job): UserSyncJob {
  const eventTypes: string[] = [];
  const published: string[] = [];
  for (const event of job.events) {
    eventTypes.push(textField(event.payload, 'eventType') ?? event.eventType);
    const at = textField(event.payload, 'published');
    if (at !== undefined) published.push(at);
  }
  return { job, userId: userIdOfJob(job), eventTypes, lastEventAt: published.sort().at(-1) };
}

/** Pure: the Contact fields to read: match keys, the sync's own status fields, mapped fields. */
export function contactSelectFields(keys: readonly MatchKey[], config: SyncConfig): string[] {
  const mapped = config.mappings
    .filter((m) => m.objectName === 'Contact' && writesSalesforce(m))
    .map((m) => m.field);
  return [...new Set([...matchSelectFields(keys), ...STATUS_FIELDS, ...mapped])];
}

export async function loadUserSyncState(
  userIds: readonly string[],
  config: SyncConfig,
  inScope: (user: OktaUserSnapshot) => boolean,
  deps: UserSyncLoadDeps,
): Promise<UserSyncState> {
  const users = await deps.readUsers(userIds);

  const keysByUser = new Map<string, MatchKey[]>();
  for (const id of userIds) {
    const user = users.get(id);
    keysByUser.set(
      id,
      user ? matchKeysFor(user, config.mappings) : [{ field: OKTA_USER_ID_FIELD, value: id }],
    );
  }
  const allKeys = [...keysByUser.values()].flat();
  const where = buildMatchQuery(allKeys);
  const candidates = where
    ? await deps.query<ContactRow>(
        `SELECT ${contactSelectFields(allKeys, config).join(', ')} FROM Contact WHERE ${where}`,
      )
    : [];

  const mapped = new Map<string, MappedUser>();
  for (const [id, user] of users) {
    if (!user) continue;
    mapped.set(
      id,
      mapOktaUserToSalesforce({ user, mappings: config.mappings, describes: config.describes }),
    );
  }
  const ownWrites: ReadonlyMap<string, ReadonlyMap<string, readonly unknown[]>> = deps.ownWrites
    ? await deps.ownWrites.written([...mapped.keys()])
    : new Map();

  const accountCandidates = [...users.values()]
    .filter(
      (u): u is OktaUserSnapshot =>
        u !== null && !DEPROVISIONED_STATUSES.has(u.status) && inScope(u),
    )
    .map((user) => ({ user, accountFields: mapped.get(user.id)?.records.Account ?? {} }));
  const accounts = await resolveAccounts(accountCandidates, config.settings, {
    query: deps.query,
    write: deps.write,
    ...(deps.accountCache ? { cache: deps.accountCache } : {}),
  });

  const agreed = deps.baselines
    ? await deps.baselines.get(userIds)
    : new Map<string, SyncBaseline>();

  return { users, keysByUser, candidates, mapped, accounts, ownWrites, agreed };
}

import { AppError } from '../../http/app-error.js';
import { ruleGroupIds } from '../../mapping/access-rules.js';
import type { AccessRule } from '../../mapping/types.js';
import type { OktaClient } from '../../okta/client.js';
import type { AuditJournal, StoredAuditEntry } from '../../store/types.js';
import { isOktaNotFound, rethrowOktaError } from './okta-errors.js';

/** The live Okta status of one user, as the Contact and Case panels show it. */

type Timestamp = Date | string | null | undefined;

interface RawOktaUser {
  id?: string;
  status?: string;
  created?: Timestamp;
  activated?: Timestamp;
  statusChanged?: Timestamp;
  lastLogin?: Timestamp;
  passwordChanged?: Timestamp;
  profile?: Record<string, unknown> | null;
}

interface RawFactor {
  id?: string;
  factorType?: string;
  provider?: string;
  status?: string;
}

interface RawGroup {
  id?: string;
  profile?: { name?: string | null } | null;
}

export interface OktaUserView {
  id: string;
  login: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  created: string | null;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  passwordChanged: string | null;
  lockedOut: boolean;
}

export interface SyncView {
  lastSyncedAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  recent: StoredAuditEntry[];
}

export interface UserStatusView {
  user: OktaUserView;
  factors: { id: string; factorType: string; provider: string; status: string }[];
  groups: { id: string; name: string; managed: boolean }[];
  sync: SyncView;
}

const iso = (value: Timestamp): string | null =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.toISOString()
      : value;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toUserView(raw: RawOktaUser): OktaUserView {
  const profile = raw.profile ?? {};
  const status = String(raw.status);
  return {
    id: String(raw.id),
    login: text(profile['login']),
    email: text(profile['email']),
    firstName: text(profile['firstName']),
    lastName: text(profile['lastName']),
    status,
    created: iso(raw.created),
    activated: iso(raw.activated),
    statusChanged: iso(raw.statusChanged),
    lastLogin: iso(raw.lastLogin),
    passwordChanged: iso(raw.passwordChanged),
    lockedOut: status === 'LOCKED_OUT',
  };
}

/** Reads a user by id or login; 404 NOT_FOUND when Okta has no such user. */
export async function readOktaUser(okta: OktaClient, idOrLogin: string): Promise<RawOktaUser> {
  try {
    return (await okta.userApi.getUser({ userId: idOrLogin })) as unknown as RawOktaUser;
  } catch (error) {
    if (isOktaNotFound(error)) {
      throw AppError.notFound(`No Okta user with id or login ${JSON.stringify(idOrLogin)}.`);
    }
    return rethrowOktaError(error);
  }
}

const SYNC_DIRECTIONS: ReadonlySet<string> = new Set([
  'OKTA_TO_SALESFORCE',
  'SALESFORCE_TO_OKTA',
  'RECONCILIATION',
]);
const ERROR_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'RETRYING', 'DEAD_LETTER']);
const RECENT_ENTRIES = 10;

/** Pure: the sync block from a user's journal entries, newest first. Actions are not syncs. */
export function summariseSync(entriesNewestFirst: readonly StoredAuditEntry[]): SyncView {
  const syncs = entriesNewestFirst.filter((e) => SYNC_DIRECTIONS.has(e.direction));
  const latest = syncs[0];
  const lastSuccess = syncs.find((e) => e.status === 'SUCCESS');
  return {
    lastSyncedAt: lastSuccess?.updatedAt ?? null,
    lastStatus: latest?.status ?? null,
    lastError: latest && ERROR_STATUSES.has(latest.status) ? (latest.error ?? null) : null,
    recent: entriesNewestFirst.slice(0, RECENT_ENTRIES),
  };
}

async function collect<T>(collection: AsyncIterable<T | null | undefined>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

export async function buildUserStatus(deps: {
  okta: OktaClient;
  journal: AuditJournal;
  accessRules: () => readonly AccessRule[];
  idOrLogin: string;
}): Promise<UserStatusView> {
  const user = toUserView(await readOktaUser(deps.okta, deps.idOrLogin));
  const [factors, groups] = await Promise.all([
    deps.okta.userFactorApi
      .listFactors({ userId: user.id })
      .then((c) => collect(c as unknown as AsyncIterable<RawFactor>)),
    deps.okta.userApi
      .listUserGroups({ userId: user.id })
      .then((c) => collect(c as unknown as AsyncIterable<RawGroup>)),
  ]).catch(rethrowOktaError);
  const managed = ruleGroupIds(deps.accessRules());
  return {
    user,
    factors: factors.map((f) => ({
      id: String(f.id),
      factorType: String(f.factorType),
      provider: String(f.provider),
      status: String(f.status),
    })),
    groups: groups.map((g) => ({
      id: String(g.id),
      name: g.profile?.name ?? '',
      managed: managed.has(String(g.id)),
    })),
    // Enough history to find the last sync among the user's actions.
    sync: summariseSync(deps.journal.latestFor({ oktaUserId: user.id }, 50)),
  };
}

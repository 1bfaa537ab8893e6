import { notFound } from '../errors/domain-errors.js';
import { ruleGroupIds } from '../mapping/access-rules.js';
import type { AccessRule, OktaTimestamp, OktaUserSnapshot } from '../mapping/types.js';
import type { OktaFactor, OktaGateway } from '../okta/okta-gateway.js';
import { rethrowOktaError } from '../okta/okta-failures.js';
import type { AuditJournal, StoredAuditEntry } from '../store/types.js';

/** The live Okta status of one user, as the Contact and Case panels show it. */

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
  factors: OktaFactor[];
  groups: { id: string; name: string; managed: boolean }[];
  sync: SyncView;
}

const iso = (value: OktaTimestamp): string | null =>
  value instanceof Date ? value.toISOString() : value;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toUserView(user: OktaUserSnapshot): OktaUserView {
  const { profile, status } = user;
  return {
    id: user.id,
    login: text(profile['login']),
    email: text(profile['email']),
    firstName: text(profile['firstName']),
    lastName: text(profile['lastName']),
    status,
    created: iso(user.created),
    activated: iso(user.activated),
    statusChanged: iso(user.statusChanged),
    lastLogin: iso(user.lastLogin),
    passwordChanged: iso(user.passwordChanged),
    lockedOut: status === 'LOCKED_OUT',
  };
}

/** Reads a user by id or login; `not-found` when Okta has no such user. */
export async function readOktaUser(
  okta: Pick<OktaGateway, 'getUser'>,
  idOrLogin: string,
): Promise<OktaUserSnapshot> {
  const user = await okta.getUser(idOrLogin).catch(rethrowOktaError);
  if (!user) throw notFound(`No Okta user with id or login ${JSON.stringify(idOrLogin)}.`);
  return user;
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

export async function buildUserStatus(deps: {
  okta: Pick<OktaGateway, 'getUser' | 'listFactors' | 'listUserGroups'>;
  journal: AuditJournal;
  accessRules: () => readonly AccessRule[];
  idOrLogin: string;
}): Promise<UserStatusView> {
  const user = toUserView(await readOktaUser(deps.okta, deps.idOrLogin));
  const [factors, groups] = await Promise.all([
    deps.okta.listFactors(user.id),
    deps.okta.listUserGroups(user.id),
  ]).catch(rethrowOktaError);
  const managed = ruleGroupIds(deps.accessRules());
  return {
    user,
    factors,
    groups: groups.map((g) => ({ ...g, managed: managed.has(g.id) })),
    // Enough history to find the last sync among the user's actions.
    sync: summariseSync(await deps.journal.latestFor({ oktaUserId: user.id }, 50)),
  };
}

import type { OktaSeed, OktaUserStatus } from '../seed.js';
import type { LogEvent } from './log-events.js';
import { oktaId } from './okta-ids.js';
import type { UserProfile } from './profile-schema.js';

export type { OktaUserStatus } from '../seed.js';

export interface FactorRecord {
  id: string;
  factorType: string;
  provider: string;
  status: string;
  created: string;
  lastUpdated: string;
}

export interface UserRecord {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: UserProfile;
  factors: FactorRecord[];
  /** Whether the user has a password credential (decides ACTIVE vs PROVISIONED on activation). */
  hasPassword: boolean;
}

/** The id of the Everyone group of an org whose seed has none. */
export const EVERYONE_GROUP_ID = '00gbuiltin0everyone0';

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  type: 'OKTA_GROUP' | 'BUILT_IN' | 'APP_GROUP';
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
}

/** An admin role assigned to a user or a group (`/api/v1/{users|groups}/{id}/roles`). */
export interface RoleAssignmentRecord {
  id: string;
  type: string;
  assignmentType: 'USER' | 'GROUP';
  assigneeId: string;
  created: string;
}

export interface EventHookHeader {
  key: string;
  value: string;
}

export interface EventHookRecord {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'VERIFIED' | 'UNVERIFIED';
  events: { type: 'EVENT_TYPE'; items: string[] };
  channel: {
    type: 'HTTP';
    version: string;
    config: {
      uri: string;
      method: 'POST';
      headers: EventHookHeader[];
      authScheme: { type: 'HEADER'; key: string; value: string } | null;
    };
  };
  created: string;
  lastUpdated: string;
}

/** Index of the first element ≥ key in a sorted array. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > key in a sorted array. */
export function upperBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: string[], key: string): void {
  sorted.splice(lowerBound(sorted, key), 0, key);
}

function removeSorted(sorted: string[], key: string): void {
  const i = lowerBound(sorted, key);
  if (sorted[i] === key) sorted.splice(i, 1);
}

/**
 * The org's data, indexed for the access paths the API needs: users by id, login and
 * email; ids sorted for cursor pagination; memberships both ways; the System Log in
 * persistence order; event hooks.
 */
export class OktaState {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly hooks = new Map<string, EventHookRecord>();
  readonly logs: LogEvent[] = [];
  /** The org's default user type id (`type.id` of every user). */
  readonly userTypeId = oktaId('oty');

  private readonly loginIndex = new Map<string, string>();
  private readonly emailIndex = new Map<string, Set<string>>();
  private readonly sortedUserIds: string[] = [];
  private readonly sortedGroupIds: string[] = [];
  private readonly groupMembers = new Map<string, Set<string>>();
  private readonly userGroups = new Map<string, Set<string>>();
  private readonly sortedMembersCache = new Map<string, string[]>();
  private readonly roleAssignments = new Map<string, RoleAssignmentRecord[]>();

  static fromSeed(seed: OktaSeed | undefined): OktaState {
    const state = OktaState.#fromSeed(seed);
    state.#ensureEveryone();
    return state;
  }

  static #fromSeed(seed: OktaSeed | undefined): OktaState {
    const state = new OktaState();
    if (!seed) return state;
    for (const u of seed.users) {
      const record: UserRecord = {
        id: u.id,
        status: u.status,
        created: u.created,
        activated: u.activated,
        statusChanged: u.statusChanged,
        lastLogin: u.lastLogin,
        lastUpdated: u.lastUpdated,
        passwordChanged: u.passwordChanged,
        profile: { ...u.profile } as UserProfile,
        factors: u.factors.map((f) => ({ ...f, created: u.created, lastUpdated: u.created })),
        hasPassword: u.passwordChanged !== null,
      };
      state.users.set(record.id, record);
      state.indexUser(record);
      state.sortedUserIds.push(record.id);
    }
    state.sortedUserIds.sort();
    const created = seed.users.reduce((min, u) => (u.created < min ? u.created : min), '9999');
    for (const g of seed.groups) {
      const stamp = created === '9999' ? new Date(0).toISOString() : created;
      state.groups.set(g.id, {
        id: g.id,
        name: g.name,
        description: g.description,
        type: g.type,
        created: stamp,
        lastUpdated: stamp,
        lastMembershipUpdated: stamp,
      });
      state.sortedGroupIds.push(g.id);
    }
    state.sortedGroupIds.sort();
    for (const m of seed.memberships) {
      if (state.users.has(m.userId) && state.groups.has(m.groupId)) state.link(m.groupId, m.userId);
    }
    for (const g of seed.groups) {
      for (const type of g.adminRoles ?? []) {
        state.addRoleAssignment({
          id: oktaId('ra1'),
          type,
          assignmentType: 'GROUP',
          assigneeId: g.id,
          created: state.groups.get(g.id)?.created ?? new Date(0).toISOString(),
        });
      }
    }
    return state;
  }

  /**
   * Every Okta org has the built-in `Everyone` group, holding every user ("Groups API": type
   * BUILT_IN); a seed's group of that name is it.
   */
  #ensureEveryone(): void {
    const named = [...this.groups.values()].find((g) => g.name === 'Everyone');
    if (named) named.type = 'BUILT_IN';
    else {
      const stamp = new Date(0).toISOString();
      this.addGroup({
        id: EVERYONE_GROUP_ID,
        name: 'Everyone',
        description: 'All users in your organization',
        type: 'BUILT_IN',
        created: stamp,
        lastUpdated: stamp,
        lastMembershipUpdated: stamp,
      });
    }
    const everyone = this.everyoneGroupId;
    if (everyone) for (const id of this.sortedUserIds) this.link(everyone, id);
  }

  /** The id of the built-in Everyone group. */
  get everyoneGroupId(): string | undefined {
    for (const g of this.groups.values()) if (g.type === 'BUILT_IN') return g.id;
    return undefined;
  }

  // ── users ──────────────────────────────────────────────────────────────

  get userIds(): readonly string[] {
    return this.sortedUserIds;
  }

  /** Finds a user by id or by login (case-insensitive), as `GET /api/v1/users/{idOrLogin}` does. */
  findUser(idOrLogin: string): UserRecord | undefined {
    const byId = this.users.get(idOrLogin);
    if (byId) return byId;
    const id = this.loginIndex.get(idOrLogin.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  userIdByLogin(login: string): string | undefined {
    return this.loginIndex.get(login.toLowerCase());
  }

  userIdsByEmail(email: string): readonly string[] {
    return [...(this.emailIndex.get(email.toLowerCase()) ?? [])].sort();
  }

  addUser(record: UserRecord): void {
    if (this.users.has(record.id)) throw new Error(`duplicate user id ${record.id}`);
    this.users.set(record.id, record);
    this.indexUser(record);
    insertSorted(this.sortedUserIds, record.id);
    const everyone = this.everyoneGroupId;
    if (everyone) this.link(everyone, record.id);
  }

  /** Replaces a user's profile, keeping the login and email indexes in step. */
  setProfile(record: UserRecord, profile: UserProfile): void {
    this.unindexUser(record);
    record.profile = profile;
    this.indexUser(record);
  }

  removeUser(id: string): void {
    const record = this.users.get(id);
    if (!record) return;
    for (const groupId of [...(this.userGroups.get(id) ?? [])]) this.unlink(groupId, id);
    this.unindexUser(record);
    this.users.delete(id);
    removeSorted(this.sortedUserIds, id);
  }

  private indexUser(record: UserRecord): void {
    const login = record.profile['login'];
    if (typeof login === 'string') this.loginIndex.set(login.toLowerCase(), record.id);
    const email = record.profile['email'];
    if (typeof email === 'string') {
      const key = email.toLowerCase();
      let ids = this.emailIndex.get(key);
      if (!ids) this.emailIndex.set(key, (ids = new Set()));
      ids.add(record.id);
    }
  }

  private unindexUser(record: UserRecord): void {
    const login = record.profile['login'];
    if (typeof login === 'string' && this.loginIndex.get(login.toLowerCase()) === record.id) {
      this.loginIndex.delete(login.toLowerCase());
    }
    const email = record.profile['email'];
    if (typeof email === 'string') {
      const ids = this.emailIndex.get(email.toLowerCase());
      ids?.delete(record.id);
      if (ids?.size === 0) this.emailIndex.delete(email.toLowerCase());
    }
  }

  // ── groups and memberships ─────────────────────────────────────────────

  get groupIds(): readonly string[] {
    return this.sortedGroupIds;
  }

  addGroup(record: GroupRecord): void {
    this.groups.set(record.id, record);
    insertSorted(this.sortedGroupIds, record.id);
  }

  /** Deletes a group with its memberships and role assignments. */
  removeGroup(groupId: string): void {
    for (const userId of [...(this.groupMembers.get(groupId) ?? [])]) this.unlink(groupId, userId);
    this.groupMembers.delete(groupId);
    this.roleAssignments.delete(groupId);
    this.groups.delete(groupId);
    const at = this.sortedGroupIds.indexOf(groupId);
    if (at >= 0) this.sortedGroupIds.splice(at, 1);
  }

  isMember(groupId: string, userId: string): boolean {
    return this.groupMembers.get(groupId)?.has(userId) ?? false;
  }

  /** Adds a membership; false when it already existed. */
  link(groupId: string, userId: string): boolean {
    let members = this.groupMembers.get(groupId);
    if (!members) this.groupMembers.set(groupId, (members = new Set()));
    if (members.has(userId)) return false;
    members.add(userId);
    let groups = this.userGroups.get(userId);
    if (!groups) this.userGroups.set(userId, (groups = new Set()));
    groups.add(groupId);
    this.sortedMembersCache.delete(groupId);
    return true;
  }

  /** Removes a membership; false when there was none. */
  unlink(groupId: string, userId: string): boolean {
    const members = this.groupMembers.get(groupId);
    if (!members?.delete(userId)) return false;
    this.userGroups.get(userId)?.delete(groupId);
    this.sortedMembersCache.delete(groupId);
    return true;
  }

  /** Member ids of a group, sorted (cached until the membership changes). */
  sortedMembers(groupId: string): readonly string[] {
    let sorted = this.sortedMembersCache.get(groupId);
    if (!sorted) {
      sorted = [...(this.groupMembers.get(groupId) ?? [])].sort();
      this.sortedMembersCache.set(groupId, sorted);
    }
    return sorted;
  }

  groupsOfUser(userId: string): GroupRecord[] {
    return [...(this.userGroups.get(userId) ?? [])]
      .sort()
      .map((id) => this.groups.get(id))
      .filter((g): g is GroupRecord => g !== undefined);
  }

  memberCount(groupId: string): number {
    return this.groupMembers.get(groupId)?.size ?? 0;
  }

  membershipCount(): number {
    let n = 0;
    for (const members of this.groupMembers.values()) n += members.size;
    return n;
  }

  /** All memberships as pairs, for inspection in tests. */
  memberships(): { groupId: string; userId: string }[] {
    const out: { groupId: string; userId: string }[] = [];
    for (const [groupId, members] of this.groupMembers) {
      for (const userId of members) out.push({ groupId, userId });
    }
    return out;
  }

  // ── admin role assignments ─────────────────────────────────────────────

  roleAssignmentsOf(assigneeId: string): readonly RoleAssignmentRecord[] {
    return this.roleAssignments.get(assigneeId) ?? [];
  }

  addRoleAssignment(record: RoleAssignmentRecord): void {
    const list = this.roleAssignments.get(record.assigneeId) ?? [];
    list.push(record);
    this.roleAssignments.set(record.assigneeId, list);
  }

  /** Ids of the groups a user is a member of, sorted. */
  groupIdsOfUser(userId: string): string[] {
    return [...(this.userGroups.get(userId) ?? [])].sort();
  }
}

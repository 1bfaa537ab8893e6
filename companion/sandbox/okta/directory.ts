/**
 * The org's directory operations (users, lifecycle, memberships). Every mutation goes
 * through here — from the HTTP API and from the test helpers alike — and records the
 * System Log events Okta would, attributed to the given action context.
 */
import { fail, OktaApiFailure } from './errors.js';
import { groupTarget, userTarget, type ActionContext, type LogEventSpec } from './log-events.js';
import { oktaId } from './okta-ids.js';
import type { ProfileSchema, ProfileValue, UserProfile } from './profile-schema.js';
import type { GroupRecord, OktaState, OktaUserStatus, UserRecord } from './state.js';
import { planLifecycle, type LifecycleOperation } from './user-lifecycle.js';
import { randomBytes } from 'node:crypto';

/** Okta Classic Engine or Okta Identity Engine: they log an MFA reset differently. */
export type OktaEngine = 'classic' | 'identity-engine';

export interface DirectoryDeps {
  state: () => OktaState;
  schema: ProfileSchema;
  now: () => Date;
  orgUrl: () => string;
  engine: OktaEngine;
  record: (specs: readonly LogEventSpec[], context: ActionContext) => void;
}

export interface CreateUserInput {
  profile?: unknown;
  credentials?: { password?: { value?: unknown } | null } | null;
  /** Groups the new user joins at creation. */
  groupIds?: unknown;
}

export type ActivationResult =
  { activationUrl: string; activationToken: string } | Record<string, never>;

export class Directory {
  constructor(private readonly deps: DirectoryDeps) {}

  private get state(): OktaState {
    return this.deps.state();
  }

  private stamp(): string {
    return this.deps.now().toISOString();
  }

  requireUser(idOrLogin: string): UserRecord {
    const user = this.state.findUser(idOrLogin);
    if (!user) throw fail.notFound(idOrLogin, 'User');
    return user;
  }

  requireGroup(id: string): GroupRecord {
    const group = this.state.groups.get(id);
    if (!group) throw fail.notFound(id, 'UserGroup');
    return group;
  }

  createUser(input: CreateUserInput, activate: boolean, context: ActionContext): UserRecord {
    const profile = this.deps.schema.validate(input.profile);
    this.assertLoginFree(String(profile['login']), undefined);
    const password = input.credentials?.password?.value;
    if (password !== undefined && typeof password !== 'string') {
      throw fail.validation('password', [
        'password: Does not match the declared type of the attribute',
      ]);
    }
    const hasPassword = typeof password === 'string' && password.length > 0;
    const groupIds = input.groupIds ?? [];
    if (!Array.isArray(groupIds) || !groupIds.every((g) => typeof g === 'string')) {
      throw fail.validation('groupIds', [
        'groupIds: Does not match the declared type of the attribute',
      ]);
    }
    const groups = (groupIds as string[]).map((id) => this.requireGroup(id));
    const now = this.stamp();
    const status: OktaUserStatus = !activate ? 'STAGED' : hasPassword ? 'ACTIVE' : 'PROVISIONED';
    const user: UserRecord = {
      id: this.newUserId(),
      status,
      created: now,
      activated: status === 'ACTIVE' ? now : null,
      statusChanged: activate ? now : null,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: hasPassword ? now : null,
      profile,
      factors: [],
      hasPassword,
    };
    this.state.addUser(user);
    const specs: LogEventSpec[] = [
      { eventType: 'user.lifecycle.create', targets: [userTarget(user)] },
    ];
    if (activate) specs.push({ eventType: 'user.lifecycle.activate', targets: [userTarget(user)] });
    for (const group of groups) {
      if (!this.state.link(group.id, user.id)) continue;
      group.lastMembershipUpdated = now;
      specs.push({
        eventType: 'group.user_membership.add',
        targets: [userTarget(user), groupTarget(group)],
      });
    }
    this.deps.record(specs, context);
    return user;
  }

  /**
   * Partial update (`POST /users/{id}`, profile merged) or replace (`PUT`, attributes
   * left out are removed). Records `user.account.update_profile` when something changed.
   */
  updateUser(
    idOrLogin: string,
    input: { profile?: unknown; credentials?: unknown },
    mode: 'merge' | 'replace',
    context: ActionContext,
  ): UserRecord {
    const user = this.requireUser(idOrLogin);
    const planned = this.planProfileUpdate(user, user.profile, input.profile, mode);
    if (planned.event) {
      this.setUpdatedProfile(user, planned.profile);
      this.deps.record([planned.event], context);
    }
    return user;
  }

  /**
   * The profile a patch gives a user whose profile is `current` (their own, or the one earlier
   * planned changes will have given them), and the event that records the change; no event when
   * nothing changes. Throws what the API answers for an invalid patch. Changes nothing.
   */
  planProfileUpdate(
    user: UserRecord,
    current: UserProfile,
    patch: unknown,
    mode: 'merge' | 'replace',
  ): { profile: UserProfile; event: LogEventSpec | undefined } {
    if (user.status === 'DEPROVISIONED') throw fail.statusNotAllowed();
    if (patch !== undefined && (typeof patch !== 'object' || Array.isArray(patch))) {
      throw fail.validation('profile', [
        'profile: Does not match the declared type of the attribute',
      ]);
    }
    const fields = (patch ?? {}) as Record<string, unknown>;
    const candidate = mode === 'merge' ? { ...current, ...fields } : { ...fields };
    const profile = this.deps.schema.validate(candidate);
    if (String(profile['login']).toLowerCase() !== String(current['login']).toLowerCase()) {
      this.assertLoginFree(String(profile['login']), user.id);
    }
    const changed = changedAttributes(current, profile);
    if (changed.length === 0) return { profile, event: undefined };
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    for (const key of changed) {
      from[key] = current[key] ?? null;
      to[key] = profile[key] ?? null;
    }
    return {
      profile,
      event: {
        eventType: 'user.account.update_profile',
        // Named as the change leaves them (a new login or name shows in the event).
        targets: [{ ...userTarget({ ...user, profile }), changeDetails: { from, to } }],
        debugData: { changedAttributes: changed.join(',') },
      },
    };
  }

  /** Gives a user a profile `planProfileUpdate` made (the caller records its event). */
  setUpdatedProfile(user: UserRecord, profile: UserProfile): void {
    this.state.setProfile(user, profile);
    user.lastUpdated = this.stamp();
  }

  /** Applies a lifecycle operation; returns the activation token when one is issued. */
  lifecycle(
    idOrLogin: string,
    operation: LifecycleOperation,
    context: ActionContext,
    options: { sendEmail?: boolean } = {},
  ): { user: UserRecord; activation: ActivationResult } {
    const user = this.requireUser(idOrLogin);
    const plan = planLifecycle(operation, user.status, user.hasPassword);
    if (plan instanceof OktaApiFailure) throw plan;
    const now = this.stamp();
    const before = user.status;
    user.status = plan.next;
    if (before !== plan.next) user.statusChanged = now;
    user.lastUpdated = now;
    if (operation === 'activate' && plan.next === 'ACTIVE') user.activated = now;
    if (operation === 'deactivate') user.hasPassword = false;
    if (operation === 'reset_factors') {
      this.deps.record(this.factorResetEvents(user), context);
      user.factors = [];
    } else {
      this.deps.record([{ eventType: plan.eventType, targets: [userTarget(user)] }], context);
    }
    let activation: ActivationResult = {};
    if ((operation === 'activate' || operation === 'reactivate') && options.sendEmail === false) {
      const activationToken = randomBytes(15).toString('base64url');
      activation = {
        activationUrl: `${this.deps.orgUrl()}/welcome/${activationToken}`,
        activationToken,
      };
    }
    return { user, activation };
  }

  /**
   * An MFA reset as the org's engine logs it: Classic, one `user.mfa.factor.reset_all`;
   * Identity Engine, one `user.mfa.factor.deactivate` per enrolled factor (none without factors).
   */
  private factorResetEvents(user: UserRecord): LogEventSpec[] {
    if (this.deps.engine === 'classic') {
      return [{ eventType: 'user.mfa.factor.reset_all', targets: [userTarget(user)] }];
    }
    return user.factors.map((factor) => ({
      eventType: 'user.mfa.factor.deactivate',
      targets: [userTarget(user)],
      debugData: { factor: factor.factorType, factorId: factor.id },
    }));
  }

  /** Enrols factors (already verified) for a user, as a test or the console would. */
  enrolFactors(idOrLogin: string, factorTypes: readonly string[]): UserRecord {
    const user = this.requireUser(idOrLogin);
    const now = this.stamp();
    for (const factorType of factorTypes) {
      user.factors.push({
        id: oktaId('uft'),
        factorType,
        provider: 'OKTA',
        status: 'ACTIVE',
        created: now,
        lastUpdated: now,
      });
    }
    return user;
  }

  /** `DELETE /users/{id}`: deactivates first; deletes a DEPROVISIONED user for good. */
  deleteUser(idOrLogin: string, context: ActionContext): 'deactivated' | 'deleted' {
    const user = this.requireUser(idOrLogin);
    if (user.status !== 'DEPROVISIONED') {
      this.lifecycle(user.id, 'deactivate', context);
      return 'deactivated';
    }
    const target = userTarget(user);
    this.state.removeUser(user.id);
    this.deps.record(
      [
        { eventType: 'user.lifecycle.delete.initiated', targets: [target] },
        { eventType: 'user.lifecycle.delete.completed', targets: [target] },
      ],
      context,
    );
    return 'deleted';
  }

  addMember(groupId: string, userId: string, context: ActionContext): void {
    const group = this.requireGroup(groupId);
    const user = this.state.users.get(userId);
    if (!user) throw fail.notFound(userId, 'User');
    if (group.type === 'BUILT_IN') throw fail.forbidden();
    if (!this.state.link(group.id, user.id)) return;
    group.lastMembershipUpdated = this.stamp();
    this.deps.record(
      [{ eventType: 'group.user_membership.add', targets: [userTarget(user), groupTarget(group)] }],
      context,
    );
  }

  removeMember(groupId: string, userId: string, context: ActionContext): void {
    const group = this.requireGroup(groupId);
    const user = this.state.users.get(userId);
    if (!user) throw fail.notFound(userId, 'User');
    if (group.type === 'BUILT_IN') throw fail.forbidden();
    if (!this.state.unlink(group.id, user.id)) return;
    group.lastMembershipUpdated = this.stamp();
    this.deps.record(
      [
        {
          eventType: 'group.user_membership.remove',
          targets: [userTarget(user), groupTarget(group)],
        },
      ],
      context,
    );
  }

  createGroup(name: string, description: string, context: ActionContext): GroupRecord {
    const now = this.stamp();
    const group: GroupRecord = {
      id: oktaId('00g'),
      name,
      description,
      type: 'OKTA_GROUP',
      created: now,
      lastUpdated: now,
      lastMembershipUpdated: now,
    };
    this.state.addGroup(group);
    this.deps.record(
      [{ eventType: 'group.lifecycle.create', targets: [groupTarget(group)] }],
      context,
    );
    return group;
  }

  /** Replaces an Okta group's profile; built-in and app groups cannot be edited here. */
  updateGroup(
    id: string,
    profile: { name: string; description: string },
    context: ActionContext,
  ): GroupRecord {
    const group = this.requireGroup(id);
    if (group.type !== 'OKTA_GROUP') throw fail.forbidden();
    Object.assign(group, profile, { lastUpdated: this.stamp() });
    this.deps.record(
      [{ eventType: 'group.profile.update', targets: [groupTarget(group)] }],
      context,
    );
    return group;
  }

  /** Deletes an Okta group (its memberships go with it); the Everyone group cannot be deleted. */
  deleteGroup(id: string, context: ActionContext): void {
    const group = this.requireGroup(id);
    if (group.type === 'BUILT_IN') throw fail.forbidden();
    this.state.removeGroup(group.id);
    this.deps.record(
      [{ eventType: 'group.lifecycle.delete', targets: [groupTarget(group)] }],
      context,
    );
  }

  private assertLoginFree(login: string, selfId: string | undefined): void {
    const owner = this.state.userIdByLogin(login);
    if (owner !== undefined && owner !== selfId) {
      throw fail.validation('login', [
        'login: An object with this field already exists in the current organization',
      ]);
    }
  }

  private newUserId(): string {
    for (;;) {
      const id = oktaId('00u');
      if (!this.state.users.has(id)) return id;
    }
  }
}

function changedAttributes(before: UserProfile, after: UserProfile): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  for (const key of keys) {
    if (!sameValue(before[key] ?? null, after[key] ?? null)) changed.push(key);
  }
  return changed;
}

function sameValue(a: ProfileValue, b: ProfileValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

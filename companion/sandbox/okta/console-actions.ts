/**
 * Actions "in the Okta Admin Console": the test helpers of the emulator handle. They
 * change the org through the same directory operations as the API and record the
 * events Okta would, with an administrator (or the user themself) as the actor.
 */
import { randomBytes } from 'node:crypto';
import type { Directory } from './directory.js';
import { buildLogEvent, userTarget, type LogEvent } from './log-events.js';
import type { LogRecorder } from './log-recorder.js';
import { uuid } from './okta-ids.js';
import { CONSOLE_ADMIN, consoleContext, selfContext } from './principals.js';
import type { ProfileValue } from './profile-schema.js';
import type { OktaUserStatus, UserRecord } from './state.js';

export interface CreateUserDirectOptions {
  /** Default true: created and activated (ACTIVE with a password, else PROVISIONED). */
  activate?: boolean;
  /** Default true: the user has a password, so activation makes them ACTIVE. */
  password?: boolean;
  /** Factor types the user has enrolled (default none), e.g. ['push', 'sms']. */
  factors?: string[];
}

export interface ConsoleActions {
  createUserDirect(
    profile: Record<string, ProfileValue>,
    options?: CreateUserDirectOptions,
  ): UserRecord;
  updateUserDirect(idOrLogin: string, profile: Record<string, ProfileValue>): UserRecord;
  /** Moves a user to ACTIVE, SUSPENDED, LOCKED_OUT, PASSWORD_EXPIRED, DEPROVISIONED or PROVISIONED. */
  setUserStatus(idOrLogin: string, status: OktaUserStatus): UserRecord;
  deleteUserDirect(idOrLogin: string): void;
  resetFactorsDirect(idOrLogin: string): UserRecord;
  addToGroupDirect(groupId: string, userId: string): void;
  removeFromGroupDirect(groupId: string, userId: string): void;
  createGroupDirect(name: string, description?: string): string;
  /** Appends an arbitrary System Log event (defaults: actor CONSOLE_ADMIN, outcome SUCCESS). */
  appendEvent(event: Partial<LogEvent> & { eventType: string }): LogEvent;
}

function selfOf(user: UserRecord): { id: string; login: string; displayName: string } {
  const target = userTarget(user);
  return { id: user.id, login: target.alternateId, displayName: target.displayName };
}

export function consoleActions(deps: {
  directory: Directory;
  recorder: LogRecorder;
  now: () => Date;
}): ConsoleActions {
  const { directory, recorder, now } = deps;
  const console = () => consoleContext(CONSOLE_ADMIN);

  const setUserStatus = (idOrLogin: string, target: OktaUserStatus): UserRecord => {
    const user = directory.requireUser(idOrLogin);
    const goActive = () => {
      switch (user.status) {
        case 'ACTIVE':
          return;
        case 'SUSPENDED':
          directory.lifecycle(user.id, 'unsuspend', console());
          return;
        case 'LOCKED_OUT':
          directory.lifecycle(user.id, 'unlock', console());
          return;
        case 'STAGED':
        case 'DEPROVISIONED':
          user.hasPassword = true;
          directory.lifecycle(user.id, 'activate', console());
          return;
        case 'PROVISIONED':
        case 'PASSWORD_EXPIRED':
        case 'RECOVERY': {
          // The user completes activation / sets a new password themselves.
          const wasProvisioned = user.status === 'PROVISIONED';
          const stamp = now().toISOString();
          user.status = 'ACTIVE';
          user.hasPassword = true;
          user.statusChanged = stamp;
          user.lastUpdated = stamp;
          user.passwordChanged = stamp;
          if (wasProvisioned) user.activated = stamp;
          recorder.record(
            [
              {
                eventType: wasProvisioned
                  ? 'user.lifecycle.activate'
                  : 'user.account.update_password',
                targets: [userTarget(user)],
              },
            ],
            selfContext(selfOf(user)),
          );
        }
      }
    };
    switch (target) {
      case 'ACTIVE':
        goActive();
        break;
      case 'SUSPENDED':
        goActive();
        directory.lifecycle(user.id, 'suspend', console());
        break;
      case 'LOCKED_OUT':
        goActive();
        directory.lifecycle(user.id, 'lock', selfContext(selfOf(user)));
        break;
      case 'PASSWORD_EXPIRED':
        goActive();
        directory.lifecycle(user.id, 'expire_password', console());
        break;
      case 'DEPROVISIONED':
        if (user.status !== 'DEPROVISIONED') directory.lifecycle(user.id, 'deactivate', console());
        break;
      case 'PROVISIONED':
        if (user.status === 'PROVISIONED') break;
        if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') {
          directory.lifecycle(user.id, 'deactivate', console());
        }
        user.hasPassword = false;
        directory.lifecycle(user.id, 'activate', console());
        break;
      default:
        throw new Error(`setUserStatus cannot move a user to ${target}`);
    }
    return user;
  };

  return {
    createUserDirect(profile, opts = {}) {
      const created = directory.createUser(
        {
          profile,
          credentials:
            opts.password === false
              ? null
              : { password: { value: randomBytes(12).toString('base64url') } },
        },
        opts.activate ?? true,
        console(),
      );
      return opts.factors ? directory.enrolFactors(created.id, opts.factors) : created;
    },
    updateUserDirect: (idOrLogin, profile) =>
      directory.updateUser(idOrLogin, { profile }, 'merge', console()),
    setUserStatus,
    deleteUserDirect(idOrLogin) {
      const user = directory.requireUser(idOrLogin);
      if (user.status !== 'DEPROVISIONED') directory.deleteUser(user.id, console());
      directory.deleteUser(user.id, console());
    },
    resetFactorsDirect: (idOrLogin) =>
      directory.lifecycle(idOrLogin, 'reset_factors', console()).user,
    addToGroupDirect: (groupId, userId) => directory.addMember(groupId, userId, console()),
    removeFromGroupDirect: (groupId, userId) => directory.removeMember(groupId, userId, console()),
    createGroupDirect: (name, description = '') =>
      directory.createGroup(name, description, console()).id,
    appendEvent(event) {
      const base = buildLogEvent(
        { eventType: event.eventType, targets: event.target ?? [] },
        console(),
        {
          uuid: event.uuid ?? uuid(),
          published: event.published ?? now().toISOString(),
        },
      );
      return recorder.append({ ...base, ...event } as LogEvent);
    },
  };
}

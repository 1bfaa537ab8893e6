import { JOB_KIND, userSubjectKey, type OktaEventPayload } from '../intake/okta-events.js';
import type { InboundEvent } from '../store/types.js';
import type { ScimGroupRecord, ScimUserRecord } from '../store/scim-resources.js';

/**
 * What an accepted SCIM write asks of the workflows, as inbox events: the same job kinds,
 * subjects and event types as Okta's event hooks, so hooks and SCIM coalesce into one job per
 * Okta user and run the same workflows and checks. A resource whose Okta user is not known yet
 * goes to a link job that finds it first. Pure.
 */

export const SCIM_JOB_KIND = {
  /** Finds the Okta user of a SCIM User that came without Okta's user id. */
  userLink: 'scim-user-link',
  /** Finds the Okta group of a pushed SCIM Group and replays its memberships. */
  groupLink: 'scim-group-link',
} as const;

export const scimUserSubject = (id: string) => `scim-user:${id}`;
export const scimGroupSubject = (id: string) => `scim-group:${id}`;

const OKTA_USER_ID = /^00u[0-9A-Za-z]{17}$/;
const OKTA_GROUP_ID = /^00g[0-9A-Za-z]{17}$/;

/** Okta sends its user id as `externalId`; another client's externalId is not one. */
export function oktaUserIdOf(externalId: string | null | undefined): string | null {
  return externalId && OKTA_USER_ID.test(externalId) ? externalId : null;
}

export function oktaGroupIdOf(externalId: string | null | undefined): string | null {
  return externalId && OKTA_GROUP_ID.test(externalId) ? externalId : null;
}

export type ScimUserChange = 'created' | 'updated' | 'deleted';

function userEventType(
  change: ScimUserChange,
  before: ScimUserRecord | undefined,
  after: ScimUserRecord,
): string {
  if (change === 'deleted') return 'user.lifecycle.deactivate';
  if (change === 'created')
    return after.active ? 'user.lifecycle.create' : 'user.lifecycle.deactivate';
  if (before?.active && !after.active) return 'user.lifecycle.deactivate';
  if (before && !before.active && after.active) return 'user.lifecycle.reactivate';
  return 'user.account.update_profile';
}

export interface ScimEventPayload extends OktaEventPayload {
  scimUserId: string;
  scimGroupId?: string;
}

/** Pure: the event of one accepted User write (`after` is the record as stored, or as it was before a delete). */
export function scimUserEvent(input: {
  change: ScimUserChange;
  before: ScimUserRecord | undefined;
  after: ScimUserRecord;
  at: string;
}): InboundEvent {
  const { after } = input;
  const eventType = userEventType(input.change, input.before, after);
  const version = input.change === 'deleted' ? `${after.version}-deleted` : String(after.version);
  const payload: ScimEventPayload = {
    eventType,
    published: input.at,
    actorId: null,
    userId: after.oktaUserId ?? '',
    // Never the userName: payloads are shown in health views and must not carry logins.
    userLogin: null,
    groupId: null,
    groupName: null,
    outcome: 'SUCCESS',
    scimUserId: after.id,
  };
  return {
    source: 'okta-scim',
    eventId: `scim:User:${after.id}:${version}`,
    eventType,
    subjectKey: after.oktaUserId ? userSubjectKey(after.oktaUserId) : scimUserSubject(after.id),
    jobKind: after.oktaUserId ? JOB_KIND.oktaUserSync : SCIM_JOB_KIND.userLink,
    occurredAt: input.at,
    payload,
  };
}

/**
 * Pure: the membership events of one accepted Group write — one per member added or removed
 * whose Okta user is known, for the Account Team workflow; or one link event when the group's
 * Okta id is not known yet (the link job resolves it and replays the members).
 */
export function scimGroupEvents(input: {
  before: ScimGroupRecord | undefined;
  after: ScimGroupRecord;
  deleted?: boolean;
  oktaGroupId: string | null;
  members: ReadonlyMap<string, ScimUserRecord>;
  at: string;
}): InboundEvent[] {
  const { before, after } = input;
  const previous = new Set(before?.members ?? []);
  const current = new Set(input.deleted ? [] : after.members);
  const added = [...current].filter((m) => !previous.has(m));
  const removed = [...previous].filter((m) => !current.has(m));
  if (added.length === 0 && removed.length === 0) return [];
  const version = input.deleted ? `${after.version}-deleted` : String(after.version);
  if (input.oktaGroupId === null) {
    return [
      {
        source: 'okta-scim',
        eventId: `scim:Group:${after.id}:${version}`,
        eventType: 'scim.group.members',
        subjectKey: scimGroupSubject(after.id),
        jobKind: SCIM_JOB_KIND.groupLink,
        occurredAt: input.at,
        payload: { scimGroupId: after.id, added, removed },
      },
    ];
  }
  const events: InboundEvent[] = [];
  for (const [memberIds, eventType] of [
    [added, 'group.user_membership.add'],
    [removed, 'group.user_membership.remove'],
  ] as const) {
    for (const memberId of memberIds) {
      const oktaUserId = input.members.get(memberId)?.oktaUserId;
      if (!oktaUserId) continue;
      const payload: ScimEventPayload = {
        eventType,
        published: input.at,
        actorId: null,
        userId: oktaUserId,
        userLogin: null,
        groupId: input.oktaGroupId,
        groupName: after.displayName,
        outcome: 'SUCCESS',
        scimUserId: memberId,
        scimGroupId: after.id,
      };
      events.push({
        source: 'okta-scim',
        eventId: `scim:Group:${after.id}:${version}:${memberId}`,
        eventType,
        subjectKey: userSubjectKey(oktaUserId),
        jobKind: JOB_KIND.oktaGroupMembership,
        occurredAt: input.at,
        payload,
      });
    }
  }
  return events;
}

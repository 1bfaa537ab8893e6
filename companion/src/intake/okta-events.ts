import { z } from 'zod';

/**
 * Okta System Log events, as delivered by event hooks and by the System Log API, turned
 * into the companion's inbound events. Events carry ids, not profiles: the workflows
 * read the current user through the SDK, so duplicates and reordering converge.
 */

const nullableString = z.string().nullish();

const actorSchema = z
  .object({
    id: z.string(),
    type: nullableString,
    alternateId: nullableString,
    displayName: nullableString,
  })
  .loose();

const targetSchema = z
  .object({
    id: z.string(),
    type: nullableString,
    alternateId: nullableString,
    displayName: nullableString,
  })
  .loose();

/** A System Log event, tolerant of the extra and null fields real payloads carry. */
export const oktaLogEventSchema = z
  .object({
    uuid: z.string().min(1),
    published: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString() : v)),
    eventType: z.string().min(1),
    actor: actorSchema.nullish(),
    target: z.array(targetSchema).nullish(),
    outcome: z.object({ result: nullableString, reason: nullableString }).loose().nullish(),
    displayMessage: nullableString,
    severity: nullableString,
  })
  .loose();

export type OktaLogEvent = z.infer<typeof oktaLogEventSchema>;

/** The event hook delivery envelope. */
export const oktaHookEnvelopeSchema = z
  .object({
    eventType: z.literal('com.okta.event_hook'),
    eventTypeVersion: nullableString,
    cloudEventsVersion: nullableString,
    eventId: z.string().min(1),
    eventTime: nullableString,
    source: nullableString,
    data: z.object({ events: z.array(oktaLogEventSchema).max(5000) }).loose(),
  })
  .loose();

export type OktaHookEnvelope = z.infer<typeof oktaHookEnvelopeSchema>;

export const JOB_KIND = {
  oktaUserSync: 'okta-user-sync',
  oktaGroupMembership: 'okta-group-membership',
} as const;

const USER_SYNC_EVENTS = new Set([
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.reactivate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
  'user.lifecycle.delete.completed',
  'user.account.update_profile',
  'user.account.lock',
  'user.account.unlock',
  'user.account.unlock_by_admin',
  'user.mfa.factor.reset_all',
  'user.lifecycle.password_expire',
]);

const GROUP_MEMBERSHIP_EVENTS = new Set([
  'group.user_membership.add',
  'group.user_membership.remove',
]);

/** Every event type the companion acts on: what an Okta event hook should subscribe to. */
export const SUBSCRIBED_EVENT_TYPES: readonly string[] = [
  ...USER_SYNC_EVENTS,
  ...GROUP_MEMBERSHIP_EVENTS,
].filter(
  (type) =>
    !type.endsWith('.completed') &&
    type !== 'user.account.unlock_by_admin' &&
    type !== 'user.lifecycle.password_expire',
);

/**
 * Events a companion write causes in Okta and that carry nothing new for Salesforce:
 * profile updates and group changes the companion made itself. Lifecycle events it caused
 * (a termination Case deactivating a user) still flow back, on purpose.
 */
const ECHO_EVENTS = new Set(['user.account.update_profile', ...GROUP_MEMBERSHIP_EVENTS]);

export type OktaEventSource = 'okta-hook' | 'okta-log';

export interface NormalisedOktaEvent {
  source: OktaEventSource;
  eventId: string;
  eventType: string;
  subjectKey: string;
  jobKind: string;
  occurredAt: string;
  payload: OktaEventPayload;
}

export interface OktaEventPayload {
  eventType: string;
  published: string;
  actorId: string | null;
  userId: string;
  userLogin: string | null;
  groupId: string | null;
  groupName: string | null;
  outcome: string | null;
}

export type SkipReason = 'not-relevant' | 'failed-outcome' | 'own-echo' | 'no-user-target';

export interface Classification {
  events: NormalisedOktaEvent[];
  skipped: { eventId: string; eventType: string; reason: SkipReason }[];
}

export function userSubjectKey(oktaUserId: string): string {
  return `okta-user:${oktaUserId}`;
}

/** Pure: decides which events the sync acts on, and under which job and subject. */
export function classifyOktaEvents(
  events: readonly OktaLogEvent[],
  options: { source: OktaEventSource; ownActorIds: ReadonlySet<string> },
): Classification {
  const result: Classification = { events: [], skipped: [] };
  for (const event of events) {
    const skip = (reason: SkipReason) =>
      result.skipped.push({ eventId: event.uuid, eventType: event.eventType, reason });
    const isUserEvent = USER_SYNC_EVENTS.has(event.eventType);
    const isGroupEvent = GROUP_MEMBERSHIP_EVENTS.has(event.eventType);
    if (!isUserEvent && !isGroupEvent) {
      skip('not-relevant');
      continue;
    }
    const outcome = event.outcome?.result ?? null;
    if (outcome !== null && outcome !== 'SUCCESS' && outcome !== 'ALLOW') {
      skip('failed-outcome');
      continue;
    }
    const actorId = event.actor?.id ?? null;
    if (actorId !== null && options.ownActorIds.has(actorId) && ECHO_EVENTS.has(event.eventType)) {
      skip('own-echo');
      continue;
    }
    const user = event.target?.find((t) => t.type === 'User');
    if (!user) {
      skip('no-user-target');
      continue;
    }
    const group = event.target?.find((t) => t.type === 'UserGroup');
    result.events.push({
      source: options.source,
      eventId: event.uuid,
      eventType: event.eventType,
      subjectKey: userSubjectKey(user.id),
      jobKind: isGroupEvent ? JOB_KIND.oktaGroupMembership : JOB_KIND.oktaUserSync,
      occurredAt: event.published,
      payload: {
        eventType: event.eventType,
        published: event.published,
        actorId,
        userId: user.id,
        userLogin: user.alternateId ?? null,
        groupId: group?.id ?? null,
        groupName: group?.displayName ?? null,
        outcome,
      },
    });
  }
  return result;
}

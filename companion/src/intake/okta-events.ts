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

/**
 * `published` as Okta sends it (an RFC 3339 string; the SDK hands out a Date), checked to be a
 * real instant, and kept as ISO 8601.
 */
const publishedSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const iso = publishedInstant(value);
  if (iso === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `published ${describePublished(value)} is not an RFC 3339 timestamp`,
    });
    return z.NEVER;
  }
  return iso;
});

/** A System Log event, tolerant of the extra and null fields real payloads carry. */
export const oktaLogEventSchema = z
  .object({
    uuid: z.string().min(1),
    published: publishedSchema,
    eventType: z.string().min(1),
    actor: actorSchema.nullish(),
    target: z.array(targetSchema).nullish(),
    outcome: z.object({ result: nullableString, reason: nullableString }).loose().nullish(),
    displayMessage: nullableString,
    severity: nullableString,
  })
  .loose();

export type OktaLogEvent = z.infer<typeof oktaLogEventSchema>;

/**
 * How many events one hook delivery may carry. Okta publishes no per-delivery maximum: it
 * batches the events that occur close together into `data.events` (and sends at most 400,000
 * events a day per org). The companion accepts as many LogEvents as the System Log API hands
 * out in one page (`limit` ≤ 1000); anything larger is refused with 4xx, which Okta does not
 * retry, and its events are read by the System Log poller instead.
 */
export const MAX_EVENTS_PER_DELIVERY = 1000;

/**
 * Room for one LogEvent in the body limit: real events are 1.5–4 KB (client, geographical
 * context, IP chain, debug data); this leaves twice the largest.
 */
export const EVENT_SIZE_ALLOWANCE_BYTES = 8 * 1024;

/** The default hook body limit: a full delivery of large events fits (8 MiB). */
export const DEFAULT_HOOK_MAX_BODY_BYTES = MAX_EVENTS_PER_DELIVERY * EVENT_SIZE_ALLOWANCE_BYTES;

/**
 * The event hook delivery envelope. Events are checked one by one (`parseOktaLogEvents`), so
 * one malformed event never refuses the valid events it was batched with.
 */
export const oktaHookEnvelopeSchema = z
  .object({
    eventType: z.literal('com.okta.event_hook'),
    eventTypeVersion: nullableString,
    cloudEventsVersion: nullableString,
    eventId: z.string().min(1),
    eventTime: nullableString,
    source: nullableString,
    data: z
      .object({
        events: z
          .array(z.unknown())
          .max(
            MAX_EVENTS_PER_DELIVERY,
            `A delivery carries at most ${MAX_EVENTS_PER_DELIVERY} events.`,
          ),
      })
      .loose(),
  })
  .loose();

export type OktaHookEnvelope = z.infer<typeof oktaHookEnvelopeSchema>;

/** An event of a delivery or a System Log page that could not be read, and why. */
export interface InvalidOktaEvent {
  /** Position in its delivery or page. */
  index: number;
  uuid: string | null;
  eventType: string | null;
  /** The Okta user the event names, when it can be told. */
  userId: string | null;
  reason: string;
}

export interface ParsedOktaEvents {
  events: OktaLogEvent[];
  invalid: InvalidOktaEvent[];
}

/** Pure: reads each event on its own; the malformed ones are reported, never thrown. */
export function parseOktaLogEvents(raw: readonly unknown[]): ParsedOktaEvents {
  const result: ParsedOktaEvents = { events: [], invalid: [] };
  raw.forEach((item, index) => {
    const parsed = oktaLogEventSchema.safeParse(item);
    if (parsed.success) {
      result.events.push(parsed.data);
      return;
    }
    const fields = isRecord(item) ? item : {};
    const target = Array.isArray(fields['target']) ? (fields['target'] as unknown[]) : [];
    const user = target.find((t) => isRecord(t) && t['type'] === 'User');
    result.invalid.push({
      index,
      uuid: nonEmptyText(fields['uuid']),
      eventType: nonEmptyText(fields['eventType']),
      userId: isRecord(user) ? nonEmptyText(user['id']) : null,
      reason: parsed.error.issues
        .slice(0, 3)
        .map((issue) =>
          issue.path.length > 0 && issue.code !== 'custom'
            ? `${issue.path.map(String).join('.')}: ${issue.message}`
            : issue.message,
        )
        .join('; '),
    });
  });
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyText(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : null;
}

const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Pure: the instant an Okta `published` value names, as ISO 8601 (UTC), or undefined when it
 * names none: not RFC 3339, or out of range (month 13, day 45, hour 99, 30 February).
 */
export function publishedInstant(value: string | Date): string | undefined {
  if (value instanceof Date) {
    return Number.isFinite(value.getTime()) ? value.toISOString() : undefined;
  }
  const match = RFC_3339.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (match[7] !== undefined && (Number(match[8]) > 23 || Number(match[9]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function describePublished(value: string | Date): string {
  if (value instanceof Date) return '(an invalid date)';
  return value.length === 0 ? '(empty)' : JSON.stringify(value.slice(0, 60));
}

export const JOB_KIND = {
  oktaUserSync: 'okta-user-sync',
  oktaGroupMembership: 'okta-group-membership',
  oktaGroupDeleted: 'okta-group-deleted',
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
  // Okta Identity Engine logs an MFA reset as one deactivation per factor.
  'user.mfa.factor.deactivate',
  'user.lifecycle.password_expire',
]);

const GROUP_MEMBERSHIP_EVENTS = new Set([
  'group.user_membership.add',
  'group.user_membership.remove',
]);

/** Events about a group itself (its target is one `UserGroup`, no `User`). */
const GROUP_LIFECYCLE_EVENTS = new Set(['group.lifecycle.delete']);

/** Every event type the companion acts on: what an Okta event hook should subscribe to. */
export const SUBSCRIBED_EVENT_TYPES: readonly string[] = [
  ...USER_SYNC_EVENTS,
  ...GROUP_MEMBERSHIP_EVENTS,
  ...GROUP_LIFECYCLE_EVENTS,
].filter(
  (type) =>
    !type.endsWith('.completed') &&
    type !== 'user.account.unlock_by_admin' &&
    type !== 'user.lifecycle.password_expire',
);

export type OktaEventSource = 'okta-hook' | 'okta-log';

export interface NormalisedOktaEvent {
  source: OktaEventSource;
  eventId: string;
  eventType: string;
  subjectKey: string;
  jobKind: string;
  occurredAt: string;
  payload: OktaEventPayload | OktaGroupEventPayload;
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

/** An event about an Okta group itself (`group.lifecycle.delete`). */
export interface OktaGroupEventPayload {
  eventType: string;
  published: string;
  actorId: string | null;
  groupId: string;
  /** The group's name as the event's target carried it (the group may be gone by now). */
  groupName: string | null;
  outcome: string | null;
}

export type SkipReason = 'not-relevant' | 'failed-outcome' | 'no-user-target' | 'no-group-target';

export interface Classification {
  events: NormalisedOktaEvent[];
  skipped: { eventId: string; eventType: string; reason: SkipReason }[];
}

export function userSubjectKey(oktaUserId: string): string {
  return `okta-user:${oktaUserId}`;
}

export function groupSubjectKey(oktaGroupId: string): string {
  return `okta-group:${oktaGroupId}`;
}

/** Pure: decides which events the sync acts on, and under which job and subject. */
export function classifyOktaEvents(
  events: readonly OktaLogEvent[],
  options: { source: OktaEventSource },
): Classification {
  const result: Classification = { events: [], skipped: [] };
  for (const event of events) {
    const skip = (reason: SkipReason) =>
      result.skipped.push({ eventId: event.uuid, eventType: event.eventType, reason });
    const isUserEvent = USER_SYNC_EVENTS.has(event.eventType);
    const isGroupEvent = GROUP_MEMBERSHIP_EVENTS.has(event.eventType);
    const isGroupLifecycle = GROUP_LIFECYCLE_EVENTS.has(event.eventType);
    if (!isUserEvent && !isGroupEvent && !isGroupLifecycle) {
      skip('not-relevant');
      continue;
    }
    const outcome = event.outcome?.result ?? null;
    if (outcome !== null && outcome !== 'SUCCESS' && outcome !== 'ALLOW') {
      skip('failed-outcome');
      continue;
    }
    if (isGroupLifecycle) {
      const target = event.target?.find((t) => t.type === 'UserGroup');
      if (!target) {
        skip('no-group-target');
        continue;
      }
      result.events.push({
        source: options.source,
        eventId: event.uuid,
        eventType: event.eventType,
        subjectKey: groupSubjectKey(target.id),
        jobKind: JOB_KIND.oktaGroupDeleted,
        occurredAt: event.published,
        payload: {
          eventType: event.eventType,
          published: event.published,
          actorId: event.actor?.id ?? null,
          groupId: target.id,
          groupName: target.displayName ?? null,
          outcome,
        },
      });
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
        actorId: event.actor?.id ?? null,
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

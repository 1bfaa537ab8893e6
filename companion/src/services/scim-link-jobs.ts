import { randomUUID } from 'node:crypto';
import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { AcceptResult, AuditJournal, InboundEvent, Job, Store } from '../store/types.js';
import type { ScimUserRecord } from '../store/scim-resources.js';
import { scimGroupEvents, scimUserEvent } from './scim-events.js';

/**
 * The link jobs of SCIM resources whose Okta object was not named in the push: a User sent
 * without Okta's user id in `externalId` is found in Okta by its userName (Okta's login), a
 * pushed Group by its name; the resource is linked, and its events go on to the same
 * workflows as any other. A resource Okta does not have is journaled and left alone.
 */

export interface ScimLinkDeps {
  store: Pick<Store, 'scim' | 'inbox' | 'transaction'>;
  /** The Okta user id of a login, or undefined when Okta has no such user. */
  findOktaUser(login: string): Promise<string | undefined>;
  /** The id of the Okta group with exactly this name, or undefined. */
  findOktaGroup(name: string): Promise<string | undefined>;
  audit: AuditJournal;
  onAccepted?: (result: AcceptResult) => void;
  now?: () => Date;
}

const idOf = (job: Job) => job.subjectKey.slice(job.subjectKey.indexOf(':') + 1);

function journalFor(deps: ScimLinkDeps, job: Job) {
  return (
    status: 'SUCCESS' | 'SKIPPED',
    operation: string,
    extra: { error?: string; oktaUserId?: string } = {},
  ) =>
    deps.audit.record({
      id: randomUUID(),
      eventId: job.events[0]?.eventId ?? `job:${job.id}`,
      correlationId: `scim:${job.subjectKey}`,
      direction: 'OKTA_TO_SALESFORCE',
      operation,
      status,
      attempts: job.attempts + 1,
      occurredAt: job.events[0]?.occurredAt ?? (deps.now ?? (() => new Date()))().toISOString(),
      actor: 'okta',
      ...extra,
    });
}

export function createScimUserLinkHandler(deps: ScimLinkDeps): JobHandler {
  return async (jobs) => {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      const journal = journalFor(deps, job);
      try {
        const record = await deps.store.scim.user(idOf(job));
        if (!record) {
          outcomes.push({ jobId: job.id, status: 'done' });
          continue;
        }
        const oktaUserId = record.oktaUserId ?? (await deps.findOktaUser(record.userName));
        if (!oktaUserId) {
          await journal('SKIPPED', 'scim-link-user', {
            error: `SCIM User ${record.id}: Okta has no user with its userName`,
          });
          outcomes.push({ jobId: job.id, status: 'done' });
          continue;
        }
        const result = await deps.store.transaction(async (tx) => {
          const current = await tx.scim.user(record.id);
          if (!current) return undefined;
          const linked = { ...current, oktaUserId };
          await tx.scim.saveUser(linked);
          // What the resource asked for when it arrived, now for its Okta user.
          const events: InboundEvent[] = job.events.map((event) => {
            const relinked = scimUserEvent({
              change: 'updated',
              before: linked,
              after: linked,
              at: event.occurredAt,
            });
            return {
              ...relinked,
              eventId: `${event.eventId}:linked`,
              eventType: event.eventType,
              payload: { ...(relinked.payload as object), eventType: event.eventType },
            };
          });
          return tx.inbox.accept(events);
        });
        if (result) deps.onAccepted?.(result);
        await journal('SUCCESS', 'scim-link-user', { oktaUserId });
        outcomes.push({ jobId: job.id, status: 'done' });
      } catch (error) {
        outcomes.push({ jobId: job.id, status: 'failed', error });
      }
    }
    return outcomes;
  };
}

interface GroupLinkPayload {
  scimGroupId: string;
  added: string[];
  removed: string[];
}

export function createScimGroupLinkHandler(deps: ScimLinkDeps): JobHandler {
  return async (jobs) => {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      const journal = journalFor(deps, job);
      try {
        const group = await deps.store.scim.group(idOf(job));
        if (!group) {
          outcomes.push({ jobId: job.id, status: 'done' });
          continue;
        }
        const oktaGroupId = group.oktaGroupId ?? (await deps.findOktaGroup(group.displayName));
        if (!oktaGroupId) {
          await journal('SKIPPED', 'scim-link-group', {
            error: `SCIM Group ${group.id}: Okta has no group with its displayName`,
          });
          outcomes.push({ jobId: job.id, status: 'done' });
          continue;
        }
        const result = await deps.store.transaction(async (tx) => {
          const current = await tx.scim.group(group.id);
          if (!current) return undefined;
          const linked = { ...current, oktaGroupId };
          await tx.scim.saveGroup(linked);
          const events: InboundEvent[] = [];
          for (const event of job.events) {
            const payload = event.payload as GroupLinkPayload;
            const members = new Map<string, ScimUserRecord>();
            for (const id of [...payload.added, ...payload.removed]) {
              const user = await tx.scim.user(id);
              if (user) members.set(id, user);
            }
            const relinked = scimGroupEvents({
              before: { ...linked, members: payload.removed },
              after: { ...linked, members: payload.added },
              oktaGroupId,
              members,
              at: event.occurredAt,
            });
            for (const e of relinked) {
              events.push({
                ...e,
                eventId: `${event.eventId}:${(e.payload as { scimUserId: string }).scimUserId}:linked`,
              });
            }
          }
          return tx.inbox.accept(events);
        });
        if (result) deps.onAccepted?.(result);
        await journal('SUCCESS', 'scim-link-group');
        outcomes.push({ jobId: job.id, status: 'done' });
      } catch (error) {
        outcomes.push({ jobId: job.id, status: 'failed', error });
      }
    }
    return outcomes;
  };
}

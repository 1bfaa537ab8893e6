import { notFound } from '../errors/domain-errors.js';
import { JOB_KIND, userSubjectKey, type OktaEventPayload } from '../intake/okta-events.js';
import { OKTA_USER_ID_FIELD } from '../mapping/matching.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { AuditJournal, InboundEvent, Inbox } from '../store/types.js';
import { recordAction } from './action-journal.js';
import type { QuerySalesforce } from './mapping-preview.js';

export const RESYNC_EVENT_TYPE = 'companion.resync';

/** Pure: the inbound event that asks the Okta → Salesforce sync to run for one user now. */
export function resyncEvent(input: {
  contactId: string;
  oktaUserId: string;
  actor: string | undefined;
  at: Date;
}): InboundEvent {
  const published = input.at.toISOString();
  const payload: OktaEventPayload = {
    eventType: RESYNC_EVENT_TYPE,
    published,
    actorId: input.actor ?? null,
    userId: input.oktaUserId,
    userLogin: null,
    groupId: null,
    groupName: null,
    outcome: null,
  };
  return {
    source: 'api',
    eventId: `resync:${input.contactId}:${input.at.getTime()}`,
    eventType: RESYNC_EVENT_TYPE,
    subjectKey: userSubjectKey(input.oktaUserId),
    jobKind: JOB_KIND.oktaUserSync,
    occurredAt: published,
    payload,
  };
}

export interface ContactResyncDeps {
  inbox: Inbox;
  journal: AuditJournal;
  querySalesforce: QuerySalesforce;
  wake: () => void;
  now: () => Date;
}

/**
 * "Resync now" on the Contact page: queues an Okta → Salesforce sync of the Contact's linked
 * user and journals who asked. `not-found` for an unknown or unlinked Contact.
 */
export async function requestContactResync(
  deps: ContactResyncDeps,
  request: { contactId: string; actor: string | undefined; correlationId: string },
): Promise<{ oktaUserId: string }> {
  const id = request.contactId;
  const [contact] = await deps.querySalesforce(
    `SELECT Id, ${OKTA_USER_ID_FIELD} FROM Contact WHERE Id = ${soqlQuote(id)} LIMIT 1`,
  );
  if (!contact) throw notFound(`No Contact with id ${id}.`);
  const linked = contact[OKTA_USER_ID_FIELD];
  if (typeof linked !== 'string' || linked.trim() === '') {
    throw notFound(`The Contact ${id} is not linked to an Okta user.`);
  }
  const oktaUserId = linked.trim();
  const at = deps.now();
  const event = resyncEvent({ contactId: id, oktaUserId, actor: request.actor, at });
  await deps.inbox.accept([event]);
  await recordAction(deps.journal, {
    operation: 'resync-requested',
    status: 'SUCCESS',
    at,
    correlationId: request.correlationId,
    actor: request.actor,
    contactId: id,
    oktaUserId,
  });
  deps.wake();
  return { oktaUserId };
}

import { userSubjectKey } from '../intake/okta-events.js';
import { SALESFORCE_JOB_KIND, type ContactChangePayload } from '../queue/salesforce-job-kinds.js';
import type { InboundEvent } from '../store/types.js';

/**
 * A change of a Contact linked to an Okta user is queued under the user's subject, the one the
 * Okta → Salesforce sync of that user uses, so the two directions of one person run one after
 * the other: each reads what the other wrote. As two subjects they could run at once, each
 * write the value it read from the other org, and leave the orgs crossed. A Contact whose link
 * is not known yet keeps its own subject. Pure.
 */
export function withPersonSubjects(
  events: readonly InboundEvent[],
  /** Okta user ids by the 15-character id of the Contact linked to them. */
  usersOfContacts: ReadonlyMap<string, string>,
): InboundEvent[] {
  return events.map((event) => {
    if (event.jobKind !== SALESFORCE_JOB_KIND.contactSync) return event;
    const payload = event.payload as ContactChangePayload;
    const oktaUserId = payload.oktaUserId ?? usersOfContacts.get(payload.contactId.slice(0, 15));
    return oktaUserId ? { ...event, subjectKey: userSubjectKey(oktaUserId) } : event;
  });
}

/** The Contacts whose link the events need looked up. */
export function contactsToLink(events: readonly InboundEvent[]): string[] {
  return events
    .filter((e) => e.jobKind === SALESFORCE_JOB_KIND.contactSync)
    .map((e) => e.payload as ContactChangePayload)
    .filter((p) => !p.oktaUserId)
    .map((p) => p.contactId);
}

import { queryIn, sameId, type QueryFn } from '../salesforce/salesforce-reads.js';
import { contactFieldsOf, type EventContext } from './notification-decide.js';
import type { NotificationEvent } from './notification-events.js';
import type { NotificationRule } from './rule-types.js';

/**
 * Reads the records a batch of events is about: their Contacts (by id, or by Okta user id when
 * the entry names none) with the fields the rules read, and the owners of grants' Cases. One
 * query per kind and 200 ids.
 */
export async function loadEventContexts(
  query: QueryFn,
  events: readonly NotificationEvent[],
  rules: readonly NotificationRule[],
): Promise<Map<string, EventContext>> {
  const fields = contactFieldsOf(rules).join(', ');
  const byId = events.flatMap((e) => (e.contactId ? [e.contactId] : []));
  const byOktaId = events.flatMap((e) => (!e.contactId && e.oktaUserId ? [e.oktaUserId] : []));
  const caseIds = events.flatMap((e) => (e.caseId ? [e.caseId] : []));
  type Row = Record<string, unknown>;
  const [contacts, linked, cases] = await Promise.all([
    queryIn<Row>(query, byId, (list) => `SELECT ${fields} FROM Contact WHERE Id IN (${list})`),
    queryIn<Row>(
      query,
      byOktaId,
      (list) => `SELECT ${fields} FROM Contact WHERE Okta_User_Id__c IN (${list})`,
    ),
    queryIn<{ Id: string; OwnerId: string | null }>(
      query,
      caseIds,
      (list) => `SELECT Id, OwnerId FROM Case WHERE Id IN (${list})`,
    ),
  ]);
  const contexts = new Map<string, EventContext>();
  for (const event of events) {
    const contact = event.contactId
      ? contacts.find((c) => sameId(c['Id'], event.contactId))
      : linked.find((c) => c['Okta_User_Id__c'] === event.oktaUserId);
    const caseOwnerId = event.caseId
      ? (cases.find((c) => sameId(c.Id, event.caseId))?.OwnerId ?? undefined)
      : undefined;
    contexts.set(event.entryId, {
      ...(contact ? { contact } : {}),
      ...(caseOwnerId ? { caseOwnerId } : {}),
    });
  }
  return contexts;
}

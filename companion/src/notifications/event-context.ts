import { queryIn, sameId, type QueryFn } from '../salesforce/salesforce-reads.js';
import { BASE_LEAD_FIELDS, contactFieldsOf, type EventContext } from './notification-decide.js';
import type { NotificationEvent } from './notification-events.js';
import type { NotificationRule } from './rule-types.js';

/**
 * Reads the records a batch of events is about: their Contacts (by id, or by Okta user id when
 * the entry names none) with the fields the rules read, the Leads of events about a Lead with
 * those of the rules' fields Lead has, and the owners of grants' Cases. One query per kind and
 * 200 ids.
 */
export async function loadEventContexts(
  query: QueryFn,
  events: readonly NotificationEvent[],
  rules: readonly NotificationRule[],
  leadFieldNames: () => Promise<ReadonlySet<string>>,
): Promise<Map<string, EventContext>> {
  const contactFields = contactFieldsOf(rules);
  const fields = contactFields.join(', ');
  const aboutLead = (e: NotificationEvent) => e.leadId !== undefined && e.contactId === undefined;
  const byId = events.flatMap((e) => (e.contactId ? [e.contactId] : []));
  const byOktaId = events.flatMap((e) =>
    !e.contactId && !aboutLead(e) && e.oktaUserId ? [e.oktaUserId] : [],
  );
  const leadIds = events.flatMap((e) => (aboutLead(e) && e.leadId ? [e.leadId] : []));
  const caseIds = events.flatMap((e) => (e.caseId ? [e.caseId] : []));
  const leadFields = leadIds.length > 0 ? await leadFieldsOf(contactFields, leadFieldNames) : [];
  type Row = Record<string, unknown>;
  const [contacts, linked, leads, cases] = await Promise.all([
    queryIn<Row>(query, byId, (list) => `SELECT ${fields} FROM Contact WHERE Id IN (${list})`),
    queryIn<Row>(
      query,
      byOktaId,
      (list) => `SELECT ${fields} FROM Contact WHERE Okta_User_Id__c IN (${list})`,
    ),
    queryIn<Row>(
      query,
      leadIds,
      (list) => `SELECT ${leadFields.join(', ')} FROM Lead WHERE Id IN (${list})`,
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
      : aboutLead(event)
        ? undefined
        : linked.find((c) => c['Okta_User_Id__c'] === event.oktaUserId);
    const lead = aboutLead(event) ? leads.find((l) => sameId(l['Id'], event.leadId)) : undefined;
    const caseOwnerId = event.caseId
      ? (cases.find((c) => sameId(c.Id, event.caseId))?.OwnerId ?? undefined)
      : undefined;
    contexts.set(event.entryId, {
      ...(contact ? { contact } : {}),
      ...(lead ? { lead } : {}),
      ...(caseOwnerId ? { caseOwnerId } : {}),
    });
  }
  return contexts;
}

/** The Lead's base fields and those of the rules' Contact fields that Lead has too. */
async function leadFieldsOf(
  contactFields: readonly string[],
  leadFieldNames: () => Promise<ReadonlySet<string>>,
): Promise<string[]> {
  const onLead = await leadFieldNames();
  const lower = new Set([...onLead].map((f) => f.toLowerCase()));
  const fields = new Set<string>(BASE_LEAD_FIELDS);
  const base = new Set([...fields].map((f) => f.toLowerCase()));
  for (const field of contactFields) {
    if (lower.has(field.toLowerCase()) && !base.has(field.toLowerCase())) fields.add(field);
  }
  return [...fields];
}

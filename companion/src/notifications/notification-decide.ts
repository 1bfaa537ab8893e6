import { conditionHolds } from '../mapping/access-rules.js';
import type { NotificationDigest } from '../store/notification-state.js';
import { contactFieldOf, parseMessageTemplate, renderMessage } from './message-template.js';
import type { MessagePart } from './message-template.js';
import type { NotificationEvent } from './notification-events.js';
import type { NotificationEventKind, NotificationRule } from './rule-types.js';
import { describeSideEffects } from './side-effects.js';
import type { StoredAuditEntry } from '../store/types.js';

/**
 * Which rules an event matches, what each says and to whom, and how digests read. Pure: the
 * Contact and Case owner come in as values, the quiet periods and digests are the store's.
 */

/** The records an event is about, as the notifier read them from Salesforce. */
export interface EventContext {
  /** The Contact (its Id, OwnerId, Okta fields and the fields the rules read), when found. */
  contact?: Readonly<Record<string, unknown>>;
  /**
   * The Lead of an event about a Lead (its Id, OwnerId, names, Email, Status and those of the
   * rules' Contact fields that Lead has too), when found.
   */
  lead?: Readonly<Record<string, unknown>>;
  /** The owner of the Case of a grant. */
  caseOwnerId?: string;
  /** Names of the Okta groups the event names, by id (a group without one reads as its id). */
  groupNames?: ReadonlyMap<string, string>;
  /** The side-effects line of a deprovisioning or reactivation of a Contact, when it had one. */
  sideEffects?: StoredAuditEntry;
}

export interface Links {
  /** Where people see the audit of an event. */
  audit(event: NotificationEvent): string;
  /** Where people see the audit of a digest's events. */
  auditList(): string;
}

export interface Message {
  title: string;
  body: string;
}

export type Decision =
  | {
      action: 'send' | 'digest';
      rule: NotificationRule;
      event: NotificationEvent;
      message: Message;
      /** The owner notified, for rules that notify an owner. */
      ownerId: string | null;
      /** The record the notification opens. */
      targetId: string | null;
      /** Sends of one rule about one subject share a key: the quiet period is per key. */
      key: string;
      /** A short name of the subject, listed in digests. */
      subject: string;
    }
  | { action: 'skip'; rule: NotificationRule; event: NotificationEvent; reason: string };

/** Contact fields every notification can show. */
export const BASE_CONTACT_FIELDS = [
  'Id',
  'OwnerId',
  'FirstName',
  'LastName',
  'Email',
  'Okta_User_Id__c',
  'Okta_Login__c',
  'Okta_Status__c',
] as const;

/** Lead fields every notification about a Lead can show. */
export const BASE_LEAD_FIELDS = [
  'Id',
  'OwnerId',
  'FirstName',
  'LastName',
  'Email',
  'Status',
  'Okta_User_Id__c',
] as const;

/** The Contact fields the rules' scopes and templates read, besides the base ones. */
export function contactFieldsOf(rules: readonly NotificationRule[]): string[] {
  const fields = new Set<string>(BASE_CONTACT_FIELDS);
  const has = (name: string) => [...fields].some((f) => f.toLowerCase() === name.toLowerCase());
  for (const rule of rules) {
    if (rule.scope && !has(rule.scope.field)) fields.add(rule.scope.field);
    for (const part of rule.template ?? []) {
      const name = 'field' in part ? contactFieldOf(part.field) : undefined;
      if (name && !has(name)) fields.add(name);
    }
  }
  return [...fields];
}

const TITLES: Record<NotificationEventKind, [one: string, many: string]> = {
  PROVISIONED: ['Okta user provisioned', 'Okta users provisioned'],
  UPDATED: ['Okta user updated', 'Okta users updated'],
  DEPROVISIONED: ['Okta user deprovisioned', 'Okta users deprovisioned'],
  REACTIVATED: ['Okta user reactivated', 'Okta users reactivated'],
  ACCESS_CHANGED: ['Okta access changed', 'Okta access changes'],
  GRANT_APPLIED: ['Temporary Okta access granted', 'Temporary Okta access grants applied'],
  GRANT_ENDED: ['Temporary Okta access ended', 'Temporary Okta access grants ended'],
  RECONCILIATION_APPLIED: ['Reconciliation applied', 'Reconciliation changes applied'],
};

const STANDARD_TEMPLATES: Record<NotificationEventKind, string> = {
  PROVISIONED:
    '{{user.login}} ({{user.firstName}} {{user.lastName}}) was provisioned in Salesforce as Contact {{contact.id}}. Audit: {{auditUrl}}',
  UPDATED: 'Contact {{contact.id}} of {{user.login}} was updated: {{changes}}. Audit: {{auditUrl}}',
  DEPROVISIONED:
    '{{user.login}} was deprovisioned (Okta status {{user.status}}); Contact {{contact.id}} is marked inactive. Side effects: {{effects}}. Audit: {{auditUrl}}',
  REACTIVATED:
    '{{user.login}} was reactivated (Okta status {{user.status}}) on Contact {{contact.id}}. Side effects: {{effects}}. Audit: {{auditUrl}}',
  ACCESS_CHANGED:
    'Okta access of {{user.login}} changed. Groups added: {{groups.added}}; removed: {{groups.removed}}; attributes: {{changes}}. Audit: {{auditUrl}}',
  GRANT_APPLIED:
    '{{user.login}} was granted temporary access to Okta group {{group.name}} for Case {{case.id}}. Audit: {{auditUrl}}',
  GRANT_ENDED:
    'Temporary access of {{user.login}} to Okta group {{group.name}} for Case {{case.id}} ended. Audit: {{auditUrl}}',
  RECONCILIATION_APPLIED:
    'A reconciliation wrote Contact {{contact.id}} of {{user.login}}: {{changes}}. Audit: {{auditUrl}}',
};

/** The standard messages of the events a Lead write can be. */
const STANDARD_LEAD_TEMPLATES: Partial<Record<NotificationEventKind, string>> = {
  PROVISIONED:
    '{{user.login}} ({{user.firstName}} {{user.lastName}}) was provisioned in Salesforce as Lead {{lead.id}}. Audit: {{auditUrl}}',
  UPDATED: 'Lead {{lead.id}} of {{user.login}} was updated: {{changes}}. Audit: {{auditUrl}}',
  DEPROVISIONED:
    '{{user.login}} was deprovisioned in Okta; Lead {{lead.id}} was closed. Audit: {{auditUrl}}',
};

function standardTemplate(event: NotificationEvent): MessagePart[] {
  const kind = event.kind;
  const lead = isLeadEvent(event) ? STANDARD_LEAD_TEMPLATES[kind] : undefined;
  const parsed = parseMessageTemplate(lead ?? STANDARD_TEMPLATES[kind], kind);
  if (!parsed.ok) throw new Error(`standard template of ${kind}: ${parsed.problems.join('; ')}`);
  return parsed.parts;
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);
const list = (values: readonly string[]) => (values.length ? values.join(', ') : 'none');

/** An event about a Lead: a Lead write, not the Contact a converted Lead became. */
const isLeadEvent = (event: NotificationEvent) =>
  event.leadId !== undefined && event.contactId === undefined;

/**
 * The record whose fields `contact.<Field>` and the scope read: the Contact, or for an event
 * about a Lead the Lead (holding only the fields Lead has).
 */
function recordOf(
  event: NotificationEvent,
  context: EventContext,
): { objectName: 'Contact' | 'Lead'; fields: Readonly<Record<string, unknown>> } | undefined {
  if (context.contact) return { objectName: 'Contact', fields: context.contact };
  if (isLeadEvent(event) && context.lead) return { objectName: 'Lead', fields: context.lead };
  return undefined;
}

/** The values of an event's placeholders. */
export function eventFields(
  event: NotificationEvent,
  context: EventContext,
  links: Links,
): Record<string, string | undefined> {
  const contact = context.contact ?? {};
  const lead = (isLeadEvent(event) ? context.lead : undefined) ?? {};
  const record = recordOf(event, context)?.fields ?? {};
  const groupName = (id: string) => context.groupNames?.get(id) ?? id;
  const fields: Record<string, string | undefined> = {
    event: event.kind,
    occurredAt: event.occurredAt,
    details: event.details,
    auditUrl: links.audit(event),
    'user.id': event.oktaUserId ?? text(contact['Okta_User_Id__c']),
    // A Lead carries no Okta login: its email stands for it.
    'user.login': text(contact['Okta_Login__c']) ?? text(lead['Email']) ?? event.oktaUserId,
    'user.email': text(record['Email']),
    'user.firstName': text(record['FirstName']),
    'user.lastName': text(record['LastName']),
    'user.status': text(contact['Okta_Status__c']),
    'contact.id': event.contactId ?? text(contact['Id']),
    'lead.id': isLeadEvent(event) ? (event.leadId ?? text(lead['Id'])) : undefined,
    changes: list(event.changes),
    'groups.added': list(event.groupsAdded.map(groupName)),
    'groups.removed': list(event.groupsRemoved.map(groupName)),
    'group.id': event.groupId,
    'group.name': event.groupId === undefined ? undefined : groupName(event.groupId),
    'case.id': event.caseId,
    'grant.id': event.grantId,
    effects:
      (event.kind === 'DEPROVISIONED' || event.kind === 'REACTIVATED') && !isLeadEvent(event)
        ? describeSideEffects(context.sideEffects)
        : undefined,
  };
  for (const [name, value] of Object.entries(record)) {
    if (name !== 'attributes' && name !== 'Id') fields[`contact.${name}`] = text(value);
  }
  return fields;
}

/** Removes the spaces a blank placeholder leaves behind. */
const tidy = (rendered: string) => rendered.replace(/[ \t]+/g, ' ').trim();

export function messageOf(
  rule: NotificationRule,
  event: NotificationEvent,
  fields: Readonly<Record<string, string | undefined>>,
): Message {
  return {
    title: TITLES[event.kind][0],
    body: tidy(renderMessage(rule.template ?? standardTemplate(event), fields)),
  };
}

function ownerOf(
  rule: NotificationRule,
  event: NotificationEvent,
  context: EventContext,
): string | null | undefined {
  if (rule.recipients.type === 'RECORD_OWNER')
    return text(recordOf(event, context)?.fields['OwnerId']);
  if (rule.recipients.type === 'CASE_OWNER') return context.caseOwnerId;
  return null;
}

/** What every rule of the event's kind does with it. */
export function decideNotifications(input: {
  event: NotificationEvent;
  context: EventContext;
  rules: readonly NotificationRule[];
  links: Links;
}): Decision[] {
  const { event, context } = input;
  const rules = input.rules.filter((r) => r.event === event.kind);
  if (rules.length === 0) return [];
  const fields = eventFields(event, context, input.links);
  const subject = fields['user.login'] ?? fields['contact.id'] ?? event.caseId ?? event.entryId;
  return rules.flatMap((rule): Decision[] => {
    if (rule.scope) {
      const record = recordOf(event, context);
      if (!record) return [];
      // A Lead is in a Contact-field scope only through a field of the same name it has.
      const has = Object.keys(record.fields).some(
        (f) => f.toLowerCase() === rule.scope?.field.toLowerCase(),
      );
      if (!has) return [];
      const scope = { ...rule.scope, objectName: record.objectName };
      if (!conditionHolds(scope, { objectName: record.objectName, fields: record.fields }))
        return [];
    }
    const ownerId = ownerOf(rule, event, context);
    if (ownerId === undefined) {
      return [
        {
          action: 'skip',
          rule,
          event,
          reason:
            rule.recipients.type === 'CASE_OWNER'
              ? 'the Case of the grant has no owner the notifier could read'
              : isLeadEvent(event)
                ? 'the Lead and its owner could not be read'
                : 'the Contact and its owner could not be read',
        },
      ];
    }
    const subjectKey =
      event.contactId ?? event.leadId ?? event.oktaUserId ?? event.caseId ?? event.entryId;
    return [
      {
        action: rule.digest ? 'digest' : 'send',
        rule,
        event,
        message: messageOf(rule, event, fields),
        ownerId,
        targetId: event.caseId ?? fields['contact.id'] ?? fields['lead.id'] ?? null,
        key: rule.digest
          ? `digest:${rule.name}:${ownerId ?? ''}`
          : `${rule.name}:${event.kind}:${subjectKey}`,
        subject,
      },
    ];
  });
}

/** How long a digest gathers: the rule's quiet period, at least a minute. */
export function digestWindowMs(rule: NotificationRule): number {
  return Math.max(1, rule.quietMinutes) * 60_000;
}

/** One message for a digest's events: their count, the first subjects, a link to the audit. */
export function digestMessage(
  rule: NotificationRule,
  digest: NotificationDigest,
  links: Links,
): Message {
  const [one, many] = TITLES[rule.event];
  const more = digest.count - digest.samples.length;
  const names = digest.samples.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return {
    title: digest.count === 1 ? one : `${digest.count} ${many}`,
    body: `${digest.count} ${digest.count === 1 ? 'event' : 'events'} (${rule.label}) between ${digest.firstAt} and ${digest.lastAt}: ${names}. Audit: ${links.auditList()}`,
  };
}

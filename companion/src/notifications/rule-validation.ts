import type { DescribeLookup } from '../mapping/mapping-validation.js';
import { findField } from '../mapping/mapping-validation.js';
import type { RuleCondition } from '../mapping/types.js';
import { contactFieldOf, parseMessageTemplate, type MessagePart } from './message-template.js';
import type { NotificationRuleRow } from './rule-rows.js';
import type { NotificationEventKind, NotificationRule, Recipients } from './rule-types.js';

/** A week: a longer quiet period would hide a repeat nobody remembers. */
export const MAX_QUIET_MINUTES = 10_080;

const USER_ID = /^005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
const GROUP_ID = /^00G[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/** Events about a Contact: their rules may notify its owner. Access changes are about a user. */
const CONTACT_EVENTS: ReadonlySet<NotificationEventKind> = new Set([
  'PROVISIONED',
  'UPDATED',
  'DEPROVISIONED',
  'REACTIVATED',
  'GRANT_APPLIED',
  'GRANT_ENDED',
  'RECONCILIATION_APPLIED',
]);
const GRANT_EVENTS: ReadonlySet<NotificationEventKind> = new Set(['GRANT_APPLIED', 'GRANT_ENDED']);

/**
 * Checks one parsed notification rule row. The scope and `{{contact.<Field>}}` placeholders are
 * checked against the Contact describe; every problem of the row is reported at once.
 */
export function validateNotificationRule(
  row: NotificationRuleRow,
  describeOf: DescribeLookup,
): { ok: true; rule: NotificationRule } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const event = row.Event__c;
  if (!event) problems.push('Event__c is required');
  if (!row.Channel__c) problems.push('Channel__c is required');
  const recipients = event && row.Channel__c ? checkRecipients(row, event, problems) : undefined;
  const scope = checkScope(row, describeOf, problems);
  const template = event ? checkTemplate(row, event, describeOf, problems) : undefined;
  const quiet = row.Quiet_Period_Minutes__c ?? 0;
  if (!Number.isInteger(quiet) || quiet < 0 || quiet > MAX_QUIET_MINUTES) {
    problems.push(
      `Quiet_Period_Minutes__c must be a whole number from 0 to ${MAX_QUIET_MINUTES}, not ${quiet}`,
    );
  }
  if (
    problems.length > 0 ||
    !event ||
    !row.Channel__c ||
    !recipients ||
    scope === undefined ||
    template === undefined
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    rule: {
      name: row.DeveloperName,
      label: row.MasterLabel ?? row.DeveloperName,
      event,
      scope,
      channel: row.Channel__c,
      recipients,
      template,
      digest: row.Digest__c,
      quietMinutes: quiet,
    },
  };
}

function checkRecipients(
  row: NotificationRuleRow,
  event: NotificationEventKind,
  problems: string[],
): Recipients | undefined {
  const type = row.Recipient_Type__c;
  const listed = row.Recipients__c;
  if (row.Channel__c === 'WEBHOOK') {
    if (type || listed) {
      problems.push(
        'The webhook channel posts to ALERT_WEBHOOK_URL: leave Recipient_Type__c and Recipients__c blank',
      );
      return undefined;
    }
    return { type: 'WEBHOOK' };
  }
  if (!type) {
    problems.push(`Recipient_Type__c is required for the ${row.Channel__c} channel`);
    return undefined;
  }
  switch (type) {
    case 'USERS': {
      const ids = (listed ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      if (ids.length === 0) {
        problems.push('Recipients__c must list Salesforce user ids (005…) for USERS');
        return undefined;
      }
      const bad = ids.filter((id) => !USER_ID.test(id));
      if (bad.length > 0) {
        problems.push(`Recipients__c: ${bad.join(', ')} is not a Salesforce user id (005…)`);
        return undefined;
      }
      return { type, userIds: [...new Set(ids)] };
    }
    case 'GROUP':
    case 'QUEUE': {
      const what = type === 'GROUP' ? 'public group' : 'queue';
      if (!listed || (!GROUP_ID.test(listed) && !API_NAME.test(listed))) {
        problems.push(
          `Recipients__c must be the ${what}'s id (00G…) or API name${listed ? `, not "${listed}"` : ''}`,
        );
        return undefined;
      }
      return { type, ref: listed };
    }
    case 'RECORD_OWNER':
    case 'CASE_OWNER': {
      if (listed) {
        problems.push(`Recipients__c must be blank for ${type}: the owner is read from the record`);
        return undefined;
      }
      if (type === 'CASE_OWNER' && !GRANT_EVENTS.has(event)) {
        problems.push(
          'CASE_OWNER applies to GRANT_APPLIED and GRANT_ENDED, whose grants belong to a Case',
        );
        return undefined;
      }
      if (type === 'RECORD_OWNER' && !CONTACT_EVENTS.has(event)) {
        problems.push(
          `RECORD_OWNER needs an event about a Contact; ${event} is about a Salesforce user`,
        );
        return undefined;
      }
      return { type };
    }
  }
}

function checkScope(
  row: NotificationRuleRow,
  describeOf: DescribeLookup,
  problems: string[],
): RuleCondition | null | undefined {
  if (!row.Scope_Field__c) {
    if (row.Scope_Operator__c || row.Scope_Value__c) {
      problems.push('Scope_Field__c is required when Scope_Operator__c or Scope_Value__c is set');
      return undefined;
    }
    return null;
  }
  if (!row.Scope_Operator__c) {
    problems.push('Scope_Operator__c is required with Scope_Field__c');
    return undefined;
  }
  if (row.Scope_Operator__c !== 'NOT_NULL' && row.Scope_Value__c === null) {
    problems.push(`Scope_Value__c is required for ${row.Scope_Operator__c}`);
    return undefined;
  }
  const described = describeOf('Contact');
  if ('error' in described) {
    problems.push(described.error);
    return undefined;
  }
  const field = findField(described.describe, row.Scope_Field__c);
  if (!field) {
    problems.push(`Scope_Field__c: Contact has no field ${row.Scope_Field__c}`);
    return undefined;
  }
  return {
    objectName: 'Contact',
    field: field.name,
    operator: row.Scope_Operator__c,
    value: row.Scope_Operator__c === 'NOT_NULL' ? null : row.Scope_Value__c,
  };
}

function checkTemplate(
  row: NotificationRuleRow,
  event: NotificationEventKind,
  describeOf: DescribeLookup,
  problems: string[],
): MessagePart[] | null | undefined {
  if (row.Message_Template__c === null) return null;
  const parsed = parseMessageTemplate(row.Message_Template__c, event);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const contactFields = parsed.parts.flatMap((p) => {
    const name = 'field' in p ? contactFieldOf(p.field) : undefined;
    return name ? [name] : [];
  });
  if (contactFields.length === 0) return parsed.parts;
  const described = describeOf('Contact');
  if ('error' in described) {
    problems.push(described.error);
    return undefined;
  }
  const missing = contactFields.filter((name) => !findField(described.describe, name));
  if (missing.length > 0) {
    problems.push(
      `Message_Template__c: Contact has no field ${missing.map((m) => `{{contact.${m}}}`).join(', ')}`,
    );
    return undefined;
  }
  // Placeholders are spelled as the describe spells the field, as the query returns it.
  return parsed.parts.map((p) => {
    const name = 'field' in p ? contactFieldOf(p.field) : undefined;
    const found = name ? findField(described.describe, name) : undefined;
    return found ? { field: `contact.${found.name}` } : p;
  });
}

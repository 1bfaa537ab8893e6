import type { StoredAuditEntry } from '../store/types.js';
import type { NotificationRule } from './rule-types.js';

/** A notification rule: a custom notification to the record owner, no scope, digest or quiet. */
export function notificationRule(over: Partial<NotificationRule> = {}): NotificationRule {
  return {
    name: 'Rule',
    label: 'Rule',
    event: 'PROVISIONED',
    scope: null,
    channel: 'CUSTOM_NOTIFICATION',
    recipients: { type: 'RECORD_OWNER' },
    template: null,
    digest: false,
    quietMinutes: 0,
    ...over,
  };
}

/** A journal line as the notifier reads it: a successful update for user 00u1, no record named. */
export function journalLine(over: Partial<StoredAuditEntry> = {}): StoredAuditEntry {
  return {
    id: 'e1',
    eventId: 'ev1',
    correlationId: 'c1',
    direction: 'OKTA_TO_SALESFORCE',
    operation: 'contact-updated',
    status: 'SUCCESS',
    attempts: 1,
    occurredAt: '2026-03-01T10:00:00.000Z',
    revision: 1,
    updatedAt: '2026-03-01T10:00:00.000Z',
    oktaUserId: '00u1',
    ...over,
  };
}

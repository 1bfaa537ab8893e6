import type { StoredAuditEntry } from '../store/types.js';
import type { NotificationEventKind } from './rule-types.js';

/**
 * What went right, read from the journal the workflows write: each successful entry that is
 * a provisioning, an update, a deprovisioning, a reactivation, an access change, a grant
 * applied or ended, or an applied reconciliation item is one event. Pure.
 */

export interface NotificationEvent {
  kind: NotificationEventKind;
  /** The journal entry the event was read from. */
  entryId: string;
  /** The event id of the entry: the lines of one job share it. */
  eventId: string;
  correlationId: string;
  occurredAt: string;
  oktaUserId?: string;
  contactId?: string;
  /** The Lead the event is about, when the user is synced as a Lead rather than a Contact. */
  leadId?: string;
  caseId?: string;
  groupId?: string;
  grantId?: string;
  /** Names of the fields the change wrote. */
  changes: string[];
  groupsAdded: string[];
  groupsRemoved: string[];
  /** The entry's notes (e.g. a membership kept), when it has any. */
  details?: string;
}

/** Okta statuses of a deprovisioned user, as Contact.Okta_Status__c carries them. */
const INACTIVE = new Set(['DEPROVISIONED', 'SUSPENDED', 'DELETED']);

function kindOf(entry: StoredAuditEntry): NotificationEventKind | undefined {
  const op = entry.operation;
  if (op === 'contact-created' || op === 'contact-linked') return 'PROVISIONED';
  if (op === 'contact-updated') {
    const status = entry.fieldChanges?.find(
      (c) => c.object === 'Contact' && c.field === 'Okta_Status__c',
    );
    if (status) {
      const before = INACTIVE.has(String(status.before ?? ''));
      const after = INACTIVE.has(String(status.after ?? ''));
      if (after && !before) return 'DEPROVISIONED';
      if (before && !after) return 'REACTIVATED';
    }
    return entry.fieldChanges?.length ? 'UPDATED' : undefined;
  }
  if (op === 'recompute-access') return entry.fieldChanges?.length ? 'ACCESS_CHANGED' : undefined;
  if (op === 'grant-apply') return 'GRANT_APPLIED';
  if (op === 'grant-expire' || op === 'grant-revoke') return 'GRANT_ENDED';
  if (op.startsWith('reconcile-')) return 'RECONCILIATION_APPLIED';
  return LEAD_KINDS.get(op)?.(entry);
}

/**
 * Lead writes read as the Contact's: a Lead created or linked, and a converted Lead whose new
 * Contact takes the Okta link, provision the user; a Lead closed for a deactivated user
 * deprovisions them.
 */
const LEAD_KINDS = new Map<string, (entry: StoredAuditEntry) => NotificationEventKind | undefined>([
  ['lead-created', () => 'PROVISIONED'],
  ['lead-linked', () => 'PROVISIONED'],
  ['lead-converted', () => 'PROVISIONED'],
  ['lead-updated', (entry) => (entry.fieldChanges?.length ? 'UPDATED' : undefined)],
  ['lead-closed', () => 'DEPROVISIONED'],
]);

function leadIdOf(entry: StoredAuditEntry): string | undefined {
  if (!entry.operation.startsWith('lead-')) return undefined;
  return entry.fieldChanges?.find((c) => c.object === 'Lead' && c.recordId)?.recordId;
}

export function notificationEventOf(entry: StoredAuditEntry): NotificationEvent | undefined {
  if (entry.status !== 'SUCCESS') return undefined;
  const kind = kindOf(entry);
  if (!kind) return undefined;
  const changes = entry.fieldChanges ?? [];
  const memberships = changes.filter((c) => c.object === 'OktaGroupMembership');
  const groupId = memberships[0]?.recordId;
  const grantId = changes.find((c) => c.object === 'Okta_Access_Grant__c')?.recordId;
  const leadId = leadIdOf(entry);
  const fieldNames = changes
    .filter((c) => c.object !== 'OktaGroupMembership' && c.object !== 'Okta_Access_Grant__c')
    .map((c) => c.field)
    .filter((f) => f !== '');
  return {
    kind,
    entryId: entry.id,
    eventId: entry.eventId,
    correlationId: entry.correlationId,
    occurredAt: entry.occurredAt,
    ...(entry.oktaUserId ? { oktaUserId: entry.oktaUserId } : {}),
    ...(entry.contactId ? { contactId: entry.contactId } : {}),
    ...(leadId ? { leadId } : {}),
    ...(entry.caseId ? { caseId: entry.caseId } : {}),
    ...(groupId ? { groupId } : {}),
    ...(grantId ? { grantId } : {}),
    changes: [...new Set(fieldNames)],
    groupsAdded: memberships.filter((c) => c.after === true).flatMap((c) => c.recordId ?? []),
    groupsRemoved: memberships.filter((c) => c.after === false).flatMap((c) => c.recordId ?? []),
    ...(entry.error ? { details: entry.error } : {}),
  };
}

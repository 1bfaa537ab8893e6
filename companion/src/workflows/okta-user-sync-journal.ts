import type { SalesforceWrite } from '../salesforce/record-writer.js';
import type { AuditEntry, FieldChange, Job, StoredAuditEntry } from '../store/types.js';
import type { ContactPlan } from './contact-plan.js';
import type { DeprovisionEffects } from './deprovision-plan.js';
import { userIdOfJob } from './okta-user-sync-load.js';

/**
 * Okta → Salesforce user sync, step 4 of 4 (journal): the audit lines of a batch, pure. Every
 * job gets a line for its Contact (or why nothing was written) and one for its side effects.
 */

export type JournalLine = Partial<AuditEntry> & Pick<AuditEntry, 'operation' | 'status'>;

/** The full audit entry of a line about `job`, in the batch's correlation. */
export function auditEntryOf(
  job: Job,
  line: JournalLine,
  batch: { id: string; correlationId: string; syncedAt: string },
): AuditEntry {
  const first = job.events[0];
  return {
    id: batch.id,
    eventId: first?.eventId ?? `job:${job.id}`,
    correlationId: batch.correlationId,
    direction: 'OKTA_TO_SALESFORCE',
    attempts: job.attempts + 1,
    oktaUserId: userIdOfJob(job),
    occurredAt: first?.occurredAt ?? batch.syncedAt,
    actor: 'okta',
    ...line,
  };
}

const withoutId = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([field]) => field !== 'Id'));

function effectChange(write: SalesforceWrite): FieldChange {
  if (write.op !== 'update') return { object: write.object, field: '', after: null };
  const fields = withoutId(write.record);
  return {
    object: write.object,
    recordId: write.record.Id,
    field: Object.keys(fields).join(','),
    after: fields,
  };
}

/** The line for side effects that went through; none when there were none to apply or note. */
export function effectsLine(plan: ContactPlan, effects: DeprovisionEffects): JournalLine | null {
  if (effects.writes.length === 0 && effects.notes.length === 0) return null;
  return {
    operation: plan.deprovisioned ? 'deprovision-effects' : 'reactivate-effects',
    status: 'SUCCESS',
    ...(plan.contactId ? { contactId: plan.contactId } : {}),
    fieldChanges: effects.writes.map(effectChange),
    ...(effects.notes.length ? { error: effects.notes.join('; ') } : {}),
  };
}

/**
 * The line of a Contact write an earlier attempt journaled IN_PROGRESS and that Salesforce
 * committed before that attempt stopped (the Contact now reads `unchanged`): the same
 * operation and field changes, done, with the Contact the write produced.
 */
export function completedLine(stopped: StoredAuditEntry, now: ContactPlan): JournalLine {
  const contactId = stopped.contactId ?? now.contactId;
  return {
    operation: stopped.operation,
    status: 'SUCCESS',
    ...(contactId ? { contactId } : {}),
    fieldChanges: (stopped.fieldChanges ?? []).map((c) => ({
      ...c,
      ...(contactId ? { recordId: contactId } : {}),
    })),
    error: 'Written to Salesforce by an attempt that stopped before journaling it.',
  };
}

/** The line for a Contact plan whose write (if any) went through. */
export function contactLine(plan: ContactPlan): JournalLine {
  if (plan.outcome === 'conflict') {
    return { operation: 'sync-contact', status: 'FAILED', error: `Conflict: ${plan.reason}` };
  }
  return {
    operation: `contact-${plan.outcome}`,
    status: plan.write || plan.outcome === 'unchanged' ? 'SUCCESS' : 'SKIPPED',
    ...(plan.contactId ? { contactId: plan.contactId } : {}),
    fieldChanges: plan.changes.map((c) => ({
      ...c,
      ...(plan.contactId ? { recordId: plan.contactId } : {}),
    })),
    ...(plan.issues.length
      ? { error: plan.issues.map((i) => `${i.field}: ${i.message}`).join('; ') }
      : {}),
  };
}

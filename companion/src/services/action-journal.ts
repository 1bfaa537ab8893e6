import { randomUUID } from 'node:crypto';
import type { AuditJournal, AuditStatus, FieldChange } from '../store/types.js';

export interface ActionRecord {
  operation: string;
  status: AuditStatus;
  at: Date;
  /** The request id: links the entry to the request log. */
  correlationId: string;
  actor?: string | undefined;
  caseId?: string | undefined;
  contactId?: string | undefined;
  oktaUserId?: string | undefined;
  error?: string | undefined;
  fieldChanges?: FieldChange[] | undefined;
}

/** Journals something a person did through the API (direction ACTION); returns the entry id. */
export async function recordAction(journal: AuditJournal, action: ActionRecord): Promise<string> {
  const id = randomUUID();
  await journal.record({
    id,
    eventId: `action:${id}`,
    // Falls back to the entry's own id when the app runs without the request-id middleware.
    correlationId: action.correlationId || id,
    direction: 'ACTION',
    operation: action.operation,
    status: action.status,
    attempts: 1,
    occurredAt: action.at.toISOString(),
    ...(action.actor ? { actor: action.actor } : {}),
    ...(action.caseId ? { caseId: action.caseId } : {}),
    ...(action.contactId ? { contactId: action.contactId } : {}),
    ...(action.oktaUserId ? { oktaUserId: action.oktaUserId } : {}),
    ...(action.error ? { error: action.error } : {}),
    ...(action.fieldChanges?.length ? { fieldChanges: action.fieldChanges } : {}),
  });
  return id;
}

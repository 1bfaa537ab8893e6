import type {
  DeadLetter,
  EventSource,
  Job,
  ScheduledTimer,
  StoredAuditEntry,
  StoredEvent,
} from '../types.js';

/** Row shapes as the statements in sql.ts return them, and their mapping to domain types. */

export interface EventRow {
  seq: number;
  source: string;
  event_id: string;
  event_type: string;
  subject_key: string;
  job_kind: string;
  occurred_at: string;
  received_at: string;
  payload: string | null;
}

export interface JobRow {
  id: number;
  subject_key: string;
  kind: string;
  state: 'pending' | 'leased';
  attempts: number;
  created_at: number;
  available_at: number;
  lease_until: number | null;
  worker_id: string | null;
  last_error: string | null;
  last_error_code: string | null;
}

export interface DeadLetterRow {
  id: number;
  job_id: number;
  subject_key: string;
  kind: string;
  attempts: number;
  error: string;
  error_code: string | null;
  created_at: number;
  dead_at: number;
}

export interface AuditRow {
  seq: number;
  id: string;
  event_id: string;
  operation: string;
  correlation_id: string;
  direction: StoredAuditEntry['direction'];
  status: StoredAuditEntry['status'];
  attempts: number;
  error: string | null;
  field_changes: string | null;
  okta_user_id: string | null;
  contact_id: string | null;
  case_id: string | null;
  actor: string | null;
  occurred_at: string;
  occurred_at_ms: number;
  updated_at: number;
  revision: number;
}

export interface TimerRow {
  id: string;
  due_at: number;
  subject_key: string;
  job_kind: string;
  payload: string;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    source: row.source as EventSource,
    eventId: row.event_id,
    eventType: row.event_type,
    subjectKey: row.subject_key,
    jobKind: row.job_kind,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    payload: parseJson(row.payload),
  };
}

export function toJob(row: JobRow, events: StoredEvent[]): Job {
  return {
    id: row.id,
    subjectKey: row.subject_key,
    kind: row.kind,
    events,
    attempts: row.attempts,
    createdAt: iso(row.created_at),
    availableAt: iso(row.available_at),
    leaseUntil: row.lease_until === null ? null : iso(row.lease_until),
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
  };
}

export function toDeadLetter(row: DeadLetterRow, events: StoredEvent[]): DeadLetter {
  return {
    id: row.id,
    jobId: row.job_id,
    subjectKey: row.subject_key,
    kind: row.kind,
    attempts: row.attempts,
    error: row.error,
    errorCode: row.error_code,
    createdAt: iso(row.created_at),
    deadAt: iso(row.dead_at),
    events,
  };
}

export function toAuditEntry(row: AuditRow): StoredAuditEntry {
  const entry: StoredAuditEntry = {
    id: row.id,
    eventId: row.event_id,
    correlationId: row.correlation_id,
    direction: row.direction,
    operation: row.operation,
    status: row.status,
    attempts: row.attempts,
    occurredAt: row.occurred_at,
    revision: row.revision,
    updatedAt: iso(row.updated_at),
  };
  if (row.error !== null) entry.error = row.error;
  if (row.field_changes !== null) {
    entry.fieldChanges = JSON.parse(row.field_changes) as NonNullable<
      StoredAuditEntry['fieldChanges']
    >;
  }
  if (row.okta_user_id !== null) entry.oktaUserId = row.okta_user_id;
  if (row.contact_id !== null) entry.contactId = row.contact_id;
  if (row.case_id !== null) entry.caseId = row.case_id;
  if (row.actor !== null) entry.actor = row.actor;
  return entry;
}

export function toTimer(row: TimerRow): ScheduledTimer {
  return {
    id: row.id,
    dueAt: iso(row.due_at),
    subjectKey: row.subject_key,
    jobKind: row.job_kind,
    payload: parseJson(row.payload),
  };
}

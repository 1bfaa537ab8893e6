import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditJournal, Job } from '../store/types.js';

export type JobAuditFields = Partial<AuditEntry> & Pick<AuditEntry, 'operation' | 'status'>;

/** Journals one job's outcome as a SALESFORCE_TO_OKTA entry keyed by the job's first event. */
export function jobJournal(audit: AuditJournal, correlationId: string, at: () => Date) {
  return async (job: Job, entry: JobAuditFields): Promise<void> => {
    const first = job.events[0];
    await audit.record({
      id: randomUUID(),
      eventId: first?.eventId ?? `job:${job.id}`,
      correlationId,
      direction: 'SALESFORCE_TO_OKTA',
      attempts: job.attempts + 1,
      occurredAt: first?.occurredAt ?? at().toISOString(),
      actor: 'salesforce',
      ...entry,
    });
  };
}

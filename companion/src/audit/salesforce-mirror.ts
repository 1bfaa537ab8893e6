import type { Logger } from '../logger.js';
import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';
import type { AuditJournal, StoredAuditEntry } from '../store/types.js';

/**
 * Copies the local audit journal to Okta_Sync_Log__c, in batches, by upsert on
 * Event_Id__c: a retried attempt updates its row rather than adding one. A flush writes the
 * backlog in full collection calls and ends with the first partial one, so a burst journaled
 * while the mirror runs costs about one call per 200 entries plus one per tick.
 */

const TRANSIENT_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
]);

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export function syncLogExternalId(entry: Pick<StoredAuditEntry, 'eventId' | 'operation'>): string {
  return clip(`${entry.eventId}/${entry.operation}`, 255);
}

export function toSyncLogRecord(entry: StoredAuditEntry): Record<string, unknown> {
  const record: Record<string, unknown> = {
    Event_Id__c: syncLogExternalId(entry),
    Direction__c: entry.direction,
    Operation__c: clip(entry.operation, 80),
    Status__c: entry.status,
    Attempts__c: entry.attempts,
    Correlation_Id__c: clip(entry.correlationId, 64),
    Occurred_At__c: entry.occurredAt,
    Error__c: entry.error ? clip(entry.error, 32_768) : null,
    Field_Changes__c: entry.fieldChanges?.length
      ? clip(JSON.stringify(entry.fieldChanges), 131_072)
      : null,
  };
  if (entry.oktaUserId) record['Okta_User_Id__c'] = entry.oktaUserId;
  if (entry.contactId) record['Contact__c'] = entry.contactId;
  if (entry.caseId) record['Case__c'] = entry.caseId;
  if (entry.actor) record['Actor__c'] = clip(entry.actor, 255);
  return record;
}

export interface AuditMirror {
  /**
   * Writes what is pending, oldest first, until a call carries less than a full batch or a
   * row is refused for a transient reason; `failed` counts rows Salesforce will never accept.
   */
  flush(): Promise<{ mirrored: number; failed: number }>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createAuditMirror(deps: {
  journal: AuditJournal;
  write: (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;
  logger: Pick<Logger, 'warn'>;
  batchSize?: number;
}): AuditMirror {
  const batchSize = deps.batchSize ?? 200;
  let running: Promise<{ mirrored: number; failed: number }> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function flushAll() {
    let mirrored = 0;
    let failed = 0;
    for (;;) {
      const entries = await deps.journal.pendingMirror(batchSize);
      if (entries.length === 0) break;
      const results = await deps.write(
        entries.map((entry) => ({
          op: 'upsert',
          object: 'Okta_Sync_Log__c',
          externalIdField: 'Event_Id__c',
          record: toSyncLogRecord(entry),
        })),
      );
      const done: StoredAuditEntry[] = [];
      let retryLater = 0;
      results.forEach((result, i) => {
        const entry = entries[i] as StoredAuditEntry;
        if (result.ok) {
          done.push(entry);
          return;
        }
        if (result.errors.some((e) => TRANSIENT_CODES.has(e.statusCode))) {
          retryLater += 1;
          return;
        }
        // A row Salesforce will never accept must not block the rest of the journal.
        deps.logger.warn(
          { entryId: entry.id, errors: result.errors },
          'audit entry not mirrored to Salesforce',
        );
        done.push(entry);
        failed += 1;
      });
      mirrored += await deps.journal.markMirrored(done);
      if (retryLater > 0) break;
      // A short batch was the whole backlog. What is journaled while it is written waits for
      // the next tick: reading again at once would send it a few rows a call during a burst.
      if (entries.length < batchSize) break;
    }
    return { mirrored, failed };
  }

  const mirror: AuditMirror = {
    flush() {
      running ??= flushAll().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(intervalMs) {
      const tick = () => {
        mirror
          .flush()
          .catch((error: unknown) =>
            deps.logger.warn({ err: error }, 'audit mirror failed; will retry'),
          )
          .finally(() => {
            if (timer !== undefined) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
  return mirror;
}

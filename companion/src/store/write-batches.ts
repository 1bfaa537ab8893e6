import type { SyncBaselineUpdate } from './sync-baselines.js';
import type { AuditEntry } from './types.js';

/**
 * Batches of journal entries and baseline updates folded so that one set-based statement,
 * which may touch a row only once, leaves the store as writing them one after another would.
 */

/** Absent when undefined, so that optional properties stay absent rather than undefined. */
const present = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/**
 * One entry per (event, operation), in the order each first appears. A later entry updates
 * the earlier as the journal's upsert does: its status, attempts, error, field changes,
 * correlation and direction replace the earlier's, its links and actor only where it has
 * them, and the id and occurredAt stay those of the first.
 */
export function foldAuditEntries(entries: readonly AuditEntry[]): AuditEntry[] {
  const folded = new Map<string, AuditEntry>();
  for (const entry of entries) {
    const key = `${entry.eventId}\u0000${entry.operation}`;
    const earlier = folded.get(key);
    folded.set(key, earlier ? updateAuditEntry(earlier, entry) : entry);
  }
  return [...folded.values()];
}

function updateAuditEntry(earlier: AuditEntry, later: AuditEntry): AuditEntry {
  const { error, fieldChanges, oktaUserId, contactId, caseId, actor, ...replaced } = later;
  return {
    ...replaced,
    id: earlier.id,
    occurredAt: earlier.occurredAt,
    ...present('error', error),
    ...present('fieldChanges', fieldChanges),
    ...present('oktaUserId', oktaUserId ?? earlier.oktaUserId),
    ...present('contactId', contactId ?? earlier.contactId),
    ...present('caseId', caseId ?? earlier.caseId),
    ...present('actor', actor ?? earlier.actor),
  };
}

/**
 * One update per Okta user, in the order each first appears: a later Contact replaces an
 * earlier one, and later values are merged over earlier ones attribute by attribute.
 */
export function foldBaselineUpdates(updates: readonly SyncBaselineUpdate[]): SyncBaselineUpdate[] {
  const folded = new Map<string, SyncBaselineUpdate>();
  for (const update of updates) {
    const earlier = folded.get(update.oktaUserId);
    if (!earlier) {
      folded.set(update.oktaUserId, update);
      continue;
    }
    const contactId = update.contactId ?? earlier.contactId;
    const values =
      earlier.values === undefined && update.values === undefined
        ? undefined
        : { ...earlier.values, ...update.values };
    folded.set(update.oktaUserId, {
      oktaUserId: update.oktaUserId,
      ...present('contactId', contactId),
      ...present('values', values),
    });
  }
  return [...folded.values()];
}

/**
 * The last known owner of records that drive access rules. An UPDATE change event carries only
 * the new OwnerId, so the previous owner (who may lose access) comes from here. What the change
 * stream says always wins; what a query read is only learned for records the stream has not
 * mentioned, since a query may already see a later owner than the stream has reached. Bounded:
 * the oldest entries go first. A miss is safe: the caller falls back to a sweep.
 */
export interface RecordOwners {
  get(recordId: string): string | undefined;
  /** From the change stream, in order. */
  observe(recordId: string, ownerId: string): void;
  /** From a query; kept only when the record is unknown. */
  learn(recordId: string, ownerId: string): void;
  forget(recordId: string): void;
  size(): number;
}

const key = (recordId: string) => recordId.slice(0, 15);

export function createRecordOwners(options: { maxRecords?: number } = {}): RecordOwners {
  const max = options.maxRecords ?? 200_000;
  const owners = new Map<string, string>();
  const put = (recordId: string, ownerId: string) => {
    owners.delete(key(recordId));
    owners.set(key(recordId), ownerId);
    while (owners.size > max) {
      const oldest = owners.keys().next().value;
      if (oldest === undefined) break;
      owners.delete(oldest);
    }
  };
  return {
    get: (recordId) => owners.get(key(recordId)),
    observe: put,
    learn(recordId, ownerId) {
      if (!owners.has(key(recordId))) put(recordId, ownerId);
    },
    forget: (recordId) => void owners.delete(key(recordId)),
    size: () => owners.size,
  };
}

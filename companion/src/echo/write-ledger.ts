import { sameValue } from '../mapping/field-diff.js';

/**
 * A short-lived memory of what the companion itself wrote to Salesforce (object, record id,
 * field → value). Change events echo those writes back; `changeOrigin` names our client for
 * most APIs, but not every API is documented to carry it, so an event whose changed fields all
 * equal values we just wrote is treated as our own echo too.
 */

export interface WriteLedger {
  /** Notes values about to be written; call before sending the write. */
  register(objectName: string, recordId: string, fields: Readonly<Record<string, unknown>>): void;
  /**
   * Whether every changed field of the record equals a value we wrote within the time to live.
   * An empty change never matches.
   */
  matches(objectName: string, recordId: string, changed: ReadonlyMap<string, unknown>): boolean;
  size(): number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

/** Salesforce ids are case-sensitive at 15 characters; an 18-character id starts with its 15-character form. */
const recordKey = (objectName: string, recordId: string) =>
  `${objectName.toLowerCase()}:${recordId.slice(0, 15)}`;

export function createWriteLedger(
  options: { ttlMs?: number; now?: () => number; maxRecords?: number } = {},
): WriteLedger {
  const ttlMs = options.ttlMs ?? 2 * 60_000;
  const now = options.now ?? Date.now;
  const maxRecords = options.maxRecords ?? 100_000;
  const records = new Map<string, Map<string, Entry>>();

  function prune(at: number): void {
    for (const [key, fields] of records) {
      for (const [field, entry] of fields) if (entry.expiresAt <= at) fields.delete(field);
      if (fields.size === 0) records.delete(key);
    }
  }
  let lastPrune = 0;

  return {
    register(objectName, recordId, fields) {
      const at = now();
      if (at - lastPrune > ttlMs) {
        prune(at);
        lastPrune = at;
      }
      const key = recordKey(objectName, recordId);
      const entry = records.get(key) ?? new Map<string, Entry>();
      records.delete(key);
      records.set(key, entry);
      for (const [field, value] of Object.entries(fields)) {
        if (field === 'Id') continue;
        entry.set(field.toLowerCase(), { value, expiresAt: at + ttlMs });
      }
      while (records.size > maxRecords) {
        const oldest = records.keys().next().value;
        if (oldest === undefined) break;
        records.delete(oldest);
      }
    },
    matches(objectName, recordId, changed) {
      if (changed.size === 0) return false;
      const entry = records.get(recordKey(objectName, recordId));
      if (!entry) return false;
      const at = now();
      for (const [field, value] of changed) {
        const written = entry.get(field.toLowerCase());
        if (!written || written.expiresAt <= at || !sameValue(written.value, value)) return false;
      }
      return true;
    },
    size: () => records.size,
  };
}

import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';
import type { WriteLedger } from './write-ledger.js';

export type WriteFn = (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;

/**
 * Wraps the record writer so every update (and upsert/create, once its id is known) is noted
 * in the ledger. Updates are noted before they are sent: the change event can arrive before
 * the call returns.
 */
export function withWriteLedger(write: WriteFn, ledger: WriteLedger): WriteFn {
  return async (writes) => {
    for (const w of writes) {
      if (w.op === 'update') ledger.register(w.object, w.record.Id, w.record);
    }
    const results = await write(writes);
    writes.forEach((w, i) => {
      const result = results[i];
      if ((w.op === 'create' || w.op === 'upsert') && result?.ok && result.id) {
        ledger.register(w.object, result.id, w.record);
      }
    });
    return results;
  };
}

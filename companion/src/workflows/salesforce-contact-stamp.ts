import { sameValue } from '../mapping/field-diff.js';
import { recordFieldValue } from '../mapping/record-field.js';

/**
 * Workflow 4a, the stamp decision: which Contacts may have `Okta_Last_Synced_At__c` set after
 * their values were pushed to Okta. The stamp says "both sides agree as of this instant", and
 * the next conflict decision counts a Salesforce commit as a change only when it is later than
 * the stamp. A Contact edited between the read the plan was made from and the stamp would
 * have its edit hidden behind the stamp and never reach Okta; so the Contacts are read again
 * just after the stamp time is taken, and only those still holding the values the plan
 * pushed are stamped. The others keep their previous stamp: their edit has its own change
 * event, whose job then sees a Salesforce change after the last sync. Nor is a Contact stamped
 * whose Okta user holds, on another BOTH attribute, a value the Contact does not: that Okta change
 * is on its way to Salesforce, and a stamp later than it would have it held back as older than
 * the last sync.
 */

export interface StampDecision {
  /** Contact ids to stamp. */
  stamp: string[];
  /** Contact ids edited (or deleted) since the read: left unstamped. */
  changedSinceRead: string[];
  /** Contact ids whose Okta user holds changes the Contact does not have yet: left unstamped. */
  oktaAhead: string[];
}

export function decideSyncStamps(input: {
  /** The Contacts as the plans read them, keyed by their 15-character id. */
  read: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** The same Contacts read again after the stamp time was taken (a missing one was deleted). */
  reread: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Contact ids whose plan was applied to Okta. */
  synced: readonly string[];
  /** The mapped Contact fields that write to Okta. */
  fields: readonly string[];
  /** Contact ids whose plan found Okta ahead on another BOTH attribute. */
  oktaAhead?: readonly string[];
}): StampDecision {
  const stamp: string[] = [];
  const changedSinceRead: string[] = [];
  const ahead = new Set(input.oktaAhead ?? []);
  const oktaAhead: string[] = [];
  for (const id of input.synced) {
    if (ahead.has(id)) {
      oktaAhead.push(id);
      continue;
    }
    const key = id.slice(0, 15);
    const before = input.read.get(key);
    const after = input.reread.get(key);
    const unchanged =
      before !== undefined &&
      after !== undefined &&
      input.fields.every((field) =>
        sameValue(recordFieldValue(before, field), recordFieldValue(after, field)),
      );
    (unchanged ? stamp : changedSinceRead).push(id);
  }
  return { stamp, changedSinceRead, oktaAhead };
}

import { parseInstant } from '../mapping/date-parse.js';
import type { FieldMapping, OktaUserSnapshot } from '../mapping/types.js';

/**
 * The Okta → Salesforce half of the per-field rule "only one side changed → that side wins,
 * whatever the source of truth", for a Contact already synced: a BOTH mapping brings Okta's value
 * into the Contact only when the Okta user changed after the Contact's last sync
 * (`Okta_Last_Synced_At__c`). Otherwise the Contact's value stands — it is equal already, or a
 * Salesforce edit on its way to Okta. Without this, an Okta event that only echoes the
 * companion's own earlier write (one its in-memory ledger no longer knows after a restart, or
 * the echo of a push of another field) wrote the previous value back over a newer Contact edit,
 * which then never reached Okta.
 * Pure: returns the Contact fields (lower case) to leave out of the Okta → Salesforce write.
 */
export function salesforceOwnedFields(input: {
  user: OktaUserSnapshot;
  /** The linked Contact, with Okta_Last_Synced_At__c; undefined when there is none yet. */
  contact: Readonly<Record<string, unknown>> | undefined;
  mappings: readonly FieldMapping[];
}): Set<string> {
  const held = new Set<string>();
  const lastSynced = millis(input.contact?.['Okta_Last_Synced_At__c']);
  if (lastSynced === undefined) return held; // never synced: Okta's values are taken
  const oktaChanged = millis(input.user.lastUpdated);
  if (oktaChanged === undefined || oktaChanged > lastSynced) return held;
  for (const m of input.mappings) {
    if (m.objectName === 'Contact' && m.direction === 'BOTH') held.add(m.field.toLowerCase());
  }
  return held;
}

function millis(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = parseInstant(value);
  return parsed.ok ? parsed.value.getTime() : undefined;
}

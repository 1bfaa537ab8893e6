import { parseInstant } from '../mapping/date-parse.js';
import { movedOf, salesforceValueStands, twoWayFields } from '../mapping/sync-baseline.js';
import type { FieldMapping, ObjectDescribe, OktaUserSnapshot } from '../mapping/types.js';

/**
 * The Okta → Salesforce half of the per-field rule "only one side changed → that side wins,
 * whatever the source of truth", for a Contact already synced: the BOTH fields whose Contact
 * value stands, so the Okta → Salesforce write leaves them out (a Salesforce edit on its way to
 * Okta, or a conflict Salesforce wins).
 *
 * Each field is told by its values where it can: against the value both orgs agreed on at the
 * last sync (sync-baseline.ts), the side that differs moved. A field without a recorded
 * agreement falls back to the clock: the Contact's value stands when the Okta user has not
 * changed since the Contact's last sync (`Okta_Last_Synced_At__c`) — coarser, since any change
 * of the user counts as a change of every field. Pure: returns Contact fields (lower case).
 */
export function salesforceOwnedFields(input: {
  user: OktaUserSnapshot;
  /** The linked Contact, with Okta_Last_Synced_At__c; undefined when there is none yet. */
  contact: Readonly<Record<string, unknown>> | undefined;
  mappings: readonly FieldMapping[];
  describes?: Readonly<Record<string, ObjectDescribe>> | undefined;
  /** The values both orgs agreed on at the last sync, by Okta attribute. */
  agreed?: Readonly<Record<string, unknown>> | undefined;
}): Set<string> {
  const held = new Set<string>();
  if (input.contact === undefined) return held;
  const lastSynced = millis(input.contact['Okta_Last_Synced_At__c']);
  const oktaChanged = millis(input.user.lastUpdated);
  const oktaUnchangedSinceSync =
    lastSynced !== undefined && oktaChanged !== undefined && oktaChanged <= lastSynced;
  for (const field of twoWayFields({ ...input, contact: input.contact })) {
    const moved = movedOf(field);
    // A field in step (perhaps written differently) is rewritten only as the clock says, as before.
    const stands =
      moved === undefined || moved === 'in-step'
        ? oktaUnchangedSinceSync
        : salesforceValueStands(moved, field.mapping);
    if (stands) held.add(field.mapping.field.toLowerCase());
  }
  return held;
}

function millis(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = parseInstant(value);
  return parsed.ok ? parsed.value.getTime() : undefined;
}

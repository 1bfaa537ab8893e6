import { parseInstant } from './date-parse.js';
import { sameValue } from './field-diff.js';
import type { FieldMapping, SourceOfTruth } from './types.js';

export type Instant = string | number | Date;

export interface SideChange {
  value: unknown;
  /** When this side last changed the value; null when unknown (counts as changed). */
  changedAt: Instant | null;
}

export interface ConflictCandidate {
  /** DeveloperName of the mapping the value travels through. */
  mapping: string;
  okta?: SideChange;
  salesforce?: SideChange;
}

export interface ConflictResolution {
  mapping: string;
  /** `Contact.MobilePhone` */
  field: string;
  oktaAttribute: string;
  /** The side whose value should be written to the other; NONE when neither changed. */
  winner: SourceOfTruth | 'NONE';
  value: unknown;
  /** Both sides changed since the last sync and hold different values. */
  conflict: boolean;
  reason: string;
}

function toMillis(instant: Instant | null): number | null {
  if (instant === null) return null;
  const parsed = parseInstant(instant);
  return parsed.ok ? parsed.value.getTime() : null;
}

/**
 * Decides, per mapping, which side's value stands. The rule:
 * - a side "changed" when it has a candidate whose time is after `lastSyncedAt` (or either time
 *   is unknown, or the record was never synced);
 * - only one side changed → that side wins, whatever the source of truth;
 * - both changed → the mapping's Source_Of_Truth__c wins; it is a conflict only when the values
 *   differ (compare them in one representation, e.g. both as Salesforce values);
 * - neither changed → NONE;
 * - a one-way mapping only ever lets the side it reads from win.
 * Candidates naming no known mapping are skipped.
 */
export function resolveConflicts(input: {
  candidates: readonly ConflictCandidate[];
  mappings: readonly FieldMapping[];
  lastSyncedAt: Instant | null;
}): ConflictResolution[] {
  const lastSync = toMillis(input.lastSyncedAt);
  const changedSinceSync = (side: SideChange | undefined): side is SideChange => {
    if (!side) return false;
    const at = toMillis(side.changedAt);
    return lastSync === null || at === null || at > lastSync;
  };
  const out: ConflictResolution[] = [];
  for (const candidate of input.candidates) {
    const mapping = input.mappings.find((m) => m.name === candidate.mapping);
    if (!mapping) continue;
    const base = {
      mapping: mapping.name,
      field: `${mapping.objectName}.${mapping.field}`,
      oktaAttribute: mapping.oktaAttribute,
    };
    const okta = mapping.direction === 'SALESFORCE_TO_OKTA' ? undefined : candidate.okta;
    const salesforce =
      mapping.direction === 'OKTA_TO_SALESFORCE' ? undefined : candidate.salesforce;
    const oktaChanged = changedSinceSync(okta);
    const salesforceChanged = changedSinceSync(salesforce);

    if (oktaChanged && salesforceChanged) {
      const winner = mapping.sourceOfTruth;
      const agree = sameValue(okta.value, salesforce.value);
      out.push({
        ...base,
        winner,
        value: winner === 'OKTA' ? okta.value : salesforce.value,
        conflict: !agree,
        reason: agree
          ? 'both sides changed to the same value'
          : `both sides changed since the last sync; ${winner} is the source of truth`,
      });
    } else if (oktaChanged) {
      out.push({
        ...base,
        winner: 'OKTA',
        value: okta.value,
        conflict: false,
        reason: 'only Okta changed',
      });
    } else if (salesforceChanged) {
      out.push({
        ...base,
        winner: 'SALESFORCE',
        value: salesforce.value,
        conflict: false,
        reason: 'only Salesforce changed',
      });
    } else {
      out.push({
        ...base,
        winner: 'NONE',
        value: null,
        conflict: false,
        reason: 'neither side changed since the last sync',
      });
    }
  }
  return out;
}

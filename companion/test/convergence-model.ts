import type { FieldMapping, SourceOfTruth } from '../src/mapping/types.js';

/**
 * What the convergence property expects, as pure functions over the writes a case made to one
 * user since the last settle point (a moment every earlier write had converged): for each mapped
 * field, the values both orgs may end on. The rule (`src/mapping/conflicts.ts`):
 * - the last write to a field stands;
 * - except that when it came from the side that is not the field's source of truth and the source
 *   of truth also wrote the field since the settle point (so neither write need have been synced
 *   before the other), the source of truth's last write may stand instead.
 */

export type Side = 'OKTA' | 'SALESFORCE';

export interface UserWrite {
  side: Side;
  /** DeveloperName of the mapping whose field (Salesforce) or attribute (Okta) was written. */
  mapping: string;
  /** The value as the writing side holds it. */
  value: string;
}

/** The side whose writes stand for a mapping when both sides changed it. */
export function sourceOfTruthOf(
  mapping: Pick<FieldMapping, 'direction' | 'sourceOfTruth'>,
): SourceOfTruth {
  if (mapping.direction === 'OKTA_TO_SALESFORCE') return 'OKTA';
  if (mapping.direction === 'SALESFORCE_TO_OKTA') return 'SALESFORCE';
  return mapping.sourceOfTruth;
}

/** Which sides may write a mapped field and have the change carried to the other side. */
export function writableSides(mapping: Pick<FieldMapping, 'direction'>): Side[] {
  if (mapping.direction === 'OKTA_TO_SALESFORCE') return ['OKTA'];
  if (mapping.direction === 'SALESFORCE_TO_OKTA') return ['SALESFORCE'];
  return ['OKTA', 'SALESFORCE'];
}

export interface AllowedInput {
  mapping: string;
  sourceOfTruth: SourceOfTruth;
  /** The field's value at the settle point: one, or one per org after crossed writes. */
  initial: readonly string[];
  /** Every write to the user since the settle point, in order, whatever the field. */
  writes: readonly UserWrite[];
  /**
   * The companion pushed a Salesforce value of the field to Okta after the last Okta write of it:
   * Okta's profile update takes no condition, so a push decided from a read just before an Okta
   * edit replaces that edit (the one lost update no event can undo: Okta's events do not carry
   * the values). The field may then end on a Salesforce value written since the settle point.
   */
  oktaWriteReplacedByPush?: boolean;
}

export interface Allowed {
  /** The values the field may end on; the first is the last write (or the settled value). */
  values: string[];
  /** Whether both orgs must hold the same one. */
  agree: boolean;
}

export function allowedFinalValues(input: AllowedInput): Allowed {
  const own = input.writes.filter((w) => w.mapping === input.mapping);
  const last = own.at(-1);
  if (!last) return { values: [...input.initial], agree: input.initial.length === 1 };
  const values = [last.value];
  if (last.side !== input.sourceOfTruth) {
    const bySourceOfTruth = own.filter((w) => w.side === input.sourceOfTruth).at(-1);
    if (bySourceOfTruth) values.push(bySourceOfTruth.value);
  }
  if (last.side === 'OKTA' && input.oktaWriteReplacedByPush) {
    values.push(...own.filter((w) => w.side === 'SALESFORCE').map((w) => w.value));
  }
  return { values: [...new Set(values)], agree: true };
}

/**
 * One representation of a mapped value for comparison across the orgs, by the mapping's transform:
 * phone numbers by their digits (E.164 in Okta, as typed in Salesforce), trimmed text, lower or
 * upper case for LOWER and UPPER; blank and absent are the same.
 */
export function comparable(mapping: Pick<FieldMapping, 'transform'>, value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (mapping.transform) {
    case 'PHONE_E164':
      return text.replace(/\D/g, '');
    case 'LOWER':
      return text.trim().toLowerCase();
    case 'UPPER':
      return text.trim().toUpperCase();
    default:
      return text.trim();
  }
}

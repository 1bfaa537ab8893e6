import { mapSalesforceChangeToOkta } from './apply.js';
import { recordFieldValue } from './record-field.js';
import { sameValue } from './field-diff.js';
import { readOktaAttribute, writableProfileName } from './okta-attribute.js';
import type { FieldMapping, ObjectDescribe, OktaUserSnapshot } from './types.js';

/**
 * The three-way comparison of a two-way (BOTH) field: Okta's value, the Contact's value (in
 * Okta's representation) and the value both held at the last sync. Whichever side differs from
 * that agreed value moved; when both moved, the mapping's source of truth decides. Pure.
 */

export type SideMoved = 'in-step' | 'okta' | 'salesforce' | 'both';

export function whichSideMoved(okta: unknown, salesforce: unknown, agreed: unknown): SideMoved {
  if (sameValue(okta, salesforce)) return 'in-step';
  if (sameValue(okta, agreed)) return 'salesforce';
  if (sameValue(salesforce, agreed)) return 'okta';
  return 'both';
}

/** Whether Salesforce's value of the field stands (as opposed to Okta's), by what moved. */
export function salesforceValueStands(moved: SideMoved, mapping: FieldMapping): boolean {
  return moved === 'salesforce' || (moved === 'both' && mapping.sourceOfTruth === 'SALESFORCE');
}

export interface TwoWayField {
  mapping: FieldMapping;
  /** The Okta profile attribute. */
  attribute: string;
  okta: unknown;
  /** The Contact's value as Okta would hold it; undefined when it does not map. */
  salesforce: { value: unknown } | undefined;
  /** The value agreed at the last sync; undefined when none was recorded. */
  agreed: { value: unknown } | undefined;
}

/** The Contact's BOTH fields with the Okta value, the Contact value and the agreed value of each. */
export function twoWayFields(input: {
  user: OktaUserSnapshot;
  contact: Readonly<Record<string, unknown>>;
  mappings: readonly FieldMapping[];
  describes?: Readonly<Record<string, ObjectDescribe>> | undefined;
  agreed?: Readonly<Record<string, unknown>> | undefined;
}): TwoWayField[] {
  const fields: TwoWayField[] = [];
  for (const mapping of input.mappings) {
    if (mapping.objectName !== 'Contact' || mapping.direction !== 'BOTH') continue;
    const attribute = writableProfileName(mapping.oktaAttribute);
    if (attribute === undefined) continue;
    const asOkta = mapSalesforceChangeToOkta({
      objectName: 'Contact',
      changedFields: { [mapping.field]: recordFieldValue(input.contact, mapping.field) },
      mappings: [mapping],
      ...(input.describes ? { describes: input.describes } : {}),
    });
    fields.push({
      mapping,
      attribute,
      okta: readOktaAttribute(input.user, mapping.oktaAttribute),
      salesforce: attribute in asOkta.profile ? { value: asOkta.profile[attribute] } : undefined,
      agreed:
        input.agreed && Object.hasOwn(input.agreed, attribute)
          ? { value: input.agreed[attribute] ?? null }
          : undefined,
    });
  }
  return fields;
}

/** What moved on a field, or undefined when it cannot be told from values alone. */
export function movedOf(field: TwoWayField): SideMoved | undefined {
  if (field.salesforce === undefined) return undefined;
  if (sameValue(field.okta, field.salesforce.value)) return 'in-step';
  if (field.agreed === undefined) return undefined;
  return whichSideMoved(field.okta, field.salesforce.value, field.agreed.value);
}

/**
 * The attributes both orgs hold after the Okta → Salesforce write of `written` (Contact fields):
 * a written BOTH field now holds Okta's value; an unwritten one agrees when it already did.
 */
export function agreedAfterContactWrite(input: {
  user: OktaUserSnapshot;
  /** The Contact as read before the write; undefined when the write created it. */
  contact: Readonly<Record<string, unknown>> | undefined;
  written: Readonly<Record<string, unknown>>;
  mappings: readonly FieldMapping[];
  describes?: Readonly<Record<string, ObjectDescribe>> | undefined;
}): Record<string, unknown> {
  const writtenFields = new Set(Object.keys(input.written).map((f) => f.toLowerCase()));
  const after = { ...input.contact, ...input.written };
  const agreed: Record<string, unknown> = {};
  for (const field of twoWayFields({ ...input, contact: after })) {
    const inStep =
      writtenFields.has(field.mapping.field.toLowerCase()) ||
      (field.salesforce !== undefined && sameValue(field.okta, field.salesforce.value));
    if (inStep) agreed[field.attribute] = field.okta ?? null;
  }
  return agreed;
}

/** The attributes of `next` whose value differs from what `recorded` holds. */
export function changedAgreement(
  recorded: Readonly<Record<string, unknown>> | undefined,
  next: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(next).filter(
      ([attribute, value]) =>
        !recorded || !Object.hasOwn(recorded, attribute) || !sameValue(recorded[attribute], value),
    ),
  );
}

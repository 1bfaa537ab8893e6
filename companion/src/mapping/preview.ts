import { mapOktaField, mapOktaUserToSalesforce } from './apply.js';
import type { SalesforceRecords } from './apply.js';
import { diffFields, fieldValueOf, sameValue } from './field-diff.js';
import type { FieldChange } from './field-diff.js';
import { writesSalesforce } from './mapping-validation.js';
import type {
  FieldMapping,
  MappingError,
  ObjectDescribe,
  OktaUserSnapshot,
  TransformName,
} from './types.js';

export interface PreviewField {
  mapping: string;
  label: string;
  /** `Contact.Title` */
  target: string;
  oktaAttribute: string;
  transform: TransformName;
  /** What Okta holds (null for TEMPLATE, which reads several attributes). */
  source: unknown;
  /** What would be written; null when the mapping fails. */
  value: unknown;
  error: string | null;
  /** The Contact's current value, when a Contact was given and this is a Contact field. */
  current: unknown;
  /** Whether writing would change the Contact (false for Account fields and failures). */
  changed: boolean;
}

export interface MappingPreview {
  fields: PreviewField[];
  records: SalesforceRecords;
  errors: MappingError[];
  /** Field-level changes against `currentContact` (every mapped Contact field when none is given). */
  contactChanges: FieldChange[];
}

/** What the Okta → Salesforce mappings would do for one user, field by field, for the setup page. */
export function previewMapping(input: {
  user: OktaUserSnapshot;
  mappings: readonly FieldMapping[];
  describes: Readonly<Record<string, ObjectDescribe>>;
  currentContact?: Readonly<Record<string, unknown>> | undefined;
}): MappingPreview {
  const { records, errors } = mapOktaUserToSalesforce(input);
  const current = input.currentContact;
  const fields = input.mappings.filter(writesSalesforce).map((mapping): PreviewField => {
    const outcome = mapOktaField(input.user, mapping, input.describes);
    const isContact = mapping.objectName === 'Contact';
    const fieldName = outcome.target.slice(mapping.objectName.length + 1);
    const currentValue = isContact && current ? (fieldValueOf(current, fieldName) ?? null) : null;
    return {
      mapping: mapping.name,
      label: mapping.label,
      target: outcome.target,
      oktaAttribute: mapping.oktaAttribute,
      transform: mapping.transform,
      source: outcome.source,
      value: outcome.result.ok ? outcome.result.value : null,
      error: outcome.result.ok ? null : outcome.result.error,
      current: currentValue,
      changed: isContact && outcome.result.ok && !sameValue(currentValue, outcome.result.value),
    };
  });
  return { fields, records, errors, contactChanges: diffFields(current, records.Contact) };
}

import { coerceToField, toOktaValue } from './coerce.js';
import { findField, writesOkta, writesSalesforce } from './mapping-validation.js';
import { readOktaAttribute, writableProfileName } from './okta-attribute.js';
import { applyTransform } from './transforms.js';
import type {
  FieldDescribe,
  FieldMapping,
  MappedObject,
  MappedValue,
  MappingError,
  ObjectDescribe,
  OktaUserSnapshot,
  Result,
} from './types.js';

export { diffFields, sameValue } from './field-diff.js';
export type { FieldChange } from './field-diff.js';
export { resolveConflicts } from './conflicts.js';
export type { ConflictCandidate, ConflictResolution, SideChange } from './conflicts.js';

export type SalesforceRecords = Record<MappedObject, Record<string, unknown>>;

export interface OktaFieldOutcome {
  mapping: FieldMapping;
  /** `Contact.Title` */
  target: string;
  /** The Okta value the mapping read (null for TEMPLATE, which reads several). */
  source: unknown;
  result: Result<unknown>;
}

/** Maps one Okta → Salesforce mapping for one user: read, transform, coerce to the field. */
export function mapOktaField(
  user: OktaUserSnapshot,
  mapping: FieldMapping,
  describes: Readonly<Record<string, ObjectDescribe>>,
): OktaFieldOutcome {
  const describe = describes[mapping.objectName];
  const field = describe ? findField(describe, mapping.field) : undefined;
  const target = `${mapping.objectName}.${field?.name ?? mapping.field}`;
  const source =
    mapping.transform === 'TEMPLATE' ? null : readOktaAttribute(user, mapping.oktaAttribute);
  if (!field) {
    return {
      mapping,
      target,
      source,
      result: { ok: false, error: `${target} is not in the object's describe` },
    };
  }
  const transformed = applyTransform(mapping, source, {
    lookup: (path) => readOktaAttribute(user, path),
  });
  if (!transformed.ok) {
    return {
      mapping,
      target,
      source,
      result: { ok: false, error: `${field.name}: ${transformed.error}` },
    };
  }
  return { mapping, target, source, result: coerceToField(transformed.value, field) };
}

/** The errors a Contact's sync reports: those of Contact and Account mappings, not Lead ones. */
export function contactMappingErrors(errors: readonly MappingError[]): MappingError[] {
  return errors.filter((e) => !e.field.startsWith('Lead.'));
}

/** The errors a Lead's sync reports: those of Lead mappings. */
export function leadMappingErrors(errors: readonly MappingError[]): MappingError[] {
  return errors.filter((e) => e.field.startsWith('Lead.'));
}

/**
 * The Contact, Account and Lead field values an Okta user maps to, through every OKTA_TO_SALESFORCE
 * and BOTH mapping. A field whose value cannot be mapped is left out of the record and reported;
 * the other fields still map.
 */
export function mapOktaUserToSalesforce(input: {
  user: OktaUserSnapshot;
  mappings: readonly FieldMapping[];
  describes: Readonly<Record<string, ObjectDescribe>>;
}): { records: SalesforceRecords; errors: MappingError[] } {
  const records: SalesforceRecords = { Contact: {}, Account: {}, Lead: {} };
  const errors: MappingError[] = [];
  for (const mapping of input.mappings) {
    if (!writesSalesforce(mapping)) continue;
    const outcome = mapOktaField(input.user, mapping, input.describes);
    if (outcome.result.ok) {
      const fieldName = outcome.target.slice(mapping.objectName.length + 1);
      records[mapping.objectName][fieldName] = outcome.result.value;
    } else {
      errors.push({ mapping: mapping.name, field: outcome.target, message: outcome.result.error });
    }
  }
  return { records, errors };
}

/**
 * Flattens compound fields as Change Data Capture sends them (`Name: {FirstName, LastName}`)
 * so mappings can name the component fields.
 */
function flattenChange(changed: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(changed)) {
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !(value instanceof Date)
    ) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (!flat.has(inner.toLowerCase())) flat.set(inner.toLowerCase(), innerValue);
      }
    } else {
      flat.set(key.toLowerCase(), value);
    }
  }
  return flat;
}

/**
 * The Okta profile update for a Salesforce change, through every SALESFORCE_TO_OKTA and BOTH
 * mapping of the object whose field is present in `changedFields` (a partial update: absent
 * fields are not touched). A field present with null/undefined clears the attribute (or sets the
 * mapping's default). A BOTH mapping reads its VALUE_MAP backwards.
 */
export function mapSalesforceChangeToOkta(input: {
  objectName: string;
  changedFields: Readonly<Record<string, unknown>>;
  mappings: readonly FieldMapping[];
  describes?: Readonly<Record<string, ObjectDescribe>>;
}): { profile: Record<string, MappedValue>; errors: MappingError[] } {
  const profile: Record<string, MappedValue> = {};
  const errors: MappingError[] = [];
  const changed = flattenChange(input.changedFields);
  const objectName = input.objectName.toLowerCase();
  const describe = Object.entries(input.describes ?? {}).find(
    ([name]) => name.toLowerCase() === objectName,
  )?.[1];

  for (const mapping of input.mappings) {
    if (!writesOkta(mapping) || mapping.objectName.toLowerCase() !== objectName) continue;
    const key = mapping.field.toLowerCase();
    if (!changed.has(key)) continue;
    const attribute = writableProfileName(mapping.oktaAttribute);
    if (attribute === undefined) {
      errors.push({
        mapping: mapping.name,
        field: mapping.oktaAttribute,
        message: `${mapping.oktaAttribute} cannot be written`,
      });
      continue;
    }
    const field: FieldDescribe | undefined = describe
      ? findField(describe, mapping.field)
      : undefined;
    const result = mapSalesforceValue(changed.get(key), mapping, field);
    if (result.ok) profile[attribute] = result.value;
    else
      errors.push({ mapping: mapping.name, field: mapping.oktaAttribute, message: result.error });
  }
  return { profile, errors };
}

function mapSalesforceValue(
  raw: unknown,
  mapping: FieldMapping,
  field: FieldDescribe | undefined,
): Result<MappedValue> {
  const okta = toOktaValue(raw, field);
  if (!okta.ok) return { ok: false, error: `${mapping.oktaAttribute}: ${okta.error}` };
  const transformed = applyTransform(mapping, okta.value, {
    reverse: mapping.direction === 'BOTH',
  });
  return transformed.ok
    ? transformed
    : { ok: false, error: `${mapping.oktaAttribute}: ${transformed.error}` };
}

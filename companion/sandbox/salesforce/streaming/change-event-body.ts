/**
 * The record fields of one change event as Streaming API (CometD) delivers them:
 * CREATE and UNDELETE carry every non-null field, UPDATE only the changed ones (nulled
 * fields as null, LastModifiedById only when the modifier changed), DELETE none.
 * Name and address components nest under their compound field, and changedFields
 * names them `Compound.Component`.
 */
import type { RecordChange } from '../change-events.js';

export interface ChangeEventBody {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly changedFields: readonly string[];
  /** UPDATE: the changed fields set to null (header `nulledFields`). */
  readonly nulledFields: readonly string[];
}

interface CompoundField {
  readonly name: string;
  /** Record field → component name inside the compound. */
  readonly components: Readonly<Record<string, string>>;
}

/** Not part of change events: system bookkeeping and values derived from other records. */
const NEVER_IN_EVENTS = new Set([
  'Id',
  'attributes',
  'IsDeleted',
  'SystemModstamp',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
  'PhotoUrl',
]);

const NAME_COMPONENTS = ['Salutation', 'FirstName', 'MiddleName', 'LastName', 'Suffix'];
const ADDRESS_COMPONENTS = [
  'Street',
  'City',
  'State',
  'PostalCode',
  'Country',
  'StateCode',
  'CountryCode',
  'Latitude',
  'Longitude',
  'GeocodeAccuracy',
];

function compound(name: string, prefix: string, components: readonly string[]): CompoundField {
  return {
    name,
    components: Object.fromEntries(components.map((c) => [`${prefix}${c}`, c])),
  };
}

const PERSON_NAME = compound('Name', '', NAME_COMPONENTS);

const COMPOUND_FIELDS: Readonly<Record<string, readonly CompoundField[]>> = {
  Contact: [
    PERSON_NAME,
    compound('MailingAddress', 'Mailing', ADDRESS_COMPONENTS),
    compound('OtherAddress', 'Other', ADDRESS_COMPONENTS),
  ],
  Lead: [PERSON_NAME, compound('Address', '', ADDRESS_COMPONENTS)],
  Account: [
    compound('BillingAddress', 'Billing', ADDRESS_COMPONENTS),
    compound('ShippingAddress', 'Shipping', ADDRESS_COMPONENTS),
  ],
};

const REST_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)\+0000$/;

/** REST renders datetimes as `…+0000`; CometD events carry them in UTC as `…Z`. */
function eventValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = REST_DATETIME.exec(value);
  return match ? `${match[1]}Z` : value;
}

export function changeEventBody(
  change: RecordChange,
  previousModifierId: string | undefined,
): ChangeEventBody {
  if (change.changeType === 'DELETE') return { fields: {}, changedFields: [], nulledFields: [] };
  const isUpdate = change.changeType === 'UPDATE';
  const compounds = COMPOUND_FIELDS[change.entityName] ?? [];
  const fields: Record<string, unknown> = {};
  const changedFields: string[] = [];
  const nulledFields: string[] = [];

  for (const [field, value] of Object.entries(change.fields)) {
    if (value === undefined || NEVER_IN_EVENTS.has(field)) continue;
    // The compound value itself (e.g. Contact.Name, the full name) is derived from its components.
    if (compounds.some((c) => c.name === field)) continue;
    if (!isUpdate && value === null) continue;
    if (isUpdate && field === 'LastModifiedById' && value === previousModifierId) continue;

    const owner = compounds.find((c) => c.components[field] !== undefined);
    const component = owner?.components[field];
    if (owner && component) {
      const nested = (fields[owner.name] ??= {}) as Record<string, unknown>;
      nested[component] = eventValue(value);
      if (isUpdate) changedFields.push(`${owner.name}.${component}`);
      if (isUpdate && value === null) nulledFields.push(`${owner.name}.${component}`);
    } else {
      fields[field] = eventValue(value);
      if (isUpdate) changedFields.push(field);
      if (isUpdate && value === null) nulledFields.push(field);
    }
  }
  return { fields, changedFields, nulledFields };
}

import { RecordSaveError, SalesforceApiError } from '../errors.js';
import type { SchemaRegistry } from '../schema/registry.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import { ValueTypeError, coerceValue } from './field-values.js';

/** A reference given by a parent's external id: `"Account": {"Okta_Organization_Key__c": "acme"}`. */
export interface ForeignKeyRef {
  readonly field: FieldDef;
  readonly target: ObjectDef;
  readonly targetField: FieldDef;
  readonly value: unknown;
}

/** One record's input, field names resolved and values converted to their stored form. */
export interface RecordInput {
  readonly values: ReadonlyMap<string, unknown>;
  readonly foreignKeys: readonly ForeignKeyRef[];
  /** True when the input named the Id field (an insert must not). */
  readonly hasId: boolean;
}

export function noSuchColumn(def: ObjectDef, name: string): SalesforceApiError {
  return SalesforceApiError.of(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on sobject of type ${def.name}`,
  );
}

function typeError(err: ValueTypeError, fromText: boolean): Error {
  if (fromText) {
    return RecordSaveError.of(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${err.field.label}: value not of required type: ${String(err.value)}`,
      [err.field.name],
    );
  }
  const token =
    typeof err.value === 'string'
      ? 'VALUE_STRING'
      : typeof err.value === 'object'
        ? 'START_OBJECT'
        : typeof err.value === 'boolean'
          ? `VALUE_${String(err.value).toUpperCase()}`
          : 'VALUE_NUMBER_INT';
  return SalesforceApiError.of(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${err.javaType} from ${token} value ${typeof err.value === 'object' ? '{' : String(err.value)} or request may be missing a required field`,
  );
}

function resolveRelationship(
  registry: SchemaRegistry,
  def: ObjectDef,
  relationship: string,
  inner: Record<string, unknown>,
  fromText: boolean,
): ForeignKeyRef {
  const field = def.relationships.get(relationship.toLowerCase());
  if (!field) throw noSuchColumn(def, relationship);
  const attributes = inner['attributes'] as { type?: unknown } | undefined;
  const typeName =
    typeof attributes?.type === 'string'
      ? attributes.type
      : field.referenceTo.length === 1
        ? field.referenceTo[0]
        : undefined;
  const target = typeName ? registry.get(typeName) : undefined;
  if (!target) {
    throw SalesforceApiError.of(
      400,
      'INVALID_FIELD',
      `Polymorphic foreign key ${relationship} requires an entity type in attributes`,
    );
  }
  const keys = Object.keys(inner).filter((k) => k !== 'attributes');
  if (keys.length !== 1) {
    throw SalesforceApiError.of(
      400,
      'INVALID_FIELD',
      `Foreign key ${relationship} must name exactly one external id field`,
    );
  }
  const key = keys[0] ?? '';
  const targetField = target.fieldsByLowerName.get(key.toLowerCase());
  if (!targetField) throw noSuchColumn(target, key);
  if (!targetField.externalId && targetField.name !== 'Id') {
    throw SalesforceApiError.of(
      400,
      'INVALID_FIELD',
      `The value provided for foreign key reference ${relationship} is not a nested SObject or ${targetField.name} is not an external id field`,
    );
  }
  let value: unknown;
  try {
    value = coerceValue(
      targetField.name === 'Id' ? { ...targetField, type: 'string' } : targetField,
      inner[key],
      fromText,
    );
  } catch (err) {
    if (err instanceof ValueTypeError) throw typeError(err, fromText);
    throw err;
  }
  return { field, target, targetField, value };
}

/**
 * Resolves a record's keys against the object (case-insensitively) and converts its values.
 * `attributes` and the keys in `skip` (lower case) are ignored.
 * Throws INVALID_FIELD / JSON_PARSER_ERROR as whole-request errors (JSON), or per-record
 * errors for CSV text.
 */
export function parseRecordInput(
  registry: SchemaRegistry,
  def: ObjectDef,
  raw: Readonly<Record<string, unknown>>,
  options: { fromText: boolean; skip?: ReadonlySet<string> },
): RecordInput {
  const values = new Map<string, unknown>();
  const foreignKeys: ForeignKeyRef[] = [];
  let hasId = false;
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase();
    if (key === 'attributes' || options.skip?.has(lower)) continue;
    const field = def.fieldsByLowerName.get(lower);
    if (!field) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        foreignKeys.push(
          resolveRelationship(
            registry,
            def,
            key,
            value as Record<string, unknown>,
            options.fromText,
          ),
        );
        continue;
      }
      throw noSuchColumn(def, key);
    }
    if (field.name === 'Id') {
      hasId = true;
      continue;
    }
    try {
      values.set(field.name, coerceValue(field, value, options.fromText));
    } catch (err) {
      if (err instanceof ValueTypeError) throw typeError(err, options.fromText);
      throw err;
    }
  }
  return { values, foreignKeys, hasId };
}

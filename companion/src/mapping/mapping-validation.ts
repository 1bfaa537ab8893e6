import {
  coerceToField,
  isMappableFieldType,
  NUMBER_FIELD_TYPES,
  TEXT_FIELD_TYPES,
} from './coerce.js';
import type { FieldMappingRow } from './config-rows.js';
import {
  identityWriteRefusal,
  NO_IDENTITY_WRITES,
  type IdentityWritePolicy,
} from './identity-attributes.js';
import { describeOktaAttributeRule, parseOktaAttribute } from './okta-attribute.js';
import { applyTransform, checkTransformArgument, parseValueMap } from './transforms.js';
import type {
  FieldDescribe,
  FieldMapping,
  MappedObject,
  ObjectDescribe,
  TransformName,
} from './types.js';
import { MAPPED_OBJECTS } from './types.js';

export type DescribeLookup = (
  objectName: string,
) => { describe: ObjectDescribe } | { error: string };

const TEXT_TRANSFORMS: ReadonlySet<TransformName> = new Set([
  'TRIM',
  'LOWER',
  'UPPER',
  'TEMPLATE',
  'PHONE_E164',
]);

export function findField(describe: ObjectDescribe, name: string): FieldDescribe | undefined {
  const lower = name.toLowerCase();
  return describe.fields.find((f) => f.name.toLowerCase() === lower);
}

export function writesSalesforce(m: { direction: FieldMapping['direction'] }): boolean {
  return m.direction === 'OKTA_TO_SALESFORCE' || m.direction === 'BOTH';
}

export function writesOkta(m: { direction: FieldMapping['direction'] }): boolean {
  return m.direction === 'SALESFORCE_TO_OKTA' || m.direction === 'BOTH';
}

/** Which Salesforce field types can hold what a transform produces (Okta → Salesforce). */
function transformFitsTarget(transform: TransformName, type: string): boolean {
  switch (transform) {
    case 'BOOLEAN':
      return type === 'boolean';
    case 'DATE':
      return type === 'date';
    case 'DATETIME':
      return type === 'datetime';
    case 'NUMBER':
      return NUMBER_FIELD_TYPES.has(type);
    case 'NONE':
    case 'VALUE_MAP':
      return true;
    default:
      return TEXT_FIELD_TYPES.has(type);
  }
}

/**
 * Checks one parsed mapping row against its object's describe. Returns the typed mapping, or
 * every reason it cannot be used.
 */
export function validateMapping(
  row: FieldMappingRow,
  describeOf: DescribeLookup,
  identityWrites: IdentityWritePolicy = NO_IDENTITY_WRITES,
): { ok: true; mapping: FieldMapping } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const objectName = MAPPED_OBJECTS.find(
    (o) => o.toLowerCase() === row.Salesforce_Object__c?.toLowerCase(),
  );
  if (!objectName) {
    return {
      ok: false,
      problems: [
        `Salesforce_Object__c "${row.Salesforce_Object__c ?? ''}" is not supported (expected ${MAPPED_OBJECTS.join(', ')})`,
      ],
    };
  }
  if (!row.Salesforce_Field__c) return { ok: false, problems: ['Salesforce_Field__c is required'] };
  const described = describeOf(objectName);
  if ('error' in described) return { ok: false, problems: [described.error] };
  const field = findField(described.describe, row.Salesforce_Field__c);
  if (!field) {
    return { ok: false, problems: [`${objectName} has no field ${row.Salesforce_Field__c}`] };
  }
  const target = `${objectName}.${field.name}`;
  if (!isMappableFieldType(field.type)) {
    return { ok: false, problems: [`${target} is of type ${field.type}, which cannot be mapped`] };
  }

  const mapping: FieldMapping = {
    name: row.DeveloperName,
    label: row.MasterLabel ?? row.DeveloperName,
    direction: row.Direction__c,
    objectName: objectName satisfies MappedObject,
    field: field.name,
    oktaAttribute: row.Okta_Attribute__c ?? '',
    transform: row.Transform__c,
    transformArgument: row.Transform_Argument__c,
    defaultValue: row.Default_Value__c,
    isMatchKey: row.Is_Match_Key__c,
    matchPriority: row.Match_Priority__c,
    sourceOfTruth: row.Source_Of_Truth__c,
  };

  if (writesSalesforce(mapping) && !field.createable && !field.updateable) {
    problems.push(`${target} cannot be written (it is neither createable nor updateable)`);
  }
  problems.push(...checkOktaAttribute(mapping, identityWrites));

  const argument = checkTransformArgument(
    mapping.transform,
    mapping.transformArgument,
    mapping.direction,
  );
  if (!argument.ok) problems.push(`Transform_Argument__c: ${argument.error}`);

  if (writesSalesforce(mapping) && !transformFitsTarget(mapping.transform, field.type)) {
    problems.push(
      `transform ${mapping.transform} does not produce a value for ${target} (type ${field.type})`,
    );
  }
  if (
    mapping.direction === 'SALESFORCE_TO_OKTA' &&
    TEXT_TRANSFORMS.has(mapping.transform) &&
    !TEXT_FIELD_TYPES.has(field.type)
  ) {
    problems.push(
      `transform ${mapping.transform} needs text, but ${target} is of type ${field.type}`,
    );
  }
  if (argument.ok && writesSalesforce(mapping))
    problems.push(...checkValueMapTargets(mapping, field));
  if (argument.ok && problems.length === 0) problems.push(...checkDefaultValue(mapping, field));

  if (mapping.isMatchKey && (objectName === 'Account' || !writesSalesforce(mapping))) {
    problems.push('Is_Match_Key__c is only meaningful on a Contact or Lead field mapped from Okta');
  }
  return problems.length ? { ok: false, problems } : { ok: true, mapping };
}

function checkOktaAttribute(m: FieldMapping, identityWrites: IdentityWritePolicy): string[] {
  if (m.oktaAttribute === '') {
    return m.transform === 'TEMPLATE' ? [] : ['Okta_Attribute__c is required'];
  }
  const ref = parseOktaAttribute(m.oktaAttribute);
  if (!ref) {
    return [
      `Okta_Attribute__c "${m.oktaAttribute}" is not well formed (${describeOktaAttributeRule()})`,
    ];
  }
  if (writesOkta(m) && ref.kind !== 'profile') {
    return [
      `Okta_Attribute__c "${m.oktaAttribute}" is read-only in Okta; only profile.<name> can be written`,
    ];
  }
  if (writesOkta(m) && ref.kind === 'profile') {
    const refusal = identityWriteRefusal(ref.name, identityWrites);
    if (refusal) return [`Direction__c ${m.direction} writes ${refusal}; use OKTA_TO_SALESFORCE`];
  }
  return [];
}

/** A VALUE_MAP into a restricted picklist may only produce active values. */
function checkValueMapTargets(m: FieldMapping, field: FieldDescribe): string[] {
  if (m.transform !== 'VALUE_MAP' || !field.restrictedPicklist) return [];
  const map = parseValueMap(m.transformArgument);
  if (!map.ok) return [];
  const problems: string[] = [];
  for (const value of map.value.values()) {
    if (value === null) continue;
    const coerced = coerceToField(value, field);
    if (!coerced.ok) problems.push(`Transform_Argument__c: ${coerced.error}`);
  }
  return problems;
}

function checkDefaultValue(m: FieldMapping, field: FieldDescribe): string[] {
  if (m.defaultValue === null) return [];
  // TEMPLATE writes its default as is; every other transform runs on it.
  const transformed =
    m.transform === 'TEMPLATE'
      ? ({ ok: true, value: m.defaultValue } as const)
      : applyTransform({ ...m, defaultValue: null }, m.defaultValue);
  if (!transformed.ok) return [`Default_Value__c: ${transformed.error}`];
  if (!writesSalesforce(m)) return [];
  const coerced = coerceToField(transformed.value, field);
  return coerced.ok ? [] : [`Default_Value__c: ${coerced.error}`];
}

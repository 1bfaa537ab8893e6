import type { SchemaRegistry } from './registry.js';
import type { FieldDef, FieldType, ObjectDef } from './types.js';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

function objectFlags(def: ObjectDef) {
  const writable = def.kind === 'standard' || def.kind === 'custom';
  return {
    createable: writable || def.kind === 'event',
    updateable: writable,
    deletable: writable,
    queryable: def.kind !== 'event',
    retrieveable: def.kind !== 'event',
    searchable: writable,
    custom: def.kind !== 'standard',
    customSetting: false,
    triggerable: def.kind !== 'metadata',
  };
}

function urls(def: ObjectDef, apiVersion: string) {
  const base = `/services/data/v${apiVersion}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobalEntry(def: ObjectDef, apiVersion: string) {
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    ...objectFlags(def),
    urls: urls(def, apiVersion),
  };
}

export function describeGlobal(registry: SchemaRegistry, apiVersion: string) {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: registry
      .all()
      .map((def) => describeGlobalEntry(def, apiVersion))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function describeField(f: FieldDef) {
  const text = [
    'string',
    'textarea',
    'email',
    'phone',
    'url',
    'picklist',
    'multipicklist',
  ].includes(f.type);
  const number = ['double', 'currency', 'percent'].includes(f.type);
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    soapType: SOAP_TYPES[f.type],
    length: text ? (f.length ?? 255) : f.type === 'id' || f.type === 'reference' ? 18 : 0,
    byteLength: text ? (f.length ?? 255) * 3 : f.type === 'id' || f.type === 'reference' ? 18 : 0,
    precision: number ? (f.precision ?? 18) : 0,
    scale: number ? (f.scale ?? 0) : 0,
    digits: f.type === 'int' ? (f.precision ?? 9) : 0,
    nillable: !f.required && f.type !== 'boolean' && f.type !== 'id',
    createable: f.createable,
    updateable: f.updateable,
    unique: f.unique,
    externalId: f.externalId,
    idLookup: f.type === 'id' || f.externalId || f.unique,
    caseSensitive: f.caseSensitive,
    calculated: f.calculated,
    autoNumber: f.autoNumber ?? false,
    defaultedOnCreate:
      f.defaultValue !== undefined ||
      f.type === 'boolean' ||
      f.type === 'id' ||
      f.name === 'OwnerId' ||
      f.autoNumber === true,
    defaultValue: f.defaultValue ?? null,
    nameField: f.nameField ?? false,
    filterable: !(f.type === 'textarea' && (f.length ?? 0) > 255),
    sortable: !(f.type === 'textarea' && (f.length ?? 0) > 255),
    groupable: f.type !== 'textarea' && !number,
    custom: f.name.endsWith('__c'),
    picklistValues: (f.values ?? []).map((value) => ({
      active: true,
      defaultValue: value === f.defaultValue,
      label: f.valueLabels?.[value] ?? value,
      validFor: null,
      value,
    })),
    restrictedPicklist: f.restricted && (f.type === 'picklist' || f.type === 'multipicklist'),
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName ?? null,
    polymorphicForeignKey: f.referenceTo.length > 1,
    htmlFormatted: false,
    inlineHelpText: null,
  };
}

export function describeSObject(registry: SchemaRegistry, def: ObjectDef, apiVersion: string) {
  return {
    ...describeGlobalEntry(def, apiVersion),
    fields: def.fields.map(describeField),
    childRelationships: registry.childRelationships(def.name).map((r) => ({
      childSObject: r.childSObject,
      field: r.field,
      relationshipName: r.relationshipName,
      cascadeDelete: false,
      restrictedDelete: false,
      deprecatedAndHidden: false,
    })),
    recordTypeInfos: [],
    eventType: def.kind === 'event' ? 'HighVolume' : null,
  };
}

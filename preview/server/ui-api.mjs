import { soqlString } from './salesforce-rest.mjs';
import { isSalesforceId, to18 } from './salesforce-ids.mjs';

/**
 * The UI API shapes Lightning Data Service hands components (`lightning/uiRecordApi`,
 * `lightning/uiObjectInfoApi`), built from the REST API of the emulated org.
 */

/** REST describe field type → UI API dataType. */
const DATA_TYPES = {
  id: 'String',
  string: 'String',
  textarea: 'TextArea',
  email: 'Email',
  phone: 'Phone',
  url: 'Url',
  picklist: 'Picklist',
  multipicklist: 'MultiPicklist',
  combobox: 'ComboBox',
  boolean: 'Boolean',
  int: 'Int',
  long: 'Long',
  double: 'Double',
  currency: 'Currency',
  percent: 'Percent',
  date: 'Date',
  datetime: 'DateTime',
  time: 'Time',
  reference: 'Reference',
  encryptedstring: 'EncryptedString',
  base64: 'Base64',
  address: 'Address',
  location: 'Location',
};

export class UiApiError extends Error {
  /** @param {number} status @param {string} errorCode @param {string} message */
  constructor(status, errorCode, message) {
    super(message);
    this.status = status;
    this.body = [{ errorCode, message }];
  }
}

/** UI API `dataType` of a REST describe field. */
export function dataTypeOf(/** @type {any} */ field) {
  return (
    DATA_TYPES[/** @type {keyof typeof DATA_TYPES} */ (String(field.type).toLowerCase())] ??
    'String'
  );
}

/** A UI API ObjectInfo from the REST describe of the object. */
export function objectInfoOf(/** @type {any} */ describe) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const field of describe.fields ?? []) {
    fields[field.name] = {
      apiName: field.name,
      label: field.label,
      dataType: dataTypeOf(field),
      createable: field.createable === true,
      updateable: field.updateable === true,
      required:
        field.nillable === false && field.createable === true && field.defaultedOnCreate !== true,
      nillable: field.nillable !== false,
      calculated: field.calculated === true,
      custom: field.custom === true,
      externalId: field.externalId === true,
      unique: field.unique === true,
      nameField: field.nameField === true,
      filterable: field.filterable === true,
      sortable: field.sortable === true,
      htmlFormatted: field.htmlFormatted === true,
      polymorphicForeignKey: field.polymorphicForeignKey === true,
      compound: false,
      controllerName: null,
      controllingFields: [],
      dependentFields: {},
      inlineHelpText: field.inlineHelpText ?? null,
      length: field.length ?? 0,
      precision: field.precision ?? 0,
      scale: field.scale ?? 0,
      digits: field.digits ?? 0,
      reference: field.type === 'reference',
      relationshipName: field.relationshipName ?? null,
      referenceToInfos: (field.referenceTo ?? []).map((/** @type {string} */ apiName) => ({
        apiName,
        nameFields: ['Name'],
      })),
      extraTypeInfo: null,
      searchPrefilterable: false,
      highScaleNumber: false,
    };
  }
  return {
    apiName: describe.name,
    label: describe.label,
    labelPlural: describe.labelPlural,
    keyPrefix: describe.keyPrefix ?? null,
    custom: describe.custom === true,
    createable: describe.createable === true,
    updateable: describe.updateable === true,
    deletable: describe.deletable === true,
    queryable: describe.queryable === true,
    searchable: describe.searchable === true,
    layoutable: true,
    feedEnabled: false,
    mruEnabled: true,
    fields,
    nameFields: (describe.fields ?? [])
      .filter((/** @type {any} */ f) => f.nameField)
      .map((/** @type {any} */ f) => f.name),
    childRelationships: (describe.childRelationships ?? [])
      .filter((/** @type {any} */ r) => r.relationshipName)
      .map((/** @type {any} */ r) => ({
        childObjectApiName: r.childSObject,
        fieldName: r.field,
        relationshipName: r.relationshipName,
        junctionIdListNames: [],
        junctionReferenceTo: [],
      })),
    recordTypeInfos: {},
    defaultRecordTypeId: '012000000000000AAA',
    dependentFields: {},
    themeInfo: null,
  };
}

/**
 * The fields a getRecord asks for, grouped by object: 'Contact.Account.Name' → Account.Name.
 * @param {string[]} names qualified names
 * @returns {{ objectApiName: string | undefined, paths: string[] }}
 */
export function parseFieldNames(names) {
  const objects = new Set(names.map((name) => name.split('.')[0]));
  if (objects.size > 1) {
    throw new UiApiError(
      400,
      'INVALID_FIELD',
      `The fields must all belong to one object: ${[...objects].join(', ')}.`,
    );
  }
  return {
    objectApiName: [...objects][0],
    paths: names.map((name) => name.split('.').slice(1).join('.')).filter(Boolean),
  };
}

/**
 * Is `path` (Field or Relationship.Field…) a field path of the object? Returns the SOQL path
 * when it is, undefined when it is not.
 * @param {(name: string) => Promise<any>} describe
 * @param {string} objectApiName
 * @param {string} path
 */
async function resolvePath(describe, objectApiName, path) {
  const parts = path.split('.');
  let object = objectApiName;
  for (let i = 0; i < parts.length; i++) {
    const described = await describe(object);
    const wanted = String(parts[i]).toLowerCase();
    if (i === parts.length - 1) {
      return described.fields.some((/** @type {any} */ f) => f.name.toLowerCase() === wanted)
        ? path
        : undefined;
    }
    const reference = described.fields.find(
      (/** @type {any} */ f) => String(f.relationshipName ?? '').toLowerCase() === wanted,
    );
    if (!reference?.referenceTo?.[0]) return undefined;
    object = reference.referenceTo[0];
  }
  return undefined;
}

/** A REST record (with nested relationship records) as a UI API record. */
function uiRecord(/** @type {any} */ rest, /** @type {string[]} */ paths) {
  /** @type {Record<string, any>} */
  const fields = {};
  /** @type {Map<string, string[]>} */
  const nested = new Map();
  for (const path of paths) {
    const [head, ...rest2] = path.split('.');
    if (!head) continue;
    if (rest2.length === 0) {
      fields[head] = { displayValue: null, value: rest[head] ?? null };
    } else {
      nested.set(head, [...(nested.get(head) ?? []), rest2.join('.')]);
    }
  }
  for (const [relationship, childPaths] of nested) {
    const child = rest[relationship];
    fields[relationship] = child
      ? {
          displayValue: child.Name ?? null,
          value: uiRecord(child, ['Id', ...childPaths]),
        }
      : { displayValue: null, value: null };
  }
  const apiName = rest.attributes?.type;
  return {
    apiName,
    id: rest.Id ? to18(rest.Id) : null,
    childRelationships: {},
    eTag: null,
    fields,
    lastModifiedById: null,
    lastModifiedDate: null,
    recordTypeId: null,
    recordTypeInfo: null,
    systemModstamp: null,
    weakEtag: 0,
  };
}

/**
 * `getRecord`: the record with the asked fields (unknown `fields` fail, unknown
 * `optionalFields` are left out), as Lightning Data Service answers it.
 * @param {{ query: (soql: string) => Promise<any[]>, describe: (name: string) => Promise<any>, describeGlobal: () => Promise<any[]> }} salesforce
 * @param {{ recordId: string, fields: string[], optionalFields: string[] }} request
 */
export async function readUiRecord(salesforce, request) {
  if (!isSalesforceId(request.recordId)) {
    throw new UiApiError(400, 'MALFORMED_ID', `Invalid record id: ${request.recordId}`);
  }
  const all = [...request.fields, ...request.optionalFields];
  let { objectApiName } = parseFieldNames(all);
  if (!objectApiName) {
    const prefix = request.recordId.slice(0, 3);
    objectApiName = (await salesforce.describeGlobal()).find((o) => o.keyPrefix === prefix)?.name;
  }
  if (!objectApiName)
    throw new UiApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const describe = (/** @type {string} */ name) => salesforce.describe(name);
  /** @type {string[]} */
  const paths = [];
  for (const name of request.fields) {
    const path = name.split('.').slice(1).join('.');
    if (!(await resolvePath(describe, objectApiName, path))) {
      throw new UiApiError(
        400,
        'INVALID_FIELD',
        `No such column '${path}' on entity '${objectApiName}'.`,
      );
    }
    paths.push(path);
  }
  for (const name of request.optionalFields) {
    const path = name.split('.').slice(1).join('.');
    if (await resolvePath(describe, objectApiName, path)) paths.push(path);
  }
  const select = [...new Set(['Id', ...paths, ...relationshipNameFields(paths)])];
  const [record] = await salesforce.query(
    `SELECT ${select.join(', ')} FROM ${objectApiName} WHERE Id = ${soqlString(request.recordId)} LIMIT 1`,
  );
  if (!record) throw new UiApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return uiRecord(record, [...new Set(paths)]);
}

/** Relationship fields carry their record's name as displayValue: select it too. */
function relationshipNameFields(/** @type {string[]} */ paths) {
  return paths
    .filter((p) => p.includes('.'))
    .map((p) => `${p.split('.').slice(0, -1).join('.')}.Id`);
}

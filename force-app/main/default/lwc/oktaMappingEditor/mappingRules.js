import { transformWords } from 'c/oktaMappingWords';

/**
 * Checks of a field mapping row against the fields of Contact and Account (UI API object info).
 * Pure functions: rows and object infos in, messages out.
 */
export const DIRECTIONS = ['OKTA_TO_SALESFORCE', 'SALESFORCE_TO_OKTA', 'BOTH'];
export const TRANSFORMS = [
    'NONE',
    'TRIM',
    'LOWER',
    'UPPER',
    'VALUE_MAP',
    'TEMPLATE',
    'PHONE_E164',
    'DATE',
    'DATETIME',
    'BOOLEAN',
    'NUMBER',
];
export const SOURCES_OF_TRUTH = ['OKTA', 'SALESFORCE'];
export const MAPPED_OBJECTS = ['Contact', 'Account'];

const TEXT_TYPES = ['String', 'TextArea', 'Email', 'Phone', 'Url', 'Picklist', 'EncryptedString'];
/** UI API data types each transform can write. */
const TYPES_BY_TRANSFORM = {
    TRIM: TEXT_TYPES,
    LOWER: TEXT_TYPES,
    UPPER: TEXT_TYPES,
    TEMPLATE: TEXT_TYPES,
    PHONE_E164: ['Phone', 'String'],
    DATE: ['Date'],
    DATETIME: ['DateTime'],
    BOOLEAN: ['Boolean'],
    NUMBER: ['Double', 'Int', 'Long', 'Currency', 'Percent'],
};
const OKTA_ATTRIBUTE = /^(id|status|profile\.[A-Za-z][A-Za-z0-9_]*)$/;

function fieldInfo(objectInfo, fieldName) {
    const fields = objectInfo?.fields ?? {};
    const wanted = String(fieldName ?? '').toLowerCase();
    const name = Object.keys(fields).find((key) => key.toLowerCase() === wanted);
    return name ? fields[name] : undefined;
}

/** UI API data types in words, for the problems a person reads. */
const TYPE_WORDS = {
    String: 'text',
    TextArea: 'long text',
    Email: 'email',
    Phone: 'phone',
    Url: 'URL',
    Picklist: 'picklist',
    MultiPicklist: 'multi-select picklist',
    EncryptedString: 'encrypted text',
    Date: 'date',
    DateTime: 'date and time',
    Boolean: 'checkbox',
    Double: 'number',
    Int: 'number',
    Long: 'number',
    Currency: 'currency',
    Percent: 'percent',
    Reference: 'lookup',
};

/** Whether the transform can write a field of this UI API data type (no list: any type). */
export function transformFits(transform, dataType) {
    const allowed = TYPES_BY_TRANSFORM[transform || 'NONE'];
    return !allowed || allowed.includes(dataType);
}

/**
 * @param {object} row a mapping row (camelCase fields as OktaConfigDeployService.MappingRow)
 * @param {Record<string, object>} objectInfos UI API object info by object API name
 * @returns {string[]} problems in full sentences, empty when the row is fine
 */
export function mappingProblems(row, objectInfos) {
    const problems = [];
    if (!DIRECTIONS.includes(row.direction)) {
        problems.push('Choose the direction: Okta to Salesforce, Salesforce to Okta or both ways.');
    }
    const transform = row.transform || 'NONE';
    if (!TRANSFORMS.includes(transform)) {
        problems.push(`The transform ${transform} is unknown: choose one from the list.`);
    }
    if (!OKTA_ATTRIBUTE.test(row.oktaAttribute ?? '')) {
        problems.push('Choose the Okta attribute this mapping reads or writes.');
    }
    if (row.direction === 'BOTH' && !SOURCES_OF_TRUTH.includes(row.sourceOfTruth)) {
        problems.push(
            'A mapping that syncs both ways needs a source of truth: choose whether Okta or Salesforce wins.',
        );
    }
    if (transform === 'VALUE_MAP' && !isJsonObject(row.transformArgument)) {
        problems.push('The value table must be a JSON object, for example {"A": "Active"}.');
    }
    if (transform === 'TEMPLATE' && !row.transformArgument) {
        problems.push(
            'The template is empty: write it with attributes in braces, for example {profile.firstName} {profile.lastName}.',
        );
    }
    if (transform === 'TEMPLATE' && row.direction && row.direction !== 'OKTA_TO_SALESFORCE') {
        problems.push(
            'A template can only fill Salesforce: choose the direction Okta to Salesforce.',
        );
    }
    if (row.isMatchKey && !(Number(row.matchPriority) >= 0 && Number(row.matchPriority) <= 99)) {
        problems.push('A match key needs a match priority between 0 and 99.');
    }
    if (!MAPPED_OBJECTS.includes(row.salesforceObject)) {
        problems.push('Choose Contact or Account as the Salesforce object.');
        return problems;
    }
    const objectInfo = objectInfos?.[row.salesforceObject];
    if (!objectInfo) {
        return problems;
    }
    if (!row.salesforceField) {
        problems.push('Choose the Salesforce field.');
        return problems;
    }
    const field = fieldInfo(objectInfo, row.salesforceField);
    if (!field) {
        problems.push(`${row.salesforceObject} has no field called ${row.salesforceField}.`);
        return problems;
    }
    const name = `${row.salesforceObject} ${field.label ?? field.apiName} (${field.apiName})`;
    const writesSalesforce = row.direction !== 'SALESFORCE_TO_OKTA';
    if (writesSalesforce && !field.createable && !field.updateable) {
        problems.push(`${name} cannot be written: it is read-only or you have no access to it.`);
    } else if (writesSalesforce && row.salesforceObject === 'Contact' && !field.updateable) {
        problems.push(`${name} can be set only when the Contact is created, never updated.`);
    }
    if (writesSalesforce && !transformFits(transform, field.dataType)) {
        const type = TYPE_WORDS[field.dataType] ?? field.dataType;
        const article = /^[aeiou]/i.test(type) ? 'an' : 'a';
        problems.push(
            `The transform “${transformWords(transform)}” cannot fill ${name}, ${article} ${type} field.`,
        );
    }
    return problems;
}

function isJsonObject(text) {
    try {
        const value = JSON.parse(text);
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    } catch {
        return false;
    }
}

/** An API name for a new row: Contact_Mobile_Phone from Contact and MobilePhone__c. */
export function developerNameFor(row, taken) {
    const base =
        `${row.salesforceObject ?? 'Mapping'}_${String(row.salesforceField ?? 'Field').replace(/__c$/i, '')}`
            .replace(/[^A-Za-z0-9]+/g, '_')
            .replace(/_+/g, '_')
            .replace(/^_|_$/g, '')
            .slice(0, 36);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i += 1) {
        name = `${base}_${i}`;
    }
    return name;
}

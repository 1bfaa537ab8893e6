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

/**
 * @param {object} row a mapping row (camelCase fields as OktaConfigDeployService.MappingRow)
 * @param {Record<string, object>} objectInfos UI API object info by object API name
 * @returns {string[]} problems, empty when the row is fine
 */
export function mappingProblems(row, objectInfos) {
    const problems = [];
    if (!DIRECTIONS.includes(row.direction)) {
        problems.push(`Direction must be one of ${DIRECTIONS.join(', ')}.`);
    }
    const transform = row.transform || 'NONE';
    if (!TRANSFORMS.includes(transform)) {
        problems.push(`Transform must be one of ${TRANSFORMS.join(', ')}.`);
    }
    if (!OKTA_ATTRIBUTE.test(row.oktaAttribute ?? '')) {
        problems.push('The Okta attribute must be id, status or profile.<attribute>.');
    }
    if (row.direction === 'BOTH' && !SOURCES_OF_TRUTH.includes(row.sourceOfTruth)) {
        problems.push('A two-way mapping needs a source of truth: OKTA or SALESFORCE.');
    }
    if (transform === 'VALUE_MAP' && !isJsonObject(row.transformArgument)) {
        problems.push('VALUE_MAP needs a JSON object argument, for example {"A": "Active"}.');
    }
    if (transform === 'TEMPLATE' && !row.transformArgument) {
        problems.push(
            'TEMPLATE needs a template argument, for example {profile.firstName} {profile.lastName}.',
        );
    }
    if (row.isMatchKey && !(Number(row.matchPriority) >= 0 && Number(row.matchPriority) <= 99)) {
        problems.push('A match key needs a match priority between 0 and 99.');
    }
    if (!MAPPED_OBJECTS.includes(row.salesforceObject)) {
        problems.push('The Salesforce object must be Contact or Account.');
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
        problems.push(`${row.salesforceObject} has no field ${row.salesforceField}.`);
        return problems;
    }
    const writesSalesforce = row.direction !== 'SALESFORCE_TO_OKTA';
    if (writesSalesforce && !field.createable && !field.updateable) {
        problems.push(
            `${row.salesforceObject}.${field.apiName} cannot be written (read-only or no access).`,
        );
    } else if (writesSalesforce && row.salesforceObject === 'Contact' && !field.updateable) {
        problems.push(
            `${row.salesforceObject}.${field.apiName} can be set on create only, not updated.`,
        );
    }
    const allowedTypes = TYPES_BY_TRANSFORM[transform];
    if (writesSalesforce && allowedTypes && !allowedTypes.includes(field.dataType)) {
        problems.push(`${transform} does not produce a value for a ${field.dataType} field.`);
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

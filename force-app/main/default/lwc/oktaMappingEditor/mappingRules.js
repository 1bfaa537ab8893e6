import { identityAttribute, identityWords, nameProblems } from 'c/oktaConfigChecks';
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
export const MAPPED_OBJECTS = ['Contact', 'Account', 'Lead'];

/**
 * Field types as describe names them over REST (the UI API's data type in lower case), so the
 * editor, OktaConfigDeployService and the preview share one table.
 */
const TEXT_TYPES = ['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'encryptedstring'];
/** The field types each transform can fill (a transform not named here fills any). */
const TYPES_BY_TRANSFORM = {
    TRIM: TEXT_TYPES,
    LOWER: TEXT_TYPES,
    UPPER: TEXT_TYPES,
    TEMPLATE: TEXT_TYPES,
    PHONE_E164: ['phone', 'string'],
    DATE: ['date'],
    DATETIME: ['datetime'],
    BOOLEAN: ['boolean'],
    NUMBER: ['double', 'int', 'long', 'currency', 'percent'],
};
const OKTA_ATTRIBUTE = /^(id|status|profile\.[A-Za-z][A-Za-z0-9_]*)$/;

function fieldInfo(objectInfo, fieldName) {
    const fields = objectInfo?.fields ?? {};
    const wanted = String(fieldName ?? '').toLowerCase();
    const name = Object.keys(fields).find((key) => key.toLowerCase() === wanted);
    return name ? fields[name] : undefined;
}

/** Field types in words, for the problems a person reads. */
const TYPE_WORDS = {
    string: 'text',
    textarea: 'long text',
    email: 'email',
    phone: 'phone',
    url: 'URL',
    picklist: 'picklist',
    multipicklist: 'multi-select picklist',
    encryptedstring: 'encrypted text',
    date: 'date',
    datetime: 'date and time',
    boolean: 'checkbox',
    double: 'number',
    int: 'number',
    long: 'number',
    currency: 'currency',
    percent: 'percent',
    reference: 'lookup',
};

/** Whether the transform can write a field of this UI API data type (no list: any type). */
export function transformFits(transform, dataType) {
    const allowed = TYPES_BY_TRANSFORM[transform || 'NONE'];
    return !allowed || allowed.includes(String(dataType ?? '').toLowerCase());
}

const isBlank = (value) => value === null || value === undefined || String(value).trim() === '';

/**
 * The checks OktaConfigDeployService makes when the mappings are saved, with the same messages
 * in the same order, and the editor's own checks of the field against what the transform
 * produces.
 * @param {object} row a mapping row (camelCase fields as OktaConfigDeployService.MappingRow)
 * @param {Record<string, object>} objectInfos UI API object info by object API name
 * @param {{ nameTaken?: boolean, fieldTaken?: boolean }} [table] what the other rows take:
 *   an earlier row has this API name; an earlier active row writes this field from Okta
 * @returns {string[]} problems in full sentences, empty when the row is fine
 */
export function mappingProblems(row, objectInfos, { nameTaken = false, fieldTaken = false } = {}) {
    const problems = nameProblems(row.developerName, row.label, { nameTaken });
    if (!DIRECTIONS.includes(row.direction)) {
        problems.push('Choose the direction: Okta to Salesforce, Salesforce to Okta or both ways.');
    }
    const transform = isBlank(row.transform) ? 'NONE' : row.transform;
    if (!TRANSFORMS.includes(transform)) {
        problems.push(`The transform ${transform} is unknown: choose one from the list.`);
    }
    const writesOkta = row.direction === 'SALESFORCE_TO_OKTA' || row.direction === 'BOTH';
    const identity = identityAttribute(row.oktaAttribute);
    if (!OKTA_ATTRIBUTE.test(row.oktaAttribute ?? '')) {
        problems.push('Choose the Okta attribute this mapping reads or writes.');
    } else if (writesOkta && identity) {
        problems.push(
            `${identityWords(identity)}: anyone who can edit the Salesforce field could take over the Okta account, so Salesforce never writes it. Choose the direction Okta to Salesforce.`,
        );
    }
    if (!isBlank(row.sourceOfTruth) && !SOURCES_OF_TRUTH.includes(row.sourceOfTruth)) {
        problems.push(
            `The source of truth ${row.sourceOfTruth} is unknown: choose Okta or Salesforce.`,
        );
    } else if (row.direction === 'BOTH' && isBlank(row.sourceOfTruth)) {
        problems.push(
            'A mapping that syncs both ways needs a source of truth: choose whether Okta or Salesforce wins.',
        );
    }
    if (transform === 'VALUE_MAP' && !isJsonObject(row.transformArgument)) {
        problems.push('The value table must be a JSON object, for example {"A": "Active"}.');
    }
    if (transform === 'TEMPLATE' && isBlank(row.transformArgument)) {
        problems.push(
            'The template is empty: write it with attributes in braces, for example {profile.firstName} {profile.lastName}.',
        );
    }
    if (
        transform === 'TEMPLATE' &&
        DIRECTIONS.includes(row.direction) &&
        row.direction !== 'OKTA_TO_SALESFORCE'
    ) {
        problems.push(
            'A template can only fill Salesforce: choose the direction Okta to Salesforce.',
        );
    }
    const priority = row.matchPriority;
    if (
        row.isMatchKey === true &&
        (priority === null ||
            priority === undefined ||
            priority === '' ||
            !(Number(priority) >= 0 && Number(priority) <= 99))
    ) {
        problems.push('A match key needs a match priority between 0 and 99.');
    }
    if (row.defaultValue !== null && row.defaultValue !== undefined) {
        if (String(row.defaultValue).length > 255) {
            problems.push('The default value must be at most 255 characters.');
        }
    }
    problems.push(...fieldProblems(row, transform, objectInfos));
    if (fieldTaken) {
        problems.push('Another active mapping already writes this field from Okta.');
    }
    return problems;
}

/** The object and field: one the sync maps, and one Okta can write when it writes it. */
function fieldProblems(row, transform, objectInfos) {
    if (!MAPPED_OBJECTS.includes(row.salesforceObject)) {
        return ['Choose Contact, Account or Lead as the Salesforce object.'];
    }
    if (isBlank(row.salesforceField)) {
        return ['Choose the Salesforce field.'];
    }
    const objectInfo = objectInfos?.[row.salesforceObject];
    if (!objectInfo) {
        return [];
    }
    const field = fieldInfo(objectInfo, row.salesforceField);
    if (!field) {
        return [`${row.salesforceObject} has no field called ${row.salesforceField}.`];
    }
    const problems = [];
    const name = `${row.salesforceObject} ${field.label ?? field.apiName} (${field.apiName})`;
    const writesSalesforce = row.direction !== 'SALESFORCE_TO_OKTA';
    if (writesSalesforce && !field.createable && !field.updateable) {
        problems.push(`${name} cannot be written: it is read-only or you have no access to it.`);
    } else if (writesSalesforce && row.salesforceObject === 'Contact' && !field.updateable) {
        problems.push(`${name} can be set only when the Contact is created, never updated.`);
    }
    if (writesSalesforce && !transformFits(transform, field.dataType)) {
        const dataType = String(field.dataType ?? '').toLowerCase();
        const type = TYPE_WORDS[dataType] ?? dataType;
        const article = /^[aeiou]/i.test(type) ? 'an' : 'a';
        problems.push(
            `The transform “${transformWords(transform)}” cannot fill ${name}, ${article} ${type} field.`,
        );
    }
    return problems;
}

/**
 * The problems of each row of a mapping table, the rows checked against each other as the
 * server checks them (an API name used twice, two active mappings writing one field).
 * @returns {string[][]} the problems of each row, in row order
 */
export function problemsByRow(rows, objectInfos) {
    const names = new Set();
    const targets = new Set();
    return (rows ?? []).map((row) => {
        const name = String(row.developerName ?? '').toLowerCase();
        const nameTaken = Boolean(name) && names.has(name);
        names.add(name);
        const writesField =
            row.active !== false &&
            row.direction !== 'SALESFORCE_TO_OKTA' &&
            !isBlank(row.salesforceField);
        const target = `${row.salesforceObject}.${row.salesforceField}`.toLowerCase();
        const fieldTaken = writesField && targets.has(target);
        if (writesField) {
            targets.add(target);
        }
        return mappingProblems(row, objectInfos, { nameTaken, fieldTaken });
    });
}

/**
 * The problems of a mapping table in the words and order of the server's answer to a save:
 * "Row 2 (Contact.Title): …".
 */
export function mappingTableProblems(rows, objectInfos) {
    if (!rows?.length) {
        return ['There is no field mapping to save.'];
    }
    return problemsByRow(rows, objectInfos)
        .flatMap((problems, index) => {
            const row = rows[index];
            const target = `${isBlank(row.salesforceObject) ? '?' : row.salesforceObject}.${
                isBlank(row.salesforceField) ? '?' : row.salesforceField
            }`;
            return problems.map((problem) => `Row ${index + 1} (${target}): ${problem}`);
        })
        .concat(missingLeadFields(rows));
}

/** A Lead is only created with these: when rows write Leads, they must write them all. */
export const REQUIRED_LEAD_FIELDS = ['LastName', 'Company'];

/** The table's problem when its Lead rows leave out a required Lead field. */
export function missingLeadFields(rows) {
    const leadRows = (rows ?? []).filter(
        (row) =>
            row.active !== false &&
            row.salesforceObject === 'Lead' &&
            row.direction !== 'SALESFORCE_TO_OKTA',
    );
    if (leadRows.length === 0) {
        return [];
    }
    const written = new Set(leadRows.map((row) => String(row.salesforceField ?? '').toLowerCase()));
    return REQUIRED_LEAD_FIELDS.filter((field) => !written.has(field.toLowerCase())).map(
        (field) =>
            `Every Lead needs Lead.${field}: add an active mapping from Okta that writes it.`,
    );
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

/**
 * The words of a field mapping: what a person reads instead of API values. Pure functions over a
 * mapping row (camelCase, as OktaConfigDeployService.MappingRow), the UI API object infos and the
 * Okta profile attributes (as the companion lists them from the Okta user profile schema).
 */

/** Each transform in words, with a one-line explanation and its argument when it takes one. */
export const TRANSFORM_WORDS = {
    NONE: { words: 'as is', explanation: 'Copies the value unchanged.' },
    TRIM: { words: 'trimmed', explanation: 'Removes the spaces before and after the value.' },
    LOWER: {
        words: 'lower-case',
        explanation: 'Writes the value in lower case: Ada@Example.com becomes ada@example.com.',
    },
    UPPER: { words: 'upper-case', explanation: 'Writes the value in capital letters.' },
    VALUE_MAP: {
        words: 'through a value table',
        explanation:
            'Replaces each value by the one the table gives; a value not in the table is kept.',
        argument: { label: 'Value table (JSON)', placeholder: '{"A": "Active", "I": "Inactive"}' },
    },
    TEMPLATE: {
        words: 'from a template',
        explanation: 'Builds the value from several Okta attributes (Okta to Salesforce only).',
        argument: { label: 'Template', placeholder: '{profile.firstName} {profile.lastName}' },
    },
    PHONE_E164: {
        words: 'as an international phone number',
        explanation:
            'Writes the number as +country code and number (E.164); numbers without a country code are read in the default region.',
        argument: { label: 'Default region (ISO country code, blank for US)', placeholder: 'US' },
    },
    DATE: {
        words: 'as a date',
        explanation: 'Reads a date (2024-05-31, or 05/31/2024 in the day/month order given).',
        argument: { label: 'Day and month order (MDY or DMY, blank for MDY)', placeholder: 'MDY' },
    },
    DATETIME: {
        words: 'as a date and time',
        explanation: 'Reads a date and time and writes it in UTC.',
        argument: { label: 'Day and month order (MDY or DMY, blank for MDY)', placeholder: 'MDY' },
    },
    BOOLEAN: {
        words: 'as yes or no',
        explanation: 'Reads true/false, yes/no, y/n or 1/0 as a checkbox value.',
    },
    NUMBER: { words: 'as a number', explanation: 'Reads the value as a number.' },
};

/** How a transform's argument reads inside the mapping's line. */
const ARGUMENT_WORDS = {
    PHONE_E164: 'default region ',
    DATE: 'order ',
    DATETIME: 'order ',
};

export const DIRECTION_WORDS = {
    OKTA_TO_SALESFORCE: 'Okta to Salesforce',
    SALESFORCE_TO_OKTA: 'Salesforce to Okta',
    BOTH: 'both ways',
};

export const SOURCE_OF_TRUTH_WORDS = { OKTA: 'Okta wins', SALESFORCE: 'Salesforce wins' };

/** Okta user attributes outside the profile that a mapping can read. */
export const OKTA_USER_ATTRIBUTES = [
    { path: 'id', label: 'Okta user id', type: 'string', custom: false, readOnly: true },
    { path: 'status', label: 'Okta status', type: 'string', custom: false, readOnly: true },
];

/** Transform in words, e.g. "lower-case"; unknown values are shown as they are. */
export function transformWords(transform) {
    return TRANSFORM_WORDS[transform || 'NONE']?.words ?? String(transform);
}

/** "both ways, Salesforce wins", "Okta to Salesforce". */
export function directionWords(direction, sourceOfTruth) {
    const words = DIRECTION_WORDS[direction] ?? String(direction ?? 'no direction');
    if (direction !== 'BOTH') {
        return words;
    }
    const winner = SOURCE_OF_TRUTH_WORDS[sourceOfTruth];
    return winner ? `${words}, ${winner}` : `${words}, no source of truth`;
}

/** "firstName" → "First name": a readable name when the schema gives no title. */
export function humanize(name) {
    const words = String(name ?? '')
        .replace(/__c$/i, '')
        .replace(/_/g, ' ')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .trim()
        .toLowerCase();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

/** The title of an Okta attribute ("profile.email" → "Primary email"). */
export function oktaAttributeLabel(path, oktaAttributes) {
    const known = [...OKTA_USER_ATTRIBUTES, ...(oktaAttributes ?? [])].find(
        (attribute) => attribute.path === path,
    );
    if (known) {
        return known.label;
    }
    return humanize(String(path ?? '').replace(/^profile\./, '')) || 'No attribute';
}

function fieldOf(objectInfo, fieldName) {
    const fields = objectInfo?.fields ?? {};
    const wanted = String(fieldName ?? '').toLowerCase();
    const name = Object.keys(fields).find((key) => key.toLowerCase() === wanted);
    return name ? fields[name] : undefined;
}

/** The label of a Salesforce field from describe, or its API name made readable. */
export function fieldLabel(objectInfos, objectName, fieldName) {
    if (!fieldName) {
        return 'No field';
    }
    return fieldOf(objectInfos?.[objectName], fieldName)?.label ?? humanize(fieldName);
}

/** The label of a Salesforce object ("Contact"). */
export function objectLabel(objectInfos, objectName) {
    return objectInfos?.[objectName]?.label ?? objectName ?? 'No object';
}

/**
 * One mapping as the parts of a sentence:
 * Okta Primary email (profile.email) → Contact Email (Email) · lower-case · match key 2 ·
 * both ways, Salesforce wins.
 */
export function describeMapping(row, { objectInfos, oktaAttributes } = {}) {
    const details = [transformWords(row.transform)];
    const argument = String(row.transformArgument ?? '').trim();
    if (TRANSFORM_WORDS[row.transform]?.argument && argument) {
        details[0] = `${details[0]} (${ARGUMENT_WORDS[row.transform] ?? ''}${argument})`;
    }
    if (row.isMatchKey) {
        details.push(
            row.matchPriority === null || row.matchPriority === undefined
                ? 'match key'
                : `match key ${row.matchPriority}`,
        );
    }
    if (row.defaultValue) {
        details.push(`default “${row.defaultValue}”`);
    }
    details.push(directionWords(row.direction, row.sourceOfTruth));
    if (row.active === false) {
        details.push('inactive');
    }
    const oktaLabel = oktaAttributeLabel(row.oktaAttribute, oktaAttributes);
    const object = objectLabel(objectInfos, row.salesforceObject);
    // "Contact Description" reads "Contact Description", not "Contact Contact Description".
    const label = fieldLabel(objectInfos, row.salesforceObject, row.salesforceField);
    const field = label.startsWith(`${object} `) ? label.slice(object.length + 1) : label;
    const target = `${object} ${field}`;
    return {
        oktaLabel,
        oktaPath: row.oktaAttribute || '',
        objectLabel: object,
        fieldLabel: field,
        fieldApiName: row.salesforceField || '',
        details: details.join(' · '),
        title: `Okta ${oktaLabel} → ${target}`,
    };
}

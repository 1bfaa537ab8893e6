/**
 * Checks the field mapping and access rule editors share, worded as OktaConfigDeployService
 * words them: API names and labels of Custom Metadata records, and the Okta sign-in and recovery
 * attributes Salesforce never writes. Pure functions.
 */

/**
 * Okta profile attributes that decide who signs in as a user or recovers the account, as
 * OktaConfigDeployService.OKTA_IDENTITY_ATTRIBUTES names them: Salesforce never writes them.
 */
export const OKTA_IDENTITY_ATTRIBUTES = {
    login: 'the username people sign in with',
    email: 'the address Okta sends password-reset and unlock emails to',
    secondEmail: 'the secondary address Okta uses for account recovery',
};

/** The identity attribute a profile.<name> path names ("profile.Email" → "email"), or undefined. */
export function identityAttribute(path) {
    const text = String(path ?? '');
    if (!/^profile\./i.test(text)) {
        return undefined;
    }
    const name = text.slice('profile.'.length).toLowerCase();
    return Object.keys(OKTA_IDENTITY_ATTRIBUTES).find((key) => key.toLowerCase() === name);
}

/** "The Okta attribute profile.email is the address …", the start of a refusal. */
export function identityWords(key) {
    return `The Okta attribute profile.${key} is ${OKTA_IDENTITY_ATTRIBUTES[key]}`;
}

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/;

/**
 * Problems of a record's API name and label, as the server words them; a blank API name is left
 * to the editor, which names new records when they are saved.
 */
export function nameProblems(developerName, label, { nameTaken = false } = {}) {
    const problems = [];
    if (developerName && !API_NAME.test(developerName)) {
        problems.push(
            'The API name must start with a letter and use letters, digits and single underscores.',
        );
    } else if (developerName && developerName.length > 40) {
        problems.push('The API name must be at most 40 characters.');
    } else if (developerName && nameTaken) {
        problems.push(`The API name ${developerName} is used twice.`);
    }
    if (label && String(label).length > 40) {
        problems.push('The label must be at most 40 characters.');
    }
    return problems;
}

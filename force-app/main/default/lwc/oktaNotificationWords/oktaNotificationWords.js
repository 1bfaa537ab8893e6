/**
 * The words of a notification rule: each rule as the sentence a person reads, its problems in
 * sentences (the checks OktaConfigDeployService makes on save, same messages, same order), and
 * the placeholders its message may use. Pure functions over rule rows (camelCase, as
 * OktaConfigDeployService.NotificationRuleRow) and UI API object infos.
 */
import { nameProblems } from 'c/oktaConfigChecks';

export const NOTIFICATION_EVENTS = [
    'PROVISIONED',
    'UPDATED',
    'DEPROVISIONED',
    'REACTIVATED',
    'ACCESS_CHANGED',
    'GRANT_APPLIED',
    'GRANT_ENDED',
    'RECONCILIATION_APPLIED',
];
export const EVENT_WORDS = {
    PROVISIONED: 'an Okta user is provisioned',
    UPDATED: 'an Okta user is updated',
    DEPROVISIONED: 'an Okta user is deprovisioned',
    REACTIVATED: 'an Okta user is reactivated',
    ACCESS_CHANGED: 'an owner’s Okta access changes',
    GRANT_APPLIED: 'a temporary grant is applied',
    GRANT_ENDED: 'a temporary grant ends',
    RECONCILIATION_APPLIED: 'a reconciliation changes a Contact',
};
export const NOTIFICATION_CHANNELS = ['CUSTOM_NOTIFICATION', 'EMAIL', 'WEBHOOK'];
export const CHANNEL_WORDS = {
    CUSTOM_NOTIFICATION: 'a Salesforce notification',
    EMAIL: 'an email',
    WEBHOOK: 'the chat webhook',
};
export const RECIPIENT_TYPES = ['USERS', 'GROUP', 'QUEUE', 'RECORD_OWNER', 'CASE_OWNER'];
export const RECIPIENT_WORDS = {
    USERS: 'Users',
    GROUP: 'A public group',
    QUEUE: 'A queue',
    RECORD_OWNER: 'The Contact’s owner',
    CASE_OWNER: 'The Case owner',
};
export const SCOPE_OPERATOR_WORDS = {
    EQUALS: 'equals',
    NOT_EQUALS: 'does not equal',
    IN: 'is one of',
    NOT_NULL: 'is not empty',
};
export const MAX_QUIET_MINUTES = 10080;

/** Placeholders every event has, besides contact.<Field>. */
export const NOTIFICATION_FIELDS = [
    'event',
    'occurredAt',
    'details',
    'auditUrl',
    'user.id',
    'user.login',
    'user.email',
    'user.firstName',
    'user.lastName',
    'user.status',
    'contact.id',
    'lead.id',
];
export const EVENT_FIELDS = {
    PROVISIONED: ['changes'],
    UPDATED: ['changes'],
    DEPROVISIONED: ['changes', 'effects'],
    REACTIVATED: ['changes', 'effects'],
    ACCESS_CHANGED: ['changes', 'groups.added', 'groups.removed'],
    GRANT_APPLIED: ['group.id', 'group.name', 'case.id', 'grant.id'],
    GRANT_ENDED: ['group.id', 'group.name', 'case.id', 'grant.id'],
    RECONCILIATION_APPLIED: ['changes'],
};

const USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const GROUP_ID = /^00G[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const GROUP_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const CONTACT_PLACEHOLDER = /^contact\.([A-Za-z][A-Za-z0-9_]*)$/;

const isBlank = (value) => value === null || value === undefined || String(value).trim() === '';

/** The placeholders a message of this event may use, besides {{contact.<Field>}}. */
export function placeholdersOf(event) {
    return [...NOTIFICATION_FIELDS, ...(EVENT_FIELDS[event] ?? [])];
}

function fieldOf(objectInfos, objectName, fieldName) {
    const fields = objectInfos?.[objectName]?.fields ?? {};
    const wanted = String(fieldName ?? '').toLowerCase();
    const key = Object.keys(fields).find((name) => name.toLowerCase() === wanted);
    return key ? fields[key] : undefined;
}

function splitList(text) {
    return String(text ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}

function recipientWords(rule) {
    if (rule.channel === 'WEBHOOK') {
        return 'the channel behind the webhook';
    }
    switch (rule.recipientType) {
        case 'USERS':
            return `users ${splitList(rule.recipients).join(', ') || '?'}`;
        case 'GROUP':
            return `public group ${rule.recipients || '?'}`;
        case 'QUEUE':
            return `queue ${rule.recipients || '?'}`;
        case 'RECORD_OWNER':
            return 'the Contact’s owner';
        case 'CASE_OWNER':
            return 'the Case owner';
        default:
            return '?';
    }
}

/**
 * The rule as a sentence: "When an Okta user is deprovisioned, where Department is one of Sales
 * or Support → an email to the Contact’s owner, as a digest every 15 minutes".
 */
export function notificationSentence(rule, objectInfos) {
    const when = `When ${EVENT_WORDS[rule.event] ?? '?'}`;
    let where = '';
    if (!isBlank(rule.scopeField)) {
        const field = fieldOf(objectInfos, 'Contact', rule.scopeField)?.label ?? rule.scopeField;
        const operator = SCOPE_OPERATOR_WORDS[rule.scopeOperator] ?? '?';
        const values = splitList(rule.scopeValue);
        const value =
            rule.scopeOperator === 'NOT_NULL'
                ? ''
                : ` ${
                      rule.scopeOperator === 'IN' && values.length > 1
                          ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
                          : values.join(', ') || '?'
                  }`;
        where = `, where ${field} ${operator}${value}`;
    }
    const how = `${CHANNEL_WORDS[rule.channel] ?? '?'} to ${recipientWords(rule)}`;
    const minutes = Number(rule.quietPeriodMinutes ?? 0);
    let pace = '';
    if (rule.digest) {
        pace = `, as a digest every ${Math.max(1, minutes)} minute${Math.max(1, minutes) === 1 ? '' : 's'}`;
    } else if (minutes > 0) {
        pace = `, at most once per Contact in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    }
    return `${when}${where} → ${how}${pace}`;
}

/**
 * Problems of one notification rule in sentences, after the editor's own (every rule has a
 * name of its own).
 * @param {object} rule a rule row
 * @param {{ sameLabel?: boolean, nameTaken?: boolean, objectInfos?: Record<string, object> }} [context]
 *   another rule has this label; an earlier rule has this API name; UI API object infos, to
 *   check Contact fields (left unchecked without them)
 */
export function notificationProblems(
    rule,
    { sameLabel = false, nameTaken = false, objectInfos } = {},
) {
    const problems = [];
    if (!String(rule.label ?? '').trim()) {
        problems.push('Give the rule a name.');
    } else if (sameLabel) {
        problems.push(`Another rule is also named “${rule.label}”: give each rule its own name.`);
    }
    problems.push(...nameProblems(rule.developerName, rule.label, { nameTaken }));
    const knownEvent = Boolean(EVENT_FIELDS[rule.event]);
    if (!knownEvent) {
        problems.push('Choose the event the rule tells about.');
    }
    if (!NOTIFICATION_CHANNELS.includes(rule.channel)) {
        problems.push('Choose the channel: Salesforce notification, email or webhook.');
    } else {
        problems.push(...recipientProblems(rule, knownEvent));
    }
    problems.push(...scopeProblems(rule, objectInfos));
    if (knownEvent) {
        problems.push(...templateProblems(rule, objectInfos));
    }
    const quiet = rule.quietPeriodMinutes;
    if (
        !isBlank(quiet) &&
        (!Number.isInteger(Number(quiet)) || Number(quiet) < 0 || Number(quiet) > MAX_QUIET_MINUTES)
    ) {
        problems.push(
            `The quiet period is a whole number of minutes from 0 to ${MAX_QUIET_MINUTES}.`,
        );
    }
    return problems;
}

function recipientProblems(rule, knownEvent) {
    if (rule.channel === 'WEBHOOK') {
        return isBlank(rule.recipientType) && isBlank(rule.recipients)
            ? []
            : [
                  'The webhook posts to the address the service is configured with: leave the recipients empty.',
              ];
    }
    if (!RECIPIENT_TYPES.includes(rule.recipientType)) {
        return ['Choose who receives the notification.'];
    }
    const problems = [];
    if (rule.recipientType === 'USERS') {
        const ids = splitList(rule.recipients);
        if (ids.length === 0) {
            problems.push('List the Salesforce user ids (005…) who receive it.');
        }
        for (const id of ids) {
            if (!USER_ID.test(id)) {
                problems.push(`${id} is not a Salesforce user id (005…).`);
            }
        }
    } else if (rule.recipientType === 'GROUP' || rule.recipientType === 'QUEUE') {
        const ref = String(rule.recipients ?? '').trim();
        if (!GROUP_ID.test(ref) && !GROUP_NAME.test(ref)) {
            problems.push(
                `Give the ${rule.recipientType === 'GROUP' ? 'public group' : 'queue'}’s id (00G…) or API name.`,
            );
        }
    } else {
        if (!isBlank(rule.recipients)) {
            problems.push('The owner is read from the record: leave the recipient list empty.');
        }
        const grantEvent = rule.event === 'GRANT_APPLIED' || rule.event === 'GRANT_ENDED';
        if (knownEvent && rule.recipientType === 'CASE_OWNER' && !grantEvent) {
            problems.push(
                'Only grants belong to a Case: the Case owner can hear of Grant applied or Grant ended.',
            );
        }
        if (rule.recipientType === 'RECORD_OWNER' && rule.event === 'ACCESS_CHANGED') {
            problems.push(
                'An access change is about a Salesforce user, not a Contact: choose other recipients.',
            );
        }
    }
    return problems;
}

function scopeProblems(rule, objectInfos) {
    if (isBlank(rule.scopeField)) {
        return isBlank(rule.scopeValue)
            ? []
            : ['Choose the Contact field of the scope, or clear the scope.'];
    }
    const problems = [];
    if (objectInfos?.Contact && !fieldOf(objectInfos, 'Contact', rule.scopeField)) {
        problems.push(`Contact has no field called ${rule.scopeField}.`);
    }
    if (!SCOPE_OPERATOR_WORDS[rule.scopeOperator]) {
        problems.push('Choose how the field is compared.');
    } else if (rule.scopeOperator !== 'NOT_NULL' && isBlank(rule.scopeValue)) {
        problems.push('The scope needs a value to compare with.');
    }
    return problems;
}

function templateProblems(rule, objectInfos) {
    const template = String(rule.messageTemplate ?? '');
    if (template.trim() === '') {
        return [];
    }
    const problems = [];
    const allowed = placeholdersOf(rule.event);
    const placeholder = /\{\{([^}]*)\}\}/g;
    let closedUpTo = 0;
    for (const match of template.matchAll(placeholder)) {
        closedUpTo = match.index + match[0].length;
        const field = match[1].trim();
        const contactField = CONTACT_PLACEHOLDER.exec(field);
        if (contactField && field !== 'contact.id') {
            if (objectInfos?.Contact && !fieldOf(objectInfos, 'Contact', contactField[1])) {
                problems.push(`Contact has no field called ${contactField[1]}.`);
            }
        } else if (!allowed.includes(field)) {
            problems.push(
                `{{${field}}} is not a field of this event: use ${allowed.join(', ')} or contact.<Field>.`,
            );
        }
    }
    if (template.indexOf('{{', closedUpTo) >= 0) {
        problems.push('A {{ in the message is never closed by }}.');
    }
    return problems;
}

/** "Notification 2 (Departures): …", in the words and order of the server's answer to a save. */
export function notificationTableProblems(rules, objectInfos) {
    if (!rules?.length) {
        return ['There is no notification rule to save.'];
    }
    const names = new Set();
    return rules.flatMap((rule, index) => {
        const name = String(rule.developerName ?? '').toLowerCase();
        const nameTaken = Boolean(name) && names.has(name);
        names.add(name);
        const title = isBlank(rule.label) ? rule.developerName : rule.label;
        return notificationProblems(rule, { nameTaken, objectInfos }).map(
            (problem) => `Notification ${index + 1} (${title}): ${problem}`,
        );
    });
}

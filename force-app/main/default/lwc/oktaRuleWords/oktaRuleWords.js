/**
 * The words of an access rule: each rule as the sentence a person reads, the problems of a rule
 * in sentences, and readable, unique names. Pure functions over rule rows (camelCase, as
 * OktaConfigDeployService.AccessRuleRow) and UI API object infos.
 */

export const RULE_TYPES = ['GROUP_TO_ACCOUNT_TEAM', 'CONDITION_TO_GROUP', 'CONDITION_TO_ATTRIBUTE'];
export const RULE_TYPE_WORDS = {
    GROUP_TO_ACCOUNT_TEAM: 'Members of an Okta group join Account Teams',
    CONDITION_TO_GROUP: 'Owners of matching records join an Okta group',
    CONDITION_TO_ATTRIBUTE: 'Owners of matching records get an Okta profile value',
};
export const OPERATOR_WORDS = {
    EQUALS: 'equals',
    NOT_EQUALS: 'does not equal',
    IN: 'is one of',
    NOT_NULL: 'is not empty',
};
export const ACCESS_WORDS = { Read: 'Read only', Edit: 'Read and edit', None: 'No access' };
export const CONDITION_OBJECTS = ['Opportunity', 'Account', 'Lead', 'Contact'];

const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{5,37}$/;
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$/;

function fieldLabelOf(objectInfos, objectName, fieldName) {
    const fields = objectInfos?.[objectName]?.fields ?? {};
    const key = Object.keys(fields).find(
        (name) => name.toLowerCase() === String(fieldName ?? '').toLowerCase(),
    );
    return key ? (fields[key].label ?? key) : fieldName;
}

function article(word) {
    return /^[aeiou]/i.test(word ?? '') ? 'an' : 'a';
}

/** "[Stage] [equals] [Negotiation]", or "" without a condition. */
export function conditionWords(rule, objectInfos) {
    if (!rule.conditionField) {
        return '';
    }
    const field = fieldLabelOf(objectInfos, rule.salesforceObject, rule.conditionField);
    const operator = OPERATOR_WORDS[rule.conditionOperator] ?? rule.conditionOperator ?? '?';
    if (rule.conditionOperator === 'NOT_NULL') {
        return `${field} ${operator}`;
    }
    const values = String(rule.conditionValue ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    const value =
        rule.conditionOperator === 'IN' && values.length > 1
            ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`
            : values.join(', ') || '?';
    return `${field} ${operator} ${value}`;
}

function groupWords(rule) {
    return rule.oktaGroupName || (rule.oktaGroupId ? 'an Okta group without a recorded name' : '?');
}

/**
 * The rule as a sentence: "Owners of an Opportunity where Stage equals Negotiation → member of
 * Okta group Deal Desk"; "Members of Okta group Strategic Accounts → Account Team role Account
 * Manager, Edit access, on Accounts where Type equals Customer - Direct".
 */
export function ruleSentence(rule, objectInfos) {
    const condition = conditionWords(rule, objectInfos);
    if (rule.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
        const access = rule.accountAccessLevel === 'Edit' ? 'Edit' : 'Read';
        const where = condition ? `on Accounts where ${condition}` : 'on every Account';
        return `Members of Okta group ${groupWords(rule)} → Account Team role ${
            rule.accountTeamRole || '?'
        }, ${access} access, ${where}`;
    }
    const object = rule.salesforceObject || '?';
    const owners = `Owners of ${article(object)} ${object}${condition ? ` where ${condition}` : ''}`;
    if (rule.ruleType === 'CONDITION_TO_GROUP') {
        return `${owners} → member of Okta group ${groupWords(rule)}`;
    }
    if (rule.ruleType === 'CONDITION_TO_ATTRIBUTE') {
        return `${owners} → Okta ${rule.oktaAttribute || '?'} = ${rule.attributeValue || '?'}`;
    }
    return `A rule of the unknown type ${rule.ruleType}`;
}

/** A readable name for a new rule: "Deal Desk from Opportunity owners". */
export function suggestedLabel(rule) {
    if (rule.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
        return `${rule.oktaGroupName || 'Okta group'} on Account Teams`.slice(0, 40);
    }
    const target =
        rule.ruleType === 'CONDITION_TO_GROUP'
            ? rule.oktaGroupName || 'Okta group'
            : `${String(rule.oktaAttribute ?? 'attribute').replace(/^profile\./, '')} ${rule.attributeValue ?? ''}`.trim();
    return `${target} from ${rule.salesforceObject || 'record'} owners`.slice(0, 40);
}

/** An API name from the label, unique among the taken ones (lower-case set). */
export function developerNameFrom(label, taken) {
    const base =
        String(label ?? 'Rule')
            .normalize('NFKD')
            .replace(/[^A-Za-z0-9]+/g, '_')
            .replace(/^_+|_+$/g, '')
            .replace(/^(\d)/, 'R_$1')
            .slice(0, 36) || 'Rule';
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i += 1) {
        name = `${base}_${i}`;
    }
    return name;
}

/** Problems of one access rule in sentences; the server checks the same and more. */
export function ruleProblems(rule, { sameLabel = false } = {}) {
    const problems = [];
    if (!String(rule.label ?? '').trim()) {
        problems.push('Give the rule a name.');
    } else if (sameLabel) {
        problems.push(`Another rule is also named “${rule.label}”: give each rule its own name.`);
    }
    if (
        rule.developerName &&
        (!API_NAME.test(rule.developerName) || rule.developerName.length > 40)
    ) {
        problems.push(
            'The API name must start with a letter and use letters, digits and single underscores.',
        );
    }
    if (!RULE_TYPES.includes(rule.ruleType)) {
        problems.push('Choose what the rule does.');
        return problems;
    }
    if (rule.ruleType !== 'CONDITION_TO_ATTRIBUTE' && !OKTA_GROUP_ID.test(rule.oktaGroupId ?? '')) {
        problems.push('Choose the Okta group: search for it by name.');
    }
    const conditionRequired = rule.ruleType !== 'GROUP_TO_ACCOUNT_TEAM';
    if (rule.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
        if (!rule.accountTeamRole) {
            problems.push('Choose the Account Team role.');
        }
        if (!['Read', 'Edit'].includes(rule.accountAccessLevel)) {
            problems.push('Choose the Account access: read only, or read and edit.');
        }
    } else if (!CONDITION_OBJECTS.includes(rule.salesforceObject)) {
        problems.push('Choose the object: Opportunity, Account, Lead or Contact.');
    }
    if (conditionRequired || rule.conditionField) {
        if (!rule.conditionField) {
            problems.push('Choose the field of the condition.');
        }
        if (!OPERATOR_WORDS[rule.conditionOperator]) {
            problems.push('Choose how the field is compared.');
        } else if (rule.conditionOperator !== 'NOT_NULL' && !rule.conditionValue) {
            problems.push('The condition needs a value to compare with.');
        }
    }
    if (rule.ruleType === 'CONDITION_TO_ATTRIBUTE') {
        if (!/^profile\.[A-Za-z][A-Za-z0-9_]*$/.test(rule.oktaAttribute ?? '')) {
            problems.push('Choose the Okta profile attribute to set.');
        }
        if (!rule.attributeValue) {
            problems.push('Give the value the Okta attribute gets.');
        }
    }
    return problems;
}

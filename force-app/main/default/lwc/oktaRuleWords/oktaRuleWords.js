/**
 * The words of an access rule: each rule as the sentence a person reads, the problems of a rule
 * in sentences, and readable, unique names. Pure functions over rule rows (camelCase, as
 * OktaConfigDeployService.AccessRuleRow) and UI API object infos.
 */
import { identityAttribute, identityWords, nameProblems } from 'c/oktaConfigChecks';

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
export const ACCOUNT_ACCESS_LEVELS = ['Read', 'Edit'];
export const RELATED_ACCESS_LEVELS = ['None', 'Read', 'Edit'];

const isBlank = (value) => value === null || value === undefined || String(value).trim() === '';

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

function fieldOf(objectInfos, objectName, fieldName) {
    const fields = objectInfos?.[objectName]?.fields ?? {};
    const wanted = String(fieldName ?? '').toLowerCase();
    const key = Object.keys(fields).find((name) => name.toLowerCase() === wanted);
    return key ? fields[key] : undefined;
}

/**
 * Problems of one access rule in sentences: the checks OktaConfigDeployService makes when the
 * rules are saved, with the same messages in the same order, after the editor's own (every rule
 * has a name of its own).
 * @param {object} rule a rule row (camelCase, as OktaConfigDeployService.AccessRuleRow)
 * @param {{ sameLabel?: boolean, nameTaken?: boolean, objectInfos?: Record<string, object> }} [context]
 *   another rule has this label; an earlier rule has this API name; UI API object infos, to
 *   check the condition's field (left unchecked without them)
 */
export function ruleProblems(rule, { sameLabel = false, nameTaken = false, objectInfos } = {}) {
    const problems = [];
    if (!String(rule.label ?? '').trim()) {
        problems.push('Give the rule a name.');
    } else if (sameLabel) {
        problems.push(`Another rule is also named “${rule.label}”: give each rule its own name.`);
    }
    problems.push(...nameProblems(rule.developerName, rule.label, { nameTaken }));
    if (!RULE_TYPES.includes(rule.ruleType)) {
        problems.push('Choose what the rule does.');
        return problems;
    }
    if (rule.ruleType !== 'CONDITION_TO_ATTRIBUTE' && !OKTA_GROUP_ID.test(rule.oktaGroupId ?? '')) {
        problems.push('Choose the Okta group: search for it by name.');
    }
    if (rule.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
        if (isBlank(rule.accountTeamRole)) {
            problems.push('Choose the Account Team role.');
        }
        if (!ACCOUNT_ACCESS_LEVELS.includes(rule.accountAccessLevel)) {
            problems.push('Choose the Account access: read only, or read and edit.');
        }
        const levelUnknown = (level) => !isBlank(level) && !RELATED_ACCESS_LEVELS.includes(level);
        if (levelUnknown(rule.opportunityAccessLevel) || levelUnknown(rule.caseAccessLevel)) {
            problems.push(
                'Choose the Opportunity and Case access: no access, read only, or read and edit.',
            );
        }
        // Without a condition the rule covers every Account; one that was started is checked.
        if (!isBlank(rule.conditionField)) {
            problems.push(
                ...conditionProblems({ ...rule, salesforceObject: 'Account' }, objectInfos),
            );
        }
        return problems;
    }
    if (!CONDITION_OBJECTS.includes(rule.salesforceObject)) {
        problems.push('Choose the object: Opportunity, Account, Lead or Contact.');
    }
    if (isBlank(rule.conditionField)) {
        problems.push('Choose the field of the condition.');
    }
    problems.push(...conditionProblems(rule, objectInfos));
    if (rule.ruleType === 'CONDITION_TO_ATTRIBUTE') {
        const identity = identityAttribute(rule.oktaAttribute);
        if (!/^profile\.[A-Za-z][A-Za-z0-9_]*$/.test(rule.oktaAttribute ?? '')) {
            problems.push('Choose the Okta profile attribute to set.');
        } else if (identity) {
            problems.push(
                `${identityWords(identity)}: anyone who can edit the matching records could take over the Okta account, so Salesforce never writes it. Choose another attribute.`,
            );
        }
        if (isBlank(rule.attributeValue)) {
            problems.push('Give the value the Okta attribute gets.');
        }
    }
    return problems;
}

/** The condition's field (when the object's info is known), comparison and value. */
function conditionProblems(rule, objectInfos) {
    const problems = [];
    if (
        !isBlank(rule.conditionField) &&
        CONDITION_OBJECTS.includes(rule.salesforceObject) &&
        objectInfos?.[rule.salesforceObject] &&
        !fieldOf(objectInfos, rule.salesforceObject, rule.conditionField)
    ) {
        problems.push(`${rule.salesforceObject} has no field called ${rule.conditionField}.`);
    }
    if (!OPERATOR_WORDS[rule.conditionOperator]) {
        problems.push('Choose how the field is compared.');
    } else if (rule.conditionOperator !== 'NOT_NULL' && isBlank(rule.conditionValue)) {
        problems.push('The condition needs a value to compare with.');
    }
    return problems;
}

/**
 * The problems of a list of rules in the words and order of the server's answer to a save:
 * "Rule 2 (Deal desk): …".
 */
export function accessRuleTableProblems(rules, objectInfos) {
    if (!rules?.length) {
        return ['There is no access rule to save.'];
    }
    const names = new Set();
    return rules.flatMap((rule, index) => {
        const name = String(rule.developerName ?? '').toLowerCase();
        const nameTaken = Boolean(name) && names.has(name);
        names.add(name);
        const title = isBlank(rule.label) ? rule.developerName : rule.label;
        return ruleProblems(rule, { nameTaken, objectInfos }).map(
            (problem) => `Rule ${index + 1} (${title}): ${problem}`,
        );
    });
}

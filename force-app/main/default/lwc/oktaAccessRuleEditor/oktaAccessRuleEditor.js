import { LightningElement, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getAccessRules from '@salesforce/apex/OktaSyncSetupController.getAccessRules';
import saveAccessRules from '@salesforce/apex/OktaSyncSetupController.saveAccessRules';
import { reduceErrors } from 'c/ldsUtils';

const RULE_TYPES = ['GROUP_TO_ACCOUNT_TEAM', 'CONDITION_TO_GROUP', 'CONDITION_TO_ATTRIBUTE'];
const OPERATORS = ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_NULL'];
const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{5,37}$/;
const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$/;

const COLUMNS = [
    { label: 'API name', fieldName: 'developerName', editable: true, initialWidth: 170 },
    { label: 'Type', fieldName: 'ruleType', editable: true, initialWidth: 200 },
    { label: 'Okta group id', fieldName: 'oktaGroupId', editable: true },
    { label: 'Okta group name', fieldName: 'oktaGroupName', editable: true },
    { label: 'Team role', fieldName: 'accountTeamRole', editable: true },
    { label: 'Account access', fieldName: 'accountAccessLevel', editable: true },
    { label: 'Object', fieldName: 'salesforceObject', editable: true },
    { label: 'Condition field', fieldName: 'conditionField', editable: true },
    { label: 'Operator', fieldName: 'conditionOperator', editable: true },
    { label: 'Value', fieldName: 'conditionValue', editable: true },
    { label: 'Okta attribute', fieldName: 'oktaAttribute', editable: true },
    { label: 'Attribute value', fieldName: 'attributeValue', editable: true },
    { label: 'Active', fieldName: 'active', type: 'boolean', editable: true, initialWidth: 75 },
    { label: 'Problems', fieldName: 'problemText', wrapText: true },
    {
        type: 'button-icon',
        initialWidth: 50,
        typeAttributes: {
            iconName: 'utility:delete',
            name: 'remove',
            alternativeText: 'Remove this rule',
            title: 'Remove this rule',
        },
    },
];
const ROW_FIELDS = [
    'developerName',
    'label',
    'ruleType',
    'oktaGroupId',
    'oktaGroupName',
    'accountTeamRole',
    'accountAccessLevel',
    'opportunityAccessLevel',
    'caseAccessLevel',
    'salesforceObject',
    'conditionField',
    'conditionOperator',
    'conditionValue',
    'oktaAttribute',
    'attributeValue',
    'active',
];

/** Problems of one access rule row; the server checks the same and more (fields exist). */
export function ruleProblems(rule) {
    const problems = [];
    if (!API_NAME.test(rule.developerName ?? '') || rule.developerName.length > 40) {
        problems.push(
            'The API name must start with a letter and use letters, digits and single underscores.',
        );
    }
    if (!RULE_TYPES.includes(rule.ruleType)) {
        problems.push(`Type must be one of ${RULE_TYPES.join(', ')}.`);
        return problems;
    }
    if (rule.ruleType !== 'CONDITION_TO_ATTRIBUTE' && !OKTA_GROUP_ID.test(rule.oktaGroupId ?? '')) {
        problems.push('The Okta group id must look like 00g….');
    }
    if (rule.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
        if (!rule.accountTeamRole) {
            problems.push('The team role is required.');
        }
        if (!['Read', 'Edit'].includes(rule.accountAccessLevel)) {
            problems.push('Account access must be Read or Edit.');
        }
        return problems;
    }
    if (!['Lead', 'Contact', 'Opportunity', 'Account'].includes(rule.salesforceObject)) {
        problems.push('The object must be Lead, Contact, Opportunity or Account.');
    }
    if (!rule.conditionField) {
        problems.push('The condition field is required.');
    }
    if (!OPERATORS.includes(rule.conditionOperator)) {
        problems.push(`The operator must be one of ${OPERATORS.join(', ')}.`);
    } else if (rule.conditionOperator !== 'NOT_NULL' && !rule.conditionValue) {
        problems.push('The condition needs a value.');
    }
    if (rule.ruleType === 'CONDITION_TO_ATTRIBUTE') {
        if (!/^profile\.[A-Za-z][A-Za-z0-9_]*$/.test(rule.oktaAttribute ?? '')) {
            problems.push('The Okta attribute must be profile.<attribute>.');
        }
        if (!rule.attributeValue) {
            problems.push('The attribute value is required.');
        }
    }
    return problems;
}

let nextKey = 0;

/** Access rule editor: inline edits checked as you type, add, remove (deactivate) and Save. */
export default class OktaAccessRuleEditor extends LightningElement {
    columns = COLUMNS;
    rows = [];
    draftValues = [];
    loadError;
    saveError;
    saving = false;

    @wire(getAccessRules)
    wiredRules({ data, error }) {
        if (data) {
            this.rows = data.map((rule) => ({ ...rule, key: `rule-${nextKey++}`, isNew: false }));
            this.loadError = undefined;
        } else if (error) {
            this.loadError = error;
        }
    }

    get checkedRows() {
        return this.rows.map((row) => {
            const problems = ruleProblems(row);
            return { ...row, problems, problemText: problems.join(' ') };
        });
    }

    get tableErrors() {
        const rows = {};
        for (const row of this.checkedRows) {
            if (row.problems.length > 0) {
                rows[row.key] = {
                    title: `${row.problems.length} problem(s)`,
                    messages: row.problems,
                };
            }
        }
        return { rows };
    }

    get hasProblems() {
        return this.checkedRows.some((row) => row.problems.length > 0);
    }

    get saveDisabled() {
        return this.saving || this.hasProblems || this.rows.length === 0;
    }

    handleCellChange(event) {
        const changes = event.detail.draftValues;
        this.rows = this.rows.map((row) => {
            const change = changes.find((c) => c.key === row.key);
            return change ? { ...row, ...change } : row;
        });
        this.draftValues = [];
    }

    handleAddRow() {
        this.rows = [
            ...this.rows,
            {
                key: `rule-${nextKey++}`,
                isNew: true,
                developerName: '',
                ruleType: 'GROUP_TO_ACCOUNT_TEAM',
                accountAccessLevel: 'Read',
                active: true,
            },
        ];
    }

    async handleRowAction(event) {
        const row = event.detail.row;
        const confirmed = await LightningConfirm.open({
            message: row.isNew
                ? 'Remove this new rule?'
                : `Deactivate the rule ${row.developerName}? It is saved inactive: custom metadata records cannot be deleted from this page.`,
            label: 'Remove rule',
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        this.rows = row.isNew
            ? this.rows.filter((r) => r.key !== row.key)
            : this.rows.map((r) => (r.key === row.key ? { ...r, active: false } : r));
    }

    async handleSave() {
        this.saving = true;
        this.saveError = undefined;
        try {
            const rows = this.rows.map((row) =>
                Object.fromEntries(ROW_FIELDS.map((field) => [field, row[field] ?? null])),
            );
            const deploymentId = await saveAccessRules({ rows });
            this.rows = this.rows.map((row) => ({ ...row, isNew: false }));
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Access rules saved',
                    message: `Deployment ${deploymentId} is queued; the companion reloads the rules when it completes.`,
                    variant: 'success',
                }),
            );
        } catch (error) {
            this.saveError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Access rules not saved',
                    message: reduceErrors(error).join(' '),
                    variant: 'error',
                }),
            );
        } finally {
            this.saving = false;
        }
    }
}

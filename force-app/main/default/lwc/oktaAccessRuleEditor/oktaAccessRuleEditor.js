import { LightningElement, wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import OPPORTUNITY_OBJECT from '@salesforce/schema/Opportunity';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import LEAD_OBJECT from '@salesforce/schema/Lead';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import getAccessRules from '@salesforce/apex/OktaSyncSetupController.getAccessRules';
import saveAccessRules from '@salesforce/apex/OktaSyncSetupController.saveAccessRules';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';
import { reduceErrors } from 'c/ldsUtils';
import { developerNameFrom, ruleProblems, ruleSentence } from 'c/oktaRuleWords';

export { ruleProblems } from 'c/oktaRuleWords';

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

let nextKey = 0;

/**
 * Access rule editor: each rule as its name and a sentence, its problems in sentences below;
 * a rule is built or edited in a dialog (c-okta-access-rule-form), removed (deactivated) after
 * a confirmation; Save deploys the rules as custom metadata.
 */
export default class OktaAccessRuleEditor extends LightningElement {
    rows = [];
    loadError;
    saveError;
    saving = false;
    objectInfos = {};
    oktaAttributes = [];
    editing;
    editingKey;

    @wire(getAccessRules)
    wiredRules({ data, error }) {
        if (data) {
            this.rows = data.map((rule) => ({ ...rule, key: `rule-${nextKey++}`, isNew: false }));
            this.loadError = undefined;
        } else if (error) {
            this.loadError = error;
        }
    }

    @wire(getObjectInfos, {
        objectApiNames: [OPPORTUNITY_OBJECT, ACCOUNT_OBJECT, LEAD_OBJECT, CONTACT_OBJECT],
    })
    wiredObjectInfos({ data }) {
        if (data) {
            const infos = {};
            for (const entry of data.results ?? []) {
                if (entry.statusCode === 200 && entry.result) {
                    infos[entry.result.apiName] = entry.result;
                }
            }
            this.objectInfos = infos;
        }
    }

    connectedCallback() {
        getOktaProfileAttributes()
            .then((answer) => {
                this.oktaAttributes = answer?.attributes ?? [];
            })
            .catch(() => {
                this.oktaAttributes = [];
            });
    }

    /** Labels used by more than one rule (lower case). */
    get repeatedLabels() {
        const counts = new Map();
        for (const row of this.rows) {
            const label = String(row.label ?? '')
                .trim()
                .toLowerCase();
            counts.set(label, (counts.get(label) ?? 0) + 1);
        }
        return new Set([...counts].filter(([label, n]) => label && n > 1).map(([label]) => label));
    }

    problemsOf(row) {
        const sameLabel = this.repeatedLabels.has(
            String(row.label ?? '')
                .trim()
                .toLowerCase(),
        );
        return ruleProblems(row, { sameLabel });
    }

    get lines() {
        return this.rows.map((row) => {
            const problems = this.problemsOf(row);
            const name = row.label || row.developerName || 'New rule';
            return {
                key: row.key,
                itemClass: `slds-item rule-item${row.active === false ? ' slds-text-color_weak' : ''}`,
                name: row.active === false ? `${name} (inactive)` : name,
                sentence: ruleSentence(row, this.objectInfos),
                hasProblems: problems.length > 0,
                problemItems: problems.map((text, i) => ({ key: `${row.key}-${i}`, text })),
                editText: `Edit the rule ${name}`,
                removeText: `Remove the rule ${name}`,
            };
        });
    }

    get hasProblems() {
        return this.rows.some((row) => this.problemsOf(row).length > 0);
    }

    get saveDisabled() {
        return this.saving || this.hasProblems || this.rows.length === 0;
    }

    handleAddRow() {
        this.editingKey = undefined;
        this.editing = {
            ruleType: 'CONDITION_TO_GROUP',
            salesforceObject: 'Opportunity',
            conditionOperator: 'EQUALS',
            active: true,
        };
    }

    handleEdit(event) {
        const row = this.rows.find((r) => r.key === event.currentTarget.dataset.key);
        if (row) {
            this.editingKey = row.key;
            this.editing = { ...row };
        }
    }

    get editingHeading() {
        return this.editingKey ? `Edit the rule ${this.editing?.label ?? ''}`.trim() : 'New rule';
    }

    get editingProblems() {
        if (!this.editing) {
            return [];
        }
        const label = String(this.editing.label ?? '')
            .trim()
            .toLowerCase();
        const sameLabel = this.rows.some(
            (row) =>
                row.key !== this.editingKey &&
                String(row.label ?? '')
                    .trim()
                    .toLowerCase() === label,
        );
        return ruleProblems(this.editing, { sameLabel: Boolean(label) && sameLabel });
    }

    handleFormChange(event) {
        if (event.detail) {
            this.editing = { ...event.detail };
        }
    }

    handleFormDone(event) {
        const draft = { ...event.detail };
        const key = this.editingKey;
        if (key) {
            this.rows = this.rows.map((row) => (row.key === key ? { ...row, ...draft, key } : row));
        } else {
            this.rows = [...this.rows, { ...draft, key: `rule-${nextKey++}`, isNew: true }];
        }
        this.closeForm();
    }

    handleFormCancel() {
        this.closeForm();
    }

    closeForm() {
        const key = this.editingKey;
        this.editing = undefined;
        this.editingKey = undefined;
        Promise.resolve().then(() => {
            const target = key
                ? this.template.querySelector(`lightning-button-icon.edit[data-key="${key}"]`)
                : this.template.querySelector('lightning-button.add-row');
            target?.focus();
        });
    }

    async handleRemove(event) {
        const row = this.rows.find((r) => r.key === event.currentTarget.dataset.key);
        if (!row) {
            return;
        }
        const name = row.label || row.developerName || 'this new rule';
        const confirmed = await LightningConfirm.open({
            message: row.isNew
                ? `Remove the new rule ${name}?`
                : `Deactivate the rule ${name}? It is saved inactive: custom metadata records cannot be deleted from this page.`,
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

    /** Rows as OktaConfigDeployService.AccessRuleRow; new rules get an API name from their name. */
    rowsForApex() {
        const taken = new Set(
            this.rows.map((r) => String(r.developerName ?? '').toLowerCase()).filter(Boolean),
        );
        return this.rows.map((row) => {
            const result = Object.fromEntries(
                ROW_FIELDS.map((field) => [field, row[field] ?? null]),
            );
            if (!result.developerName) {
                result.developerName = developerNameFrom(row.label, taken);
                taken.add(result.developerName.toLowerCase());
            }
            return result;
        });
    }

    async handleSave() {
        this.saving = true;
        this.saveError = undefined;
        try {
            const rows = this.rowsForApex();
            const deploymentId = await saveAccessRules({ rows });
            this.rows = this.rows.map((row, i) => ({
                ...row,
                developerName: rows[i].developerName,
                isNew: false,
            }));
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

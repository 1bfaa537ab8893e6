import { wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import OPPORTUNITY_OBJECT from '@salesforce/schema/Opportunity';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import LEAD_OBJECT from '@salesforce/schema/Lead';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import getAccessRules from '@salesforce/apex/OktaSyncSetupController.getAccessRules';
import saveAccessRules from '@salesforce/apex/OktaSyncSetupController.saveAccessRules';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';
import { developerNameFrom, ruleProblems, ruleSentence } from 'c/oktaRuleWords';
import OktaConfigEditor from 'c/oktaConfigEditor';

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

/**
 * Access rule editor: each rule as its name and a sentence, its problems in sentences below;
 * a rule is built or edited in a dialog (c-okta-access-rule-form), removed (deactivated) after
 * a confirmation; Save deploys the rules as custom metadata.
 */
export default class OktaAccessRuleEditor extends OktaConfigEditor {
    editorWords = { prefix: 'rule', noun: 'rule', what: 'Access rules' };
    rowFields = ROW_FIELDS;
    saveRows = saveAccessRules;

    nameFor(row, taken) {
        return developerNameFrom(row.label, taken);
    }

    @wire(getAccessRules)
    wiredRules(result) {
        this.receiveRows(result);
    }

    @wire(getObjectInfos, {
        objectApiNames: [OPPORTUNITY_OBJECT, ACCOUNT_OBJECT, LEAD_OBJECT, CONTACT_OBJECT],
    })
    wiredObjectInfos(result) {
        this.receiveObjectInfos(result);
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
        return ruleProblems(row, { sameLabel, objectInfos: this.objectInfos });
    }

    get lines() {
        return this.rows.map((row) => {
            const problems = this.problemsOf(row);
            const name = row.label || row.developerName || 'New rule';
            return {
                key: row.key,
                itemClass: `slds-item rule-item${row.active === false ? ' slds-text-color_weak' : ''}`,
                paragraphs: [
                    {
                        key: 'name',
                        cls: 'rule-name slds-text-title_bold',
                        segments: [
                            {
                                key: 'name',
                                text: row.active === false ? `${name} (inactive)` : name,
                            },
                        ],
                    },
                    {
                        key: 'sentence',
                        cls: 'rule-sentence',
                        segments: [{ key: 'sentence', text: ruleSentence(row, this.objectInfos) }],
                    },
                ],
                problemItems: problems.map((text, i) => ({ key: `${row.key}-${i}`, text })),
                editText: `Edit the rule ${name}`,
                removeText: `Remove the rule ${name}`,
            };
        });
    }

    get hasProblems() {
        return this.rows.some((row) => this.problemsOf(row).length > 0);
    }

    newDraft() {
        return {
            ruleType: 'CONDITION_TO_GROUP',
            salesforceObject: 'Opportunity',
            conditionOperator: 'EQUALS',
            active: true,
        };
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
        return ruleProblems(this.editing, {
            sameLabel: Boolean(label) && sameLabel,
            objectInfos: this.objectInfos,
        });
    }

    titleOf(row) {
        return row.label || row.developerName || 'without a name';
    }
}

import { LightningElement, api } from 'lwc';
import searchOktaGroups from '@salesforce/apex/OktaSyncSetupController.searchOktaGroups';
import { reduceErrors } from 'c/ldsUtils';
import {
    ACCESS_WORDS,
    CONDITION_OBJECTS,
    OPERATOR_WORDS,
    RULE_TYPE_WORDS,
    ruleSentence,
    suggestedLabel,
} from 'c/oktaRuleWords';

/**
 * One access rule in a dialog, built as a sentence: what the rule does, the Okta group found by
 * name (never an id on screen), the object and condition field from describe, the comparison in
 * words, the Account Team role and access, or the Okta attribute to set.
 * Fires `draftchange` (every edit), `done` (detail: the draft) and `cancel`.
 */
export default class OktaAccessRuleForm extends LightningElement {
    @api heading = 'Edit rule';
    @api objectInfos = {};
    @api oktaAttributes = [];
    @api problems = [];

    draft = {};
    groupQuery = '';
    groupResults;
    searchError;
    searchSequence = 0;
    labelEdited = false;
    focused = false;

    @api
    get rule() {
        return this.draft;
    }
    set rule(value) {
        this.draft = { ...(value ?? {}) };
        this.labelEdited = Boolean(this.draft.developerName);
    }

    renderedCallback() {
        if (!this.focused) {
            this.focused = true;
            this.template.querySelector('lightning-combobox')?.focus();
        }
    }

    get sentence() {
        return ruleSentence(this.draft, this.objectInfos);
    }

    get isTeamRule() {
        return this.draft.ruleType === 'GROUP_TO_ACCOUNT_TEAM';
    }

    get isAttributeRule() {
        return this.draft.ruleType === 'CONDITION_TO_ATTRIBUTE';
    }

    get needsGroup() {
        return !this.isAttributeRule;
    }

    get conditionHeading() {
        return this.isTeamRule ? 'On Accounts where (leave empty for every Account)' : 'Where';
    }

    get ruleTypeOptions() {
        return Object.entries(RULE_TYPE_WORDS).map(([value, label]) => ({ label, value }));
    }

    get objectOptions() {
        return CONDITION_OBJECTS.map((name) => ({
            label: this.objectInfos?.[name]?.label ?? name,
            value: name,
        }));
    }

    get fieldOptions() {
        const fields = Object.values(this.objectInfos?.[this.draft.salesforceObject]?.fields ?? {});
        return fields
            .filter((field) => field.filterable !== false)
            .sort((a, b) => (a.label ?? a.apiName).localeCompare(b.label ?? b.apiName))
            .map((field) => ({
                label: `${field.label ?? field.apiName} (${field.apiName})`,
                value: field.apiName,
            }));
    }

    get operatorOptions() {
        return Object.entries(OPERATOR_WORDS).map(([value, words]) => ({
            label: words.charAt(0).toUpperCase() + words.slice(1),
            value,
        }));
    }

    get needsValue() {
        return this.draft.conditionOperator !== 'NOT_NULL';
    }

    get valueLabel() {
        return this.draft.conditionOperator === 'IN' ? 'Values (separated by commas)' : 'Value';
    }

    get accountAccessOptions() {
        return ['Read', 'Edit'].map((value) => ({ label: ACCESS_WORDS[value], value }));
    }

    get childAccessOptions() {
        return ['None', 'Read', 'Edit'].map((value) => ({ label: ACCESS_WORDS[value], value }));
    }

    get attributeOptions() {
        return (this.oktaAttributes ?? [])
            .filter((attribute) => !attribute.readOnly)
            .map((attribute) => ({
                label: `${attribute.label} (${attribute.path})${attribute.custom ? ' · custom' : ''}`,
                value: attribute.path,
            }));
    }

    get hasGroupResults() {
        return (this.groupResults ?? []).length > 0;
    }

    get noGroupFound() {
        return Array.isArray(this.groupResults) && this.groupResults.length === 0;
    }

    get groupOptions() {
        return (this.groupResults ?? []).map((group) => ({
            label: group.description ? `${group.name} — ${group.description}` : group.name,
            value: group.id,
        }));
    }

    get chosenGroup() {
        return this.draft.oktaGroupId
            ? `Chosen group: ${this.draft.oktaGroupName || 'a group without a recorded name'}`
            : 'No group chosen yet.';
    }

    update(changes) {
        const draft = { ...this.draft, ...changes };
        if (!this.labelEdited) {
            draft.label = suggestedLabel(draft);
        }
        this.draft = draft;
        this.dispatchEvent(new CustomEvent('draftchange', { detail: { ...draft } }));
    }

    handleRuleType(event) {
        const ruleType = event.detail.value;
        const team = ruleType === 'GROUP_TO_ACCOUNT_TEAM';
        this.update({
            ruleType,
            salesforceObject: team ? 'Account' : this.draft.salesforceObject || 'Opportunity',
            accountAccessLevel: team ? this.draft.accountAccessLevel || 'Read' : null,
        });
    }

    handleName(event) {
        this.labelEdited = true;
        this.update({ label: event.detail.value });
    }

    handleObject(event) {
        this.update({ salesforceObject: event.detail.value, conditionField: null });
    }

    async handleGroupSearch(event) {
        this.groupQuery = event.detail.value ?? '';
        const sequence = ++this.searchSequence;
        const text = this.groupQuery.trim();
        if (!text) {
            this.groupResults = undefined;
            return;
        }
        try {
            const answer = await searchOktaGroups({ nameStart: text });
            if (sequence === this.searchSequence) {
                this.groupResults = answer?.groups ?? [];
                this.searchError = undefined;
            }
        } catch (error) {
            if (sequence === this.searchSequence) {
                this.groupResults = undefined;
                this.searchError = `The Okta groups could not be searched: ${reduceErrors(error).join(' ')}`;
            }
        }
    }

    handleGroupPick(event) {
        const group = (this.groupResults ?? []).find((g) => g.id === event.detail.value);
        if (group) {
            this.update({ oktaGroupId: group.id, oktaGroupName: group.name });
        }
    }

    handleConditionField(event) {
        this.update({
            conditionField: event.detail.value,
            conditionOperator: this.draft.conditionOperator || 'EQUALS',
        });
    }

    handleOperator(event) {
        const conditionOperator = event.detail.value;
        this.update({
            conditionOperator,
            conditionValue: conditionOperator === 'NOT_NULL' ? null : this.draft.conditionValue,
        });
    }

    handleConditionValue(event) {
        this.update({ conditionValue: event.detail.value || null });
    }

    handleRole(event) {
        this.update({ accountTeamRole: event.detail.value || null });
    }

    handleAccountAccess(event) {
        this.update({ accountAccessLevel: event.detail.value });
    }

    handleOpportunityAccess(event) {
        this.update({ opportunityAccessLevel: event.detail.value });
    }

    handleCaseAccess(event) {
        this.update({ caseAccessLevel: event.detail.value });
    }

    handleAttribute(event) {
        this.update({ oktaAttribute: event.detail.value });
    }

    handleAttributeValue(event) {
        this.update({ attributeValue: event.detail.value || null });
    }

    handleActive(event) {
        this.update({ active: event.detail.checked });
    }

    handleCancel() {
        this.dispatchEvent(new CustomEvent('cancel'));
    }

    handleDone() {
        this.dispatchEvent(new CustomEvent('done', { detail: { ...this.draft } }));
    }
}

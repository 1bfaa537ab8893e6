import { api } from 'lwc';
import OktaEditorForm from 'c/oktaEditorForm';
import searchOktaGroups from '@salesforce/apex/OktaSyncSetupController.searchOktaGroups';
import getPicklistValues from '@salesforce/apex/OktaSyncSetupController.getPicklistValues';
import { reduceErrors } from 'c/ldsUtils';
import {
    ACCESS_WORDS,
    ACCOUNT_ACCESS_LEVELS,
    CONDITION_OBJECTS,
    OPERATOR_WORDS,
    RELATED_ACCESS_LEVELS,
    RULE_TYPE_WORDS,
    ruleSentence,
    suggestedLabel,
} from 'c/oktaRuleWords';

const ROLE_PICKLIST = { object: 'AccountTeamMember', field: 'TeamMemberRole' };
const PICKLIST_TYPES = new Set(['Picklist', 'MultiPicklist']);

function splitValues(text) {
    return String(text ?? '')
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
}

/**
 * One access rule in a dialog, built as a sentence: what the rule does, the Okta group found by
 * name (never an id on screen), the object and condition field from describe, the comparison in
 * words, the value picked from the org's picklist when the field has one, the Account Team role
 * (from the org's roles) and access, or the Okta attribute to set.
 * Fires `draftchange` (every edit), `done` (detail: the draft) and `cancel`.
 */
export default class OktaAccessRuleForm extends OktaEditorForm {
    defaultHeading = 'Edit rule';
    groupQuery = '';
    groupResults;
    searchError;
    searchSequence = 0;
    labelEdited = false;
    /** The org's picklist values by "Object.Field", as they arrive; the role and the condition value are picked from them. */
    picklists = {};
    picklistErrors = {};

    @api
    get rule() {
        return this.draft;
    }
    set rule(value) {
        this.draft = { ...(value ?? {}) };
        this.labelEdited = Boolean(this.draft.developerName);
    }

    /** Reads the picklists the draft needs: the Account Team roles, the condition field's values. */
    loadPicklists() {
        if (this.isTeamRule) {
            this.loadPicklist(ROLE_PICKLIST.object, ROLE_PICKLIST.field);
        }
        if (this.conditionFieldInfo && PICKLIST_TYPES.has(this.conditionFieldInfo.dataType)) {
            this.loadPicklist(this.draft.salesforceObject, this.draft.conditionField);
        }
    }

    async loadPicklist(objectApiName, fieldApiName) {
        const key = `${objectApiName}.${fieldApiName}`;
        if (key in this.picklists || key in this.picklistErrors) {
            return;
        }
        this.picklists = { ...this.picklists, [key]: undefined };
        try {
            const values = await getPicklistValues({ objectApiName, fieldApiName });
            this.picklists = { ...this.picklists, [key]: values ?? [] };
        } catch (error) {
            this.picklists = Object.fromEntries(
                Object.entries(this.picklists).filter(([name]) => name !== key),
            );
            this.picklistErrors = {
                ...this.picklistErrors,
                [key]: `The values of ${fieldApiName} could not be read from the org: ${reduceErrors(error).join(' ')} Type the value instead.`,
            };
        }
    }

    /** Options of a loaded picklist, with the draft's value first when the org no longer has it. */
    optionsOf(key, current) {
        const values = this.picklists[key];
        if (!values) {
            return undefined;
        }
        const options = values.map((entry) => ({ label: entry.label, value: entry.value }));
        for (const value of current) {
            if (value && !options.some((option) => option.value === value)) {
                options.unshift({ label: `${value} (not a value of this org)`, value });
            }
        }
        return options;
    }

    get conditionFieldInfo() {
        const fields = this.objectInfos?.[this.draft.salesforceObject]?.fields ?? {};
        return fields[this.draft.conditionField];
    }

    get valuesKey() {
        return `${this.draft.salesforceObject}.${this.draft.conditionField}`;
    }

    get isManyValues() {
        return this.draft.conditionOperator === 'IN';
    }

    get chosenValues() {
        return splitValues(this.draft.conditionValue);
    }

    /** The condition field's values when it is a picklist of the org. */
    get valueOptions() {
        return this.optionsOf(this.valuesKey, this.chosenValues);
    }

    get valuePicklist() {
        return Boolean(this.valueOptions);
    }

    get valuesError() {
        return this.picklistErrors[this.valuesKey];
    }

    get roleOptions() {
        return this.optionsOf(`${ROLE_PICKLIST.object}.${ROLE_PICKLIST.field}`, [
            this.draft.accountTeamRole,
        ]);
    }

    get rolesError() {
        return this.picklistErrors[`${ROLE_PICKLIST.object}.${ROLE_PICKLIST.field}`];
    }

    renderedCallback() {
        // The draft or the object infos may have changed: read the picklists it now needs (once each).
        this.loadPicklists();
        super.renderedCallback();
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
        return ACCOUNT_ACCESS_LEVELS.map((value) => ({ label: ACCESS_WORDS[value], value }));
    }

    get childAccessOptions() {
        return RELATED_ACCESS_LEVELS.map((value) => ({ label: ACCESS_WORDS[value], value }));
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

    /** Until the admin names the rule, its name follows its sentence. */
    nextDraft(draft) {
        return this.labelEdited ? draft : { ...draft, label: suggestedLabel(draft) };
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
            conditionValue: null,
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

    handleConditionValues(event) {
        const values = event.detail.value ?? [];
        this.update({ conditionValue: values.length ? values.join(', ') : null });
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
}

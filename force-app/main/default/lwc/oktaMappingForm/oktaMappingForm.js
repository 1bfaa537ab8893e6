import { api } from 'lwc';
import OktaEditorForm from 'c/oktaEditorForm';
import {
    DIRECTION_WORDS,
    OKTA_USER_ATTRIBUTES,
    SOURCE_OF_TRUTH_WORDS,
    TRANSFORM_WORDS,
    describeMapping,
} from 'c/oktaMappingWords';

const MAPPED_OBJECTS = ['Contact', 'Account', 'Lead'];

/**
 * One field mapping in a dialog, edited with pickers: the Salesforce object, then its field
 * (labels and API names from describe, with type; only writable fields when Okta writes
 * Salesforce), the Okta attribute from the profile schema, the transform with its explanation
 * and its argument only when it takes one, direction and source of truth in words.
 * Fires `draftchange` (every edit, detail: the draft), `done` (detail: the draft) and `cancel`.
 */
export default class OktaMappingForm extends OktaEditorForm {
    defaultHeading = 'Edit mapping';
    /** Why the Okta attributes could not be listed, if they could not. */
    @api attributeError;

    @api
    get mapping() {
        return this.draft;
    }
    set mapping(value) {
        this.draft = { ...(value ?? {}) };
    }

    get sentence() {
        const words = describeMapping(this.draft, {
            objectInfos: this.objectInfos,
            oktaAttributes: this.oktaAttributes,
        });
        return `${words.title} · ${words.details}`;
    }

    get writesSalesforce() {
        return this.draft.direction !== 'SALESFORCE_TO_OKTA';
    }

    get writesOkta() {
        return this.draft.direction !== 'OKTA_TO_SALESFORCE';
    }

    get isBothWays() {
        return this.draft.direction === 'BOTH';
    }

    get transform() {
        return this.draft.transform || 'NONE';
    }

    get objectOptions() {
        return MAPPED_OBJECTS.map((name) => ({
            label: this.objectInfos?.[name]?.label ?? name,
            value: name,
        }));
    }

    /** The object's fields by label; when Okta writes Salesforce, only the writable ones. */
    get fieldOptions() {
        const fields = Object.values(this.objectInfos?.[this.draft.salesforceObject]?.fields ?? {});
        const contact = this.draft.salesforceObject === 'Contact';
        const options = fields
            .filter(
                (field) =>
                    !this.writesSalesforce ||
                    (contact ? field.updateable : field.createable || field.updateable),
            )
            .sort((a, b) => (a.label ?? a.apiName).localeCompare(b.label ?? b.apiName))
            .map((field) => ({
                label: `${field.label ?? field.apiName} (${field.apiName}) · ${field.dataType}`,
                value: field.apiName,
            }));
        const current = this.draft.salesforceField;
        if (current && !options.some((option) => option.value === current)) {
            options.unshift({ label: `${current} (not writable or not found)`, value: current });
        }
        return options;
    }

    get fieldHelp() {
        return this.writesSalesforce
            ? 'Only the fields Okta can write are listed.'
            : 'Every field of the object is listed: this mapping only reads Salesforce.';
    }

    /** Profile attributes by title; read-only ones only when Okta is not written. */
    get attributeOptions() {
        const attributes = [...OKTA_USER_ATTRIBUTES, ...(this.oktaAttributes ?? [])].filter(
            (attribute) => !this.writesOkta || !attribute.readOnly,
        );
        const options = attributes.map((attribute) => ({
            label: `${attribute.label} (${attribute.path})${attribute.custom ? ' · custom' : ''}`,
            value: attribute.path,
        }));
        const current = this.draft.oktaAttribute;
        if (current && current !== 'profile.' && !options.some((o) => o.value === current)) {
            options.unshift({ label: `${current} (not in the profile schema)`, value: current });
        }
        return options;
    }

    get directionOptions() {
        return Object.entries(DIRECTION_WORDS).map(([value, words]) => ({
            label: words.charAt(0).toUpperCase() + words.slice(1),
            value,
        }));
    }

    get sourceOfTruthOptions() {
        return Object.entries(SOURCE_OF_TRUTH_WORDS).map(([value, words]) => ({
            label: words.charAt(0).toUpperCase() + words.slice(1),
            value,
        }));
    }

    get transformOptions() {
        return Object.entries(TRANSFORM_WORDS).map(([value, info]) => ({
            label: info.words.charAt(0).toUpperCase() + info.words.slice(1),
            value,
        }));
    }

    get transformExplanation() {
        return TRANSFORM_WORDS[this.transform]?.explanation ?? '';
    }

    get argumentInfo() {
        return TRANSFORM_WORDS[this.transform]?.argument;
    }

    handleAttribute(event) {
        this.update({ oktaAttribute: event.detail.value });
    }

    handleObject(event) {
        if (event.detail.value !== this.draft.salesforceObject) {
            this.update({ salesforceObject: event.detail.value, salesforceField: '' });
        }
    }

    handleField(event) {
        this.update({ salesforceField: event.detail.value });
    }

    handleDirection(event) {
        const direction = event.detail.value;
        this.update({
            direction,
            sourceOfTruth: direction === 'BOTH' ? this.draft.sourceOfTruth : null,
        });
    }

    handleSourceOfTruth(event) {
        this.update({ sourceOfTruth: event.detail.value });
    }

    handleTransform(event) {
        const transform = event.detail.value;
        this.update({
            transform,
            transformArgument: TRANSFORM_WORDS[transform]?.argument
                ? this.draft.transformArgument
                : null,
        });
    }

    handleArgument(event) {
        this.update({ transformArgument: event.detail.value || null });
    }

    handleDefault(event) {
        this.update({ defaultValue: event.detail.value || null });
    }

    handleMatchKey(event) {
        this.update({ isMatchKey: event.detail.checked });
    }

    handlePriority(event) {
        const value = event.detail.value;
        this.update({ matchPriority: value === '' || value === null ? null : Number(value) });
    }
}

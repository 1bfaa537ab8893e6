import { LightningElement, wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import getMappings from '@salesforce/apex/OktaSyncSetupController.getMappings';
import saveMappings from '@salesforce/apex/OktaSyncSetupController.saveMappings';
import previewMapping from '@salesforce/apex/OktaSyncSetupController.previewMapping';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';
import { reduceErrors } from 'c/ldsUtils';
import { describeMapping, oktaAttributeLabel } from 'c/oktaMappingWords';
import { developerNameFor, mappingProblems } from './mappingRules';

/** Row properties the Apex MappingRow accepts. */
const ROW_FIELDS = [
    'developerName',
    'label',
    'direction',
    'salesforceObject',
    'salesforceField',
    'oktaAttribute',
    'transform',
    'transformArgument',
    'defaultValue',
    'isMatchKey',
    'matchPriority',
    'sourceOfTruth',
    'active',
];

let nextKey = 0;

/**
 * Field mapping editor: one line per mapping in words, each checked against the Contact and
 * Account fields with its problems in sentences on its line; a mapping is added or edited in a
 * dialog with pickers (c-okta-mapping-form), removed after a confirmation; a preview of the
 * (unsaved) mappings on a real Okta user or Contact; Save deploys them as custom metadata.
 */
export default class OktaMappingEditor extends LightningElement {
    rows = [];
    loadError;
    objectInfos = {};
    oktaAttributes = [];
    attributeError;
    saving = false;
    saveError;

    /** The mapping being edited in the dialog (a draft), and whether it is a new one. */
    editing;
    editingKey;

    previewSubject = '';
    previewing = false;
    preview;
    previewError;

    @wire(getMappings)
    wiredMappings({ data, error }) {
        if (data) {
            this.rows = data.map((row) => ({ ...row, key: `row-${nextKey++}`, isNew: false }));
            this.loadError = undefined;
        } else if (error) {
            this.loadError = error;
        }
    }

    @wire(getObjectInfos, { objectApiNames: [CONTACT_OBJECT, ACCOUNT_OBJECT] })
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
        this.loadOktaAttributes();
    }

    async loadOktaAttributes() {
        try {
            const answer = await getOktaProfileAttributes();
            this.oktaAttributes = answer?.attributes ?? [];
            this.attributeError = undefined;
        } catch (error) {
            this.oktaAttributes = [];
            this.attributeError = `The Okta profile attributes could not be read: ${reduceErrors(
                error,
            ).join(' ')}`;
        }
    }

    get checkedRows() {
        return this.rows.map((row) => ({
            ...row,
            problems: mappingProblems(row, this.objectInfos),
        }));
    }

    /** Each mapping as one line of words, its problems in sentences below it. */
    get lines() {
        const context = { objectInfos: this.objectInfos, oktaAttributes: this.oktaAttributes };
        return this.checkedRows.map((row) => {
            const words = describeMapping(row, context);
            return {
                key: row.key,
                itemClass: `slds-item mapping-item${row.active === false ? ' slds-text-color_weak' : ''}`,
                segments: [
                    { key: 'okta', cls: 'slds-text-color_weak', text: 'Okta ' },
                    {
                        key: 'okta-label',
                        cls: 'okta-label slds-text-title_bold',
                        text: words.oktaLabel,
                    },
                    {
                        key: 'okta-path',
                        cls: 'slds-text-color_weak',
                        text: ` (${words.oktaPath}) → `,
                    },
                    { key: 'object', cls: 'slds-text-color_weak', text: `${words.objectLabel} ` },
                    {
                        key: 'field',
                        cls: 'field-label slds-text-title_bold',
                        text: words.fieldLabel,
                    },
                    {
                        key: 'field-api',
                        cls: 'slds-text-color_weak',
                        text: ` (${words.fieldApiName})`,
                    },
                    { key: 'details', cls: 'details', text: ` · ${words.details}` },
                ],
                text: `${words.title} · ${words.details}`,
                hasProblems: row.problems.length > 0,
                problemItems: row.problems.map((text, index) => ({
                    key: `${row.key}-${index}`,
                    text,
                })),
                editText: `Edit the mapping ${words.title}`,
                removeText: `Remove the mapping ${words.title}`,
            };
        });
    }

    get problemCount() {
        return this.checkedRows.reduce((count, row) => count + row.problems.length, 0);
    }

    get hasProblems() {
        return this.problemCount > 0;
    }

    get problemSummary() {
        return this.problemCount === 1
            ? '1 problem to fix before saving.'
            : `${this.problemCount} problems to fix before saving.`;
    }

    get saveDisabled() {
        return this.saving || this.hasProblems || this.rows.length === 0;
    }

    handleAddRow() {
        this.editingKey = undefined;
        this.editing = {
            direction: 'OKTA_TO_SALESFORCE',
            salesforceObject: 'Contact',
            salesforceField: '',
            oktaAttribute: '',
            transform: 'NONE',
            isMatchKey: false,
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
        if (!this.editingKey) {
            return 'New mapping';
        }
        const label = oktaAttributeLabel(this.editing?.oktaAttribute, this.oktaAttributes);
        return `Edit the mapping of Okta ${label}`;
    }

    get editingProblems() {
        return this.editing ? mappingProblems(this.editing, this.objectInfos) : [];
    }

    handleFormChange(event) {
        if (event.detail) {
            this.editing = { ...event.detail };
        }
    }

    handleFormDone(event) {
        const draft = { ...event.detail };
        if (this.editingKey) {
            const key = this.editingKey;
            this.rows = this.rows.map((row) => (row.key === key ? { ...row, ...draft, key } : row));
        } else {
            this.rows = [...this.rows, { ...draft, key: `row-${nextKey++}`, isNew: true }];
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
        // Focus returns to the line's Edit button (or Add mapping) the dialog was opened from.
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
        const { title } = describeMapping(row, {
            objectInfos: this.objectInfos,
            oktaAttributes: this.oktaAttributes,
        });
        const confirmed = await LightningConfirm.open({
            message: row.isNew
                ? `Remove the new mapping ${title}?`
                : `Deactivate the mapping ${title}? It is saved inactive: custom metadata records cannot be deleted from this page.`,
            label: 'Remove mapping',
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        this.rows = row.isNew
            ? this.rows.filter((r) => r.key !== row.key)
            : this.rows.map((r) => (r.key === row.key ? { ...r, active: false } : r));
    }

    /** Rows as OktaConfigDeployService.MappingRow, new rows named. */
    rowsForApex() {
        const taken = new Set(
            this.rows.map((r) => (r.developerName ?? '').toLowerCase()).filter(Boolean),
        );
        return this.rows.map((row) => {
            const result = {};
            for (const field of ROW_FIELDS) {
                result[field] = row[field] ?? null;
            }
            if (!result.developerName) {
                result.developerName = developerNameFor(row, taken);
                taken.add(result.developerName.toLowerCase());
            }
            return result;
        });
    }

    async handleSave() {
        if (this.hasProblems) {
            return;
        }
        this.saving = true;
        this.saveError = undefined;
        try {
            const rows = this.rowsForApex();
            const deploymentId = await saveMappings({ rows });
            this.rows = this.rows.map((row, i) => ({
                ...row,
                developerName: rows[i].developerName,
                isNew: false,
            }));
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Field mappings saved',
                    message: `Deployment ${deploymentId} is queued; the companion reloads the mappings when it completes.`,
                    variant: 'success',
                }),
            );
        } catch (error) {
            this.saveError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Field mappings not saved',
                    message: reduceErrors(error).join(' '),
                    variant: 'error',
                }),
            );
        } finally {
            this.saving = false;
        }
    }

    // ---- Preview ---------------------------------------------------------------------------

    handleSubjectChange(event) {
        this.previewSubject = event.detail.value;
    }

    get previewDisabled() {
        return this.previewing || !this.previewSubject?.trim();
    }

    async handlePreview() {
        const subject = this.previewSubject.trim();
        const isContactId = /^003[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(subject);
        this.previewing = true;
        this.previewError = undefined;
        try {
            this.preview = await previewMapping({
                oktaUser: isContactId ? null : subject,
                contactId: isContactId ? subject : null,
                rows: this.rowsForApex(),
            });
        } catch (error) {
            this.preview = undefined;
            this.previewError = error;
        } finally {
            this.previewing = false;
        }
    }

    get previewColumns() {
        return [
            { label: 'Salesforce field', fieldName: 'target', wrapText: true },
            { label: 'Okta value', fieldName: 'sourceText', wrapText: true },
            { label: 'Current Salesforce value', fieldName: 'currentText', wrapText: true },
            { label: 'Value to write', fieldName: 'valueText', wrapText: true },
            { label: 'Error', fieldName: 'error', wrapText: true },
        ];
    }

    get previewRows() {
        return (this.preview?.fields ?? []).map((field, index) => ({
            key: `${field.mapping ?? 'field'}-${index}`,
            target: field.target,
            sourceText: textOf(field.source),
            currentText: textOf(field.current),
            valueText: textOf(field.value),
            error: field.error ?? '',
        }));
    }

    get previewUser() {
        const user = this.preview?.user;
        return user ? `${user.login ?? ''} (${user.id ?? ''})` : '';
    }

    get previewProblems() {
        return (this.preview?.problems ?? []).map((problem, index) => ({
            key: `problem-${index}`,
            text: problem.source ? `${problem.source}: ${problem.message}` : problem.message,
        }));
    }

    get hasPreviewProblems() {
        return this.previewProblems.length > 0;
    }
}

function textOf(value) {
    if (value === null || value === undefined) {
        return '';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

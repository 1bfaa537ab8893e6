import { LightningElement, wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import getMappings from '@salesforce/apex/OktaSyncSetupController.getMappings';
import saveMappings from '@salesforce/apex/OktaSyncSetupController.saveMappings';
import previewMapping from '@salesforce/apex/OktaSyncSetupController.previewMapping';
import { reduceErrors } from 'c/ldsUtils';
import { developerNameFor, mappingProblems } from './mappingRules';

const COLUMNS = [
    { label: 'API name', fieldName: 'developerName', initialWidth: 170 },
    { label: 'Direction', fieldName: 'direction', editable: true, initialWidth: 170 },
    { label: 'Object', fieldName: 'salesforceObject', editable: true, initialWidth: 100 },
    { label: 'Field', fieldName: 'salesforceField', editable: true },
    { label: 'Okta attribute', fieldName: 'oktaAttribute', editable: true },
    { label: 'Transform', fieldName: 'transform', editable: true, initialWidth: 120 },
    { label: 'Argument', fieldName: 'transformArgument', editable: true },
    { label: 'Default', fieldName: 'defaultValue', editable: true },
    {
        label: 'Match key',
        fieldName: 'isMatchKey',
        type: 'boolean',
        editable: true,
        initialWidth: 95,
    },
    {
        label: 'Priority',
        fieldName: 'matchPriority',
        type: 'number',
        editable: true,
        initialWidth: 85,
    },
    { label: 'Source of truth', fieldName: 'sourceOfTruth', editable: true, initialWidth: 130 },
    { label: 'Active', fieldName: 'active', type: 'boolean', editable: true, initialWidth: 75 },
    { label: 'Problems', fieldName: 'problemText', wrapText: true },
    {
        type: 'button-icon',
        initialWidth: 50,
        typeAttributes: {
            iconName: 'utility:delete',
            name: 'remove',
            alternativeText: 'Remove this mapping',
            title: 'Remove this mapping',
        },
    },
];
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
 * Field mapping editor: inline edits checked against the Contact and Account fields, rows added
 * and removed, a preview of the (unsaved) mappings on a real Okta user or Contact, and Save,
 * which deploys the mappings as custom metadata.
 */
export default class OktaMappingEditor extends LightningElement {
    columns = COLUMNS;
    rows = [];
    draftValues = [];
    loadError;
    objectInfos = {};
    saving = false;
    saveError;

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

    get checkedRows() {
        return this.rows.map((row) => {
            const problems = mappingProblems(row, this.objectInfos);
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

    get problemCount() {
        return this.checkedRows.reduce((count, row) => count + row.problems.length, 0);
    }

    get hasProblems() {
        return this.problemCount > 0;
    }

    get problemSummary() {
        return `${this.problemCount} problem(s) to fix before saving.`;
    }

    get saveDisabled() {
        return this.saving || this.hasProblems || this.rows.length === 0;
    }

    handleCellChange(event) {
        const changes = event.detail.draftValues;
        this.rows = this.rows.map((row) => {
            const change = changes.find((c) => c.key === row.key);
            if (!change) {
                return row;
            }
            const updated = { ...row, ...change };
            if ('matchPriority' in change) {
                updated.matchPriority =
                    change.matchPriority === '' || change.matchPriority === null
                        ? null
                        : Number(change.matchPriority);
            }
            return updated;
        });
        this.draftValues = [];
    }

    handleAddRow() {
        this.rows = [
            ...this.rows,
            {
                key: `row-${nextKey++}`,
                isNew: true,
                developerName: '',
                direction: 'OKTA_TO_SALESFORCE',
                salesforceObject: 'Contact',
                salesforceField: '',
                oktaAttribute: 'profile.',
                transform: 'NONE',
                isMatchKey: false,
                active: true,
            },
        ];
    }

    async handleRowAction(event) {
        const row = event.detail.row;
        const target = `${row.salesforceObject}.${row.salesforceField || '?'}`;
        const confirmed = await LightningConfirm.open({
            message: row.isNew
                ? `Remove the new mapping to ${target}?`
                : `Deactivate the mapping to ${target}? It is saved inactive: custom metadata records cannot be deleted from this page.`,
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
            { label: 'Target', fieldName: 'target' },
            { label: 'Okta value', fieldName: 'sourceText', wrapText: true },
            { label: 'Value to write', fieldName: 'valueText', wrapText: true },
            { label: 'Error', fieldName: 'error', wrapText: true },
        ];
    }

    get previewRows() {
        return (this.preview?.fields ?? []).map((field, index) => ({
            key: `${field.mapping ?? 'field'}-${index}`,
            target: field.target,
            sourceText: textOf(field.source),
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

import { wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import LEAD_OBJECT from '@salesforce/schema/Lead';
import getMappings from '@salesforce/apex/OktaSyncSetupController.getMappings';
import saveMappings from '@salesforce/apex/OktaSyncSetupController.saveMappings';
import previewMapping from '@salesforce/apex/OktaSyncSetupController.previewMapping';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';
import { reduceErrors } from 'c/ldsUtils';
import { describeMapping, oktaAttributeLabel } from 'c/oktaMappingWords';
import OktaConfigEditor from 'c/oktaConfigEditor';
import { rowsForApex } from 'c/oktaConfigRows';
import { developerNameFor, mappingProblems, problemsByRow } from './mappingRules';

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

/**
 * Field mapping editor: one line per mapping in words, each checked against the Contact and
 * Account fields with its problems in sentences on its line; a mapping is added or edited in a
 * dialog with pickers (c-okta-mapping-form), removed after a confirmation; a preview of the
 * (unsaved) mappings on a real Okta user or Contact; Save deploys them as custom metadata.
 */
export default class OktaMappingEditor extends OktaConfigEditor {
    editorWords = { prefix: 'mapping', noun: 'mapping', what: 'Field mappings' };
    rowFields = ROW_FIELDS;
    saveRows = saveMappings;
    attributeError;

    previewSubject = '';
    previewing = false;
    preview;
    previewError;

    @wire(getMappings)
    wiredMappings(result) {
        this.receiveRows(result);
    }

    @wire(getObjectInfos, { objectApiNames: [CONTACT_OBJECT, ACCOUNT_OBJECT, LEAD_OBJECT] })
    wiredObjectInfos(result) {
        this.receiveObjectInfos(result);
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

    get wordsContext() {
        return { objectInfos: this.objectInfos, oktaAttributes: this.oktaAttributes };
    }

    /** Each row with its problems, the rows checked against each other as the server does. */
    get checkedRows() {
        const problems = problemsByRow(this.rows, this.objectInfos);
        return this.rows.map((row, index) => ({ ...row, problems: problems[index] }));
    }

    /** Each mapping as one line of words, its problems in sentences below it. */
    get lines() {
        return this.checkedRows.map((row) => {
            const words = describeMapping(row, this.wordsContext);
            const segment = (key, cls, text) => ({ key, cls, text });
            return {
                key: row.key,
                itemClass: `slds-item mapping-item${row.active === false ? ' slds-text-color_weak' : ''}`,
                paragraphs: [
                    {
                        key: 'line',
                        cls: 'mapping-line',
                        segments: [
                            segment('okta', 'slds-text-color_weak', 'Okta '),
                            segment(
                                'okta-label',
                                'okta-label slds-text-title_bold',
                                words.oktaLabel,
                            ),
                            segment('okta-path', 'slds-text-color_weak', ` (${words.oktaPath}) → `),
                            segment('object', 'slds-text-color_weak', `${words.objectLabel} `),
                            segment('field', 'field-label slds-text-title_bold', words.fieldLabel),
                            segment(
                                'field-api',
                                'slds-text-color_weak',
                                ` (${words.fieldApiName})`,
                            ),
                            segment('details', 'details', ` · ${words.details}`),
                        ],
                    },
                ],
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
        if (!this.hasProblems) {
            return undefined;
        }
        return this.problemCount === 1
            ? '1 problem to fix before saving.'
            : `${this.problemCount} problems to fix before saving.`;
    }

    newDraft() {
        return {
            direction: 'OKTA_TO_SALESFORCE',
            salesforceObject: 'Contact',
            salesforceField: '',
            oktaAttribute: '',
            transform: 'NONE',
            isMatchKey: false,
            active: true,
        };
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

    nameFor(row, taken) {
        return developerNameFor(row, taken);
    }

    titleOf(row) {
        return describeMapping(row, this.wordsContext).title;
    }

    rowsForApex() {
        return rowsForApex(this.rows, ROW_FIELDS, developerNameFor);
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

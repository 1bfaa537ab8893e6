import { LightningElement } from 'lwc';
import {
    deployRows,
    keyedRows,
    objectInfosByName,
    rowsAfterRemoval,
    withDraft,
} from 'c/oktaConfigRows';

/**
 * What the field mapping and access rule editors share: the rows read from Apex, the draft of
 * the dialog (`editing`, and `editingKey` of its line, none for a new record), Edit, Done and
 * Cancel with focus back on the line, removal after a confirmation, and Save as a custom
 * metadata deployment. A subclass wires its Apex reads to `receiveRows` and
 * `receiveObjectInfos` and provides:
 * - `editorWords`: { prefix, noun, what } e.g. { prefix: 'rule', noun: 'rule', what: 'Access rules' };
 * - `rowFields`, `nameFor(row, taken)` and `saveRows` (the Apex save method) for Save;
 * - `newDraft()`, `titleOf(row)` and the getter `hasProblems`.
 */
export default class OktaConfigEditor extends LightningElement {
    rows = [];
    loadError;
    saveError;
    saving = false;
    objectInfos = {};
    oktaAttributes = [];
    editing;
    editingKey;

    receiveRows({ data, error }) {
        if (data) {
            this.rows = keyedRows(data, this.editorWords.prefix);
            this.loadError = undefined;
        } else if (error) {
            this.loadError = error;
        }
    }

    receiveObjectInfos({ data }) {
        if (data) {
            this.objectInfos = objectInfosByName(data);
        }
    }

    get saveDisabled() {
        return this.saving || this.hasProblems || this.rows.length === 0;
    }

    handleAddRow() {
        this.editingKey = undefined;
        this.editing = this.newDraft();
    }

    handleEdit(event) {
        const row = this.rows.find((r) => r.key === event.detail.key);
        if (row) {
            this.editingKey = row.key;
            this.editing = { ...row };
        }
    }

    handleFormChange(event) {
        if (event.detail) {
            this.editing = { ...event.detail };
        }
    }

    handleFormDone(event) {
        this.rows = withDraft(this.rows, this.editingKey, event.detail, this.editorWords.prefix);
        this.closeForm();
    }

    handleFormCancel() {
        this.closeForm();
    }

    /** Closes the dialog; focus returns to the Edit button (or Add) it was opened from. */
    closeForm() {
        const key = this.editingKey;
        this.editing = undefined;
        this.editingKey = undefined;
        Promise.resolve().then(() =>
            this.template.querySelector('c-okta-config-list')?.focusLine(key),
        );
    }

    async handleRemove(event) {
        const row = this.rows.find((r) => r.key === event.detail.key);
        const rows = await rowsAfterRemoval(this.rows, event.detail.key, {
            noun: this.editorWords.noun,
            title: row ? this.titleOf(row) : '',
        });
        if (rows) {
            this.rows = rows;
        }
    }

    async handleSave() {
        if (this.hasProblems) {
            return;
        }
        this.saving = true;
        this.saveError = undefined;
        const outcome = await deployRows(this, this.rows, {
            save: this.saveRows,
            fields: this.rowFields,
            nameFor: this.nameFor,
            what: this.editorWords.what,
        });
        if (outcome.rows) {
            this.rows = outcome.rows;
        } else {
            this.saveError = outcome.error;
        }
        this.saving = false;
    }
}

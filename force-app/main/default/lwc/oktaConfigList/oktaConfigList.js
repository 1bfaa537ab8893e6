import { LightningElement, api } from 'lwc';

/**
 * The list every setup editor shows: a heading and what a line reads as, one line of words per
 * record (its paragraphs of segments, then its problems in sentences), Edit and Remove per
 * line, Add and Save below, and the load and save errors.
 * Fires `add`, `save`, `edit` and `remove` (detail: { key } of the line).
 */
export default class OktaConfigList extends LightningElement {
    /** 'mapping' or 'rule': names the list's classes (`mapping-list`, `mapping-text`, …). */
    @api kind;
    @api heading;
    @api description;
    /** Lines: { key, itemClass, paragraphs: [{ key, cls, segments: [{ key, cls, text }] }], problemItems, editText, removeText }. */
    @api lines = [];
    @api addLabel;
    @api saveDisabled = false;
    @api problemSummary;
    @api loadError;
    @api loadErrorMessage;
    @api saveError;
    @api saveErrorMessage;

    get listClass() {
        return `slds-has-dividers_top-space ${this.kind}-list`;
    }

    get textClass() {
        return `slds-col line-text ${this.kind}-text`;
    }

    get problemsClass() {
        return `slds-text-color_error line-problems ${this.kind}-problems`;
    }

    get shownLines() {
        return (this.lines ?? []).map((line) => ({
            ...line,
            hasProblems: (line.problemItems ?? []).length > 0,
        }));
    }

    /** Moves focus to the line's Edit button, or to Add when the line is gone or new. */
    @api
    focusLine(key) {
        const target = key
            ? this.template.querySelector(`lightning-button-icon.edit[data-key="${key}"]`)
            : null;
        (target ?? this.template.querySelector('lightning-button.add-row'))?.focus();
    }

    handleAdd() {
        this.dispatchEvent(new CustomEvent('add'));
    }

    handleSave() {
        this.dispatchEvent(new CustomEvent('save'));
    }

    handleEdit(event) {
        this.dispatchEvent(
            new CustomEvent('edit', { detail: { key: event.currentTarget.dataset.key } }),
        );
    }

    handleRemove(event) {
        this.dispatchEvent(
            new CustomEvent('remove', { detail: { key: event.currentTarget.dataset.key } }),
        );
    }
}

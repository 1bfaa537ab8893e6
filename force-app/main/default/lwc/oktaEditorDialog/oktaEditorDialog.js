import { LightningElement, api } from 'lwc';

/**
 * The modal dialog every setup editor opens: the heading, the draft read as one sentence, the
 * form passed in the default slot, the draft's problems in sentences, Cancel and Done.
 * Escape cancels. Fires `cancel` and `done`; the form owns the draft.
 */
export default class OktaEditorDialog extends LightningElement {
    @api heading;
    @api sentence;
    @api problems = [];

    get hasProblems() {
        return (this.problems ?? []).length > 0;
    }

    get problemItems() {
        return (this.problems ?? []).map((text, index) => ({ key: `problem-${index}`, text }));
    }

    handleKeyDown(event) {
        if (event.key === 'Escape') {
            this.handleCancel();
        }
    }

    handleCancel() {
        this.dispatchEvent(new CustomEvent('cancel'));
    }

    handleDone() {
        this.dispatchEvent(new CustomEvent('done'));
    }
}

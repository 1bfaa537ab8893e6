import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Shows errors the same way in every component: a friendly message, and the details
 * (already reduced to text) behind a toggle.
 */
export default class ErrorPanel extends LightningElement {
    /** Short message shown above the details. */
    @api friendlyMessage = 'Something went wrong.';
    /** One error or a list of errors in any shape reduceErrors understands. */
    @api errors;

    viewDetails = false;

    get errorMessages() {
        return reduceErrors(this.errors);
    }

    get hasDetails() {
        return this.errorMessages.length > 0;
    }

    get toggleLabel() {
        return this.viewDetails ? 'Hide details' : 'Show details';
    }

    handleToggle() {
        this.viewDetails = !this.viewDetails;
    }
}

export const ShowToastEventName = 'lightning__showtoast';

/** Stand-in for lightning/platformShowToastEvent: a plain DOM event tests can listen for. */
export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super(ShowToastEventName, {
            composed: true,
            cancelable: true,
            bubbles: true,
            detail: toast,
        });
    }
}

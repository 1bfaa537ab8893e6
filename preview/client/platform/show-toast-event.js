export const SHOW_TOAST_EVENT_NAME = 'lightning__showtoast';

/** `lightning/platformShowToastEvent`: the page's toast container shows what it carries. */
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(SHOW_TOAST_EVENT_NAME, {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: toast,
    });
  }
}

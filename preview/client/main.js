// Synthetic shadow first, as in Lightning Experience: SLDS styles reach into components.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import OktaSyncSetup from 'c/oktaSyncSetup';
import OktaContactStatus from 'c/oktaContactStatus';
import OktaCaseAccess from 'c/oktaCaseAccess';
import { installToastContainer } from './toast-container';

/** Components a preview page can place, by tag name. */
const COMPONENTS = {
  'c-okta-sync-setup': OktaSyncSetup,
  'c-okta-contact-status': OktaContactStatus,
  'c-okta-case-access': OktaCaseAccess,
};

installToastContainer();

for (const slot of document.querySelectorAll('[data-component]')) {
  const tag = slot.dataset.component;
  const constructor = COMPONENTS[tag];
  if (!constructor) {
    continue;
  }
  const component = createElement(tag, { is: constructor });
  if (slot.dataset.recordId) {
    component.recordId = slot.dataset.recordId;
    component.objectApiName = slot.dataset.objectApiName;
  }
  slot.replaceWith(component);
}

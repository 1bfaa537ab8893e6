/**
 * `lightning/navigation` for the preview's three pages: record pages of Contact and Case,
 * and the setup app page. Other page references open the preview's home page.
 */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export function urlOf(pageReference) {
  const attributes = pageReference?.attributes ?? {};
  if (pageReference?.type === 'standard__recordPage') {
    const object = String(attributes.objectApiName ?? '').toLowerCase();
    const page = object === 'case' ? 'case' : object === 'contact' ? 'contact' : undefined;
    if (page && attributes.recordId) {
      return `/${page}?id=${encodeURIComponent(attributes.recordId)}`;
    }
  }
  if (pageReference?.type === 'standard__navItemPage' || pageReference?.type === 'standard__app') {
    return '/setup';
  }
  return '/';
}

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference, replace) {
      const url = urlOf(pageReference);
      if (replace) {
        window.location.replace(url);
      } else {
        window.location.assign(url);
      }
    }

    [GenerateUrl](pageReference) {
      return Promise.resolve(urlOf(pageReference));
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** The current page as a page reference, from the preview page's data attributes. */
export function currentPageReference() {
  const { page, recordId, objectApiName } = document.body.dataset;
  if (recordId) {
    return {
      type: 'standard__recordPage',
      attributes: { recordId, objectApiName, actionName: 'view' },
      state: {},
    };
  }
  return { type: 'standard__navItemPage', attributes: { apiName: page ?? 'home' }, state: {} };
}

export class CurrentPageReference {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
  }

  update() {
    this.dataCallback(currentPageReference());
  }

  connect() {}

  disconnect() {}
}

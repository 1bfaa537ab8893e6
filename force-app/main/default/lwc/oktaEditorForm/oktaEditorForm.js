import { LightningElement, api } from 'lwc';

/**
 * What the mapping and access rule forms share: the inputs from their editor (heading, object
 * infos, Okta profile attributes, the draft's problems), the draft and its `draftchange` event on
 * every edit, focus on the first picker when the dialog opens, Active, Cancel and Done (detail:
 * the draft). A subclass exposes the draft under its own name (`mapping`, `rule`) and may adjust
 * every new draft in `nextDraft`.
 */
export default class OktaEditorForm extends LightningElement {
    @api heading;
    /** UI API object infos by object API name. */
    @api objectInfos = {};
    /** Okta profile attributes: { path, label, type, custom, readOnly }. */
    @api oktaAttributes = [];
    /** Problems of the draft in full sentences (the editor checks it on every change). */
    @api problems = [];

    draft = {};
    focused = false;
    /** The heading when the editor gives none, e.g. 'Edit mapping'. */
    defaultHeading = 'Edit';

    get dialogHeading() {
        return this.heading || this.defaultHeading;
    }

    renderedCallback() {
        if (!this.focused) {
            this.focused = true;
            this.template.querySelector('lightning-combobox')?.focus();
        }
    }

    /** The draft after a change, before it is shown and sent; as is unless a subclass says otherwise. */
    nextDraft(draft) {
        return draft;
    }

    update(changes) {
        this.draft = this.nextDraft({ ...this.draft, ...changes });
        this.dispatchEvent(new CustomEvent('draftchange', { detail: { ...this.draft } }));
    }

    handleActive(event) {
        this.update({ active: event.detail.checked });
    }

    handleCancel() {
        this.dispatchEvent(new CustomEvent('cancel'));
    }

    handleDone() {
        this.dispatchEvent(new CustomEvent('done', { detail: { ...this.draft } }));
    }
}

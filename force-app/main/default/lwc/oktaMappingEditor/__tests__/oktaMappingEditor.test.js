import { createElement } from 'lwc';
import OktaMappingEditor from 'c/oktaMappingEditor';
import LightningConfirm from 'lightning/confirm';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import getMappings from '@salesforce/apex/OktaSyncSetupController.getMappings';
import saveMappings from '@salesforce/apex/OktaSyncSetupController.saveMappings';
import previewMapping from '@salesforce/apex/OktaSyncSetupController.previewMapping';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';

const mappings = require('./data/getMappings.json');
const objectInfos = require('./data/getObjectInfos.json');
const preview = require('./data/previewMapping.json');
const oktaAttributes = require('./data/getOktaProfileAttributes.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getMappings',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock('@salesforce/apex/OktaSyncSetupController.saveMappings', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.previewMapping',
    () => ({ default: jest.fn() }),
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes',
    () => ({ default: jest.fn() }),
    { virtual: true },
);

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

/** The shadow root of the list of lines (c-okta-config-list). */
const list = (root) => root.querySelector('c-okta-config-list').shadowRoot;

async function mount({ rows = mappings } = {}) {
    const element = createElement('c-okta-mapping-editor', { is: OktaMappingEditor });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    getMappings.emit(rows);
    getObjectInfos.emit(objectInfos);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

const lineTexts = (root) =>
    [...list(root).querySelectorAll('.mapping-list > li .mapping-line')].map((p) =>
        p.textContent.replace(/\s+/g, ' ').trim(),
    );
function problemsOf(root, index) {
    const line = list(root).querySelectorAll('.mapping-list > li')[index];
    return [...line.querySelectorAll('.mapping-problems li')].map((li) => li.textContent);
}
const form = (root) => root.querySelector('c-okta-mapping-form');

async function openEditor(root, index) {
    list(root).querySelectorAll('lightning-button-icon.edit')[index].click();
    await flushPromises();
    return form(root);
}

async function changeForm(root, changes) {
    const current = form(root).mapping;
    form(root).dispatchEvent(
        new CustomEvent('draftchange', { detail: { ...current, ...changes } }),
    );
    await flushPromises();
}

async function finishForm(root) {
    form(root).dispatchEvent(new CustomEvent('done', { detail: form(root).mapping }));
    await flushPromises();
}

describe('c-okta-mapping-editor', () => {
    let confirm;

    beforeEach(() => {
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
        getOktaProfileAttributes.mockResolvedValue(oktaAttributes);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('reads each saved mapping as one line of words, without problems', async () => {
        const { element, root } = await mount();

        expect(lineTexts(root)).toEqual([
            'Okta Primary email (profile.email) → Contact Email (Email) · lower-case · match key 2 · Okta to Salesforce',
            'Okta Title (profile.title) → Contact Title (Title) · trimmed · both ways, Okta wins',
            'Okta Organization (profile.organization) → Account Name (Name) · trimmed · Okta to Salesforce',
        ]);
        expect(list(root).querySelector('.mapping-problems')).toBeNull();
        expect(list(root).querySelector('.problem-summary')).toBeNull();
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(false);
        expect(list(root).querySelector('lightning-button-icon.edit').alternativeText).toBe(
            'Edit the mapping Okta Primary email → Contact Email',
        );
        await expect(element).toBeAccessible();
    });

    it('names Okta attributes from their API name when the profile schema cannot be read', async () => {
        getOktaProfileAttributes.mockRejectedValue({ body: { message: 'Okta is unavailable.' } });
        const { root } = await mount();

        expect(lineTexts(root)[0]).toMatch(/^Okta Email \(profile\.email\) → Contact Email/);
        const editor = await openEditor(root, 0);
        expect(editor.attributeError).toBe(
            'The Okta profile attributes could not be read: Okta is unavailable.',
        );
    });

    it('shows the problems of a mapping in sentences on its line', async () => {
        const { element, root } = await mount();

        await openEditor(root, 0);
        await changeForm(root, { transform: 'DATE' });
        await finishForm(root);
        await openEditor(root, 1);
        await changeForm(root, { salesforceField: 'Nickname__c', sourceOfTruth: null });
        await finishForm(root);

        expect(problemsOf(root, 0)).toEqual([
            'The transform “as a date” cannot fill Contact Email (Email), an email field.',
        ]);
        expect(problemsOf(root, 1)).toEqual([
            'A mapping that syncs both ways needs a source of truth: choose whether Okta or Salesforce wins.',
            'Contact has no field called Nickname__c.',
        ]);
        expect(list(root).querySelector('.problem-summary').textContent).toBe(
            '3 problems to fix before saving.',
        );
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('edits a mapping in a dialog that checks the draft as it changes; Cancel keeps the line', async () => {
        const { element, root } = await mount();

        const editor = await openEditor(root, 0);
        expect(editor.heading).toBe('Edit the mapping of Okta Primary email');
        expect(editor.mapping).toEqual(expect.objectContaining({ salesforceField: 'Email' }));
        expect(editor.oktaAttributes).toEqual(oktaAttributes.attributes);
        expect(editor.problems).toEqual([]);
        await changeForm(root, { salesforceField: 'Name' });
        expect(form(root).problems).toEqual([
            'Contact Full Name (Name) cannot be written: it is read-only or you have no access to it.',
        ]);
        await expect(element).toBeAccessible();

        form(root).dispatchEvent(new CustomEvent('cancel'));
        await flushPromises();

        expect(form(root)).toBeNull();
        expect(lineTexts(root)[0]).toContain('→ Contact Email (Email)');
    });

    it('adds a mapping from the dialog and saves every row, naming the new one', async () => {
        saveMappings.mockResolvedValue('0Af000000000001AAA');
        const { root, toasts } = await mount();

        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        expect(form(root).heading).toBe('New mapping');
        expect(form(root).problems).toEqual([
            'Choose the Okta attribute this mapping reads or writes.',
            'Choose the Salesforce field.',
        ]);
        await changeForm(root, {
            salesforceField: 'Birthdate',
            oktaAttribute: 'profile.birthdate',
            transform: 'DATE',
        });
        await finishForm(root);
        expect(lineTexts(root)[3]).toBe(
            'Okta Birth date (profile.birthdate) → Contact Birthdate (Birthdate) · as a date · Okta to Salesforce',
        );
        list(root).querySelector('lightning-button.save').click();
        await flushPromises();

        const { rows } = saveMappings.mock.calls[0][0];
        expect(rows).toHaveLength(4);
        expect(rows[3]).toEqual(
            expect.objectContaining({
                developerName: 'Contact_Birthdate',
                salesforceField: 'Birthdate',
                transform: 'DATE',
                active: true,
            }),
        );
        expect(rows[0]).not.toHaveProperty('key');
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Field mappings saved', variant: 'success' }),
        ]);
    });

    it('removes a new mapping and deactivates a saved one after confirmation', async () => {
        const { root } = await mount();
        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        await changeForm(root, { salesforceField: 'Department', oktaAttribute: 'profile.title' });
        await finishForm(root);

        list(root).querySelectorAll('lightning-button-icon.remove')[3].click();
        await flushPromises();
        list(root).querySelectorAll('lightning-button-icon.remove')[0].click();
        await flushPromises();

        expect(confirm).toHaveBeenCalledTimes(2);
        expect(confirm.mock.calls[0][0].message).toBe(
            'Remove the new mapping Okta Title → Contact Department?',
        );
        expect(confirm.mock.calls[1][0].message).toContain('saved inactive');
        expect(lineTexts(root)).toHaveLength(3);
        expect(lineTexts(root)[0]).toMatch(/· inactive$/);
    });

    it('keeps the mapping when the removal is cancelled', async () => {
        confirm.mockResolvedValue(false);
        const { root } = await mount();

        list(root).querySelectorAll('lightning-button-icon.remove')[0].click();
        await flushPromises();

        expect(lineTexts(root)[0]).not.toMatch(/inactive/);
    });

    it('reports a save the server refuses', async () => {
        saveMappings.mockRejectedValue({
            body: { message: 'Row 1 (Contact.Email): the API name is used twice.' },
        });
        const { element, root, toasts } = await mount();

        list(root).querySelector('lightning-button.save').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Field mappings not saved',
                message: 'Row 1 (Contact.Email): the API name is used twice.',
                variant: 'error',
            }),
        ]);
        expect(list(root).querySelector('c-error-panel').friendlyMessage).toBe(
            'The field mappings were not saved.',
        );
        await expect(element).toBeAccessible();
    });

    it('shows an error panel when the mappings cannot be loaded', async () => {
        const element = createElement('c-okta-mapping-editor', { is: OktaMappingEditor });
        document.body.appendChild(element);
        getMappings.error({ body: { message: 'No access to Okta_Field_Mapping__mdt.' } });
        await flushPromises();

        expect(list(element.shadowRoot).querySelector('c-error-panel').friendlyMessage).toBe(
            'The field mappings could not be loaded.',
        );
        expect(list(element.shadowRoot).querySelector('lightning-button.save')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('previews the current rows on an Okta user, beside the current Salesforce values', async () => {
        previewMapping.mockResolvedValue(preview);
        const { element, root } = await mount();

        root.querySelector('lightning-input.preview-subject').dispatchEvent(
            new CustomEvent('change', { detail: { value: ' ada@example.com ' } }),
        );
        await flushPromises();
        root.querySelector('lightning-button.preview').click();
        await flushPromises();

        const args = previewMapping.mock.calls[0][0];
        expect(args.oktaUser).toBe('ada@example.com');
        expect(args.contactId).toBeNull();
        expect(args.rows.map((r) => r.developerName)).toEqual([
            'Contact_Email',
            'Contact_Title',
            'Account_Name',
        ]);
        expect(root.querySelector('.preview-user').textContent).toBe(
            'Okta user: ada@example.com (00u1ada)',
        );
        const previewRows = root.querySelector('.preview-table').data;
        expect(previewRows[0]).toEqual(
            expect.objectContaining({
                target: 'Contact.Email',
                sourceText: 'Ada@Example.com',
                currentText: 'ada.old@example.com',
                valueText: 'ada@example.com',
            }),
        );
        expect(previewRows[1].error).toBe('profile.title is empty');
        expect(root.querySelector('.preview-problems li').textContent).toBe(
            'Contact_Birthdate: The date is not ISO 8601.',
        );
        await expect(element).toBeAccessible();
    });

    it('previews by Contact Id and reports a failed preview', async () => {
        previewMapping.mockRejectedValue({
            body: { message: 'The contact is not linked to an Okta user.' },
        });
        const { root } = await mount();

        root.querySelector('lightning-input.preview-subject').dispatchEvent(
            new CustomEvent('change', { detail: { value: '003000000000001AAA' } }),
        );
        await flushPromises();
        root.querySelector('lightning-button.preview').click();
        await flushPromises();

        expect(previewMapping.mock.calls[0][0]).toEqual(
            expect.objectContaining({ oktaUser: null, contactId: '003000000000001AAA' }),
        );
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The preview could not be computed.',
        );
    });
});

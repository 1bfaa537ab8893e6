import { createElement } from 'lwc';
import OktaMappingEditor from 'c/oktaMappingEditor';
import LightningConfirm from 'lightning/confirm';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import getMappings from '@salesforce/apex/OktaSyncSetupController.getMappings';
import saveMappings from '@salesforce/apex/OktaSyncSetupController.saveMappings';
import previewMapping from '@salesforce/apex/OktaSyncSetupController.previewMapping';

const mappings = require('./data/getMappings.json');
const objectInfos = require('./data/getObjectInfos.json');
const preview = require('./data/previewMapping.json');

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
    {
        virtual: true,
    },
);

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

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

function table(root) {
    return root.querySelector('lightning-datatable');
}

async function editCell(root, change) {
    table(root).dispatchEvent(new CustomEvent('cellchange', { detail: { draftValues: [change] } }));
    await flushPromises();
}

describe('c-okta-mapping-editor', () => {
    let confirm;

    beforeEach(() => {
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('lists the saved mappings without problems', async () => {
        const { element, root } = await mount();

        expect(table(root).data.map((row) => row.developerName)).toEqual([
            'Contact_Email',
            'Contact_Title',
            'Account_Name',
        ]);
        expect(table(root).errors).toEqual({ rows: {} });
        expect(root.querySelector('.problem-summary')).toBeNull();
        expect(root.querySelector('lightning-button.save').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('checks each row against the Contact and Account fields', async () => {
        const { element, root } = await mount();
        const [email, title] = table(root).data;

        await editCell(root, { key: email.key, transform: 'DATE' });
        await editCell(root, { key: title.key, salesforceField: 'Nickname__c' });

        const rows = table(root).data;
        expect(rows[0].problems).toEqual(['DATE does not produce a value for a Email field.']);
        expect(rows[1].problems).toEqual(['Contact has no field Nickname__c.']);
        expect(table(root).errors.rows[email.key].messages).toEqual(rows[0].problems);
        expect(root.querySelector('.problem-summary').textContent).toContain('2 problem(s)');
        expect(root.querySelector('lightning-button.save').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('flags a field Okta cannot write and a two-way mapping without a source of truth', async () => {
        const { root } = await mount();
        const [email, title] = table(root).data;

        await editCell(root, { key: email.key, salesforceField: 'Name', transform: 'TRIM' });
        await editCell(root, { key: title.key, sourceOfTruth: '' });

        const rows = table(root).data;
        expect(rows[0].problems).toEqual([
            'Contact.Name cannot be written (read-only or no access).',
        ]);
        expect(rows[1].problems).toEqual([
            'A two-way mapping needs a source of truth: OKTA or SALESFORCE.',
        ]);
    });

    it('adds a mapping and saves every row, naming the new one', async () => {
        saveMappings.mockResolvedValue('0Af000000000001AAA');
        const { root, toasts } = await mount();

        root.querySelector('lightning-button.add-row').click();
        await flushPromises();
        const added = table(root).data[3];
        expect(added.problems).toEqual([
            'The Okta attribute must be id, status or profile.<attribute>.',
            'Choose the Salesforce field.',
        ]);
        await editCell(root, {
            key: added.key,
            salesforceField: 'Birthdate',
            oktaAttribute: 'profile.birthdate',
            transform: 'DATE',
        });
        root.querySelector('lightning-button.save').click();
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

    it('removes a new row and deactivates a saved one after confirmation', async () => {
        const { root } = await mount();
        root.querySelector('lightning-button.add-row').click();
        await flushPromises();
        const [email, , , added] = table(root).data;

        table(root).dispatchEvent(
            new CustomEvent('rowaction', { detail: { action: { name: 'remove' }, row: added } }),
        );
        await flushPromises();
        table(root).dispatchEvent(
            new CustomEvent('rowaction', { detail: { action: { name: 'remove' }, row: email } }),
        );
        await flushPromises();

        expect(confirm).toHaveBeenCalledTimes(2);
        expect(confirm.mock.calls[1][0].message).toContain('saved inactive');
        const rows = table(root).data;
        expect(rows).toHaveLength(3);
        expect(rows[0].active).toBe(false);
    });

    it('keeps the row when the removal is cancelled', async () => {
        confirm.mockResolvedValue(false);
        const { root } = await mount();
        const email = table(root).data[0];

        table(root).dispatchEvent(
            new CustomEvent('rowaction', { detail: { action: { name: 'remove' }, row: email } }),
        );
        await flushPromises();

        expect(table(root).data[0].active).toBe(true);
    });

    it('reports a save the server refuses', async () => {
        saveMappings.mockRejectedValue({
            body: { message: 'Row 1 (Contact.Email): the API name is used twice.' },
        });
        const { element, root, toasts } = await mount();

        root.querySelector('lightning-button.save').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Field mappings not saved',
                message: 'Row 1 (Contact.Email): the API name is used twice.',
                variant: 'error',
            }),
        ]);
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The field mappings were not saved.',
        );
        await expect(element).toBeAccessible();
    });

    it('shows an error panel when the mappings cannot be loaded', async () => {
        const element = createElement('c-okta-mapping-editor', { is: OktaMappingEditor });
        document.body.appendChild(element);
        getMappings.error({ body: { message: 'No access to Okta_Field_Mapping__mdt.' } });
        await flushPromises();

        expect(element.shadowRoot.querySelector('c-error-panel').friendlyMessage).toBe(
            'The field mappings could not be loaded.',
        );
        expect(element.shadowRoot.querySelector('lightning-button.save')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('previews the current rows on an Okta user', async () => {
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

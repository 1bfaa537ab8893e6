import { createElement } from 'lwc';
import OktaSyncSettings from 'c/oktaSyncSettings';
import getSettings from '@salesforce/apex/OktaSyncSetupController.getSettings';
import saveSettings from '@salesforce/apex/OktaSyncSetupController.saveSettings';
import getClosedLeadStatuses from '@salesforce/apex/OktaSyncSetupController.getClosedLeadStatuses';

const settings = require('./data/getSettings.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getSettings',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getClosedLeadStatuses',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock('@salesforce/apex/OktaSyncSetupController.saveSettings', () => ({ default: jest.fn() }), {
    virtual: true,
});

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

function mount() {
    const element = createElement('c-okta-sync-settings', { is: OktaSyncSettings });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    return { element, toasts, root: element.shadowRoot };
}

function field(root, name) {
    return root.querySelector(`[data-field="${name}"]`);
}

function markValid(root, valid = true) {
    root.querySelectorAll('[data-field]').forEach((input) => {
        input.reportValidity = jest.fn(() => valid);
    });
}

describe('c-okta-sync-settings', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows the Default setting in labelled fields', async () => {
        const { element, root } = mount();
        getSettings.emit(settings);
        await flushPromises();

        expect(field(root, 'Sync_Enabled__c').checked).toBe(true);
        expect(field(root, 'Account_Strategy__c').value).toBe('MATCH_OR_CREATE');
        expect(field(root, 'Max_Grant_Hours__c').value).toBe(72);
        expect(field(root, 'Alert_Recipient_Id__c').value).toBe('');
        expect(root.querySelectorAll('fieldset')).toHaveLength(6);
        await expect(element).toBeAccessible();
    });

    it('offers only the org’s closed lead statuses, keeping a saved one it no longer has', async () => {
        const { element, root } = mount();
        getSettings.emit({ ...settings, Lead_Closed_Status__c: 'Closed - Retired' });
        getClosedLeadStatuses.emit(['Closed - Not Converted', 'Closed - Duplicate']);
        await flushPromises();

        const status = field(root, 'Lead_Closed_Status__c');
        expect(status.options.map((option) => option.value)).toEqual([
            'Closed - Retired',
            'Closed - Not Converted',
            'Closed - Duplicate',
        ]);
        expect(status.value).toBe('Closed - Retired');
        expect(field(root, 'Okta_Lead_Filter__c').value).toBe('profile.userType eq "prospect"');
        expect(field(root, 'Lead_Assignment_Rule__c').checked).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('saves the edited values with numbers as numbers', async () => {
        saveSettings.mockResolvedValue('0Af000000000003AAA');
        const { root, toasts } = mount();
        getSettings.emit(settings);
        await flushPromises();
        markValid(root);

        field(root, 'Max_Grant_Hours__c').dispatchEvent(
            new CustomEvent('change', { detail: { value: '24' } }),
        );
        field(root, 'Account_Strategy__c').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'MATCH_ONLY' } }),
        );
        getClosedLeadStatuses.emit(['Closed - Not Converted', 'Closed - Duplicate']);
        await flushPromises();
        field(root, 'Lead_Closed_Status__c').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Closed - Duplicate' } }),
        );
        const checkbox = field(root, 'Sync_Enabled__c');
        checkbox.type = 'checkbox';
        checkbox.dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        root.querySelector('lightning-button.save').click();
        await flushPromises();

        const { values } = saveSettings.mock.calls[0][0];
        expect(values.Max_Grant_Hours__c).toBe(24);
        expect(values.Account_Strategy__c).toBe('MATCH_ONLY');
        expect(values.Sync_Enabled__c).toBe(false);
        expect(values.Lead_Closed_Status__c).toBe('Closed - Duplicate');
        expect(values.Alert_Recipient_Id__c).toBeNull();
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Settings saved', variant: 'success' }),
        ]);
    });

    it('does not save invalid input and reports refused saves', async () => {
        saveSettings.mockRejectedValue({
            body: {
                message: 'The default grant duration cannot exceed the maximum grant duration.',
            },
        });
        const { element, root, toasts } = mount();
        getSettings.emit(settings);
        await flushPromises();

        markValid(root, false);
        root.querySelector('lightning-button.save').click();
        await flushPromises();
        expect(saveSettings).not.toHaveBeenCalled();

        markValid(root, true);
        root.querySelector('lightning-button.save').click();
        await flushPromises();
        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Settings not saved',
                message: 'The default grant duration cannot exceed the maximum grant duration.',
            }),
        ]);
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The settings were not saved.',
        );
        await expect(element).toBeAccessible();
    });

    it('shows an error panel when the settings cannot be loaded', async () => {
        const { element, root } = mount();
        getSettings.error({ body: { message: 'No access to Okta_Sync_Setting__mdt.' } });
        await flushPromises();

        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The settings could not be loaded.',
        );
        await expect(element).toBeAccessible();
    });
});

import { createElement } from 'lwc';
import OktaAccessRuleEditor, { ruleProblems } from 'c/oktaAccessRuleEditor';
import LightningConfirm from 'lightning/confirm';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import getAccessRules from '@salesforce/apex/OktaSyncSetupController.getAccessRules';
import saveAccessRules from '@salesforce/apex/OktaSyncSetupController.saveAccessRules';
import getOktaProfileAttributes from '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes';

const rules = require('./data/getAccessRules.json');
const objectInfos = require('./data/getObjectInfos.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getAccessRules',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.saveAccessRules',
    () => ({ default: jest.fn() }),
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getOktaProfileAttributes',
    () => ({ default: jest.fn() }),
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getPicklistValues',
    () => ({ default: jest.fn().mockResolvedValue([]) }),
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.searchOktaGroups',
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

async function mount(data = rules) {
    const element = createElement('c-okta-access-rule-editor', { is: OktaAccessRuleEditor });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    getAccessRules.emit(data);
    getObjectInfos.emit(objectInfos);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

const texts = (root, selector) =>
    [...root.querySelectorAll(selector)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
const form = (root) => root.querySelector('c-okta-access-rule-form');

async function build(root, draft) {
    form(root).dispatchEvent(new CustomEvent('draftchange', { detail: draft }));
    await flushPromises();
    form(root).dispatchEvent(new CustomEvent('done', { detail: draft }));
    await flushPromises();
}

describe('c-okta-access-rule-editor', () => {
    let confirm;

    beforeEach(() => {
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
        getOktaProfileAttributes.mockResolvedValue({ attributes: [] });
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('reads each rule as its name and a sentence, groups by name, never an id', async () => {
        const { element, root } = await mount();

        expect(texts(list(root), '.rule-name')).toEqual([
            'Strategic Accounts on Account Teams',
            'Deal Desk from Opportunity owners',
            'EMEA territory (inactive)',
        ]);
        expect(texts(list(root), '.rule-sentence')).toEqual([
            'Members of Okta group Strategic Accounts → Account Team role Account Manager, Edit access, on Accounts where Account Type equals Customer - Direct',
            'Owners of an Opportunity where Stage equals Negotiation → member of Okta group Deal Desk',
            'Owners of an Account where Billing Country is one of Germany, France or United Kingdom → Okta profile.territory = EMEA',
        ]);
        expect(list(root).querySelector('.rule-list').textContent).not.toMatch(/00g/);
        expect(list(root).querySelector('.rule-problems')).toBeNull();
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('builds a new rule in the dialog and saves it under a unique API name from its name', async () => {
        saveAccessRules.mockResolvedValue('0Af000000000001AAA');
        const { root, toasts } = await mount();

        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        expect(form(root).heading).toBe('New rule');
        await build(root, {
            ...form(root).rule,
            label: 'Deal Desk from Opportunity owners 2',
            oktaGroupId: '00gdealdesk00001',
            oktaGroupName: 'Deal Desk',
            conditionField: 'Amount',
            conditionOperator: 'NOT_NULL',
        });
        expect(texts(list(root), '.rule-sentence')[3]).toBe(
            'Owners of an Opportunity where Amount is not empty → member of Okta group Deal Desk',
        );
        list(root).querySelector('lightning-button.save').click();
        await flushPromises();

        const saved = saveAccessRules.mock.calls[0][0].rows;
        expect(saved).toHaveLength(4);
        expect(saved[3]).toEqual(
            expect.objectContaining({
                developerName: 'Deal_Desk_from_Opportunity_owners_2',
                ruleType: 'CONDITION_TO_GROUP',
                oktaGroupName: 'Deal Desk',
            }),
        );
        expect(toasts).toEqual([expect.objectContaining({ title: 'Access rules saved' })]);
    });

    it('reports two rules with the same name and a rule without a group, in sentences', async () => {
        const { element, root } = await mount();

        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        await build(root, { ...form(root).rule, label: 'Deal Desk from Opportunity owners' });

        expect(texts(list(root), '.rule-list > li:nth-child(2) .rule-problems li')).toEqual([
            'Another rule is also named “Deal Desk from Opportunity owners”: give each rule its own name.',
        ]);
        expect(texts(list(root), '.rule-list > li:nth-child(4) .rule-problems li')).toEqual([
            'Another rule is also named “Deal Desk from Opportunity owners”: give each rule its own name.',
            'Choose the Okta group: search for it by name.',
            'Choose the field of the condition.',
            'The condition needs a value to compare with.',
        ]);
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('edits a rule in the dialog, checking the draft; Cancel keeps it', async () => {
        const { root } = await mount();
        list(root).querySelectorAll('lightning-button-icon.edit')[1].click();
        await flushPromises();

        expect(form(root).heading).toBe('Edit the rule Deal Desk from Opportunity owners');
        form(root).dispatchEvent(
            new CustomEvent('draftchange', {
                detail: { ...form(root).rule, conditionValue: null },
            }),
        );
        await flushPromises();
        expect(form(root).problems).toEqual(['The condition needs a value to compare with.']);
        form(root).dispatchEvent(new CustomEvent('cancel'));
        await flushPromises();

        expect(form(root)).toBeNull();
        expect(texts(list(root), '.rule-sentence')[1]).toContain('Stage equals Negotiation');
    });

    it('deactivates a saved rule after confirmation', async () => {
        const { root } = await mount();
        list(root).querySelectorAll('lightning-button-icon.remove')[0].click();
        await flushPromises();

        expect(confirm.mock.calls[0][0].message).toBe(
            'Deactivate the rule Strategic Accounts on Account Teams? It is saved inactive: custom metadata records cannot be deleted from this page.',
        );
        expect(texts(list(root), '.rule-name')[0]).toBe(
            'Strategic Accounts on Account Teams (inactive)',
        );
    });

    it('reports a refused save and a failed load', async () => {
        saveAccessRules.mockRejectedValue({ body: { message: 'Row 1: unknown field.' } });
        const { element, root, toasts } = await mount();
        list(root).querySelector('lightning-button.save').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Access rules not saved', variant: 'error' }),
        ]);
        expect(list(root).querySelector('c-error-panel').friendlyMessage).toBe(
            'The access rules were not saved.',
        );
        await expect(element).toBeAccessible();

        getAccessRules.error({ body: { message: 'No access.' } });
        await flushPromises();
        expect(list(root).querySelector('c-error-panel').friendlyMessage).toBe(
            'The access rules could not be loaded.',
        );
    });

    it('checks conditions by rule type', () => {
        expect(
            ruleProblems({
                label: 'West',
                ruleType: 'CONDITION_TO_GROUP',
                oktaGroupId: '00gwest01',
                salesforceObject: 'Case',
                conditionField: 'State',
                conditionOperator: 'IN',
            }),
        ).toEqual([
            'Choose the object: Opportunity, Account, Lead or Contact.',
            'The condition needs a value to compare with.',
        ]);
        expect(ruleProblems({ developerName: 'X_', label: 'X', ruleType: 'MAGIC' })).toEqual([
            'The API name must start with a letter and use letters, digits and single underscores.',
            'Choose what the rule does.',
        ]);
    });
});

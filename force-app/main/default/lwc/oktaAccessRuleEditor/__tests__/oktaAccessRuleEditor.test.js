import { createElement } from 'lwc';
import OktaAccessRuleEditor, { ruleProblems } from 'c/oktaAccessRuleEditor';
import LightningConfirm from 'lightning/confirm';
import getAccessRules from '@salesforce/apex/OktaSyncSetupController.getAccessRules';
import saveAccessRules from '@salesforce/apex/OktaSyncSetupController.saveAccessRules';

const rules = require('./data/getAccessRules.json');

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

async function mount() {
    const element = createElement('c-okta-access-rule-editor', { is: OktaAccessRuleEditor });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    getAccessRules.emit(rules);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

describe('c-okta-access-rule-editor', () => {
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

    it('lists the rules and saves them', async () => {
        saveAccessRules.mockResolvedValue('0Af000000000001AAA');
        const { element, root, toasts } = await mount();
        const table = root.querySelector('lightning-datatable');
        expect(table.data.map((r) => r.developerName)).toEqual([
            'Example_Group_To_Account_Team',
            'Example_Condition_To_Attribute',
        ]);
        expect(table.errors).toEqual({ rows: {} });
        await expect(element).toBeAccessible();

        root.querySelector('lightning-button.save').click();
        await flushPromises();

        const { rows } = saveAccessRules.mock.calls[0][0];
        expect(rows[1]).toEqual(
            expect.objectContaining({
                ruleType: 'CONDITION_TO_ATTRIBUTE',
                oktaAttribute: 'profile.territory',
            }),
        );
        expect(rows[0]).not.toHaveProperty('key');
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Access rules saved', variant: 'success' }),
        ]);
    });

    it('blocks saving a new rule until it is complete', async () => {
        const { element, root } = await mount();
        root.querySelector('lightning-button.add-row').click();
        await flushPromises();

        const added = root.querySelector('lightning-datatable').data[2];
        expect(added.problems).toEqual([
            'The API name must start with a letter and use letters, digits and single underscores.',
            'The Okta group id must look like 00g….',
            'The team role is required.',
        ]);
        expect(root.querySelector('lightning-button.save').disabled).toBe(true);
        await expect(element).toBeAccessible();

        root.querySelector('lightning-datatable').dispatchEvent(
            new CustomEvent('cellchange', {
                detail: {
                    draftValues: [
                        {
                            key: added.key,
                            developerName: 'Support_Team',
                            oktaGroupId: '00gsupport1',
                            accountTeamRole: 'Support',
                        },
                    ],
                },
            }),
        );
        await flushPromises();
        expect(root.querySelector('lightning-button.save').disabled).toBe(false);
    });

    it('deactivates a saved rule after confirmation', async () => {
        const { root } = await mount();
        const table = root.querySelector('lightning-datatable');
        const first = { ...table.data[0], active: true };
        table.dispatchEvent(
            new CustomEvent('rowaction', { detail: { action: { name: 'remove' }, row: first } }),
        );
        await flushPromises();

        expect(confirm.mock.calls[0][0].message).toContain('saved inactive');
        expect(root.querySelector('lightning-datatable').data[0].active).toBe(false);
    });

    it('reports a refused save and a failed load', async () => {
        saveAccessRules.mockRejectedValue({
            body: { message: 'Rule 1: the team role is required.' },
        });
        const { root, toasts } = await mount();
        root.querySelector('lightning-button.save').click();
        await flushPromises();
        expect(toasts[0]).toEqual(
            expect.objectContaining({ title: 'Access rules not saved', variant: 'error' }),
        );
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The access rules were not saved.',
        );

        getAccessRules.error({ body: { message: 'No access.' } });
        await flushPromises();
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The access rules could not be loaded.',
        );
    });

    it('checks conditions by rule type', () => {
        expect(
            ruleProblems({
                developerName: 'West',
                ruleType: 'CONDITION_TO_GROUP',
                oktaGroupId: '00gwest01',
                salesforceObject: 'Case',
                conditionField: 'State',
                conditionOperator: 'IN',
            }),
        ).toEqual([
            'The object must be Lead, Contact, Opportunity or Account.',
            'The condition needs a value.',
        ]);
        expect(ruleProblems({ developerName: 'X', ruleType: 'MAGIC' })).toEqual([
            'The API name must start with a letter and use letters, digits and single underscores.',
            'Type must be one of GROUP_TO_ACCOUNT_TEAM, CONDITION_TO_GROUP, CONDITION_TO_ATTRIBUTE.',
        ]);
    });
});

import { createElement } from 'lwc';
import OktaAccessRuleForm from 'c/oktaAccessRuleForm';
import searchOktaGroups from '@salesforce/apex/OktaSyncSetupController.searchOktaGroups';
import getPicklistValues from '@salesforce/apex/OktaSyncSetupController.getPicklistValues';

const infoResults = require('../../oktaAccessRuleEditor/__tests__/data/getObjectInfos.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getPicklistValues',
    () => ({ default: jest.fn() }),
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.searchOktaGroups',
    () => ({ default: jest.fn() }),
    { virtual: true },
);

const objectInfos = Object.fromEntries(
    infoResults.results.map((e) => [e.result.apiName, e.result]),
);

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

/** The shadow root of the dialog around the form (c-okta-editor-dialog). */
const dialog = (root) => root.querySelector('c-okta-editor-dialog').shadowRoot;

function mount(rule, props = {}) {
    const element = createElement('c-okta-access-rule-form', { is: OktaAccessRuleForm });
    Object.assign(element, { objectInfos, rule, ...props });
    const events = [];
    for (const name of ['draftchange', 'done', 'cancel']) {
        element.addEventListener(name, (event) => events.push({ name, detail: event.detail }));
    }
    document.body.appendChild(element);
    return { element, events, root: element.shadowRoot };
}

async function fire(root, selector, detail) {
    root.querySelector(selector).dispatchEvent(new CustomEvent('change', { detail }));
    await flushPromises();
}

const newRule = {
    ruleType: 'CONDITION_TO_GROUP',
    salesforceObject: 'Opportunity',
    conditionOperator: 'EQUALS',
    active: true,
};

/** The org's picklists, as OktaSyncSetupController.getPicklistValues answers. */
const PICKLISTS = {
    'AccountTeamMember.TeamMemberRole': ['Account Manager', 'Sales Rep', 'Technical Sales'],
    'Opportunity.StageName': ['Prospecting', 'Negotiation', 'Closed Won'],
    'Account.Type': ['Prospect', 'Customer - Direct', 'Customer - Channel'],
};

describe('c-okta-access-rule-form', () => {
    beforeEach(() => {
        getPicklistValues.mockImplementation(async ({ objectApiName, fieldApiName }) =>
            (PICKLISTS[`${objectApiName}.${fieldApiName}`] ?? []).map((value) => ({
                label: value,
                value,
            })),
        );
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('builds "Owners of an Opportunity where Stage equals Negotiation → member of Okta group Deal Desk", the group found by name', async () => {
        searchOktaGroups.mockResolvedValue({
            groups: [
                { id: '00gdealdesk00001', name: 'Deal Desk', description: 'Pricing approvals' },
                { id: '00gdealdesk00002', name: 'Deal Desk EMEA', description: null },
            ],
        });
        const { element, root, events } = mount(newRule, { heading: 'New rule' });
        await flushPromises();

        await fire(root, 'lightning-combobox.condition-field', { value: 'StageName' });
        // Stage is a picklist: its value is picked from the org's stages, not typed.
        expect(getPicklistValues).toHaveBeenCalledWith({
            objectApiName: 'Opportunity',
            fieldApiName: 'StageName',
        });
        expect(root.querySelector('lightning-input.condition-value')).toBeNull();
        expect(
            root.querySelector('lightning-combobox.condition-value').options.map((o) => o.value),
        ).toEqual(['Prospecting', 'Negotiation', 'Closed Won']);
        await fire(root, 'lightning-combobox.condition-value', { value: 'Negotiation' });
        await fire(root, 'lightning-input.group-search', { value: 'Deal' });
        expect(searchOktaGroups).toHaveBeenCalledWith({ nameStart: 'Deal' });
        const results = root.querySelector('lightning-radio-group.group-results');
        expect(results.options.map((o) => o.label)).toEqual([
            'Deal Desk — Pricing approvals',
            'Deal Desk EMEA',
        ]);
        await expect(element).toBeAccessible();
        await fire(root, 'lightning-radio-group.group-results', { value: '00gdealdesk00001' });

        expect(dialog(root).querySelector('.sentence').textContent).toBe(
            'Owners of an Opportunity where Stage equals Negotiation → member of Okta group Deal Desk',
        );
        expect(root.querySelector('.chosen-group').textContent).toBe('Chosen group: Deal Desk');
        expect(dialog(root).querySelector('.sentence').textContent).not.toMatch(/00g/);
        expect(events.at(-1).detail).toEqual(
            expect.objectContaining({
                oktaGroupId: '00gdealdesk00001',
                oktaGroupName: 'Deal Desk',
                label: 'Deal Desk from Opportunity owners',
            }),
        );
        await expect(element).toBeAccessible();
    });

    it('says when no group matches, and when the search fails', async () => {
        searchOktaGroups.mockResolvedValueOnce({ groups: [] });
        const { root } = mount(newRule);
        await fire(root, 'lightning-input.group-search', { value: 'Zebra' });
        expect(root.querySelector('.no-group').textContent).toBe(
            'No Okta group name starts with “Zebra”.',
        );

        searchOktaGroups.mockRejectedValueOnce({ body: { message: 'Okta is not reachable.' } });
        await fire(root, 'lightning-input.group-search', { value: 'Zeb' });
        expect(root.querySelector('.search-error').textContent).toBe(
            'The Okta groups could not be searched: Okta is not reachable.',
        );
    });

    it('builds an Account Team rule with role and access in words', async () => {
        const { element, root, events } = mount(
            {
                ...newRule,
                oktaGroupId: '00gstrategic0001',
                oktaGroupName: 'Strategic Accounts',
            },
            { problems: ['Choose the Account Team role.'] },
        );
        await fire(root, 'lightning-combobox.rule-type', { value: 'GROUP_TO_ACCOUNT_TEAM' });
        // The roles are the org's Account Team roles.
        expect(
            root.querySelector('lightning-combobox.team-role').options.map((o) => o.value),
        ).toEqual(['Account Manager', 'Sales Rep', 'Technical Sales']);
        await fire(root, 'lightning-combobox.team-role', { value: 'Account Manager' });
        await fire(root, 'lightning-combobox.account-access', { value: 'Edit' });
        await fire(root, 'lightning-combobox.condition-field', { value: 'Type' });
        await fire(root, 'lightning-combobox.condition-value', { value: 'Customer - Direct' });

        expect(
            root.querySelector('lightning-combobox.account-access').options.map((o) => o.label),
        ).toEqual(['Read only', 'Read and edit']);
        expect(dialog(root).querySelector('.sentence').textContent).toBe(
            'Members of Okta group Strategic Accounts → Account Team role Account Manager, Edit access, on Accounts where Account Type equals Customer - Direct',
        );
        expect(dialog(root).querySelector('.problems li').textContent).toBe(
            'Choose the Account Team role.',
        );
        expect(events.at(-1).detail).toEqual(
            expect.objectContaining({ salesforceObject: 'Account', accountAccessLevel: 'Edit' }),
        );
        await expect(element).toBeAccessible();
    });

    it('picks several values of a picklist for "is one of", and keeps a value the org no longer has', async () => {
        const { element, root, events } = mount({
            ...newRule,
            conditionField: 'StageName',
            conditionOperator: 'IN',
            conditionValue: 'Negotiation, Legacy stage',
        });
        await flushPromises();

        const values = root.querySelector('lightning-checkbox-group.condition-values');
        expect(values.options.map((o) => o.label)).toEqual([
            'Legacy stage (not a value of this org)',
            'Prospecting',
            'Negotiation',
            'Closed Won',
        ]);
        expect(values.value).toEqual(['Negotiation', 'Legacy stage']);
        await fire(root, 'lightning-checkbox-group.condition-values', {
            value: ['Prospecting', 'Negotiation'],
        });
        expect(events.at(-1).detail.conditionValue).toBe('Prospecting, Negotiation');
        expect(dialog(root).querySelector('.sentence').textContent).toBe(
            'Owners of an Opportunity where Stage is one of Prospecting or Negotiation → member of Okta group ?',
        );
        await expect(element).toBeAccessible();
    });

    it("lets the role be typed, saying why, when the org's roles cannot be read", async () => {
        getPicklistValues.mockRejectedValue({ body: { message: 'Insufficient access.' } });
        const { element, root } = mount({ ...newRule, ruleType: 'GROUP_TO_ACCOUNT_TEAM' });
        await flushPromises();

        expect(root.querySelector('lightning-input.team-role')).not.toBeNull();
        expect(root.querySelector('.roles-error').textContent.trim()).toBe(
            'The values of TeamMemberRole could not be read from the org: Insufficient access. Type the value instead.',
        );
        await expect(element).toBeAccessible();
    });

    it('keeps a name the admin typed, hands back the draft on Done and closes on Escape', async () => {
        const { root, events } = mount(newRule);
        await fire(root, 'lightning-input.rule-name', { value: 'Negotiators' });
        await fire(root, 'lightning-combobox.operator', { value: 'NOT_NULL' });
        expect(root.querySelector('lightning-input.condition-value')).toBeNull();
        dialog(root).querySelector('lightning-button.done').click();
        dialog(root)
            .querySelector('section')
            .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));

        expect(events.filter((e) => e.name !== 'draftchange')).toEqual([
            {
                name: 'done',
                detail: expect.objectContaining({
                    label: 'Negotiators',
                    conditionOperator: 'NOT_NULL',
                }),
            },
            { name: 'cancel', detail: null },
        ]);
    });
});

import { createElement } from 'lwc';
import OktaNotificationRuleEditor from 'c/oktaNotificationRuleEditor';
import LightningConfirm from 'lightning/confirm';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import getNotificationRules from '@salesforce/apex/OktaSyncSetupController.getNotificationRules';
import saveNotificationRules from '@salesforce/apex/OktaSyncSetupController.saveNotificationRules';

const rules = require('./data/getNotificationRules.json');
const objectInfos = require('./data/getObjectInfos.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getNotificationRules',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.saveNotificationRules',
    () => ({ default: jest.fn() }),
    { virtual: true },
);

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

const list = (root) => root.querySelector('c-okta-config-list').shadowRoot;
const form = (root) => root.querySelector('c-okta-notification-rule-form');
const texts = (root, selector) =>
    [...root.querySelectorAll(selector)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());

async function mount(data = rules) {
    const element = createElement('c-okta-notification-rule-editor', {
        is: OktaNotificationRuleEditor,
    });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    getNotificationRules.emit(data);
    getObjectInfos.emit(objectInfos);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

async function build(root, draft) {
    form(root).dispatchEvent(new CustomEvent('draftchange', { detail: draft }));
    await flushPromises();
    form(root).dispatchEvent(new CustomEvent('done', { detail: draft }));
    await flushPromises();
}

describe('c-okta-notification-rule-editor', () => {
    beforeEach(() => {
        jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('reads each rule as its name and a sentence', async () => {
        const { element, root } = await mount();

        expect(texts(list(root), '.rule-name')).toEqual(['Departures', 'New hires']);
        expect(texts(list(root), '.rule-sentence')).toEqual([
            'When an Okta user is deprovisioned, where Department is one of Sales or Support → an email to the Contact’s owner, as a digest every 15 minutes',
            'When an Okta user is provisioned → the chat webhook to the channel behind the webhook',
        ]);
        expect(list(root).querySelector('.notification-problems')).toBeNull();
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('builds a new rule in the dialog and saves it under an API name from its name', async () => {
        saveNotificationRules.mockResolvedValue('0Af000000000001AAA');
        const { element, root, toasts } = await mount();

        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        expect(form(root).heading).toBe('New notification rule');
        await expect(element).toBeAccessible();
        await build(root, {
            ...form(root).rule,
            label: 'Grants for Case owners',
            event: 'GRANT_APPLIED',
            recipientType: 'CASE_OWNER',
            messageTemplate: '{{user.login}} got {{group.id}} for Case {{case.id}}',
        });
        expect(texts(list(root), '.rule-sentence')[2]).toBe(
            'When a temporary grant is applied → a Salesforce notification to the Case owner',
        );
        list(root).querySelector('lightning-button.save').click();
        await flushPromises();

        const saved = saveNotificationRules.mock.calls[0][0].rows;
        expect(saved).toHaveLength(3);
        expect(saved[2]).toEqual(
            expect.objectContaining({
                developerName: 'Grants_for_Case_owners',
                event: 'GRANT_APPLIED',
                channel: 'CUSTOM_NOTIFICATION',
                recipientType: 'CASE_OWNER',
            }),
        );
        expect(toasts).toEqual([expect.objectContaining({ title: 'Notification rules saved' })]);
    });

    it('reports a placeholder the event lacks, wrong recipients and an unknown field, and blocks Save', async () => {
        const { element, root } = await mount();

        list(root).querySelector('lightning-button.add-row').click();
        await flushPromises();
        await build(root, {
            ...form(root).rule,
            label: 'Broken',
            recipients: '003000000000001AAA',
            scopeField: 'Nickname__c',
            scopeValue: 'x',
            messageTemplate: 'Hello {{group.id}}',
        });

        expect(
            texts(list(root), '.notification-list > li:nth-child(3) .notification-problems li'),
        ).toEqual([
            '003000000000001AAA is not a Salesforce user id (005…).',
            'Contact has no field called Nickname__c.',
            '{{group.id}} is not a field of this event: use event, occurredAt, details, auditUrl, user.id, user.login, user.email, user.firstName, user.lastName, user.status, contact.id, lead.id, changes or contact.<Field>.',
        ]);
        expect(list(root).querySelector('lightning-button.save').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('drops the recipients of a webhook rule in the dialog', async () => {
        const { root } = await mount();
        list(root).querySelectorAll('lightning-button-icon.edit')[0].click();
        await flushPromises();

        const channel = form(root).shadowRoot.querySelector('lightning-combobox.channel');
        channel.dispatchEvent(new CustomEvent('change', { detail: { value: 'WEBHOOK' } }));
        await flushPromises();

        expect(form(root).rule).toEqual(
            expect.objectContaining({ channel: 'WEBHOOK', recipientType: null, recipients: null }),
        );
        expect(form(root).shadowRoot.querySelector('lightning-combobox.recipient-type')).toBeNull();
        expect(form(root).problems).toEqual([]);
    });
});

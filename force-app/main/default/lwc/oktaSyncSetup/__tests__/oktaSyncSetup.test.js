import { createElement } from 'lwc';
import OktaSyncSetup from 'c/oktaSyncSetup';

// The tabs' components load their data on connect; the shell test only needs them quiet.
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getMappings',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getAccessRules',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getNotificationRules',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
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
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getHealth',
    () => ({ default: jest.fn().mockResolvedValue({}) }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.listDeadLetters',
    () => ({ default: jest.fn().mockResolvedValue({}) }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.listReconciliations',
    () => ({ default: jest.fn().mockResolvedValue({}) }),
    {
        virtual: true,
    },
);

describe('c-okta-sync-setup', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('offers one tab per job, each with its component', async () => {
        const element = createElement('c-okta-sync-setup', { is: OktaSyncSetup });
        document.body.appendChild(element);
        await Promise.resolve();

        const tabs = [...element.shadowRoot.querySelectorAll('lightning-tab')];
        expect(tabs.map((tab) => tab.label)).toEqual([
            'Field mappings',
            'Access rules',
            'Notifications',
            'Settings',
            'Health',
            'Reconciliation',
            'Audit export',
        ]);
        const children = tabs.map((tab) => tab.firstElementChild?.tagName.toLowerCase());
        expect(children).toEqual([
            'c-okta-mapping-editor',
            'c-okta-access-rule-editor',
            'c-okta-notification-rule-editor',
            'c-okta-sync-settings',
            'c-okta-sync-health',
            'c-okta-reconciliation',
            'c-okta-audit-export',
        ]);
        expect(element.shadowRoot.querySelector('lightning-tabset').activeTabValue).toBe(
            'mappings',
        );
    });

    it('remembers the tab the user opens', async () => {
        const element = createElement('c-okta-sync-setup', { is: OktaSyncSetup });
        document.body.appendChild(element);
        await Promise.resolve();

        const healthTab = element.shadowRoot.querySelectorAll('lightning-tab')[4];
        healthTab.dispatchEvent(new CustomEvent('active'));
        await Promise.resolve();

        expect(element.shadowRoot.querySelector('lightning-tabset').activeTabValue).toBe('health');
    });
});

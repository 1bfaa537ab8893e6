import { createElement } from 'lwc';
import OktaCaseAccess, { expiryText, timeLeft } from 'c/oktaCaseAccess';
import LightningConfirm from 'lightning/confirm';
import getStatus from '@salesforce/apex/OktaCaseAccessController.getStatus';
import performAction from '@salesforce/apex/OktaCaseAccessController.performAction';
import listGrants from '@salesforce/apex/OktaCaseAccessController.listGrants';
import grantAccess from '@salesforce/apex/OktaCaseAccessController.grantAccess';
import revokeGrant from '@salesforce/apex/OktaCaseAccessController.revokeGrant';
import grantableGroups from '@salesforce/apex/OktaCaseAccessController.grantableGroups';
import getGrantSettings from '@salesforce/apex/OktaCaseAccessController.getGrantSettings';

const status = require('./data/getStatus.json');
const grants = require('./data/listGrants.json');
const groups = require('./data/grantableGroups.json');

jest.mock('@salesforce/apex/OktaCaseAccessController.getStatus', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock(
    '@salesforce/apex/OktaCaseAccessController.performAction',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock('@salesforce/apex/OktaCaseAccessController.listGrants', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock('@salesforce/apex/OktaCaseAccessController.grantAccess', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock('@salesforce/apex/OktaCaseAccessController.revokeGrant', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock(
    '@salesforce/apex/OktaCaseAccessController.grantableGroups',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock(
    '@salesforce/apex/OktaCaseAccessController.getGrantSettings',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);

const CASE_ID = '500000000000001AAA';

async function flushPromises() {
    for (let i = 0; i < 6; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

async function mount() {
    const element = createElement('c-okta-case-access', { is: OktaCaseAccess });
    element.recordId = CASE_ID;
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    grantableGroups.emit(groups);
    getGrantSettings.emit({ defaultHours: 8, maxHours: 72 });
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

function actionButton(root, name) {
    return root.querySelector(`lightning-button[data-action="${name}"]`);
}

function markFormValid(root, valid = true) {
    root.querySelectorAll('[data-input]').forEach((input) => {
        input.reportValidity = jest.fn(() => valid);
    });
}

function fillGrantForm(root, { groupId, hours, reason }) {
    markFormValid(root);
    const combobox = root.querySelector('lightning-combobox');
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value: groupId } }));
    if (hours !== undefined) {
        root.querySelector('lightning-input[data-id="hours"]').dispatchEvent(
            new CustomEvent('change', { detail: { value: String(hours) } }),
        );
    }
    root.querySelector('lightning-textarea').dispatchEvent(
        new CustomEvent('change', { detail: { value: reason } }),
    );
}

describe('c-okta-case-access', () => {
    let confirm;

    beforeEach(() => {
        getStatus.mockResolvedValue(status);
        listGrants.mockResolvedValue(grants);
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('shows the live Okta status of the case contact', async () => {
        const { element, root } = await mount();

        expect(getStatus).toHaveBeenCalledWith({ caseId: CASE_ID });
        expect(root.querySelector('.user-login').textContent).toBe('ada@example.com');
        expect(root.querySelector('lightning-badge[data-id="status"]').label).toBe('LOCKED_OUT');
        expect(root.querySelector('.last-login lightning-formatted-date-time').value).toBe(
            '2024-05-01T08:30:00.000Z',
        );
        expect(root.querySelector('.locked-out').textContent).toBe('Yes');
        expect(root.querySelector('.factors li').textContent).toBe(
            'token:software:totp · OKTA · ACTIVE',
        );
        const groupItems = [...root.querySelectorAll('.groups li')];
        expect(groupItems.map((li) => li.textContent.trim())).toEqual(['Everyone', 'Support VPN']);
        expect(groupItems[1].querySelector('lightning-badge').label).toBe('Managed');
        expect(actionButton(root, 'unlock').disabled).toBe(false);
        expect(actionButton(root, 'reset-factors').disabled).toBe(false);
        expect(actionButton(root, 'resend-activation').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when the contact is not linked', async () => {
        getStatus.mockRejectedValue({
            body: {
                message: 'The case contact is not linked to an Okta user (Okta User Id is empty).',
            },
        });
        listGrants.mockResolvedValue({ grants: [] });
        const { element, root } = await mount();

        const panel = root.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe(
            'The Okta status of the case contact could not be loaded.',
        );
        expect(root.querySelector('.status')).toBeNull();
        expect(root.querySelector('lightning-button.grant').disabled).toBe(true);
        expect(root.querySelector('.no-grants').textContent).toBe('No active grant.');
        await expect(element).toBeAccessible();
    });

    it('unlocks after confirmation and reloads the status', async () => {
        performAction.mockResolvedValue({ action: 'unlock', status: 'ACTIVE' });
        const { root, toasts } = await mount();

        actionButton(root, 'unlock').click();
        await flushPromises();

        expect(confirm).toHaveBeenCalledWith(
            expect.objectContaining({
                label: 'Unlock',
                message: expect.stringContaining('Ada Lovelace'),
            }),
        );
        expect(performAction).toHaveBeenCalledWith({ caseId: CASE_ID, action: 'unlock' });
        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Unlock',
                message: 'The Okta account is unlocked.',
                variant: 'success',
            }),
        ]);
        expect(getStatus).toHaveBeenCalledTimes(2);
    });

    it('does nothing when the agent cancels the confirmation', async () => {
        confirm.mockResolvedValue(false);
        const { root, toasts } = await mount();

        actionButton(root, 'reset-factors').click();
        await flushPromises();

        expect(confirm).toHaveBeenCalledTimes(1);
        expect(performAction).not.toHaveBeenCalled();
        expect(toasts).toEqual([]);
    });

    it('reports an action Okta refuses', async () => {
        performAction.mockRejectedValue({ body: { message: 'The user is not locked out.' } });
        const { root, toasts } = await mount();

        actionButton(root, 'unlock').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Unlock failed',
                message: 'The user is not locked out.',
                variant: 'error',
            }),
        ]);
    });

    it('offers the grantable groups and the default duration', async () => {
        const { element, root } = await mount();

        const combobox = root.querySelector('lightning-combobox');
        expect(combobox.options.map((o) => o.label)).toEqual(['Billing Admins', 'Support VPN']);
        expect(combobox.required).toBe(true);
        const hours = root.querySelector('lightning-input[data-id="hours"]');
        expect(hours.value).toBe(8);
        expect(hours.max).toBe(72);
        const table = root.querySelector('lightning-datatable');
        expect(table.data).toHaveLength(1);
        expect(table.data[0].groupName).toBe('Billing Admins');
        expect(table.data[0].timeLeft).toMatch(/h \d+ min$/);
        await expect(element).toBeAccessible();
    });

    it('disables Grant for a deactivated Okta user and says why', async () => {
        getStatus.mockResolvedValue({
            ...status,
            user: { ...status.user, status: 'DEPROVISIONED' },
        });
        const { element, root } = await mount();

        expect(root.querySelector('lightning-button.grant').disabled).toBe(true);
        expect(root.querySelector('.grant-blocked').textContent).toBe(
            'The Okta user is deactivated: temporary access cannot be granted.',
        );
        await expect(element).toBeAccessible();
    });

    it('grants temporary access with the chosen group, duration and reason', async () => {
        grantAccess.mockResolvedValue({ id: 'a02', groupName: 'Support VPN', status: 'ACTIVE' });
        const { root, toasts } = await mount();
        fillGrantForm(root, { groupId: '00g4', hours: 4, reason: '  Remote session  ' });
        await flushPromises();

        root.querySelector('lightning-button.grant').click();
        await flushPromises();

        expect(grantAccess).toHaveBeenCalledWith({
            caseId: CASE_ID,
            groupId: '00g4',
            hours: 4,
            reason: 'Remote session',
        });
        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Access granted',
                message: 'Support VPN for 4 hours.',
                variant: 'success',
            }),
        ]);
        expect(listGrants).toHaveBeenCalledTimes(2);
    });

    it('shows the granted group among the Okta groups right after the grant', async () => {
        grantAccess.mockResolvedValue({ id: 'a02', groupName: 'Support VPN', status: 'ACTIVE' });
        const { element, root } = await mount();
        getStatus.mockResolvedValue({
            ...status,
            groups: [...status.groups, { id: '00g4', name: 'Remote Desktop', managed: false }],
        });
        fillGrantForm(root, { groupId: '00g4', hours: 4, reason: 'Remote session' });
        await flushPromises();

        root.querySelector('lightning-button.grant').click();
        await flushPromises();

        expect(getStatus).toHaveBeenCalledTimes(2);
        expect([...root.querySelectorAll('ul.groups li')].map((li) => li.textContent)).toEqual(
            expect.arrayContaining([expect.stringContaining('Remote Desktop')]),
        );
        await expect(element).toBeAccessible();
    });

    it('does not send an incomplete grant', async () => {
        const { root } = await mount();
        markFormValid(root);
        root.querySelector('lightning-textarea').reportValidity = jest.fn(() => false);

        root.querySelector('lightning-button.grant').click();
        await flushPromises();

        expect(grantAccess).not.toHaveBeenCalled();
    });

    it('reports a grant the companion refuses', async () => {
        grantAccess.mockRejectedValue({
            body: { message: 'The duration must be between 1 and 72 hours.' },
        });
        const { root, toasts } = await mount();
        fillGrantForm(root, { groupId: '00g3', reason: 'Invoice' });
        await flushPromises();

        root.querySelector('lightning-button.grant').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Access not granted',
                message: 'The duration must be between 1 and 72 hours.',
                variant: 'error',
            }),
        ]);
    });

    it('revokes a grant after confirmation', async () => {
        revokeGrant.mockResolvedValue({ id: 'a02000000000001AAA', status: 'REVOKED' });
        const { root, toasts } = await mount();

        root.querySelector('lightning-datatable').dispatchEvent(
            new CustomEvent('rowaction', {
                detail: { action: { name: 'revoke' }, row: grants.grants[0] },
            }),
        );
        await flushPromises();

        expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ label: 'Revoke access' }));
        expect(revokeGrant).toHaveBeenCalledWith({
            caseId: CASE_ID,
            grantId: 'a02000000000001AAA',
        });
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Access revoked', variant: 'success' }),
        ]);
    });

    it('shows an error panel when the grants cannot be listed', async () => {
        listGrants.mockRejectedValue({
            body: { message: 'The Okta Sync companion did not answer.' },
        });
        const { element, root } = await mount();

        const panels = [...root.querySelectorAll('c-error-panel')].map((p) => p.friendlyMessage);
        expect(panels).toEqual(['The access grants of this case could not be loaded.']);
        await expect(element).toBeAccessible();
    });

    it('refreshes the status on demand', async () => {
        const { root } = await mount();

        root.querySelector('lightning-button-icon.refresh').click();
        await flushPromises();

        expect(getStatus).toHaveBeenCalledTimes(2);
        expect(listGrants).toHaveBeenCalledTimes(2);
    });

    it('counts the time left of a grant', () => {
        const now = Date.parse('2024-05-01T08:00:00.000Z');
        expect(timeLeft('2024-05-01T11:20:00.000Z', now)).toBe('3 h 20 min');
        expect(timeLeft('2024-05-01T08:45:30.000Z', now)).toBe('45 min');
        expect(timeLeft('2024-05-01T07:59:00.000Z', now)).toBe('Expired');
        expect(expiryText('2024-05-01T11:20:00.000Z', now)).toMatch(
            /^May 01, 2024, \d{2}:20 (AM|PM) [A-Z]+[+\-0-9:]* \(3 h 20 min left\)$/,
        );
        expect(expiryText('2024-05-01T07:59:00.000Z', now)).toMatch(/\(expired\)$/);
    });
});

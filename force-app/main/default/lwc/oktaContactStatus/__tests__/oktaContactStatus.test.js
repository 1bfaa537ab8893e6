import { createElement } from 'lwc';
import OktaContactStatus from 'c/oktaContactStatus';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import getSyncTimeline from '@salesforce/apex/OktaContactStatusController.getSyncTimeline';
import resync from '@salesforce/apex/OktaContactStatusController.resync';

const linkedContact = require('./data/getRecordLinked.json');
const unlinkedContact = require('./data/getRecordUnlinked.json');
const timeline = require('./data/getSyncTimeline.json');

jest.mock(
    '@salesforce/apex/OktaContactStatusController.getSyncTimeline',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true },
);
jest.mock('@salesforce/apex/OktaContactStatusController.resync', () => ({ default: jest.fn() }), {
    virtual: true,
});

const RECORD_ID = '003000000000001AAA';

function mount() {
    const element = createElement('c-okta-contact-status', { is: OktaContactStatus });
    element.recordId = RECORD_ID;
    document.body.appendChild(element);
    return element;
}

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

function toastsOf(element) {
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    return toasts;
}

describe('c-okta-contact-status', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows the link, statuses, last sync and last error of a linked contact', async () => {
        const element = mount();
        getRecord.emit(linkedContact);
        await flushPromises();

        const root = element.shadowRoot;
        expect(root.querySelector('.link-status').textContent).toContain(
            'ada@example.com (00u1ada)',
        );
        expect(root.querySelector('lightning-badge[data-id="okta-status"]').label).toBe(
            'LOCKED_OUT',
        );
        expect(root.querySelector('lightning-badge[data-id="okta-status"]').className).toContain(
            'slds-theme_warning',
        );
        expect(root.querySelector('lightning-badge[data-id="sync-status"]').label).toBe('Error');
        expect(root.querySelector('.last-synced lightning-formatted-date-time').value).toBe(
            '2024-05-01T08:30:00.000Z',
        );
        expect(root.querySelector('.sync-error').textContent).toContain(
            'Email: invalid email address',
        );
        expect(root.querySelector('lightning-button.resync').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('says when the contact is not linked and offers no resync', async () => {
        const element = mount();
        getRecord.emit(unlinkedContact);
        getSyncTimeline.emit([]);
        await flushPromises();

        const root = element.shadowRoot;
        expect(root.querySelector('.link-status').textContent).toContain(
            'Not linked to an Okta user',
        );
        expect(root.querySelector('lightning-badge[data-id="okta-status"]')).toBeNull();
        expect(root.querySelector('lightning-badge[data-id="sync-status"]').label).toBe(
            'Not Linked',
        );
        expect(root.querySelector('.last-synced').textContent).toContain('Never');
        expect(root.querySelector('.sync-error')).toBeNull();
        expect(root.querySelector('lightning-button.resync').disabled).toBe(true);
        expect(root.querySelector('.empty-timeline').textContent).toBe('No sync activity yet.');
        await expect(element).toBeAccessible();
    });

    it('never says Synced beside a Contact that has never synced', async () => {
        const element = mount();
        const neverSynced = JSON.parse(JSON.stringify(linkedContact));
        neverSynced.fields.Okta_Sync_Status__c.value = 'Synced';
        neverSynced.fields.Okta_Last_Synced_At__c.value = null;
        getRecord.emit(neverSynced);
        getSyncTimeline.emit([]);
        await flushPromises();

        const root = element.shadowRoot;
        expect(root.querySelector('lightning-badge[data-id="sync-status"]').label).toBe('Pending');
        expect(root.querySelector('.last-synced').textContent).toBe('Never');
        await expect(element).toBeAccessible();
    });

    it('shows an error panel when the record cannot be read', async () => {
        const element = mount();
        getRecord.error({ message: 'You do not have access to this record.' });
        await flushPromises();

        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.friendlyMessage).toBe('The Okta fields of this contact could not be read.');
        expect(element.shadowRoot.querySelector('.link-status')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('lists the recent sync log entries, newest first, with their errors', async () => {
        const element = mount();
        getRecord.emit(linkedContact);
        getSyncTimeline.emit(timeline);
        await flushPromises();

        const items = [...element.shadowRoot.querySelectorAll('.timeline li')];
        expect(items).toHaveLength(2);
        expect(items[0].querySelector('.entry-title').textContent).toBe(
            'Contact updated · Okta to Salesforce',
        );
        expect(items[0].textContent).toMatch(/· failed · 3 attempts/);
        expect(items[0].querySelector('.entry-error').textContent).toContain(
            'invalid email address',
        );
        expect(items[0].querySelector('lightning-icon').iconName).toBe('utility:error');
        expect(items[1].querySelector('.entry-error')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows an error panel when the sync log cannot be read', async () => {
        const element = mount();
        getRecord.emit(linkedContact);
        getSyncTimeline.error({ body: { message: 'Insufficient access to Okta Sync Log.' } });
        await flushPromises();

        const panels = [...element.shadowRoot.querySelectorAll('c-error-panel')];
        expect(panels.map((p) => p.friendlyMessage)).toEqual(['The sync log could not be read.']);
        await expect(element).toBeAccessible();
    });

    it('queues a resync, confirms it and refreshes the record', async () => {
        resync.mockResolvedValue({ queued: true, oktaUserId: '00u1ada' });
        const element = mount();
        const toasts = toastsOf(element);
        getRecord.emit(linkedContact);
        getSyncTimeline.emit(timeline);
        await flushPromises();

        element.shadowRoot.querySelector('lightning-button.resync').click();
        await flushPromises();

        expect(resync).toHaveBeenCalledWith({ contactId: RECORD_ID });
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Resync queued', variant: 'success' }),
        ]);
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
        expect(element.shadowRoot.querySelector('lightning-button.resync').disabled).toBe(false);
        await expect(element).toBeAccessible();
    });

    it('reports a failed resync with a toast and the error panel', async () => {
        resync.mockRejectedValue({ body: { message: 'The Okta Sync companion did not answer.' } });
        const element = mount();
        const toasts = toastsOf(element);
        getRecord.emit(linkedContact);
        await flushPromises();

        element.shadowRoot.querySelector('lightning-button.resync').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Resync failed',
                message: 'The Okta Sync companion did not answer.',
                variant: 'error',
            }),
        ]);
        const panel = element.shadowRoot.querySelector('c-error-panel');
        expect(panel.friendlyMessage).toBe('The resync could not be queued.');
        await expect(element).toBeAccessible();
    });
});

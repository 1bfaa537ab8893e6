import { createElement } from 'lwc';
import OktaReconciliation, { POLL_INTERVAL_MS, applyMessage } from 'c/oktaReconciliation';
import LightningConfirm from 'lightning/confirm';
import startReconciliation from '@salesforce/apex/OktaSyncSetupController.startReconciliation';
import listReconciliations from '@salesforce/apex/OktaSyncSetupController.listReconciliations';
import getReconciliation from '@salesforce/apex/OktaSyncSetupController.getReconciliation';
import getReconciliationPlan from '@salesforce/apex/OktaSyncSetupController.getReconciliationPlan';
import applyReconciliation from '@salesforce/apex/OktaSyncSetupController.applyReconciliation';
import exportReconciliationPlan from '@salesforce/apex/OktaSyncSetupController.exportReconciliationPlan';

const running = require('./data/runRunning.json');
const planned = require('./data/runPlanned.json');
const plan = require('./data/plan.json');

jest.mock(
    '@salesforce/apex/OktaSyncSetupController.startReconciliation',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.listReconciliations',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getReconciliation',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.getReconciliationPlan',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.applyReconciliation',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.exportReconciliationPlan',
    () => ({ default: jest.fn() }),
    { virtual: true },
);

async function flushPromises() {
    for (let i = 0; i < 6; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

async function mount() {
    const element = createElement('c-okta-reconciliation', { is: OktaReconciliation });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

describe('c-okta-reconciliation', () => {
    let confirm;

    beforeEach(() => {
        getReconciliationPlan.mockResolvedValue(plan);
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
        jest.useRealTimers();
    });

    it('says when no reconciliation has run', async () => {
        listReconciliations.mockResolvedValue({ runs: [] });
        const { element, root } = await mount();

        expect(root.querySelector('.no-run').textContent).toBe('No reconciliation has run yet.');
        await expect(element).toBeAccessible();
    });

    it('starts a dry run and follows it until the plan is ready', async () => {
        jest.useFakeTimers();
        listReconciliations.mockResolvedValue({ runs: [] });
        startReconciliation.mockResolvedValue(running);
        getReconciliation.mockResolvedValueOnce(running).mockResolvedValueOnce(planned);
        const { element, root, toasts } = await mount();

        root.querySelector('lightning-button.start').click();
        await flushPromises();
        expect(startReconciliation).toHaveBeenCalledWith({
            dryRun: true,
            confirmDeactivations: false,
        });
        expect(root.querySelector('lightning-badge[data-id="run-status"]').label).toBe('RUNNING');
        expect(root.querySelector('.progress').textContent).toContain(
            '1200 Okta users and 800 contacts read',
        );
        expect(root.querySelector('lightning-button.start').disabled).toBe(true);
        expect(toasts[0]).toEqual(expect.objectContaining({ title: 'Dry run started' }));

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(getReconciliation).toHaveBeenCalledTimes(1);
        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();

        expect(getReconciliation).toHaveBeenCalledWith({ runId: 'rec-1' });
        expect(root.querySelector('lightning-badge[data-id="run-status"]').label).toBe('PLANNED');
        expect(root.querySelector('[data-id="deactivations"]').textContent).toBe(
            'Deactivations: 25',
        );
        const items = root.querySelector('.plan').data;
        expect(items.map((i) => [i.kind, i.login])).toEqual([
            ['update', 'ada@example.com'],
            ['deactivate', 'bob@example.com'],
        ]);
        expect(items[0].changeText).toBe('Title: Analyst → Engineer; Phone: ∅ → +442071234567');

        jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
        await flushPromises();
        expect(getReconciliation).toHaveBeenCalledTimes(2);
        jest.useRealTimers();
        await expect(element).toBeAccessible();
    });

    it('stops polling when the page is closed', async () => {
        jest.useFakeTimers();
        listReconciliations.mockResolvedValue({ runs: [running] });
        getReconciliation.mockResolvedValue(running);
        const { element } = await mount();

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(getReconciliation).toHaveBeenCalledTimes(1);

        document.body.removeChild(element);
        jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
        await flushPromises();
        expect(getReconciliation).toHaveBeenCalledTimes(1);
    });

    it('filters the plan by the count of each kind and pages through it 50 rows at a time', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        const { element, root } = await mount();

        const filter = root.querySelector('lightning-radio-group.kind');
        expect(filter.options.map((o) => o.label)).toEqual([
            'All changes (41)',
            'Creates (3)',
            'Updates (12)',
            'Links (1)',
            'Deactivations (25)',
            'Conflicts (0)',
        ]);
        expect(root.querySelector('.page-text').textContent).toBe('Rows 1–2 of 41, page 1 of 1');
        filter.dispatchEvent(new CustomEvent('change', { detail: { value: 'deactivate' } }));
        await flushPromises();
        expect(getReconciliationPlan).toHaveBeenLastCalledWith({
            runId: 'rec-1',
            after: null,
            kind: 'deactivate',
        });
        expect(root.querySelector('lightning-button.previous-page').disabled).toBe(true);

        getReconciliationPlan.mockResolvedValue({
            items: [{ ...plan.items[1], seq: 51 }],
            next: null,
        });
        root.querySelector('lightning-button.next-page').click();
        await flushPromises();
        expect(getReconciliationPlan).toHaveBeenLastCalledWith({
            runId: 'rec-1',
            after: '2',
            kind: 'deactivate',
        });
        expect(root.querySelector('.plan').data.map((i) => i.seq)).toEqual([51]);
        expect(root.querySelector('lightning-button.next-page').disabled).toBe(true);
        await expect(element).toBeAccessible();

        getReconciliationPlan.mockResolvedValue(plan);
        root.querySelector('lightning-button.previous-page').click();
        await flushPromises();
        expect(getReconciliationPlan).toHaveBeenLastCalledWith({
            runId: 'rec-1',
            after: null,
            kind: 'deactivate',
        });
        expect(root.querySelector('.page-text').textContent).toBe('Rows 1–2 of 25, page 1 of 1');
    });

    it('exports the plan shown, all of it or one kind, as a CSV file to download', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        exportReconciliationPlan.mockResolvedValue(
            'kind,oktaUserId,login\ndeactivate,00u1,a@example.com\ndeactivate,00u2,b@example.com\n',
        );
        const { element, root } = await mount();
        const exportButton = root.querySelector('lightning-button.export-plan');
        expect(exportButton.label).toBe('Export the plan (CSV)');

        root.querySelector('lightning-radio-group.kind').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'deactivate' } }),
        );
        await flushPromises();
        expect(exportButton.label).toBe('Export the deactivations (CSV)');
        exportButton.click();
        await flushPromises();

        expect(exportReconciliationPlan).toHaveBeenCalledWith({
            runId: 'rec-1',
            kind: 'deactivate',
        });
        const ready = root.querySelector('.plan-export');
        expect(ready.textContent.replace(/\s+/g, ' ').trim()).toMatch(
            /^25 changes ready\. ?Download okta-sync-reconciliation_rec-1_deactivate\.csv$/,
        );
        const link = root.querySelector('a.download');
        expect(link.getAttribute('download')).toBe('okta-sync-reconciliation_rec-1_deactivate.csv');
        expect(decodeURIComponent(link.getAttribute('href'))).toContain(
            'deactivate,00u2,b@example.com',
        );
        await expect(element).toBeAccessible();

        // Another filter: the file shown no longer matches it.
        root.querySelector('lightning-radio-group.kind').dispatchEvent(
            new CustomEvent('change', { detail: { value: '' } }),
        );
        await flushPromises();
        expect(root.querySelector('.plan-export')).toBeNull();
    });

    it('says why the plan could not be exported', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        exportReconciliationPlan.mockRejectedValue({
            body: { message: 'No reconciliation run rec-1.' },
        });
        const { root, toasts } = await mount();

        root.querySelector('lightning-button.export-plan').click();
        await flushPromises();

        expect(exportReconciliationPlan).toHaveBeenCalledWith({ runId: 'rec-1', kind: null });
        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Plan not exported',
                message: 'No reconciliation run rec-1.',
                variant: 'error',
            }),
        ]);
        expect(root.querySelector('.plan-export')).toBeNull();
    });

    it('states what applying writes, in counts', () => {
        expect(
            applyMessage(
                { creates: 2, updates: 5, links: 0, deactivations: 4, conflicts: 3 },
                false,
            ),
        ).toBe(
            'Apply the plan to Salesforce? 2 Contacts will be created, 5 updated and 0 linked to their Okta user; the 4 deactivations are left out (not confirmed). 3 conflicts are not applied: they need a decision.',
        );
    });

    it('shows field differences as before → after and kinds in words', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        const { root } = await mount();
        const [update, deactivation] = root.querySelector('.plan').data;
        expect(update.changeText).toBe('Title: Analyst → Engineer; Phone: ∅ → +442071234567');
        expect([update.kindText, deactivation.kindText]).toEqual(['Update', 'Deactivate']);
    });

    it('applies the plan with the deactivation confirmation after the dialog', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        applyReconciliation.mockResolvedValue({ ...planned, status: 'APPLYING', dryRun: true });
        const { root, toasts } = await mount();

        const checkbox = root.querySelector('lightning-input.confirm-deactivations');
        expect(checkbox.label).toContain('25 deactivation(s)');
        checkbox.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        await flushPromises();
        root.querySelector('lightning-button.apply').click();
        await flushPromises();

        expect(confirm.mock.calls[0][0].message).toBe(
            'Apply the plan to Salesforce? 3 Contacts will be created, 12 updated and 1 linked to their Okta user; 25 Contacts will be deactivated.',
        );
        expect(applyReconciliation).toHaveBeenCalledWith({
            runId: 'rec-1',
            confirmDeactivations: true,
        });
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Plan applied', variant: 'success' }),
        ]);
    });

    it('explains a plan the guard refused', async () => {
        listReconciliations.mockResolvedValue({ runs: [planned] });
        applyReconciliation.mockResolvedValue({ ...planned, status: 'REFUSED' });
        const { element, root, toasts } = await mount();

        root.querySelector('lightning-button.apply').click();
        await flushPromises();

        expect(applyReconciliation).toHaveBeenCalledWith({
            runId: 'rec-1',
            confirmDeactivations: false,
        });
        expect(toasts[0]).toEqual(
            expect.objectContaining({ title: 'Plan not applied', variant: 'warning' }),
        );
        expect(root.querySelector('.refused')).not.toBeNull();
        expect(root.querySelector('lightning-input.confirm-deactivations')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('does not apply when the dialog is cancelled', async () => {
        confirm.mockResolvedValue(false);
        listReconciliations.mockResolvedValue({ runs: [planned] });
        const { root } = await mount();

        root.querySelector('lightning-button.apply').click();
        await flushPromises();

        expect(applyReconciliation).not.toHaveBeenCalled();
    });

    it('reports a run that cannot start and a run that cannot be read', async () => {
        listReconciliations.mockRejectedValue({
            body: { message: 'The Okta Sync companion did not answer.' },
        });
        startReconciliation.mockRejectedValue({
            body: { message: 'A reconciliation is already running.' },
        });
        const { element, root, toasts } = await mount();

        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The reconciliation run could not be read.',
        );
        await expect(element).toBeAccessible();

        root.querySelector('lightning-button.start').click();
        await flushPromises();
        expect(toasts[0]).toEqual(
            expect.objectContaining({
                title: 'Dry run not started',
                message: 'A reconciliation is already running.',
            }),
        );
    });
});

import { createElement } from 'lwc';
import OktaAuditExport from 'c/oktaAuditExport';
import exportAudit from '@salesforce/apex/OktaSyncSetupController.exportAudit';

jest.mock('@salesforce/apex/OktaSyncSetupController.exportAudit', () => ({ default: jest.fn() }), {
    virtual: true,
});

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

async function mount() {
    const element = createElement('c-okta-audit-export', { is: OktaAuditExport });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

async function setPeriod(root, from, to) {
    root.querySelector('lightning-input.from').dispatchEvent(
        new CustomEvent('change', { detail: { value: from } }),
    );
    root.querySelector('lightning-input.to').dispatchEvent(
        new CustomEvent('change', { detail: { value: to } }),
    );
    await flushPromises();
}

describe('c-okta-audit-export', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('exports the chosen period and offers the CSV for download', async () => {
        exportAudit.mockResolvedValue(
            'id,operation,status\n1,CONTACT_UPDATE,SUCCESS\n2,GROUP_ADD,FAILED\n',
        );
        const { element, root } = await mount();
        await setPeriod(root, '2024-05-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z');

        root.querySelector('lightning-button.export').click();
        await flushPromises();

        expect(exportAudit).toHaveBeenCalledWith({
            fromTime: '2024-05-01T00:00:00.000Z',
            toTime: '2024-06-01T00:00:00.000Z',
        });
        const link = root.querySelector('a.download');
        expect(link.getAttribute('download')).toBe('okta-sync-audit_2024-05-01_2024-06-01.csv');
        expect(decodeURIComponent(link.getAttribute('href'))).toBe(
            'data:text/csv;charset=utf-8,id,operation,status\n1,CONTACT_UPDATE,SUCCESS\n2,GROUP_ADD,FAILED\n',
        );
        expect(link.parentElement.textContent).toContain('2 audit entries ready.');
        await expect(element).toBeAccessible();
    });

    it('refuses a period that ends before it starts', async () => {
        const { element, root } = await mount();
        await setPeriod(root, '2024-06-01T00:00:00.000Z', '2024-05-01T00:00:00.000Z');

        expect(root.querySelector('.period-error')).not.toBeNull();
        expect(root.querySelector('lightning-button.export').disabled).toBe(true);
        await expect(element).toBeAccessible();
    });

    it('reports an export that fails', async () => {
        exportAudit.mockRejectedValue({
            body: { message: 'The Okta Sync companion did not answer.' },
        });
        const { element, root, toasts } = await mount();

        root.querySelector('lightning-button.export').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'Audit not exported',
                message: 'The Okta Sync companion did not answer.',
            }),
        ]);
        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The audit could not be exported.',
        );
        expect(root.querySelector('a.download')).toBeNull();
        await expect(element).toBeAccessible();
    });
});

import { createElement } from 'lwc';
import OktaSyncHealth, { jobWords, subjectWords } from 'c/oktaSyncHealth';
import LightningConfirm from 'lightning/confirm';
import getHealth from '@salesforce/apex/OktaSyncSetupController.getHealth';
import releaseGuard from '@salesforce/apex/OktaSyncSetupController.releaseGuard';
import listDeadLetters from '@salesforce/apex/OktaSyncSetupController.listDeadLetters';
import replayDeadLetter from '@salesforce/apex/OktaSyncSetupController.replayDeadLetter';
import replayAllDeadLetters from '@salesforce/apex/OktaSyncSetupController.replayAllDeadLetters';
import listHeldChanges from '@salesforce/apex/OktaSyncSetupController.listHeldChanges';

const health = require('./data/getHealth.json');
const deadLetters = require('./data/listDeadLetters.json');
const heldChanges = require('./data/listHeldChanges.json');

jest.mock('@salesforce/apex/OktaSyncSetupController.getHealth', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock('@salesforce/apex/OktaSyncSetupController.releaseGuard', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.listDeadLetters',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.replayDeadLetter',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.replayAllDeadLetters',
    () => ({ default: jest.fn() }),
    {
        virtual: true,
    },
);
jest.mock(
    '@salesforce/apex/OktaSyncSetupController.listHeldChanges',
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
    const element = createElement('c-okta-sync-health', { is: OktaSyncHealth });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    document.body.appendChild(element);
    await flushPromises();
    return { element, toasts, root: element.shadowRoot };
}

describe('c-okta-sync-health', () => {
    let confirm;

    beforeEach(() => {
        getHealth.mockResolvedValue(health);
        listDeadLetters.mockResolvedValue(deadLetters);
        confirm = jest.spyOn(LightningConfirm, 'open').mockResolvedValue(true);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.restoreAllMocks();
    });

    it('shows the queue, channels, configuration problems and the tripped guard', async () => {
        const { element, root } = await mount();

        expect(root.querySelector('lightning-badge[data-id="status"]').label).toBe('Degraded');
        expect(root.querySelector('[data-id="pending"]').textContent).toBe('12');
        expect(root.querySelector('[data-id="lag"]').textContent).toBe('4');
        expect(root.querySelector('.channels').data.map((c) => c.name)).toEqual([
            '/data/ContactChangeEvent',
            'okta-system-log',
        ]);
        expect(root.querySelector('.config-problems li').textContent).toBe(
            'Contact_Phone: PHONE_E164 needs a country code.',
        );
        expect(root.querySelector('.guard')).not.toBeNull();
        expect(root.querySelector('.dead-letters').data).toHaveLength(2);
        await expect(element).toBeAccessible();
    });

    it('says how many deactivations the guard holds and lists them by user on demand', async () => {
        listHeldChanges.mockResolvedValue(heldChanges);
        const { element, root } = await mount();

        expect(root.querySelector('.guard-text').textContent).toBe(
            'The blast-radius guard is holding 3 deactivations (limit 20 in 60 minutes). Review them, then confirm if they are expected.',
        );
        const show = root.querySelector('lightning-button.show-held');
        expect(show.label).toBe('Show the 3 held deactivations');
        show.click();
        await flushPromises();

        expect(listHeldChanges).toHaveBeenCalledTimes(1);
        const items = [...root.querySelectorAll('.held-changes li')].map((li) => li.textContent);
        expect(items).toEqual([
            'Ada Lovelace (ada@example.com) · Okta user sync · queued ',
            'bob@example.com · Okta user sync · queued ',
        ]);
        expect(root.querySelector('.held-changes lightning-formatted-date-time').value).toBe(
            '2024-05-01T08:01:00.000Z',
        );
        expect(root.querySelector('.held-more').textContent).toBe('and 1 more.');
        expect(root.querySelector('lightning-button.show-held')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('says why the held deactivations could not be listed', async () => {
        listHeldChanges.mockRejectedValue({ body: { message: 'Okta is unavailable.' } });
        const { root } = await mount();

        root.querySelector('lightning-button.show-held').click();
        await flushPromises();

        expect(root.querySelector('.guard c-error-panel').friendlyMessage).toBe(
            'The held deactivations could not be listed.',
        );
    });

    it('shows the reconciliation schedule and its next run', async () => {
        const { element, root } = await mount();

        expect(root.querySelector('[data-id="schedule-cron"]').textContent).toBe('0 2 * * * (UTC)');
        const next = root.querySelector(
            '[data-id="next-reconciliation"] lightning-formatted-date-time',
        );
        expect(next.value).toBe('2024-05-02T02:00:00.000Z');
        await expect(element).toBeAccessible();
    });

    it('names the instance that answered and the one that leads', async () => {
        getHealth.mockResolvedValue({
            ...health,
            instance: {
                instanceId: 'companion-b',
                leader: 'companion-a',
                isLeader: false,
                leaderSince: null,
                election: 'lease',
            },
        });
        const { element, root } = await mount();

        expect(root.querySelector('[data-id="instance-id"]').textContent).toBe('companion-b');
        expect(root.querySelector('[data-id="leader"]').textContent).toBe('companion-a');
        await expect(element).toBeAccessible();
    });

    it('says when the answering instance leads, and when none does', async () => {
        const instance = {
            instanceId: 'companion-a',
            leader: 'companion-a',
            isLeader: true,
            leaderSince: '2024-05-01T08:00:00.000Z',
            election: 'lease',
        };
        getHealth.mockResolvedValue({ ...health, instance });
        let { root } = await mount();
        expect(root.querySelector('[data-id="leader"]').textContent).toBe(
            'companion-a (this instance)',
        );

        document.body.removeChild(document.body.firstChild);
        getHealth.mockResolvedValue({
            ...health,
            instance: { ...instance, leader: null, isLeader: false, leaderSince: null },
        });
        ({ root } = await mount());
        expect(root.querySelector('[data-id="leader"]').textContent).toBe(
            'None at the moment: another instance takes over within 20 seconds',
        );
    });

    it('says why no reconciliation is scheduled when the schedule is invalid', async () => {
        getHealth.mockResolvedValue({
            ...health,
            schedule: { cron: '61 * * * *', nextRunAt: null, error: 'minute 61 is out of range' },
        });
        const { element, root } = await mount();

        expect(
            root.querySelector('[data-id="next-reconciliation"] lightning-formatted-date-time'),
        ).toBeNull();
        expect(root.querySelector('[data-id="schedule-error"]').textContent).toBe(
            'Not scheduled: minute 61 is out of range',
        );
        await expect(element).toBeAccessible();
    });

    it('confirms held deactivations only after the confirmation dialog', async () => {
        releaseGuard.mockResolvedValue({ guard: { tripped: false } });
        const { root, toasts } = await mount();

        root.querySelector('lightning-button.release-guard').click();
        await flushPromises();

        expect(confirm).toHaveBeenCalledWith(
            expect.objectContaining({ label: 'Confirm held deactivations' }),
        );
        expect(releaseGuard).toHaveBeenCalledTimes(1);
        expect(toasts).toEqual([
            expect.objectContaining({ title: 'Held deactivations confirmed', variant: 'success' }),
        ]);
        expect(getHealth).toHaveBeenCalledTimes(2);
    });

    it('keeps the guard when the confirmation is cancelled', async () => {
        confirm.mockResolvedValue(false);
        const { root } = await mount();

        root.querySelector('lightning-button.release-guard').click();
        await flushPromises();

        expect(releaseGuard).not.toHaveBeenCalled();
    });

    it('lists the last events the companion accepted, newest first, with their source in words', async () => {
        getHealth.mockResolvedValue({
            ...health,
            lastEvents: [
                {
                    eventId: 'e2',
                    eventType: 'user.account.update_profile',
                    source: 'okta-hook',
                    receivedAt: '2024-05-01T08:30:05.000Z',
                },
                {
                    eventId: 'e1',
                    eventType: 'ContactChangeEvent',
                    source: 'sf-cdc',
                    receivedAt: '2024-05-01T08:29:00.000Z',
                },
            ],
        });
        const { element, root } = await mount();
        const items = [...root.querySelectorAll('.last-events li')];
        expect(items.map((li) => li.querySelector('span').textContent)).toEqual([
            ' · Okta event hook · user.account.update_profile',
            ' · Salesforce change event · ContactChangeEvent',
        ]);
        expect(items[0].querySelector('lightning-formatted-date-time').second).toBe('2-digit');
        await expect(element).toBeAccessible();
    });

    it('says when no event has arrived yet', async () => {
        const { root } = await mount();
        expect(root.querySelector('.no-events').textContent).toBe(
            'No event received since the start.',
        );
    });

    it('lists failed jobs in words with their full failure time', async () => {
        const { element, root } = await mount();
        const table = root.querySelector('.dead-letters');
        expect(table.data.map((row) => row.kindText)).toEqual(['Okta user sync', 'Grant expiry']);
        expect(table.data.map((row) => row.subjectText)).toEqual([
            'Ada Lovelace (ada@example.com)',
            'grant:a02',
        ]);
        expect(
            subjectWords({ subjectKey: 'okta-user:00u9', user: { login: 'x@example.com' } }),
        ).toBe('x@example.com');
        const failedAt = table.columns.find((c) => c.fieldName === 'deadAt');
        expect(failedAt.typeAttributes).toEqual(
            expect.objectContaining({ second: '2-digit', timeZoneName: 'short', year: 'numeric' }),
        );
        expect(jobWords('cdc-gap_sweep')).toBe('CDC gap sweep');
        await expect(element).toBeAccessible();
    });

    it('replays one failed job', async () => {
        replayDeadLetter.mockResolvedValue({ jobId: 99 });
        const { root, toasts } = await mount();

        root.querySelector('.dead-letters').dispatchEvent(
            new CustomEvent('rowaction', {
                detail: { action: { name: 'replay' }, row: deadLetters.items[0] },
            }),
        );
        await flushPromises();

        expect(replayDeadLetter).toHaveBeenCalledWith({ deadLetterId: '7' });
        expect(toasts[0]).toEqual(
            expect.objectContaining({ title: 'Job queued again', variant: 'success' }),
        );
    });

    it('replays every failed job after confirmation and reports a failure', async () => {
        replayAllDeadLetters.mockResolvedValueOnce({ replayed: 5 }).mockRejectedValueOnce({
            body: { message: 'The Okta Sync companion did not answer.' },
        });
        const { root, toasts } = await mount();

        root.querySelector('lightning-button.replay-all').click();
        await flushPromises();
        root.querySelector('lightning-button.replay-all').click();
        await flushPromises();

        expect(confirm.mock.calls[0][0].message).toContain('2 shown, more not shown');
        expect(toasts).toEqual([
            expect.objectContaining({ message: '5 job(s) queued again.', variant: 'success' }),
            expect.objectContaining({
                message: 'The Okta Sync companion did not answer.',
                variant: 'error',
            }),
        ]);
    });

    it('loads the next page of failed jobs', async () => {
        const { root } = await mount();
        listDeadLetters.mockResolvedValue({ items: [{ ...deadLetters.items[0], id: 9 }] });

        root.querySelector('lightning-button.load-more').click();
        await flushPromises();

        expect(listDeadLetters).toHaveBeenLastCalledWith({ after: '8' });
        expect(root.querySelector('.dead-letters').data).toHaveLength(3);
        expect(root.querySelector('lightning-button.load-more')).toBeNull();
    });

    it('shows error panels when the companion cannot be reached', async () => {
        const unreachable = { body: { message: 'The Okta Sync companion did not answer.' } };
        getHealth.mockRejectedValue(unreachable);
        listDeadLetters.mockRejectedValue(unreachable);
        const { element, root } = await mount();

        expect([...root.querySelectorAll('c-error-panel')].map((p) => p.friendlyMessage)).toEqual([
            "The companion's health could not be read.",
            'The failed jobs could not be read.',
        ]);
        await expect(element).toBeAccessible();
    });

    it('says when there is no failed job', async () => {
        listDeadLetters.mockResolvedValue({ items: [] });
        const { root } = await mount();

        expect(root.querySelector('.no-dead-letters').textContent).toBe('No failed job.');
        expect(root.querySelector('lightning-button.replay-all').disabled).toBe(true);
    });
});

import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getHealth from '@salesforce/apex/OktaSyncSetupController.getHealth';
import releaseGuard from '@salesforce/apex/OktaSyncSetupController.releaseGuard';
import listDeadLetters from '@salesforce/apex/OktaSyncSetupController.listDeadLetters';
import listHeldChanges from '@salesforce/apex/OktaSyncSetupController.listHeldChanges';
import replayDeadLetter from '@salesforce/apex/OktaSyncSetupController.replayDeadLetter';
import replayAllDeadLetters from '@salesforce/apex/OktaSyncSetupController.replayAllDeadLetters';
import { reduceErrors } from 'c/ldsUtils';

const FULL_TIME = {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
};

const CHANNEL_COLUMNS = [
    { label: 'Channel', fieldName: 'name' },
    { label: 'State', fieldName: 'state' },
    { label: 'Delivery lag of the last event (s)', fieldName: 'lagSeconds', type: 'number' },
    {
        label: 'Last event',
        fieldName: 'lastEventAt',
        type: 'date',
        typeAttributes: FULL_TIME,
    },
];
const DEAD_LETTER_COLUMNS = [
    { label: 'Job', fieldName: 'kindText', wrapText: true },
    { label: 'User or record', fieldName: 'subjectText', wrapText: true },
    { label: 'Attempts', fieldName: 'attempts', type: 'number', initialWidth: 120 },
    { label: 'Error', fieldName: 'error', wrapText: true },
    {
        label: 'Failed at',
        fieldName: 'deadAt',
        type: 'date',
        wrapText: true,
        typeAttributes: FULL_TIME,
    },
    {
        type: 'button',
        initialWidth: 100,
        typeAttributes: { label: 'Replay', name: 'replay', title: 'Run this job again' },
    },
];

/** Where an event came from, in words. */
const SOURCE_WORDS = {
    'okta-hook': 'Okta event hook',
    'okta-log': 'Okta System Log',
    'okta-scim': 'Okta provisioning (SCIM)',
    'sf-cdc': 'Salesforce change event',
    api: 'setup page or API',
    timer: 'schedule',
};

/** Who a job is about: "Ada Lovelace (ada@example.com)", the login alone, or the job's subject. */
export function subjectWords(item) {
    const user = item?.user;
    if (user?.name && user?.login) {
        return `${user.name} (${user.login})`;
    }
    return user?.name || user?.login || item?.subjectKey || '';
}

/** A queue job kind in words: "okta-user-sync" → "Okta user sync". */
export function jobWords(kind) {
    const words = String(kind ?? '')
        .replace(/[-_.]+/g, ' ')
        .trim()
        .replace(/\bokta\b/gi, 'Okta')
        .replace(/\bcdc\b/gi, 'CDC');
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

/** Health of the companion (queue, channels, guard) and its failed jobs (dead letters). */
export default class OktaSyncHealth extends LightningElement {
    health;
    healthError;
    deadLetters = [];
    nextDeadLetters;
    deadLettersError;
    busy = false;
    /** The changes the guard holds, once asked for: { total, items }. */
    held;
    heldError;
    loadingHeld = false;

    channelColumns = CHANNEL_COLUMNS;
    deadLetterColumns = DEAD_LETTER_COLUMNS;

    connectedCallback() {
        this.refresh();
    }

    async refresh() {
        this.held = undefined;
        await Promise.all([this.loadHealth(), this.loadDeadLetters()]);
    }

    async loadHealth() {
        try {
            this.health = await getHealth();
            this.healthError = undefined;
        } catch (error) {
            this.health = undefined;
            this.healthError = error;
        }
    }

    async loadDeadLetters(after) {
        try {
            const page = await listDeadLetters({ after: after ?? null });
            const items = (page?.items ?? []).map((item) => ({
                ...item,
                kindText: jobWords(item.kind),
                subjectText: subjectWords(item),
            }));
            this.deadLetters = after ? [...this.deadLetters, ...items] : items;
            this.nextDeadLetters =
                page?.next === undefined || page?.next === null ? undefined : String(page.next);
            this.deadLettersError = undefined;
        } catch (error) {
            this.deadLettersError = error;
        }
    }

    get statusLabel() {
        return this.health?.status === 'ok' ? 'Healthy' : 'Degraded';
    }

    get statusClass() {
        return this.health?.status === 'ok' ? 'slds-theme_success' : 'slds-theme_warning';
    }

    get queue() {
        return this.health?.queue ?? {};
    }

    get channels() {
        return Object.entries(this.health?.channels ?? {}).map(([name, channel]) => ({
            name,
            ...channel,
        }));
    }

    get guard() {
        return this.health?.guard ?? {};
    }

    /** The last events the companion accepted, newest first, in words. */
    get lastEvents() {
        return (this.health?.lastEvents ?? []).map((event, index) => ({
            key: `${event.eventId}-${index}`,
            source: SOURCE_WORDS[event.source] ?? event.source,
            type: event.eventType,
            receivedAt: event.receivedAt,
        }));
    }

    get hasLastEvents() {
        return this.lastEvents.length > 0;
    }

    /** The scheduled reconciliation: its expression, its next run, or why it has none. */
    get schedule() {
        return this.health?.schedule ?? undefined;
    }

    get nextReconciliationAt() {
        return this.schedule?.nextRunAt ?? undefined;
    }

    get scheduleError() {
        return this.schedule?.error ?? undefined;
    }

    /** Which companion instance answered, and which one runs the poller, CDC and schedules. */
    get instance() {
        return this.health?.instance ?? undefined;
    }

    get leaderText() {
        const instance = this.instance;
        if (!instance) {
            return '';
        }
        if (instance.election === 'single-instance') {
            return `${instance.instanceId} (this instance, the only one)`;
        }
        if (instance.isLeader) {
            return `${instance.instanceId} (this instance)`;
        }
        return (
            instance.leader ?? 'None at the moment: another instance takes over within 20 seconds'
        );
    }

    get guardTripped() {
        return this.guard.tripped === true;
    }

    /** "The blast-radius guard is holding 12 deactivations (limit 5 in 60 minutes)." */
    get guardText() {
        const held = this.guard.held ?? 0;
        const holding =
            held === 1 ? 'is holding 1 deactivation' : `is holding ${held} deactivations`;
        const limit =
            this.guard.threshold === null || this.guard.threshold === undefined
                ? ''
                : ` (limit ${this.guard.threshold}${
                      this.guard.windowMinutes ? ` in ${this.guard.windowMinutes} minutes` : ''
                  })`;
        return `The blast-radius guard ${holding}${limit}. Review them, then confirm if they are expected.`;
    }

    get showHeldLabel() {
        const held = this.guard.held ?? 0;
        return held === 1 ? 'Show the held deactivation' : `Show the ${held} held deactivations`;
    }

    get showHeldButton() {
        return !this.held;
    }

    get showHeldDisabled() {
        return this.loadingHeld || !(this.guard.held > 0);
    }

    get heldItems() {
        return (this.held?.items ?? []).map((item) => ({
            key: String(item.jobId),
            // The space before the time is part of the text: markup whitespace is not kept.
            lead: `${subjectWords(item)} · ${jobWords(item.kind)} · queued `,
            queuedAt: item.queuedAt,
        }));
    }

    get heldMore() {
        const more = (this.held?.total ?? 0) - this.heldItems.length;
        return more > 0 ? `and ${more} more.` : undefined;
    }

    async handleShowHeld() {
        this.loadingHeld = true;
        try {
            this.held = await listHeldChanges();
            this.heldError = undefined;
        } catch (error) {
            this.held = undefined;
            this.heldError = error;
        } finally {
            this.loadingHeld = false;
        }
    }

    get configProblems() {
        return (this.health?.config?.problems ?? []).map((problem, index) => ({
            key: `config-${index}`,
            text:
                typeof problem === 'string'
                    ? problem
                    : (problem.message ?? JSON.stringify(problem)),
        }));
    }

    get hasConfigProblems() {
        return this.configProblems.length > 0;
    }

    get hasDeadLetters() {
        return this.deadLetters.length > 0;
    }

    get replayAllDisabled() {
        return this.busy || !this.hasDeadLetters;
    }

    handleRefresh() {
        this.refresh();
    }

    async handleReleaseGuard() {
        const confirmed = await LightningConfirm.open({
            message:
                'The blast-radius guard is holding deactivations because more contacts than the configured limit would be deactivated. Confirm only if this is expected: the held contacts are deactivated in Salesforce.',
            label: 'Confirm held deactivations',
            theme: 'error',
        });
        if (!confirmed) {
            return;
        }
        await this.run(
            () => releaseGuard(),
            'Held deactivations confirmed',
            'The companion applies the held deactivations now.',
        );
    }

    async handleDeadLetterAction(event) {
        const item = event.detail.row;
        await this.run(
            () => replayDeadLetter({ deadLetterId: String(item.id) }),
            'Job queued again',
            `${jobWords(item.kind)} for ${subjectWords(item)} runs again.`,
        );
    }

    async handleReplayAll() {
        const confirmed = await LightningConfirm.open({
            message: `Queue every failed job again (${this.deadLetters.length} shown${this.nextDeadLetters ? ', more not shown' : ''})?`,
            label: 'Replay all failed jobs',
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        await this.run(async () => {
            const answer = await replayAllDeadLetters();
            return `${answer?.replayed ?? 0} job(s) queued again.`;
        }, 'Failed jobs queued again');
    }

    async handleLoadMore() {
        await this.loadDeadLetters(this.nextDeadLetters);
    }

    async run(action, title, message) {
        this.busy = true;
        try {
            const outcome = await action();
            this.toast(title, typeof outcome === 'string' ? outcome : message, 'success');
            await this.refresh();
        } catch (error) {
            this.toast(`${title}: failed`, reduceErrors(error).join(' '), 'error');
        } finally {
            this.busy = false;
        }
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}

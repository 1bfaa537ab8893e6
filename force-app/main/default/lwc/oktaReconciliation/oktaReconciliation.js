import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import startReconciliation from '@salesforce/apex/OktaSyncSetupController.startReconciliation';
import listReconciliations from '@salesforce/apex/OktaSyncSetupController.listReconciliations';
import getReconciliation from '@salesforce/apex/OktaSyncSetupController.getReconciliation';
import getReconciliationPlan from '@salesforce/apex/OktaSyncSetupController.getReconciliationPlan';
import applyReconciliation from '@salesforce/apex/OktaSyncSetupController.applyReconciliation';
import exportReconciliationPlan from '@salesforce/apex/OktaSyncSetupController.exportReconciliationPlan';
import { reduceErrors } from 'c/ldsUtils';

export const POLL_INTERVAL_MS = 5000;
const IN_PROGRESS = ['QUEUED', 'RUNNING', 'APPLYING'];
/** Plan item kinds, in words, with the run summary count each one shows. */
const KINDS = [
    { value: 'create', label: 'Creates', words: 'Create', summary: 'creates' },
    { value: 'update', label: 'Updates', words: 'Update', summary: 'updates' },
    { value: 'link', label: 'Links', words: 'Link', summary: 'links' },
    { value: 'deactivate', label: 'Deactivations', words: 'Deactivate', summary: 'deactivations' },
    { value: 'conflict', label: 'Conflicts', words: 'Conflict', summary: 'conflicts' },
];
/** Plan rows a page (OktaSyncSetupController.PLAN_PAGE). */
export const PLAN_PAGE_SIZE = 50;
const PLAN_COLUMNS = [
    { label: 'Change', fieldName: 'kindText', initialWidth: 110 },
    { label: 'Okta login', fieldName: 'login', wrapText: true },
    { label: 'Field changes (before → after)', fieldName: 'changeText', wrapText: true },
    { label: 'Reason', fieldName: 'reason', wrapText: true },
    { label: 'Outcome', fieldName: 'outcomeText', wrapText: true, initialWidth: 140 },
];

function outcomeText(outcome) {
    if (!outcome) {
        return '';
    }
    return outcome.ok ? 'Applied' : (outcome.error ?? 'Failed');
}

/** What applying writes, in counts: the sentence the confirmation states. */
export function applyMessage(summary, confirmDeactivations) {
    const count = (key) => summary[key] ?? 0;
    const deactivations = confirmDeactivations
        ? `${count('deactivations')} Contacts will be deactivated`
        : `the ${count('deactivations')} deactivations are left out (not confirmed)`;
    const conflicts = count('conflicts')
        ? ` ${count('conflicts')} conflicts are not applied: they need a decision.`
        : '';
    return `Apply the plan to Salesforce? ${count('creates')} Contacts will be created, ${count(
        'updates',
    )} updated and ${count('links')} linked to their Okta user; ${deactivations}.${conflicts}`;
}

function valueText(value) {
    if (value === null || value === undefined || value === '') {
        return '∅';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Reconciliation: start a dry run, follow its progress, review the plan (kind, login, field
 * differences) and apply it; deactivations beyond the blast-radius limit need an explicit
 * confirmation.
 */
export default class OktaReconciliation extends LightningElement {
    run;
    runError;
    planItems = [];
    nextPlanPage;
    /** The `after` cursor of each page shown so far: [null, cursor of page 2, ...]. */
    pageCursors = [null];
    pageIndex = 0;
    planError;
    kind = '';
    confirmDeactivations = false;
    busy = false;
    pollTimer;
    /** The plan exported as CSV: { url, fileName, rows } of the run and kind shown, once asked for. */
    planExport;
    exporting = false;

    planColumns = PLAN_COLUMNS;

    connectedCallback() {
        this.loadLatest();
    }

    disconnectedCallback() {
        this.stopPolling();
    }

    async loadLatest() {
        try {
            const answer = await listReconciliations();
            this.showRun(answer?.runs?.[0]);
            this.runError = undefined;
        } catch (error) {
            this.runError = error;
        }
    }

    showRun(run) {
        const previousStatus = this.run?.status;
        if (run?.id !== this.run?.id || run?.status !== previousStatus) {
            this.planExport = undefined;
        }
        this.run = run;
        if (!run) {
            return;
        }
        if (IN_PROGRESS.includes(run.status)) {
            this.startPolling();
        } else {
            this.stopPolling();
            if (run.status !== previousStatus || this.planItems.length === 0) {
                this.showFirstPage();
            }
        }
    }

    startPolling() {
        if (this.pollTimer) {
            return;
        }
        // Progress of a run on the companion: polled while it runs, stopped when it ends or the page closes.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.pollTimer = setInterval(() => this.refreshRun(), POLL_INTERVAL_MS);
    }

    stopPolling() {
        if (this.pollTimer) {
            clearInterval(this.pollTimer);
            this.pollTimer = undefined;
        }
    }

    async refreshRun() {
        if (!this.run) {
            await this.loadLatest();
            return;
        }
        try {
            this.showRun(await getReconciliation({ runId: this.run.id }));
            this.runError = undefined;
        } catch (error) {
            this.stopPolling();
            this.runError = error;
        }
    }

    /** Loads one page of the plan: the first, or the page after the cursor. */
    async loadPlan(after) {
        if (!this.run || this.run.status === 'FAILED') {
            this.planItems = [];
            return;
        }
        try {
            const page = await getReconciliationPlan({
                runId: this.run.id,
                after: after ?? null,
                kind: this.kind || null,
            });
            this.planItems = (page?.items ?? []).map((item) => ({
                ...item,
                key: String(item.seq),
                kindText: KINDS.find((k) => k.value === item.kind)?.words ?? item.kind,
                changeText: (item.changes ?? [])
                    .map((c) => `${c.field}: ${valueText(c.before)} → ${valueText(c.after)}`)
                    .join('; '),
                outcomeText: outcomeText(item.outcome),
            }));
            this.nextPlanPage =
                page?.next === undefined || page?.next === null ? undefined : String(page.next);
            this.planError = undefined;
        } catch (error) {
            this.planError = error;
        }
    }

    showFirstPage() {
        this.pageCursors = [null];
        this.pageIndex = 0;
        return this.loadPlan();
    }

    // ---- View ------------------------------------------------------------------------------

    get hasRun() {
        return !!this.run;
    }

    get showNoRun() {
        return !this.run && !this.runError;
    }

    get isRunning() {
        return IN_PROGRESS.includes(this.run?.status);
    }

    get progressText() {
        const p = this.run?.progress ?? {};
        return `${p.oktaUsersRead ?? 0} Okta users and ${p.contactsRead ?? 0} contacts read, ${p.itemsApplied ?? 0} changes applied, ${p.itemsFailed ?? 0} failed.`;
    }

    get summary() {
        const s = this.run?.summary ?? {};
        return [
            ...KINDS.map((k) => ({ key: k.summary, label: k.label, value: s[k.summary] ?? 0 })),
            { key: 'unchanged', label: 'Unchanged', value: s.unchanged ?? 0 },
        ];
    }

    /** Changes of the kind shown (every kind for ''), from the run summary. */
    countOf(kind) {
        const s = this.run?.summary ?? {};
        return KINDS.filter((k) => !kind || k.value === kind).reduce(
            (total, k) => total + (s[k.summary] ?? 0),
            0,
        );
    }

    /** The filters: each kind with its count. */
    get kindOptions() {
        return [
            { label: `All changes (${this.countOf('')})`, value: '' },
            ...KINDS.map((k) => ({
                label: `${k.label} (${this.countOf(k.value)})`,
                value: k.value,
            })),
        ];
    }

    get pageText() {
        const total = this.countOf(this.kind);
        const first = this.pageIndex * PLAN_PAGE_SIZE + 1;
        const last = first + this.planItems.length - 1;
        return `Rows ${first}–${last} of ${total}, page ${this.pageIndex + 1} of ${Math.max(
            1,
            Math.ceil(total / PLAN_PAGE_SIZE),
        )}`;
    }

    get previousDisabled() {
        return this.pageIndex === 0;
    }

    get nextDisabled() {
        return !this.nextPlanPage;
    }

    get deactivationCount() {
        return this.run?.summary?.deactivations ?? 0;
    }

    get needsDeactivationConfirmation() {
        return this.canApply && (this.deactivationCount > 0 || this.run?.status === 'REFUSED');
    }

    get deactivationLabel() {
        return `Also apply the ${this.deactivationCount} deactivation(s), even beyond the blast-radius limit`;
    }

    get isRefused() {
        return this.run?.status === 'REFUSED';
    }

    get canApply() {
        return !!this.run && this.run.dryRun && ['PLANNED', 'REFUSED'].includes(this.run.status);
    }

    get applyDisabled() {
        return this.busy || !this.canApply;
    }

    get startDisabled() {
        return this.busy || this.isRunning;
    }

    get hasPlanItems() {
        return this.planItems.length > 0;
    }

    // ---- Actions ---------------------------------------------------------------------------

    async handleStart() {
        this.busy = true;
        try {
            const run = await startReconciliation({ dryRun: true, confirmDeactivations: false });
            this.planItems = [];
            this.showRun(run);
            this.toast(
                'Dry run started',
                'Nothing is written: the plan appears here when the run ends.',
                'success',
            );
        } catch (error) {
            this.toast('Dry run not started', reduceErrors(error).join(' '), 'error');
        } finally {
            this.busy = false;
        }
    }

    handleRefresh() {
        this.refreshRun();
    }

    handleKindChange(event) {
        this.kind = event.detail.value;
        this.planExport = undefined;
        this.showFirstPage();
    }

    get exportDisabled() {
        return this.exporting || !this.run?.id || this.isRunning;
    }

    get exportLabel() {
        const kind = KINDS.find((k) => k.value === this.kind);
        return kind ? `Export the ${kind.label.toLowerCase()} (CSV)` : 'Export the plan (CSV)';
    }

    get exportSummary() {
        const changes = this.planExport?.changes ?? 0;
        return `${changes} change${changes === 1 ? '' : 's'} ready.`;
    }

    /** The plan as shown (all of it or the changes of one kind), as a CSV file to download. */
    async handleExport() {
        this.exporting = true;
        this.planExport = undefined;
        const kind = this.kind || null;
        // The file has a row per field change; the changes are the run's count of the kind.
        const changes = this.countOf(this.kind);
        try {
            const csv = (await exportReconciliationPlan({ runId: this.run.id, kind })) ?? '';
            this.planExport = {
                url: `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`,
                fileName: `okta-sync-reconciliation_${this.run.id}${kind ? `_${kind}` : ''}.csv`,
                changes,
            };
        } catch (error) {
            this.toast('Plan not exported', reduceErrors(error).join(' '), 'error');
        } finally {
            this.exporting = false;
        }
    }

    handleNextPage() {
        if (!this.nextPlanPage) {
            return;
        }
        this.pageIndex += 1;
        this.pageCursors = [...this.pageCursors.slice(0, this.pageIndex), this.nextPlanPage];
        this.loadPlan(this.nextPlanPage);
    }

    handlePreviousPage() {
        if (this.pageIndex === 0) {
            return;
        }
        this.pageIndex -= 1;
        this.loadPlan(this.pageCursors[this.pageIndex]);
    }

    handleConfirmDeactivations(event) {
        this.confirmDeactivations = event.detail.checked;
    }

    async handleApply() {
        const confirmed = await LightningConfirm.open({
            message: applyMessage(this.run.summary ?? {}, this.confirmDeactivations),
            label: 'Apply the reconciliation plan',
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        this.busy = true;
        try {
            const run = await applyReconciliation({
                runId: this.run.id,
                confirmDeactivations: this.confirmDeactivations,
            });
            this.showRun(run);
            if (run?.status === 'REFUSED') {
                this.toast(
                    'Plan not applied',
                    'The blast-radius guard refused the deactivations: tick the confirmation to apply them.',
                    'warning',
                );
            } else {
                this.toast(
                    'Plan applied',
                    'The changes are being written to Salesforce.',
                    'success',
                );
            }
        } catch (error) {
            this.toast('Plan not applied', reduceErrors(error).join(' '), 'error');
        } finally {
            this.busy = false;
        }
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}

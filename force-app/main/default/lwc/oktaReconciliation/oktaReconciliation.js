import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import startReconciliation from '@salesforce/apex/OktaSyncSetupController.startReconciliation';
import listReconciliations from '@salesforce/apex/OktaSyncSetupController.listReconciliations';
import getReconciliation from '@salesforce/apex/OktaSyncSetupController.getReconciliation';
import getReconciliationPlan from '@salesforce/apex/OktaSyncSetupController.getReconciliationPlan';
import applyReconciliation from '@salesforce/apex/OktaSyncSetupController.applyReconciliation';
import { reduceErrors } from 'c/ldsUtils';

export const POLL_INTERVAL_MS = 5000;
const IN_PROGRESS = ['QUEUED', 'RUNNING', 'APPLYING'];
const KIND_OPTIONS = [
    { label: 'All changes', value: '' },
    { label: 'Creates', value: 'create' },
    { label: 'Updates', value: 'update' },
    { label: 'Links', value: 'link' },
    { label: 'Deactivations', value: 'deactivate' },
    { label: 'Conflicts', value: 'conflict' },
];
const PLAN_COLUMNS = [
    { label: 'Kind', fieldName: 'kind', initialWidth: 110 },
    { label: 'Okta login', fieldName: 'login' },
    { label: 'Field changes', fieldName: 'changeText', wrapText: true },
    { label: 'Reason', fieldName: 'reason', wrapText: true },
    { label: 'Outcome', fieldName: 'outcomeText', wrapText: true, initialWidth: 140 },
];

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
    planError;
    kind = '';
    confirmDeactivations = false;
    busy = false;
    pollTimer;

    kindOptions = KIND_OPTIONS;
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
        this.run = run;
        if (!run) {
            return;
        }
        if (IN_PROGRESS.includes(run.status)) {
            this.startPolling();
        } else {
            this.stopPolling();
            if (run.status !== previousStatus || this.planItems.length === 0) {
                this.loadPlan();
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
            const items = (page?.items ?? []).map((item) => ({
                ...item,
                key: String(item.seq),
                changeText: (item.changes ?? [])
                    .map((c) => `${c.field}: ${valueText(c.before)} → ${valueText(c.after)}`)
                    .join('; '),
                outcomeText: item.outcome
                    ? item.outcome.ok
                        ? 'Applied'
                        : (item.outcome.error ?? 'Failed')
                    : '',
            }));
            this.planItems = after ? [...this.planItems, ...items] : items;
            this.nextPlanPage =
                page?.next === undefined || page?.next === null ? undefined : String(page.next);
            this.planError = undefined;
        } catch (error) {
            this.planError = error;
        }
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
            { key: 'creates', label: 'Creates', value: s.creates ?? 0 },
            { key: 'updates', label: 'Updates', value: s.updates ?? 0 },
            { key: 'links', label: 'Links', value: s.links ?? 0 },
            { key: 'deactivations', label: 'Deactivations', value: s.deactivations ?? 0 },
            { key: 'conflicts', label: 'Conflicts', value: s.conflicts ?? 0 },
            { key: 'unchanged', label: 'Unchanged', value: s.unchanged ?? 0 },
        ];
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
        this.loadPlan();
    }

    handleLoadMore() {
        this.loadPlan(this.nextPlanPage);
    }

    handleConfirmDeactivations(event) {
        this.confirmDeactivations = event.detail.checked;
    }

    async handleApply() {
        const s = this.run.summary ?? {};
        const confirmed = await LightningConfirm.open({
            message: `Apply the plan: ${s.creates ?? 0} creates, ${s.updates ?? 0} updates, ${s.links ?? 0} links and ${
                this.confirmDeactivations ? (s.deactivations ?? 0) : 0
            } deactivations will be written to Salesforce.`,
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

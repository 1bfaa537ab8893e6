import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import exportAudit from '@salesforce/apex/OktaSyncSetupController.exportAudit';
import { reduceErrors } from 'c/ldsUtils';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Audit export: the audit entries of a period, downloaded as a CSV file. */
export default class OktaAuditExport extends LightningElement {
    fromTime = new Date(Date.now() - 7 * DAY_MS).toISOString();
    toTime = new Date().toISOString();
    exporting = false;
    exportError;
    downloadUrl;
    fileName;
    lineCount = 0;

    handleFromChange(event) {
        this.fromTime = event.detail.value;
    }

    handleToChange(event) {
        this.toTime = event.detail.value;
    }

    get periodInvalid() {
        return (
            !this.fromTime || !this.toTime || Date.parse(this.fromTime) >= Date.parse(this.toTime)
        );
    }

    get exportDisabled() {
        return this.exporting || this.periodInvalid;
    }

    get summary() {
        return `${this.lineCount} audit entr${this.lineCount === 1 ? 'y' : 'ies'} ready.`;
    }

    async handleExport() {
        this.exporting = true;
        this.exportError = undefined;
        this.downloadUrl = undefined;
        try {
            const csv = await exportAudit({ fromTime: this.fromTime, toTime: this.toTime });
            const lines = (csv ?? '').split('\n').filter((line) => line.trim().length > 0);
            this.lineCount = Math.max(lines.length - 1, 0);
            this.fileName = `okta-sync-audit_${this.fromTime.slice(0, 10)}_${this.toTime.slice(0, 10)}.csv`;
            this.downloadUrl = `data:text/csv;charset=utf-8,${encodeURIComponent(csv ?? '')}`;
        } catch (error) {
            this.exportError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Audit not exported',
                    message: reduceErrors(error).join(' '),
                    variant: 'error',
                }),
            );
        } finally {
            this.exporting = false;
        }
    }
}

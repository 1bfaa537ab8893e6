import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import OKTA_USER_ID from '@salesforce/schema/Contact.Okta_User_Id__c';
import OKTA_LOGIN from '@salesforce/schema/Contact.Okta_Login__c';
import OKTA_STATUS from '@salesforce/schema/Contact.Okta_Status__c';
import SYNC_STATUS from '@salesforce/schema/Contact.Okta_Sync_Status__c';
import LAST_SYNCED_AT from '@salesforce/schema/Contact.Okta_Last_Synced_At__c';
import SYNC_ERROR from '@salesforce/schema/Contact.Okta_Sync_Error__c';
import getSyncTimeline from '@salesforce/apex/OktaContactStatusController.getSyncTimeline';
import resync from '@salesforce/apex/OktaContactStatusController.resync';
import { reduceErrors } from 'c/ldsUtils';
import { entryTitle, shownSyncStatus, statusWords } from './syncWords';

const FIELDS = [OKTA_USER_ID, OKTA_LOGIN, OKTA_STATUS, SYNC_STATUS, LAST_SYNCED_AT, SYNC_ERROR];

const OKTA_STATUS_THEME = {
    ACTIVE: 'slds-theme_success',
    STAGED: 'slds-theme_info',
    PROVISIONED: 'slds-theme_info',
    RECOVERY: 'slds-theme_warning',
    PASSWORD_EXPIRED: 'slds-theme_warning',
    LOCKED_OUT: 'slds-theme_warning',
    SUSPENDED: 'slds-theme_error',
    DEPROVISIONED: 'slds-theme_error',
    DELETED: 'slds-theme_error',
};
const SYNC_STATUS_THEME = {
    Synced: 'slds-theme_success',
    Pending: 'slds-theme_info',
    Error: 'slds-theme_error',
};
const LOG_ICON = {
    SUCCESS: 'utility:success',
    FAILED: 'utility:error',
    DEAD_LETTER: 'utility:error',
    RETRYING: 'utility:refresh',
    SKIPPED: 'utility:skip',
};

/**
 * Okta Sync panel of the Contact record page: link status, Okta status, last sync and last
 * error from the record, recent sync log entries, and "Resync now".
 */
export default class OktaContactStatus extends LightningElement {
    @api recordId;

    resyncing = false;
    resyncError;

    @wire(getRecord, { recordId: '$recordId', fields: FIELDS })
    contact;

    @wire(getSyncTimeline, { contactId: '$recordId' })
    timeline;

    get isLoaded() {
        return !!this.contact?.data;
    }

    get recordErrors() {
        return this.contact?.error ? reduceErrors(this.contact.error) : [];
    }

    get hasRecordError() {
        return this.recordErrors.length > 0;
    }

    get oktaUserId() {
        return getFieldValue(this.contact.data, OKTA_USER_ID);
    }

    get oktaLogin() {
        return getFieldValue(this.contact.data, OKTA_LOGIN);
    }

    get isLinked() {
        return !!this.oktaUserId;
    }

    get oktaStatus() {
        return getFieldValue(this.contact.data, OKTA_STATUS);
    }

    get oktaStatusClass() {
        return OKTA_STATUS_THEME[this.oktaStatus] ?? '';
    }

    get syncStatus() {
        return shownSyncStatus({
            storedStatus: getFieldValue(this.contact.data, SYNC_STATUS),
            lastSyncedAt: this.lastSyncedAt,
            isLinked: this.isLinked,
        });
    }

    get syncStatusClass() {
        return SYNC_STATUS_THEME[this.syncStatus] ?? '';
    }

    get lastSyncedAt() {
        return getFieldValue(this.contact.data, LAST_SYNCED_AT);
    }

    get syncError() {
        return getFieldValue(this.contact.data, SYNC_ERROR);
    }

    get resyncDisabled() {
        return !this.isLinked || this.resyncing;
    }

    get timelineErrors() {
        return this.timeline?.error ? reduceErrors(this.timeline.error) : [];
    }

    get hasTimelineError() {
        return this.timelineErrors.length > 0;
    }

    get entries() {
        return (this.timeline?.data ?? []).map((entry) => ({
            ...entry,
            title: entryTitle(entry),
            statusText: statusWords(entry.status),
            iconName: LOG_ICON[entry.status] ?? 'utility:info',
            itemClass: `slds-m-bottom_x-small okta-entry okta-entry_${(entry.status ?? 'unknown').toLowerCase()}`,
            // Follows the time; its leading space is text, since markup whitespace is not kept.
            outcomeText: ` · ${statusWords(entry.status)}${
                entry.attempts > 1 ? ` · ${entry.attempts} attempts` : ''
            }`,
        }));
    }

    get hasEntries() {
        return this.entries.length > 0;
    }

    get timelineLoaded() {
        return !!this.timeline?.data;
    }

    async handleResync() {
        this.resyncing = true;
        this.resyncError = undefined;
        try {
            await resync({ contactId: this.recordId });
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Resync queued',
                    message: 'The contact will be updated from Okta in a moment.',
                    variant: 'success',
                }),
            );
            await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
            await refreshApex(this.timeline);
        } catch (error) {
            this.resyncError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Resync failed',
                    message: reduceErrors(error).join(' '),
                    variant: 'error',
                }),
            );
        } finally {
            this.resyncing = false;
        }
    }
}

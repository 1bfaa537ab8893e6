import { LightningElement, api, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getStatus from '@salesforce/apex/OktaCaseAccessController.getStatus';
import performAction from '@salesforce/apex/OktaCaseAccessController.performAction';
import listGrants from '@salesforce/apex/OktaCaseAccessController.listGrants';
import grantAccess from '@salesforce/apex/OktaCaseAccessController.grantAccess';
import revokeGrant from '@salesforce/apex/OktaCaseAccessController.revokeGrant';
import grantableGroups from '@salesforce/apex/OktaCaseAccessController.grantableGroups';
import getGrantSettings from '@salesforce/apex/OktaCaseAccessController.getGrantSettings';
import { reduceErrors } from 'c/ldsUtils';

const STATUS_THEME = {
    ACTIVE: 'slds-theme_success',
    STAGED: 'slds-theme_info',
    PROVISIONED: 'slds-theme_info',
    RECOVERY: 'slds-theme_warning',
    PASSWORD_EXPIRED: 'slds-theme_warning',
    LOCKED_OUT: 'slds-theme_warning',
    SUSPENDED: 'slds-theme_error',
    DEPROVISIONED: 'slds-theme_error',
};

/** What each support action asks and says; keys are the companion's action names. */
const ACTIONS = {
    unlock: {
        label: 'Unlock',
        confirm: 'Unlock the Okta account of {name}? They can sign in again right away.',
        done: 'The Okta account is unlocked.',
    },
    'reset-factors': {
        label: 'Reset MFA',
        confirm:
            'Reset every MFA factor of {name}? They must enroll their factors again at their next sign-in.',
        done: 'The MFA factors are reset.',
    },
    'resend-activation': {
        label: 'Resend activation',
        confirm: 'Send {name} a new Okta activation email? Earlier activation links stop working.',
        done: 'The activation email is sent.',
    },
};

const GRANT_COLUMNS = [
    { label: 'Group', fieldName: 'groupName', wrapText: true },
    { label: 'Status', fieldName: 'status', initialWidth: 90 },
    { label: 'Expires', fieldName: 'expiresText', wrapText: true, initialWidth: 170 },
    {
        type: 'button',
        initialWidth: 95,
        typeAttributes: {
            label: 'Revoke',
            name: 'revoke',
            variant: 'destructive-text',
            title: 'Revoke this access now',
        },
    },
];
const EXPIRY_FORMAT = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
});

/** The full expiry time and the time left: "Dec 02, 2026, 10:55 PM UTC (3 h 59 min left)". */
export function expiryText(expiresAt, now = Date.now()) {
    const time = Date.parse(expiresAt);
    if (Number.isNaN(time)) {
        return '';
    }
    const left = timeLeft(expiresAt, now);
    return `${EXPIRY_FORMAT.format(new Date(time))} (${left === 'Expired' ? 'expired' : `${left} left`})`;
}

/** "3 h 20 min", "45 min" or "Expired" until the given ISO time. */
export function timeLeft(expiresAt, now = Date.now()) {
    const minutes = Math.floor((Date.parse(expiresAt) - now) / 60000);
    if (!Number.isFinite(minutes) || minutes <= 0) {
        return 'Expired';
    }
    const hours = Math.floor(minutes / 60);
    return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * Okta panel of the Case record page for support agents: the Case contact's live Okta status,
 * unlock / MFA reset / activation email, and temporary group access tied to the Case.
 */
export default class OktaCaseAccess extends LightningElement {
    @api recordId;

    status;
    statusError;
    loadingStatus = false;
    grants = [];
    grantsError;
    actionInProgress = false;
    grantInProgress = false;

    selectedGroupId;
    hours;
    reason = '';

    grantColumns = GRANT_COLUMNS;

    @wire(grantableGroups)
    groups;

    @wire(getGrantSettings)
    grantSettings;

    connectedCallback() {
        this.refresh();
    }

    async refresh() {
        await Promise.all([this.loadStatus(), this.loadGrants()]);
    }

    async loadStatus() {
        this.loadingStatus = true;
        try {
            this.status = await getStatus({ caseId: this.recordId });
            this.statusError = undefined;
        } catch (error) {
            this.status = undefined;
            this.statusError = error;
        } finally {
            this.loadingStatus = false;
        }
    }

    async loadGrants() {
        try {
            const answer = await listGrants({ caseId: this.recordId });
            this.grants = (answer?.grants ?? []).map((grant) => ({
                ...grant,
                groupName: grant.groupName ?? grant.groupId,
                timeLeft: timeLeft(grant.expiresAt),
                expiresText: expiryText(grant.expiresAt),
            }));
            this.grantsError = undefined;
        } catch (error) {
            this.grants = [];
            this.grantsError = error;
        }
    }

    // ---- Status ----------------------------------------------------------------------------

    get user() {
        return this.status?.user;
    }

    get contactName() {
        return this.status?.contact?.name ?? 'this contact';
    }

    get userStatus() {
        return this.user?.status;
    }

    get statusClass() {
        return STATUS_THEME[this.userStatus] ?? '';
    }

    get lockedOutLabel() {
        return this.isLockedOut ? 'Yes' : 'No';
    }

    get isLockedOut() {
        return this.user?.lockedOut === true || this.userStatus === 'LOCKED_OUT';
    }

    get factors() {
        return (this.status?.factors ?? []).map((factor) => ({
            ...factor,
            text: [factor.factorType, factor.provider, factor.status].filter(Boolean).join(' · '),
        }));
    }

    get hasFactors() {
        return this.factors.length > 0;
    }

    get userGroups() {
        return this.status?.groups ?? [];
    }

    get hasGroups() {
        return this.userGroups.length > 0;
    }

    get statusErrorMessage() {
        return 'The Okta status of the case contact could not be loaded.';
    }

    // ---- Actions ---------------------------------------------------------------------------

    get actionButtons() {
        const status = this.userStatus;
        const enabled = {
            unlock: this.isLockedOut,
            'reset-factors': this.hasFactors,
            'resend-activation': status === 'PROVISIONED' || status === 'STAGED',
        };
        return Object.entries(ACTIONS).map(([name, action]) => ({
            name,
            label: action.label,
            disabled: !this.user || this.actionInProgress || !enabled[name],
        }));
    }

    async handleAction(event) {
        const name = event.target.dataset.action;
        const action = ACTIONS[name];
        const confirmed = await LightningConfirm.open({
            message: action.confirm.replace('{name}', this.contactName),
            label: action.label,
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        this.actionInProgress = true;
        try {
            await performAction({ caseId: this.recordId, action: name });
            this.toast(action.label, action.done, 'success');
            await this.loadStatus();
        } catch (error) {
            this.toast(`${action.label} failed`, reduceErrors(error).join(' '), 'error');
        } finally {
            this.actionInProgress = false;
        }
    }

    // ---- Temporary access ------------------------------------------------------------------

    get groupOptions() {
        return (this.groups?.data?.groups ?? []).map((group) => ({
            label: group.name,
            value: group.id,
            description: group.description ?? undefined,
        }));
    }

    get groupsErrors() {
        return this.groups?.error;
    }

    get maxHours() {
        return this.grantSettings?.data?.maxHours ?? 72;
    }

    get durationHours() {
        return this.hours ?? this.grantSettings?.data?.defaultHours ?? 8;
    }

    get durationHelp() {
        return `Between 1 and ${this.maxHours} hours.`;
    }

    /** Why no access can be granted to this user, or undefined when it can. */
    get grantBlockedReason() {
        return this.userStatus === 'DEPROVISIONED'
            ? 'The Okta user is deactivated: temporary access cannot be granted.'
            : undefined;
    }

    get grantDisabled() {
        return !this.user || this.grantInProgress || Boolean(this.grantBlockedReason);
    }

    get hasGrants() {
        return this.grants.length > 0;
    }

    handleGroupChange(event) {
        this.selectedGroupId = event.detail.value;
    }

    handleHoursChange(event) {
        this.hours = event.detail.value === '' ? undefined : Number(event.detail.value);
    }

    handleReasonChange(event) {
        this.reason = event.detail.value;
    }

    async handleGrant() {
        const inputs = [...this.template.querySelectorAll('.grant-form [data-input]')];
        const valid = inputs.reduce((ok, input) => input.reportValidity() && ok, true);
        if (!valid) {
            return;
        }
        this.grantInProgress = true;
        try {
            const grant = await grantAccess({
                caseId: this.recordId,
                groupId: this.selectedGroupId,
                hours: this.durationHours,
                reason: this.reason.trim(),
            });
            const groupName = grant?.groupName ?? 'the group';
            if (grant?.status === 'FAILED') {
                this.toast(
                    'Access not granted',
                    grant.error ?? `Okta refused ${groupName}.`,
                    'error',
                );
            } else {
                this.toast(
                    'Access granted',
                    `${groupName} for ${this.durationHours} hours.`,
                    'success',
                );
                this.reason = '';
                this.selectedGroupId = undefined;
            }
            // The user's Okta groups change with the grant: both lists are read again.
            await Promise.all([this.loadGrants(), this.loadStatus()]);
        } catch (error) {
            this.toast('Access not granted', reduceErrors(error).join(' '), 'error');
        } finally {
            this.grantInProgress = false;
        }
    }

    async handleGrantRowAction(event) {
        const grant = event.detail.row;
        const confirmed = await LightningConfirm.open({
            message: `Revoke ${grant.groupName} for ${this.contactName} now? The membership is removed in Okta.`,
            label: 'Revoke access',
            theme: 'warning',
        });
        if (!confirmed) {
            return;
        }
        try {
            await revokeGrant({ caseId: this.recordId, grantId: grant.id });
            this.toast('Access revoked', `${grant.groupName} is revoked.`, 'success');
            await Promise.all([this.loadGrants(), this.loadStatus()]);
        } catch (error) {
            this.toast('Revoke failed', reduceErrors(error).join(' '), 'error');
        }
    }

    handleRefresh() {
        this.refresh();
    }

    toast(title, message, variant) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}

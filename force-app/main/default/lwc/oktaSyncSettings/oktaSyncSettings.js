import { LightningElement, wire } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSettings from '@salesforce/apex/OktaSyncSetupController.getSettings';
import saveSettings from '@salesforce/apex/OktaSyncSetupController.saveSettings';
import getClosedLeadStatuses from '@salesforce/apex/OktaSyncSetupController.getClosedLeadStatuses';
import { reduceErrors } from 'c/ldsUtils';

const options = (values) => values.map((value) => ({ label: value, value }));

/** The fields of Okta_Sync_Setting__mdt, grouped as the form shows them. */
const SECTIONS = [
    {
        title: 'Sync',
        fields: [
            { name: 'Sync_Enabled__c', label: 'Sync enabled', kind: 'checkbox' },
            {
                name: 'Okta_Contact_Filter__c',
                label: 'Okta users that become contacts (search expression)',
                max: 255,
            },
            { name: 'User_Match_Field__c', label: 'User field matching the Okta login', max: 80 },
            { name: 'Default_Owner_Id__c', label: 'Default contact owner (User Id)', max: 18 },
        ],
    },
    {
        title: 'Leads',
        fields: [
            {
                name: 'Okta_Lead_Filter__c',
                label: 'Other Okta users that become leads (search expression; blank: none)',
                max: 255,
            },
            {
                name: 'Lead_Closed_Status__c',
                label: 'Status of a deactivated user’s open lead',
                kind: 'picklist',
                optionsFrom: 'closedLeadStatuses',
            },
            {
                name: 'Lead_Assignment_Rule__c',
                label: 'Assign new leads with the active lead assignment rule',
                kind: 'checkbox',
            },
        ],
    },
    {
        title: 'Accounts',
        fields: [
            {
                name: 'Account_Strategy__c',
                label: 'Account strategy',
                kind: 'picklist',
                options: options(['MATCH_OR_CREATE', 'MATCH_ONLY', 'NONE']),
            },
            {
                name: 'Account_Match_Attribute__c',
                label: 'Okta attribute naming the account',
                max: 100,
            },
            {
                name: 'Deactivate_Empty_Accounts__c',
                label: 'Mark accounts inactive when their last contact goes',
                kind: 'checkbox',
            },
        ],
    },
    {
        title: 'Deprovisioning',
        fields: [
            {
                name: 'Deprovision_Case_Action__c',
                label: 'Open cases of a deprovisioned contact',
                kind: 'picklist',
                options: options(['REASSIGN_TO_QUEUE', 'FLAG', 'NONE']),
            },
            {
                name: 'Deprovision_Case_Queue__c',
                label: 'Queue for those cases (API name)',
                max: 80,
            },
            {
                name: 'Lead_Fallback_Owner_Id__c',
                label: 'Fallback owner of leads (User Id)',
                max: 18,
            },
            {
                name: 'Termination_Case_Type__c',
                label: 'Case type that deactivates the Okta user on close',
                max: 80,
            },
            {
                name: 'Blast_Radius_Percent__c',
                label: 'Blast-radius limit (% of contacts)',
                kind: 'number',
                step: '0.01',
                maxValue: 100,
            },
            {
                name: 'Blast_Radius_Min_Contacts__c',
                label: 'Guard applies above this many deactivations',
                kind: 'number',
            },
            {
                name: 'Blast_Radius_Window_Minutes__c',
                label: 'Guard window (minutes)',
                kind: 'number',
            },
        ],
    },
    {
        title: 'Temporary access',
        fields: [
            {
                name: 'Default_Grant_Hours__c',
                label: 'Default grant duration (hours)',
                kind: 'number',
                minValue: 1,
            },
            {
                name: 'Max_Grant_Hours__c',
                label: 'Maximum grant duration (hours)',
                kind: 'number',
                minValue: 1,
            },
            {
                name: 'Access_Issue_Attribute__c',
                label: 'Okta attribute set for access-issue cases',
                max: 100,
            },
        ],
    },
    {
        title: 'Operations',
        fields: [
            { name: 'Reconciliation_Cron__c', label: 'Reconciliation schedule (cron)', max: 80 },
            {
                name: 'Bulk_Threshold__c',
                label: 'Use Bulk API above this many records',
                kind: 'number',
            },
            {
                name: 'Api_Reserve_Percent__c',
                label: 'Salesforce API calls kept in reserve (%)',
                kind: 'number',
                step: '0.01',
                maxValue: 100,
            },
            { name: 'Alert_Recipient_Id__c', label: 'Alert recipient (User or group Id)', max: 18 },
        ],
    },
];

/** Settings form: the Default Okta Sync setting, saved as custom metadata. */
export default class OktaSyncSettings extends LightningElement {
    values = {};
    closedLeadStatuses = [];
    loadError;
    saveError;
    loaded = false;
    saving = false;

    @wire(getSettings)
    wiredSettings({ data, error }) {
        if (data) {
            this.values = { ...data };
            this.loaded = true;
            this.loadError = undefined;
        } else if (error) {
            this.loadError = error;
        }
    }

    /** The org's closed Lead Status values, the only ones a deactivated user's Lead may get. */
    @wire(getClosedLeadStatuses)
    wiredLeadStatuses({ data, error }) {
        if (data) {
            this.closedLeadStatuses = data;
        } else if (error) {
            this.loadError = error;
        }
    }

    /** Options of a picklist; a saved value the org no longer offers stays visible. */
    optionsOf(field) {
        if (!field.optionsFrom) {
            return field.options;
        }
        const values = [...this[field.optionsFrom]];
        const current = this.values[field.name];
        if (current && !values.includes(current)) {
            values.unshift(current);
        }
        return options(values);
    }

    get sections() {
        return SECTIONS.map((section) => ({
            ...section,
            fields: section.fields.map((field) => ({
                ...field,
                isCheckbox: field.kind === 'checkbox',
                isPicklist: field.kind === 'picklist',
                options: field.kind === 'picklist' ? this.optionsOf(field) : undefined,
                inputType: field.kind === 'number' ? 'number' : 'text',
                value: this.values[field.name] ?? (field.kind === 'checkbox' ? false : ''),
                checked: this.values[field.name] === true,
                step: field.step ?? '1',
                minValue: field.minValue ?? (field.kind === 'number' ? 0 : undefined),
            })),
        }));
    }

    handleChange(event) {
        const name = event.target.dataset.field;
        const value =
            event.target.type === 'checkbox' || event.target.type === 'toggle'
                ? event.detail.checked
                : event.detail.value;
        this.values = { ...this.values, [name]: value };
    }

    async handleSave() {
        const inputs = [...this.template.querySelectorAll('[data-field]')];
        const valid = inputs.reduce((ok, input) => input.reportValidity() && ok, true);
        if (!valid) {
            return;
        }
        this.saving = true;
        this.saveError = undefined;
        try {
            const values = {};
            for (const field of SECTIONS.flatMap((section) => section.fields)) {
                const value = this.values[field.name];
                values[field.name] =
                    field.kind === 'number' && value !== '' && value !== null && value !== undefined
                        ? Number(value)
                        : (value ?? null);
            }
            const deploymentId = await saveSettings({ values });
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Settings saved',
                    message: `Deployment ${deploymentId} is queued; the companion reloads the settings when it completes.`,
                    variant: 'success',
                }),
            );
        } catch (error) {
            this.saveError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Settings not saved',
                    message: reduceErrors(error).join(' '),
                    variant: 'error',
                }),
            );
        } finally {
            this.saving = false;
        }
    }
}

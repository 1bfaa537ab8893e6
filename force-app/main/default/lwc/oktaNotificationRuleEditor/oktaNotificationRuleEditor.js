import { wire } from 'lwc';
import { getObjectInfos } from 'lightning/uiObjectInfoApi';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import getNotificationRules from '@salesforce/apex/OktaSyncSetupController.getNotificationRules';
import saveNotificationRules from '@salesforce/apex/OktaSyncSetupController.saveNotificationRules';
import { developerNameFrom } from 'c/oktaRuleWords';
import { notificationProblems, notificationSentence } from 'c/oktaNotificationWords';
import OktaConfigEditor from 'c/oktaConfigEditor';

const ROW_FIELDS = [
    'developerName',
    'label',
    'event',
    'scopeField',
    'scopeOperator',
    'scopeValue',
    'channel',
    'recipientType',
    'recipients',
    'messageTemplate',
    'digest',
    'quietPeriodMinutes',
    'active',
];

const normalized = (label) =>
    String(label ?? '')
        .trim()
        .toLowerCase();

/**
 * Notification rule editor: each rule as its name and a sentence, its problems in sentences
 * below; a rule is built or edited in a dialog (c-okta-notification-rule-form), removed
 * (deactivated) after a confirmation; Save deploys the rules as custom metadata.
 */
export default class OktaNotificationRuleEditor extends OktaConfigEditor {
    editorWords = { prefix: 'notification', noun: 'notification rule', what: 'Notification rules' };
    rowFields = ROW_FIELDS;
    saveRows = saveNotificationRules;

    nameFor(row, taken) {
        return developerNameFrom(row.label, taken);
    }

    @wire(getNotificationRules)
    wiredRules(result) {
        this.receiveRows(result);
    }

    @wire(getObjectInfos, { objectApiNames: [CONTACT_OBJECT] })
    wiredObjectInfos(result) {
        this.receiveObjectInfos(result);
    }

    problemsOf(row, rows = this.rows) {
        const label = normalized(row.label);
        const sameLabel =
            Boolean(label) &&
            rows.some((other) => other.key !== row.key && normalized(other.label) === label);
        return notificationProblems(row, { sameLabel, objectInfos: this.objectInfos });
    }

    get lines() {
        return this.rows.map((row) => {
            const name = row.label || row.developerName || 'New notification';
            return {
                key: row.key,
                itemClass: `slds-item rule-item${row.active === false ? ' slds-text-color_weak' : ''}`,
                paragraphs: [
                    {
                        key: 'name',
                        cls: 'rule-name slds-text-title_bold',
                        segments: [
                            {
                                key: 'name',
                                text: row.active === false ? `${name} (inactive)` : name,
                            },
                        ],
                    },
                    {
                        key: 'sentence',
                        cls: 'rule-sentence',
                        segments: [
                            { key: 'sentence', text: notificationSentence(row, this.objectInfos) },
                        ],
                    },
                ],
                problemItems: this.problemsOf(row).map((text, i) => ({
                    key: `${row.key}-${i}`,
                    text,
                })),
                editText: `Edit the notification rule ${name}`,
                removeText: `Remove the notification rule ${name}`,
            };
        });
    }

    get hasProblems() {
        return this.rows.some((row) => this.problemsOf(row).length > 0);
    }

    newDraft() {
        return {
            event: 'PROVISIONED',
            channel: 'CUSTOM_NOTIFICATION',
            recipientType: 'USERS',
            scopeOperator: 'EQUALS',
            digest: false,
            active: true,
        };
    }

    get editingHeading() {
        return this.editingKey
            ? `Edit the notification rule ${this.editing?.label ?? ''}`.trim()
            : 'New notification rule';
    }

    get editingProblems() {
        if (!this.editing) {
            return [];
        }
        return this.problemsOf({ ...this.editing, key: this.editingKey });
    }

    titleOf(row) {
        return row.label || row.developerName || 'without a name';
    }
}

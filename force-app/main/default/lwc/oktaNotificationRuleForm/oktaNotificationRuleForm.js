import { api } from 'lwc';
import OktaEditorForm from 'c/oktaEditorForm';
import {
    CHANNEL_WORDS,
    EVENT_WORDS,
    NOTIFICATION_CHANNELS,
    NOTIFICATION_EVENTS,
    RECIPIENT_TYPES,
    RECIPIENT_WORDS,
    SCOPE_OPERATOR_WORDS,
    notificationSentence,
    placeholdersOf,
} from 'c/oktaNotificationWords';

const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One notification rule in a dialog: the event, an optional scope on the Contact (field from
 * describe, comparison in words, value), the channel and who receives it, the message with the
 * placeholders its event offers, digest and quiet period.
 * Fires `draftchange` (every edit), `done` (detail: the draft) and `cancel`.
 */
export default class OktaNotificationRuleForm extends OktaEditorForm {
    defaultHeading = 'Edit notification';

    @api
    get rule() {
        return this.draft;
    }
    set rule(value) {
        this.draft = { ...(value ?? {}) };
    }

    /** A webhook has no recipients; a rule without a scope field keeps no comparison. */
    nextDraft(draft) {
        const next = { ...draft };
        if (next.channel === 'WEBHOOK') {
            next.recipientType = null;
            next.recipients = null;
        }
        if (next.recipientType === 'RECORD_OWNER' || next.recipientType === 'CASE_OWNER') {
            next.recipients = null;
        }
        if (!next.scopeField) {
            next.scopeValue = null;
        }
        return next;
    }

    get sentence() {
        return notificationSentence(this.draft, this.objectInfos);
    }

    get eventOptions() {
        return NOTIFICATION_EVENTS.map((value) => ({
            value,
            label: capitalized(EVENT_WORDS[value]),
        }));
    }

    get channelOptions() {
        return NOTIFICATION_CHANNELS.map((value) => ({
            value,
            label: capitalized(CHANNEL_WORDS[value]),
        }));
    }

    get recipientOptions() {
        return RECIPIENT_TYPES.map((value) => ({ value, label: RECIPIENT_WORDS[value] }));
    }

    get operatorOptions() {
        return Object.entries(SCOPE_OPERATOR_WORDS).map(([value, label]) => ({ value, label }));
    }

    /** Contact fields by label, with "every Contact" first. */
    get scopeFieldOptions() {
        const fields = Object.values(this.objectInfos?.Contact?.fields ?? {})
            .map((f) => ({ value: f.apiName, label: `${f.label} (${f.apiName})` }))
            .sort((a, b) => a.label.localeCompare(b.label));
        const options = [{ value: '', label: 'Every Contact (no scope)' }, ...fields];
        if (this.draft.scopeField && !fields.some((f) => f.value === this.draft.scopeField)) {
            options.push({ value: this.draft.scopeField, label: this.draft.scopeField });
        }
        return options;
    }

    get hasRecipients() {
        return this.draft.channel !== 'WEBHOOK';
    }

    get listsRecipients() {
        return ['USERS', 'GROUP', 'QUEUE'].includes(this.draft.recipientType);
    }

    get recipientsLabel() {
        if (this.draft.recipientType === 'USERS') {
            return 'User ids (005…, separated by commas)';
        }
        return this.draft.recipientType === 'GROUP'
            ? 'Public group (id or API name)'
            : 'Queue (id or API name)';
    }

    get hasScope() {
        return Boolean(this.draft.scopeField);
    }

    get needsScopeValue() {
        return this.hasScope && this.draft.scopeOperator !== 'NOT_NULL';
    }

    get placeholderHelp() {
        const names = placeholdersOf(this.draft.event).map((name) => `{{${name}}}`);
        return `Blank: the standard message. Placeholders: ${names.join(', ')}, {{contact.<Field>}}.`;
    }

    get quietLabel() {
        return this.draft.digest ? 'Digest every (minutes)' : 'Quiet period per Contact (minutes)';
    }

    handleName(event) {
        this.update({ label: event.detail.value });
    }

    handleEvent(event) {
        this.update({ event: event.detail.value });
    }

    handleChannel(event) {
        this.update({ channel: event.detail.value });
    }

    handleRecipientType(event) {
        this.update({ recipientType: event.detail.value });
    }

    handleRecipients(event) {
        this.update({ recipients: event.detail.value });
    }

    handleScopeField(event) {
        this.update({ scopeField: event.detail.value || null });
    }

    handleScopeOperator(event) {
        this.update({ scopeOperator: event.detail.value });
    }

    handleScopeValue(event) {
        this.update({ scopeValue: event.detail.value });
    }

    handleTemplate(event) {
        this.update({ messageTemplate: event.detail.value });
    }

    handleDigest(event) {
        this.update({ digest: event.detail.checked });
    }

    handleQuiet(event) {
        const text = String(event.detail.value ?? '').trim();
        this.update({ quietPeriodMinutes: text === '' ? null : Number(text) });
    }
}

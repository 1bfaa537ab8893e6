/**
 * The Contact panel in words: sync log operations, directions and statuses as a person reads
 * them, and a sync state that never says "Synced" without a time. Pure functions.
 */
const OPERATION_WORDS = {
    'contact-upsert': 'Contact updated',
    'contact.upsert': 'Contact updated',
    upsert: 'Contact updated',
    update: 'Contact updated',
    'sync-contact': 'Contact synced',
    'account.upsert': 'Account updated',
    'update-okta-profile': 'Okta profile updated',
    'deprovision-contact': 'Contact deprovisioned',
    'termination-deactivate': 'Okta user deactivated after a termination case',
    'okta-unlock': 'Okta account unlocked',
    'okta-resend-activation': 'Okta activation email sent again',
    'grant-apply': 'Temporary access granted',
    'grant-refused': 'Temporary access refused',
    'resync-requested': 'Resync requested',
    'stamp-last-synced': 'Sync time recorded',
    'restore-contact-edit': 'Contact edit restored',
    'account-team': 'Account Team updated',
    'recompute-access': 'Okta access recomputed',
    'case-change': 'Case change handled',
    'dead-letter-replay': 'Failed job replayed',
};
const DIRECTION_WORDS = {
    OKTA_TO_SALESFORCE: 'Okta to Salesforce',
    SALESFORCE_TO_OKTA: 'Salesforce to Okta',
    RECONCILIATION: 'reconciliation',
    ACTION: 'agent action',
};
const STATUS_WORDS = {
    SUCCESS: 'done',
    FAILED: 'failed',
    RETRYING: 'retrying',
    SKIPPED: 'skipped',
    DEAD_LETTER: 'failed for good',
    IN_PROGRESS: 'in progress',
};

function sentenceCase(code) {
    const words = String(code ?? '')
        .replace(/[-_.]+/g, ' ')
        .trim()
        .toLowerCase();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
}

/** "Contact updated · Okta to Salesforce". */
export function entryTitle(entry) {
    const operation = OPERATION_WORDS[entry.operation] ?? sentenceCase(entry.operation);
    const direction = DIRECTION_WORDS[entry.direction] ?? sentenceCase(entry.direction);
    return [operation, direction].filter(Boolean).join(' · ') || entry.name;
}

export function statusWords(status) {
    return STATUS_WORDS[status] ?? sentenceCase(status);
}

/**
 * The sync state shown: the stored status, except that "Synced" needs a time — a linked Contact
 * never synced reads "Pending", not "Synced" beside "Last synced: Never".
 */
export function shownSyncStatus({ storedStatus, lastSyncedAt, isLinked }) {
    const status = storedStatus ?? (isLinked ? 'Pending' : 'Not Linked');
    if (status === 'Synced' && !lastSyncedAt) {
        return isLinked ? 'Pending' : 'Not Linked';
    }
    return status;
}

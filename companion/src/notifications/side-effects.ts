import type { AuditJournal, StoredAuditEntry } from '../store/types.js';
import type { NotificationEvent } from './notification-events.js';

/**
 * The side effects of a deprovisioning (or reactivation) for its notification. The user sync
 * journals them on a line of their own (`deprovision-effects`, `reactivate-effects`) under the
 * job's event id, and writes it before the Contact's line turns SUCCESS: so when the notifier
 * reads a deprovisioning, its effects line exists, or the run had no effects.
 */

const EFFECT_OPERATIONS = new Set(['deprovision-effects', 'reactivate-effects']);
/** Lines of the Contact read back to find the effects line; it is among the newest. */
const LOOK_BACK = 20;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Pure: the effects line in words, e.g. "2 Cases reassigned, 1 Lead moved". */
export function describeSideEffects(line: StoredAuditEntry | undefined): string {
  if (!line) return 'none';
  const changes = line.fieldChanges ?? [];
  const fieldsOf = (c: (typeof changes)[number]) => c.field.split(',');
  const cases = changes.filter((c) => c.object === 'Case');
  const reassigned = cases.filter((c) => fieldsOf(c).includes('OwnerId')).length;
  const flagged = cases.filter(
    (c) => !fieldsOf(c).includes('OwnerId') && c.after !== null && isFlag(c.after, true),
  ).length;
  const unflagged = cases.filter((c) => c.after !== null && isFlag(c.after, false)).length;
  const leads = changes.filter((c) => c.object === 'Lead').length;
  const accounts = changes.filter((c) => c.object === 'Account');
  const parts = [
    reassigned
      ? `${plural(reassigned, 'Case', 'Cases')} reassigned to the deprovisioning queue`
      : '',
    flagged ? `${plural(flagged, 'Case', 'Cases')} flagged` : '',
    unflagged ? `${plural(unflagged, 'Case', 'Cases')} no longer flagged` : '',
    leads ? `${plural(leads, 'Lead', 'Leads')} moved to the fallback owner` : '',
    ...accounts.map((a) => `Account ${a.recordId ?? ''} set ${accountStatus(a.after)}`),
    line.error ?? '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join('; ') : 'none';
}

function isFlag(after: unknown, value: boolean): boolean {
  return (
    typeof after === 'object' &&
    after !== null &&
    (after as Record<string, unknown>)['Okta_Deprovisioned_Contact__c'] === value
  );
}

function accountStatus(after: unknown): string {
  const status =
    typeof after === 'object' && after !== null
      ? (after as Record<string, unknown>)['Okta_Account_Status__c']
      : undefined;
  return typeof status === 'string' ? status : 'changed';
}

/** The effects lines of the deprovisionings and reactivations among `events`, by entry id. */
export async function loadSideEffects(
  journal: Pick<AuditJournal, 'latestFor'>,
  events: readonly NotificationEvent[],
): Promise<Map<string, StoredAuditEntry | undefined>> {
  const found = new Map<string, StoredAuditEntry | undefined>();
  for (const event of events) {
    if (event.kind !== 'DEPROVISIONED' && event.kind !== 'REACTIVATED') continue;
    if (!event.contactId) continue;
    const lines = await journal.latestFor({ contactId: event.contactId }, LOOK_BACK);
    found.set(
      event.entryId,
      lines.find(
        (l) =>
          EFFECT_OPERATIONS.has(l.operation) &&
          l.status === 'SUCCESS' &&
          l.eventId === event.eventId,
      ),
    );
  }
  return found;
}

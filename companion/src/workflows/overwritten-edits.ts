import { sameValue } from '../mapping/field-diff.js';
import { recordFieldValue } from '../mapping/record-field.js';
import type { ContactChangePayload } from '../queue/salesforce-job-kinds.js';
import type { StoredAuditEntry } from '../store/types.js';

/**
 * Salesforce has no conditional update in its collection calls, so a Contact edit committed in
 * the instant between the Okta → Salesforce sync reading the Contact and writing it is
 * overwritten by a write decided without it. The edit's change event still says what it wrote.
 * An edit counts as overwritten unseen when the Contact now holds what the companion itself
 * wrote there after the edit's commit, and that write replaced a value other than the edit's:
 * had the write seen the edit, it would have replaced the edit's value (on purpose, by the
 * source of truth). Such values are brought back before the change is carried to Okta. Pure.
 */
export function overwrittenEdits(input: {
  payloads: readonly Pick<ContactChangePayload, 'values' | 'commitTimestamp'>[];
  contact: Readonly<Record<string, unknown>>;
  /** The journal lines of this Contact. */
  journal: readonly StoredAuditEntry[];
}): Record<string, unknown> {
  const lost: Record<string, unknown> = {};
  for (const { field, value, committedAt } of lastCommitted(input.payloads)) {
    const current = recordFieldValue(input.contact, field);
    if (sameValue(current, value)) continue;
    const write = lastOwnWrite(input.journal, input.contact['Id'], field);
    if (!write || Date.parse(write.at) < committedAt) continue; // no own write after the edit
    if (!sameValue(write.after, current)) continue; // changed since by someone else
    if (sameValue(write.before, value)) continue; // the write saw the edit
    lost[field] = value;
  }
  return lost;
}

/** Whether an own Okta → Salesforce write may have overwritten one of these commits. */
export function mayHaveBeenOverwritten(
  payloads: readonly Pick<ContactChangePayload, 'values' | 'commitTimestamp'>[],
  contact: Readonly<Record<string, unknown>>,
): boolean {
  return lastCommitted(payloads).some(
    ({ field, value }) => !sameValue(recordFieldValue(contact, field), value),
  );
}

function lastCommitted(
  payloads: readonly Pick<ContactChangePayload, 'values' | 'commitTimestamp'>[],
): { field: string; value: unknown; committedAt: number }[] {
  const last = new Map<string, { field: string; value: unknown; committedAt: number }>();
  for (const p of [...payloads].sort((a, b) => a.commitTimestamp - b.commitTimestamp)) {
    for (const [field, value] of Object.entries(p.values ?? {}))
      last.set(field.toLowerCase(), { field, value, committedAt: p.commitTimestamp });
  }
  return [...last.values()];
}

function lastOwnWrite(
  journal: readonly StoredAuditEntry[],
  contactId: unknown,
  field: string,
): { before: unknown; after: unknown; at: string } | undefined {
  const id = typeof contactId === 'string' ? contactId.slice(0, 15) : undefined;
  const newestFirst = [...journal].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  for (const entry of newestFirst) {
    if (entry.status !== 'SUCCESS' && entry.status !== 'IN_PROGRESS') continue;
    const change = (entry.fieldChanges ?? []).find(
      (c) =>
        c.object === 'Contact' &&
        c.field.toLowerCase() === field.toLowerCase() &&
        (c.recordId === undefined || c.recordId.slice(0, 15) === id),
    );
    if (change) return { before: change.before ?? null, after: change.after, at: entry.updatedAt };
  }
  return undefined;
}

import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../store/types.js';
import type { ContactPlan } from '../workflows/contact-plan.js';
import { planDeprovisionEffects } from '../workflows/deprovision-plan.js';
import { effectsLine } from '../workflows/okta-user-sync-journal.js';
import { decideNotifications, type Links } from './notification-decide.js';
import { notificationEventOf, type NotificationEvent } from './notification-events.js';
import { describeSideEffects, loadSideEffects } from './side-effects.js';
import { journalLine, notificationRule } from './notification-test-fixtures.js';

// A deprovisioning's notification lists the side effects the user sync journaled for it.

const CONTACT = '003000000000001AAA';
const QUEUE = '00G000000000001AAA';
const links: Links = { audit: () => 'https://org.test/a', auditList: () => 'https://org.test/l' };

const stored = (over: Partial<StoredAuditEntry>): StoredAuditEntry =>
  journalLine({ id: 'contact-line', contactId: CONTACT, ...over });

/** The effects line the user sync journals for a deprovisioning with these effects. */
function journaledEffects(eventId: string, leadFallbackOwnerId: string | null): StoredAuditEntry {
  const effects = planDeprovisionEffects({
    deprovisioned: true,
    reactivated: false,
    openCases: [
      { Id: '500000000000001AAA', OwnerId: '005a', Okta_Deprovisioned_Contact__c: false },
      { Id: '500000000000002AAA', OwnerId: '005a', Okta_Deprovisioned_Contact__c: false },
    ],
    ownedLeadIds: ['00Q000000000001AAA'],
    account: { id: '001000000000001AAA', status: 'Active', activeContactsAfter: 0 },
    caseQueueId: QUEUE,
    settings: {
      deprovisionCaseAction: 'REASSIGN_TO_QUEUE',
      leadFallbackOwnerId,
      deactivateEmptyAccounts: true,
    },
  } as Parameters<typeof planDeprovisionEffects>[0]);
  const line = effectsLine({ deprovisioned: true, contactId: CONTACT } as ContactPlan, effects);
  if (!line) throw new Error('the deprovisioning has effects');
  return stored({ ...line, id: `effects-${eventId}`, eventId });
}

const departure = stored({
  fieldChanges: [
    { object: 'Contact', field: 'Okta_Status__c', before: 'ACTIVE', after: 'DEPROVISIONED' },
  ],
});

describe('side effects of a deprovisioning', () => {
  it('says what the journaled effects did', () => {
    expect(describeSideEffects(journaledEffects('ev1', '005fallback'))).toBe(
      '2 Cases reassigned to the deprovisioning queue; 1 Lead moved to the fallback owner; Account 001000000000001AAA set Inactive',
    );
    expect(describeSideEffects(journaledEffects('ev1', null))).toBe(
      '2 Cases reassigned to the deprovisioning queue; Account 001000000000001AAA set Inactive; 1 Leads stay with the deprovisioned owner: no fallback owner is configured',
    );
    expect(describeSideEffects(undefined)).toBe('none');
  });

  it("finds the job's own effects line among the Contact's lines", async () => {
    const event = notificationEventOf(departure) as NotificationEvent;
    const earlier = journaledEffects('ev-earlier-job', '005fallback');
    const lines = [earlier, journaledEffects('ev1', '005fallback'), departure];
    const asked: unknown[] = [];
    const found = await loadSideEffects(
      {
        latestFor: async (subject, limit) => {
          asked.push(subject, limit);
          return lines;
        },
      },
      [event],
    );
    expect(found.get('contact-line')?.id).toBe('effects-ev1');
    expect(asked).toEqual([{ contactId: CONTACT }, 20]);
    // A deprovisioning of a job without effects has none, not another job's.
    const alone = await loadSideEffects({ latestFor: async () => [earlier] }, [event]);
    expect(alone.get('contact-line')).toBeUndefined();
  });

  it('lists them in the standard deprovisioning message', () => {
    const event = notificationEventOf(departure) as NotificationEvent;
    const [decision] = decideNotifications({
      event,
      context: {
        contact: {
          Id: CONTACT,
          Okta_Login__c: 'ada@example.test',
          Okta_Status__c: 'DEPROVISIONED',
        },
        sideEffects: journaledEffects('ev1', '005fallback'),
      },
      rules: [
        notificationRule({
          name: 'Departures',
          label: 'Departures',
          event: 'DEPROVISIONED',
          channel: 'WEBHOOK',
          recipients: { type: 'WEBHOOK' },
        }),
      ],
      links,
    });
    expect(decision).toMatchObject({
      message: {
        body: `ada@example.test was deprovisioned (Okta status DEPROVISIONED); Contact ${CONTACT} is marked inactive. Side effects: 2 Cases reassigned to the deprovisioning queue; 1 Lead moved to the fallback owner; Account 001000000000001AAA set Inactive. Audit: https://org.test/a`,
      },
    });
  });
});

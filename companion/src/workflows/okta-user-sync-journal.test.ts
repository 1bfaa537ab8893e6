import { describe, expect, it } from 'vitest';
import type { Job } from '../store/types.js';
import type { ContactPlan } from './contact-plan.js';
import { auditEntryOf, contactLine, effectsLine } from './okta-user-sync-journal.js';

const plan = (overrides: Partial<ContactPlan> = {}): ContactPlan => ({
  userId: '00u1',
  outcome: 'updated',
  reason: '',
  write: { op: 'update', object: 'Contact', record: { Id: '003000000000001', Title: 'CTO' } },
  contactId: '003000000000001',
  changes: [{ object: 'Contact', field: 'Title', before: 'CEO', after: 'CTO' }],
  issues: [],
  status: 'ACTIVE',
  deprovisioned: false,
  reactivated: false,
  ...overrides,
});

const job: Job = {
  id: 7,
  subjectKey: 'okta-user:00u1',
  kind: 'okta-user-sync',
  events: [],
  attempts: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  availableAt: '2026-01-01T00:00:00.000Z',
  leaseUntil: null,
  lastError: null,
  lastErrorCode: null,
};

describe('Okta user sync: the journal', () => {
  it('writes the Contact line with its changes on the Contact', () => {
    expect(contactLine(plan())).toEqual({
      operation: 'contact-updated',
      status: 'SUCCESS',
      contactId: '003000000000001',
      fieldChanges: [
        {
          object: 'Contact',
          recordId: '003000000000001',
          field: 'Title',
          before: 'CEO',
          after: 'CTO',
        },
      ],
    });
  });

  it('fails a conflict and skips a plan without a write, with the mapping issues', () => {
    expect(contactLine(plan({ outcome: 'conflict', reason: 'two Contacts match' }))).toEqual({
      operation: 'sync-contact',
      status: 'FAILED',
      error: 'Conflict: two Contacts match',
    });
    expect(
      contactLine(
        plan({
          outcome: 'skipped',
          write: undefined,
          changes: [],
          issues: [{ mapping: 'Phone', field: 'MobilePhone', message: 'not a phone number' }],
        }),
      ),
    ).toMatchObject({ status: 'SKIPPED', error: 'MobilePhone: not a phone number' });
  });

  it('writes a side-effects line only when there was something to do or note', () => {
    expect(effectsLine(plan({ deprovisioned: true }), { writes: [], notes: [] })).toBeNull();
    expect(
      effectsLine(plan({ deprovisioned: true }), {
        writes: [
          {
            op: 'update',
            object: 'Case',
            record: { Id: '500000000000001', OwnerId: '00G000000000001' },
          },
        ],
        notes: ['no fallback owner'],
      }),
    ).toEqual({
      operation: 'deprovision-effects',
      status: 'SUCCESS',
      contactId: '003000000000001',
      fieldChanges: [
        {
          object: 'Case',
          recordId: '500000000000001',
          field: 'OwnerId',
          after: { OwnerId: '00G000000000001' },
        },
      ],
      error: 'no fallback owner',
    });
  });

  it('falls back to the job for the event id and time of a job without events', () => {
    const entry = auditEntryOf(
      job,
      { operation: 'sync-contact', status: 'SKIPPED' },
      { id: 'a1', correlationId: 'c1', syncedAt: '2026-01-02T00:00:00.000Z' },
    );
    expect(entry).toMatchObject({
      id: 'a1',
      eventId: 'job:7',
      correlationId: 'c1',
      direction: 'OKTA_TO_SALESFORCE',
      attempts: 3,
      oktaUserId: '00u1',
      occurredAt: '2026-01-02T00:00:00.000Z',
      actor: 'okta',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './types.js';
import { foldAuditEntries, foldBaselineUpdates } from './write-batches.js';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'id-1',
  eventId: 'evt-1',
  correlationId: 'corr-1',
  direction: 'OKTA_TO_SALESFORCE',
  operation: 'contact-update',
  status: 'IN_PROGRESS',
  attempts: 1,
  occurredAt: '2026-12-03T10:00:00.000Z',
  ...over,
});

describe('foldAuditEntries', () => {
  it('keeps entries of different events or operations apart, in order', () => {
    const entries = [
      entry({ eventId: 'b' }),
      entry({ eventId: 'a' }),
      entry({ eventId: 'b', operation: 'deprovision-effects' }),
    ];
    expect(foldAuditEntries(entries)).toEqual(entries);
  });

  it('folds a later line of the same event and operation into the first, as the upsert does', () => {
    const folded = foldAuditEntries([
      entry({ eventId: 'a', id: 'first', oktaUserId: '00u1', error: 'was slow' }),
      entry({ eventId: 'other', id: 'x' }),
      entry({
        eventId: 'a',
        id: 'second',
        status: 'SUCCESS',
        attempts: 2,
        correlationId: 'corr-2',
        contactId: '003A',
        fieldChanges: [{ object: 'Contact', field: 'Email', before: 'a@x', after: 'b@x' }],
        occurredAt: '2026-12-03T11:00:00.000Z',
      }),
    ]);
    expect(folded).toEqual([
      {
        ...entry({}),
        eventId: 'a',
        id: 'first',
        occurredAt: '2026-12-03T10:00:00.000Z',
        status: 'SUCCESS',
        attempts: 2,
        correlationId: 'corr-2',
        oktaUserId: '00u1',
        contactId: '003A',
        fieldChanges: [{ object: 'Contact', field: 'Email', before: 'a@x', after: 'b@x' }],
      },
      entry({ eventId: 'other', id: 'x' }),
    ]);
    expect(folded[0]).not.toHaveProperty('error');
  });
});

describe('foldBaselineUpdates', () => {
  it('merges the updates of one user, later values and Contact winning', () => {
    expect(
      foldBaselineUpdates([
        { oktaUserId: 'u1', contactId: '003A', values: { email: 'a', title: 'x' } },
        { oktaUserId: 'u2', values: { email: 'c' } },
        { oktaUserId: 'u1', values: { email: 'b' } },
        { oktaUserId: 'u1', contactId: '003B' },
      ]),
    ).toEqual([
      { oktaUserId: 'u1', contactId: '003B', values: { email: 'b', title: 'x' } },
      { oktaUserId: 'u2', values: { email: 'c' } },
    ]);
  });

  it('leaves an update without values without values', () => {
    expect(
      foldBaselineUpdates([
        { oktaUserId: 'u1', contactId: '003A' },
        { oktaUserId: 'u1', contactId: '003B' },
      ]),
    ).toEqual([{ oktaUserId: 'u1', contactId: '003B' }]);
  });
});

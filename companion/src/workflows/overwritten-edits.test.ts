import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../store/types.js';
import { mayHaveBeenOverwritten, overwrittenEdits } from './overwritten-edits.js';

const contact = { Id: '003000000000001AAA', MobilePhone: '+14155550111', Title: 'Analyst' };
const edit = {
  values: { MobilePhone: '+1 415 555 0222' },
  commitTimestamp: Date.parse('2026-01-01T10:00:01Z'),
};

function ownWrite(
  before: unknown,
  after: unknown,
  updatedAt = '2026-01-01T10:00:02.000Z',
): StoredAuditEntry {
  return {
    id: 'j1',
    eventId: 'e1',
    correlationId: 'c1',
    direction: 'OKTA_TO_SALESFORCE',
    operation: 'contact-updated',
    status: 'SUCCESS',
    attempts: 1,
    occurredAt: '2026-01-01T09:59:59.000Z',
    updatedAt,
    revision: 1,
    fieldChanges: [
      { object: 'Contact', recordId: '003000000000001AAA', field: 'MobilePhone', before, after },
    ],
  };
}

describe('overwrittenEdits', () => {
  it('finds an edit the companion then overwrote from a read that did not have it', () => {
    const journal = [ownWrite('+14155550100', '+14155550111')];
    expect(overwrittenEdits({ payloads: [edit], contact, journal })).toEqual({
      MobilePhone: '+1 415 555 0222',
    });
  });

  it('leaves an edit the write saw and replaced on purpose', () => {
    const journal = [ownWrite('+1 415 555 0222', '+14155550111')];
    expect(overwrittenEdits({ payloads: [edit], contact, journal })).toEqual({});
  });

  it('leaves a value changed since by someone else, and a write older than the edit', () => {
    expect(
      overwrittenEdits({
        payloads: [edit],
        contact: { ...contact, MobilePhone: '+14155550333' },
        journal: [ownWrite('+14155550100', '+14155550111')],
      }),
    ).toEqual({});
    expect(
      overwrittenEdits({
        payloads: [edit],
        contact,
        journal: [ownWrite('+14155550100', '+14155550111', '2026-01-01T10:00:00.500Z')],
      }),
    ).toEqual({});
  });

  it('takes the last commit of each field, and needs no journal when the Contact holds it', () => {
    const later = {
      values: { MobilePhone: '+14155550111' },
      commitTimestamp: edit.commitTimestamp + 1000,
    };
    expect(mayHaveBeenOverwritten([later, edit], contact)).toBe(false);
    expect(mayHaveBeenOverwritten([edit], contact)).toBe(true);
    expect(mayHaveBeenOverwritten([{ commitTimestamp: 0 }], contact)).toBe(false);
  });
});

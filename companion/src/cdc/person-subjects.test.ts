import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../store/types.js';
import { contactsToLink, withPersonSubjects } from './person-subjects.js';

const contactEvent = (contactId: string, oktaUserId?: string): InboundEvent => ({
  source: 'sf-cdc',
  eventId: `cdc:${contactId}`,
  eventType: 'UPDATE',
  subjectKey: `sf-contact:${contactId}`,
  jobKind: 'sf-contact-sync',
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload: {
    contactId,
    changeType: 'UPDATE',
    fields: ['Title'],
    commitTimestamp: 0,
    gap: false,
    ...(oktaUserId ? { oktaUserId } : {}),
  },
});

describe('withPersonSubjects', () => {
  const links = new Map([['003000000000001', '00u1']]);

  it('moves a linked Contact’s change to its Okta user’s subject, by the link it carries or the known one', () => {
    const events = [
      contactEvent('003000000000001AAA'),
      contactEvent('003000000000002AAA', '00u2'),
      contactEvent('003000000000003AAA'),
    ];
    expect(withPersonSubjects(events, links).map((e) => e.subjectKey)).toEqual([
      'okta-user:00u1',
      'okta-user:00u2',
      'sf-contact:003000000000003AAA',
    ]);
    expect(contactsToLink(events)).toEqual(['003000000000001AAA', '003000000000003AAA']);
  });

  it('leaves other kinds of events alone', () => {
    const caseEvent: InboundEvent = {
      ...contactEvent('003000000000001AAA'),
      jobKind: 'sf-case-change',
      subjectKey: 'sf-case:500',
    };
    expect(withPersonSubjects([caseEvent], links)).toEqual([caseEvent]);
    expect(contactsToLink([caseEvent])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../store/types.js';
import { loadEventContexts } from './event-context.js';
import { decideNotifications, type Links } from './notification-decide.js';
import { notificationEventOf, type NotificationEvent } from './notification-events.js';
import { journalLine, notificationRule } from './notification-test-fixtures.js';

// Okta users synced as Leads notify as the Contacts' users do: the Lead writes read as
// provisioning, update and deprovisioning, with the Lead's fields in the messages and scopes.

const LEAD = '00Q000000000001AAA';
const links: Links = {
  audit: (e) => `https://org.test/audit/${e.entryId}`,
  auditList: () => 'https://org.test/audit',
};

const leadEntry = (operation: string, over: Partial<StoredAuditEntry> = {}): StoredAuditEntry =>
  journalLine({
    operation,
    fieldChanges: [{ object: 'Lead', recordId: LEAD, field: 'Status', before: 'Open', after: 'X' }],
    ...over,
  });

const rule = notificationRule;

const lead = {
  Id: LEAD,
  OwnerId: '005000000000007AAA',
  FirstName: 'Grace',
  LastName: 'Hopper',
  Email: 'grace@example.test',
  Status: 'Open - Not Contacted',
  Okta_User_Id__c: '00u1',
  Title: 'Admiral',
};

const eventOf = (entry: StoredAuditEntry) => notificationEventOf(entry) as NotificationEvent;

describe('Lead writes as notification events', () => {
  it('maps each Lead operation the way the Contact ones are mapped', () => {
    const kind = (op: string, over: Partial<StoredAuditEntry> = {}) =>
      notificationEventOf(leadEntry(op, over))?.kind;
    expect(kind('lead-created')).toBe('PROVISIONED');
    expect(kind('lead-linked')).toBe('PROVISIONED');
    expect(kind('lead-updated')).toBe('UPDATED');
    expect(kind('lead-closed')).toBe('DEPROVISIONED');
    expect(
      kind('lead-converted', {
        contactId: '003000000000001AAA',
        fieldChanges: [
          {
            object: 'Contact',
            recordId: '003000000000001AAA',
            field: 'Okta_User_Id__c',
            after: '00u1',
          },
        ],
      }),
    ).toBe('PROVISIONED');
    // What wrote nothing, did not go through, or was not a write tells nobody.
    expect(kind('lead-updated', { fieldChanges: [] })).toBeUndefined();
    expect(kind('lead-closed', { status: 'FAILED' })).toBeUndefined();
    expect(kind('lead-unchanged')).toBeUndefined();
    expect(kind('lead-skipped', { status: 'SKIPPED' })).toBeUndefined();
  });

  it('names the Lead, and the Contact a converted Lead became', () => {
    expect(eventOf(leadEntry('lead-closed'))).toMatchObject({
      kind: 'DEPROVISIONED',
      leadId: LEAD,
      changes: ['Status'],
    });
    const converted = eventOf(
      leadEntry('lead-converted', {
        contactId: '003000000000001AAA',
        fieldChanges: [
          {
            object: 'Contact',
            recordId: '003000000000001AAA',
            field: 'Okta_User_Id__c',
            after: '00u1',
          },
        ],
      }),
    );
    expect(converted.contactId).toBe('003000000000001AAA');
    expect(converted.leadId).toBeUndefined();
  });
});

describe('notification decisions about a Lead', () => {
  const created = eventOf(leadEntry('lead-created'));

  it('tells the Lead owner in the Lead standard message, opening the Lead', () => {
    const [decision] = decideNotifications({
      event: created,
      context: { lead },
      rules: [rule()],
      links,
    });
    expect(decision).toMatchObject({
      action: 'send',
      ownerId: '005000000000007AAA',
      targetId: LEAD,
      key: `Rule:PROVISIONED:${LEAD}`,
      subject: 'grace@example.test',
      message: {
        title: 'Okta user provisioned',
        body: `grace@example.test (Grace Hopper) was provisioned in Salesforce as Lead ${LEAD}. Audit: https://org.test/audit/e1`,
      },
    });
    const [closed] = decideNotifications({
      event: eventOf(leadEntry('lead-closed')),
      context: { lead },
      rules: [rule({ event: 'DEPROVISIONED' })],
      links,
    });
    expect(closed).toMatchObject({
      message: {
        body: `grace@example.test was deprovisioned in Okta; Lead ${LEAD} was closed. Audit: https://org.test/audit/e1`,
      },
    });
  });

  it('reads contact.<Field> and the scope on the Lead field of the same name, if Lead has one', () => {
    const title = rule({
      name: 'Admirals',
      scope: { objectName: 'Contact', field: 'Title', operator: 'EQUALS', value: 'admiral' },
      template: [{ field: 'contact.Title' }, { text: ' ' }, { field: 'lead.id' }],
    });
    const department = rule({
      name: 'Sales',
      scope: { objectName: 'Contact', field: 'Department', operator: 'NOT_EQUALS', value: 'x' },
    });
    const decisions = decideNotifications({
      event: created,
      context: { lead },
      rules: [title, department],
      links,
    });
    // Lead has no Department: a rule scoped on it does not apply, whatever the operator.
    expect(decisions.map((d) => [d.rule.name, d.action === 'skip' ? '' : d.message.body])).toEqual([
      ['Admirals', `Admiral ${LEAD}`],
    ]);
  });

  it('skips a record-owner rule when the Lead could not be read, saying so', () => {
    const [decision] = decideNotifications({ event: created, context: {}, rules: [rule()], links });
    expect(decision).toMatchObject({
      action: 'skip',
      reason: 'the Lead and its owner could not be read',
    });
  });
});

describe('reading the Leads of a batch', () => {
  it('reads Leads by id with the rules’ fields Lead has, Contacts as before', async () => {
    const queries: string[] = [];
    const query = async <T>(soql: string): Promise<T[]> => {
      queries.push(soql);
      if (soql.includes('FROM Lead')) return [lead as T];
      return [];
    };
    const scoped = rule({
      scope: { objectName: 'Contact', field: 'Title', operator: 'NOT_NULL', value: null },
      template: [{ field: 'contact.Department' }],
    });
    const contexts = await loadEventContexts(
      query,
      [eventOf(leadEntry('lead-created'))],
      [scoped],
      async () => new Set(['Id', 'Title', 'Email', 'Status']),
    );
    expect(contexts.get('e1')).toEqual({ lead });
    expect(queries).toEqual([
      `SELECT Id, OwnerId, FirstName, LastName, Email, Status, Okta_User_Id__c, Title FROM Lead WHERE Id IN ('${LEAD}')`,
    ]);
  });
});

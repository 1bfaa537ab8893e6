import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../store/types.js';
import { decideNotifications, digestMessage, type Links } from './notification-decide.js';
import { notificationEventOf, type NotificationEvent } from './notification-events.js';
import type { NotificationRule } from './rule-types.js';
import { journalLine, notificationRule } from './notification-test-fixtures.js';

const links: Links = {
  audit: (e) => `https://org.test/lightning/r/Contact/${e.contactId}/view`,
  auditList: () => 'https://org.test/lightning/o/Okta_Sync_Log__c/list',
};

const entry = (over: {
  [K in keyof StoredAuditEntry]?: StoredAuditEntry[K] | undefined;
}): StoredAuditEntry =>
  journalLine({ contactId: '003000000000001AAA', ...(over as Partial<StoredAuditEntry>) });
const status = (before: string, after: string) => ({
  object: 'Contact',
  field: 'Okta_Status__c',
  before,
  after,
});

const rule = (over: Partial<NotificationRule> = {}): NotificationRule =>
  notificationRule({ label: 'Departures', event: 'DEPROVISIONED', ...over });

const contact = {
  Id: '003000000000001AAA',
  OwnerId: '005000000000009AAA',
  Okta_Login__c: 'ada@example.test',
  Okta_Status__c: 'DEPROVISIONED',
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Department: 'Sales',
};

describe('notification events read from the journal', () => {
  it('tells a deprovisioning, a reactivation, an update and a provisioning apart', () => {
    const kind = (over: Parameters<typeof entry>[0]) => notificationEventOf(entry(over))?.kind;
    expect(kind({ fieldChanges: [status('ACTIVE', 'DEPROVISIONED')] })).toBe('DEPROVISIONED');
    expect(kind({ fieldChanges: [status('SUSPENDED', 'ACTIVE')] })).toBe('REACTIVATED');
    expect(kind({ fieldChanges: [{ object: 'Contact', field: 'Title', after: 'CTO' }] })).toBe(
      'UPDATED',
    );
    expect(kind({ operation: 'contact-created', fieldChanges: [] })).toBe('PROVISIONED');
    expect(kind({ operation: 'grant-revoke' })).toBe('GRANT_ENDED');
    expect(kind({ operation: 'reconcile-update' })).toBe('RECONCILIATION_APPLIED');
  });

  it('ignores what did not go through, and what changed nothing', () => {
    expect(
      notificationEventOf(entry({ operation: 'contact-created', status: 'IN_PROGRESS' })),
    ).toBeUndefined();
    expect(notificationEventOf(entry({ fieldChanges: [] }))).toBeUndefined();
    expect(notificationEventOf(entry({ operation: 'notify' }))).toBeUndefined();
  });

  it('reads the groups of an access change', () => {
    const event = notificationEventOf(
      entry({
        operation: 'recompute-access',
        contactId: undefined,
        fieldChanges: [
          {
            object: 'OktaGroupMembership',
            recordId: '00gA',
            field: 'member',
            before: false,
            after: true,
          },
          {
            object: 'OktaGroupMembership',
            recordId: '00gB',
            field: 'member',
            before: true,
            after: false,
          },
          { object: 'OktaUser', recordId: '00u1', field: 'profile.region', after: 'EMEA' },
        ],
      }),
    );
    expect(event).toMatchObject({
      kind: 'ACCESS_CHANGED',
      groupsAdded: ['00gA'],
      groupsRemoved: ['00gB'],
      changes: ['profile.region'],
    });
  });
});

describe('notification decisions', () => {
  const departure = notificationEventOf(
    entry({ fieldChanges: [status('ACTIVE', 'DEPROVISIONED')] }),
  ) as NotificationEvent;

  it('renders the standard message to the record owner, keyed by rule and Contact', () => {
    const [decision] = decideNotifications({
      event: departure,
      context: { contact },
      rules: [rule()],
      links,
    });
    expect(decision).toMatchObject({
      action: 'send',
      ownerId: '005000000000009AAA',
      targetId: '003000000000001AAA',
      key: 'Rule:DEPROVISIONED:003000000000001AAA',
      subject: 'ada@example.test',
      message: {
        title: 'Okta user deprovisioned',
        body: 'ada@example.test was deprovisioned (Okta status DEPROVISIONED); Contact 003000000000001AAA is marked inactive. Side effects: none. Audit: https://org.test/lightning/r/Contact/003000000000001AAA/view',
      },
    });
  });

  it('applies the scope and the template, and only rules of the event', () => {
    const scoped = rule({
      name: 'Sales',
      scope: { objectName: 'Contact', field: 'Department', operator: 'EQUALS', value: 'sales' },
      template: [
        { field: 'user.firstName' },
        { text: ' of ' },
        { field: 'contact.Department' },
        { text: ' left.' },
      ],
    });
    const support = rule({
      name: 'Support',
      scope: { objectName: 'Contact', field: 'Department', operator: 'EQUALS', value: 'Support' },
    });
    const other = rule({ name: 'Hires', event: 'PROVISIONED' });
    const decisions = decideNotifications({
      event: departure,
      context: { contact },
      rules: [scoped, support, other],
      links,
    });
    expect(decisions.map((d) => [d.rule.name, d.action === 'skip' ? '' : d.message.body])).toEqual([
      ['Sales', 'Ada of Sales left.'],
    ]);
    // A scoped rule needs the Contact to decide.
    expect(decideNotifications({ event: departure, context: {}, rules: [scoped], links })).toEqual(
      [],
    );
  });

  it('names the Okta groups of an access change and of a grant, a group without a name by its id', () => {
    const access = notificationEventOf(
      entry({
        operation: 'recompute-access',
        contactId: undefined,
        fieldChanges: [
          { object: 'OktaGroupMembership', recordId: '00gA', field: 'member', after: true },
          { object: 'OktaGroupMembership', recordId: '00gGone', field: 'member', after: false },
        ],
      }),
    ) as NotificationEvent;
    const groupNames = new Map([
      ['00gA', 'Sales EMEA'],
      ['00gGone', '00gGone'],
    ]);
    const [changed] = decideNotifications({
      event: access,
      context: { contact, groupNames },
      rules: [rule({ event: 'ACCESS_CHANGED', recipients: { type: 'USERS', userIds: ['005x'] } })],
      links,
    });
    expect(changed).toMatchObject({
      message: {
        body: expect.stringContaining(
          'Okta access of ada@example.test changed. Groups added: Sales EMEA; removed: 00gGone;',
        ),
      },
    });
    const grant = notificationEventOf(
      entry({
        operation: 'grant-apply',
        caseId: '500000000000001AAA',
        fieldChanges: [
          { object: 'OktaGroupMembership', recordId: '00gA', field: 'member', after: true },
        ],
      }),
    ) as NotificationEvent;
    const [granted] = decideNotifications({
      event: grant,
      context: { contact, caseOwnerId: '005000000000002AAA', groupNames },
      rules: [rule({ event: 'GRANT_APPLIED', recipients: { type: 'CASE_OWNER' } })],
      links,
    });
    expect(granted).toMatchObject({
      message: {
        body: expect.stringContaining(
          'was granted temporary access to Okta group Sales EMEA for Case 500000000000001AAA',
        ),
      },
    });
    // Without names read (no rule needed them, or none could be), the ids stand.
    const [bare] = decideNotifications({
      event: grant,
      context: { contact, caseOwnerId: '005000000000002AAA' },
      rules: [rule({ event: 'GRANT_APPLIED', recipients: { type: 'CASE_OWNER' } })],
      links,
    });
    expect(bare).toMatchObject({ message: { body: expect.stringContaining('Okta group 00gA ') } });
  });

  it('skips, with the reason, a rule whose owner cannot be read', () => {
    const [decision] = decideNotifications({
      event: departure,
      context: {},
      rules: [rule()],
      links,
    });
    expect(decision).toMatchObject({
      action: 'skip',
      reason: 'the Contact and its owner could not be read',
    });
  });

  it('gathers digest rules under one key per rule and owner, and summarises them', () => {
    const digest = rule({
      digest: true,
      recipients: { type: 'USERS', userIds: ['005000000000001AAA'] },
    });
    const [decision] = decideNotifications({
      event: departure,
      context: { contact },
      rules: [digest],
      links,
    });
    expect(decision).toMatchObject({ action: 'digest', key: 'digest:Rule:', ownerId: null });
    const message = digestMessage(
      digest,
      {
        key: 'digest:Rule:',
        ruleName: 'Rule',
        ownerId: null,
        dueAt: '2026-03-01T10:15:00.000Z',
        count: 500,
        samples: ['a@x.test', 'b@x.test'],
        firstAt: '2026-03-01T10:00:00.000Z',
        lastAt: '2026-03-01T10:04:00.000Z',
      },
      links,
    );
    expect(message).toEqual({
      title: '500 Okta users deprovisioned',
      body: '500 events (Departures) between 2026-03-01T10:00:00.000Z and 2026-03-01T10:04:00.000Z: a@x.test, b@x.test and 498 more. Audit: https://org.test/lightning/o/Okta_Sync_Log__c/list',
    });
  });
});

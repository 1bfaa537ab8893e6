import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../mapping/settings.js';
import { fieldMapping } from '../mapping/mapping-test-fixtures.js';
import type { AccessRule } from '../mapping/types.js';
import { createWriteLedger } from '../echo/write-ledger.js';
import { createRecordOwners } from './record-owners.js';
import { parseStreamingMessage, type ChangeEventMessage } from '../salesforce/change-event.js';
import {
  accountTeamRulesChanged,
  classifyChangeEvent,
  lostEventsFollowUp,
  type ClassifyContext,
} from './classify-change-event.js';

const A = '005000000000001AAA';
const B = '005000000000002AAA';

const rules: AccessRule[] = [
  {
    type: 'CONDITION_TO_GROUP',
    name: 'Hot_Leads',
    label: 'Hot leads',
    groupId: '00gHOT',
    groupName: 'Hot',
    condition: { objectName: 'Lead', field: 'Rating', operator: 'EQUALS', value: 'Hot' },
  },
];
const mappings = [
  fieldMapping({
    name: 'Contact_Mobile_Phone',
    field: 'MobilePhone',
    oktaAttribute: 'profile.mobilePhone',
    direction: 'BOTH',
    sourceOfTruth: 'SALESFORCE',
  }),
  fieldMapping({ name: 'Contact_Last_Name', field: 'LastName', oktaAttribute: 'profile.lastName' }),
];

function context(overrides: Partial<ClassifyContext> = {}): ClassifyContext {
  return {
    channel: '/data/LeadChangeEvent',
    clientTag: 'okta-sync',
    config: { mappings, accessRules: rules, settings: { ...DEFAULT_SYNC_SETTINGS } },
    owners: createRecordOwners(),
    ...overrides,
  };
}

let replay = 100;
function change(
  header: Record<string, unknown>,
  fields: Record<string, unknown> = {},
): ChangeEventMessage {
  const parsed = parseStreamingMessage({
    schema: 'x',
    payload: {
      ChangeEventHeader: {
        entityName: 'Lead',
        recordIds: ['00Q000000000001AAA'],
        changeType: 'UPDATE',
        changedFields: Object.keys(fields),
        changeOrigin: 'com/salesforce/api/rest/62.0',
        transactionKey: `tx-${replay}`,
        sequenceNumber: 1,
        commitTimestamp: 1_767_225_600_000,
        commitUser: A,
        commitNumber: 1,
        ...header,
      },
      ...fields,
    },
    event: { replayId: (replay += 1) },
  });
  if (parsed instanceof Error || parsed.kind !== 'change') throw new Error('bad fixture');
  return parsed;
}

describe('classifyChangeEvent', () => {
  it('drops events our own client wrote, by changeOrigin', () => {
    const result = classifyChangeEvent(
      change({ changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync' }, { OwnerId: B }),
      context(),
    );
    expect(result).toMatchObject({ events: [], ignored: 'own-echo' });
    expect(
      classifyChangeEvent(
        change({ changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync-2' }, { OwnerId: B }),
        context(),
      ).events,
    ).not.toHaveLength(0);
  });

  it('drops records whose changed fields all equal what the ledger says we wrote', () => {
    const ledger = createWriteLedger();
    ledger.register('Contact', '003000000000001AAA', { MobilePhone: '+14155550123' });
    const event = change(
      {
        entityName: 'Contact',
        recordIds: ['003000000000001AAA', '003000000000002AAA'],
        changedFields: ['MobilePhone', 'LastModifiedDate'],
      },
      { MobilePhone: '+14155550123', LastModifiedDate: '2026-01-01T00:00:00.000Z' },
    );
    const result = classifyChangeEvent(
      event,
      context({ channel: '/data/ContactChangeEvent', ledger }),
    );
    expect(result.events.map((e) => e.subjectKey)).toEqual(['sf-contact:003000000000002AAA']);
  });

  it('turns a Contact change of a mapped field into a contact sync per record, nested name fields included', () => {
    const event = change(
      {
        entityName: 'Contact',
        recordIds: ['003000000000001AAA'],
        changedFields: ['Name.LastName', 'Description'],
      },
      { Name: { LastName: 'Byron' }, Description: 'x' },
    );
    const [sync, ...rest] = classifyChangeEvent(
      event,
      context({ channel: '/data/ContactChangeEvent' }),
    ).events;
    expect(rest).toEqual([]);
    // LastName is OKTA_TO_SALESFORCE only: nothing for Okta. MobilePhone is BOTH.
    expect(sync).toBeUndefined();
    const phone = change(
      { entityName: 'Contact', changedFields: ['MobilePhone'], recordIds: ['003000000000001AAA'] },
      { MobilePhone: '1' },
    );
    expect(
      classifyChangeEvent(phone, context({ channel: '/data/ContactChangeEvent' })).events,
    ).toEqual([
      expect.objectContaining({
        source: 'sf-cdc',
        jobKind: 'sf-contact-sync',
        subjectKey: 'sf-contact:003000000000001AAA',
        payload: expect.objectContaining({
          fields: ['MobilePhone'],
          values: { MobilePhone: '1' },
          gap: false,
        }),
      }),
    ]);
  });

  it('queues the Okta user sync of a Contact someone created already linked', () => {
    const created = change(
      {
        entityName: 'Contact',
        changeType: 'CREATE',
        recordIds: ['003000000000009AAA'],
        changedFields: [],
      },
      { Okta_User_Id__c: '00uLINK', LastName: 'Converted' },
    );
    const events = classifyChangeEvent(
      created,
      context({ channel: '/data/ContactChangeEvent' }),
    ).events;
    expect(events).toContainEqual(
      expect.objectContaining({
        subjectKey: 'okta-user:00uLINK',
        jobKind: 'okta-user-sync',
        payload: { eventType: 'salesforce.contact.linked', contactId: '003000000000009AAA' },
      }),
    );
    const unlinked = change(
      { entityName: 'Contact', changeType: 'CREATE', recordIds: ['003000000000010AAA'] },
      { LastName: 'Plain' },
    );
    expect(
      classifyChangeEvent(unlinked, context({ channel: '/data/ContactChangeEvent' })).events,
    ).toEqual([]);
  });

  it('recomputes the new owner and the remembered previous owner on a reassignment', () => {
    const ctx = context();
    ctx.owners.observe('00Q000000000001AAA', A);
    const result = classifyChangeEvent(change({}, { OwnerId: B }), ctx);
    expect(result.events.map((e) => [e.jobKind, e.subjectKey])).toEqual([
      ['sf-access-recompute', `sf-user:${A}`],
      ['sf-access-recompute', `sf-user:${B}`],
    ]);
    expect(ctx.owners.get('00Q000000000001AAA')).toBe(B);
  });

  it('sweeps when the previous owner is unknown, and resolves owners of condition-only changes', () => {
    const reassigned = classifyChangeEvent(
      change({ recordIds: ['00Q000000000001AAA', '00Q000000000002AAA'] }, { OwnerId: B }),
      context(),
    );
    expect(reassigned.events.map((e) => e.jobKind)).toEqual([
      'sf-access-recompute',
      'sf-access-sweep',
    ]);
    expect(reassigned.events[1]?.subjectKey).toBe('sf-access-sweep');

    const rated = classifyChangeEvent(change({}, { Rating: 'Hot' }), context());
    expect(rated.events).toEqual([
      expect.objectContaining({
        jobKind: 'sf-access-resolve',
        subjectKey: 'sf-access-resolve:Lead',
        payload: expect.objectContaining({ recordIds: ['00Q000000000001AAA'] }),
      }),
    ]);
    expect(classifyChangeEvent(change({}, { Company: 'x' }), context())).toMatchObject({
      events: [],
      ignored: 'not-relevant',
    });
  });

  it('ignores queue owners and gives stable event ids', () => {
    const first = classifyChangeEvent(
      change({ transactionKey: 'tx-fixed' }, { OwnerId: '00G000000000001AAA' }),
      context(),
    );
    expect(first.events.map((e) => e.jobKind)).toEqual(['sf-access-sweep']);
    const again = classifyChangeEvent(
      change({ transactionKey: 'tx-fixed' }, { OwnerId: '00G000000000001AAA' }),
      context(),
    );
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
  });

  it('reports overflow as lost events and sweeps access', () => {
    const result = classifyChangeEvent(
      change({ changeType: 'GAP_OVERFLOW', recordIds: ['000000000000000AAA'], changeOrigin: '' }),
      context(),
    );
    expect(result.lostEntity).toBe('Lead');
    expect(result.events.map((e) => e.jobKind)).toEqual(['sf-access-sweep']);
  });

  it('re-reads gap records: contact sync of every mapped field, case change, owner resolution', () => {
    const contactGap = change({
      entityName: 'Contact',
      changeType: 'GAP_UPDATE',
      recordIds: ['003000000000001AAA'],
      changeOrigin: '',
    });
    expect(
      classifyChangeEvent(contactGap, context({ channel: '/data/ContactChangeEvent' })).events,
    ).toEqual([
      expect.objectContaining({
        jobKind: 'sf-contact-sync',
        payload: expect.objectContaining({ gap: true, fields: ['MobilePhone'] }),
      }),
    ]);
    const caseGap = change({
      entityName: 'Case',
      changeType: 'GAP_UPDATE',
      recordIds: ['500000000000001AAA'],
      changeOrigin: '',
    });
    expect(
      classifyChangeEvent(caseGap, context({ channel: '/data/CaseChangeEvent' })).events.map(
        (e) => e.subjectKey,
      ),
    ).toEqual(['sf-case:500000000000001AAA']);
    const leadGap = change({ changeType: 'GAP_UPDATE', changeOrigin: '' });
    expect(classifyChangeEvent(leadGap, context()).events.map((e) => e.jobKind)).toEqual([
      'sf-access-resolve',
      'sf-access-sweep',
    ]);
  });

  it('acts on Case closing or flagging, not on other Case edits', () => {
    const ctx = context({ channel: '/data/CaseChangeEvent' });
    const closed = change(
      { entityName: 'Case', recordIds: ['500000000000001AAA'] },
      { Status: 'Closed', IsClosed: true },
    );
    expect(classifyChangeEvent(closed, ctx).events).toEqual([
      expect.objectContaining({
        jobKind: 'sf-case-change',
        payload: expect.objectContaining({ fields: ['Status', 'IsClosed'] }),
      }),
    ]);
    expect(
      classifyChangeEvent(change({ entityName: 'Case' }, { Subject: 'x' }), ctx).events,
    ).toEqual([]);
    const created = change(
      { entityName: 'Case', changeType: 'CREATE', changedFields: [] },
      { Okta_Access_Issue__c: true, Status: 'New' },
    );
    expect(classifyChangeEvent(created, ctx).events).toHaveLength(1);
  });
});

describe('classifyChangeEvent: Accounts and GROUP_TO_ACCOUNT_TEAM rules', () => {
  const ACCOUNT = '001000000000001AAA';
  const teamRule: AccessRule = {
    type: 'GROUP_TO_ACCOUNT_TEAM',
    name: 'Strategic',
    label: 'Strategic',
    groupId: '00gSTRATEGIC',
    groupName: 'Strategic',
    accountTeamRole: 'Account Manager',
    accountAccessLevel: 'Edit',
    opportunityAccessLevel: null,
    caseAccessLevel: null,
    accounts: {
      objectName: 'Account',
      field: 'Type',
      operator: 'EQUALS',
      value: 'Customer - Direct',
    },
  };
  const ctx = (accessRules: AccessRule[] = [teamRule]) =>
    context({
      channel: '/data/AccountChangeEvent',
      config: { mappings, accessRules, settings: { ...DEFAULT_SYNC_SETTINGS } },
    });
  const account = (header: Record<string, unknown>, fields: Record<string, unknown> = {}) =>
    change({ entityName: 'Account', recordIds: [ACCOUNT], ...header }, fields);
  const teamJobs = (result: ReturnType<typeof classifyChangeEvent>) =>
    result.events.filter((e) => e.jobKind === 'sf-account-team');

  it('queues the Account when a field a rule selects Accounts by changes, either way', () => {
    for (const type of ['Customer - Direct', 'Prospect', null]) {
      const result = classifyChangeEvent(account({}, { Type: type }), ctx());
      expect(result.events).toEqual([
        expect.objectContaining({
          source: 'sf-cdc',
          jobKind: 'sf-account-team',
          subjectKey: `sf-account-team:${ACCOUNT}`,
          eventType: 'Account.UPDATE',
          payload: { accountId: ACCOUNT, reason: 'Account.UPDATE' },
        }),
      ]);
      expect(result.ignored).toBeNull();
    }
  });

  it('reads compound address components as their record fields', () => {
    const byCountry: AccessRule = {
      ...teamRule,
      accounts: { objectName: 'Account', field: 'BillingCountry', operator: 'IN', value: 'DE' },
    } as AccessRule;
    const result = classifyChangeEvent(
      account({ changedFields: ['BillingAddress.Country'] }, { BillingAddress: { Country: 'DE' } }),
      ctx([byCountry]),
    );
    expect(teamJobs(result)).toHaveLength(1);
  });

  it('ignores edits of other fields, deletions, and Accounts when no team rule exists', () => {
    expect(classifyChangeEvent(account({}, { Name: 'x' }), ctx())).toMatchObject({
      events: [],
      ignored: 'not-relevant',
    });
    expect(teamJobs(classifyChangeEvent(account({ changeType: 'DELETE' }), ctx()))).toEqual([]);
    expect(classifyChangeEvent(account({}, { Type: 'Customer - Direct' }), ctx([])).events).toEqual(
      [],
    );
  });

  it('queues a new Account only when a rule already holds for it; gaps and undeletes always', () => {
    const created = (fields: Record<string, unknown>) =>
      account({ changeType: 'CREATE', changedFields: [] }, fields);
    expect(
      teamJobs(classifyChangeEvent(created({ Name: 'A', Type: 'Customer - Direct' }), ctx())),
    ).toHaveLength(1);
    expect(teamJobs(classifyChangeEvent(created({ Name: 'A', Type: 'Prospect' }), ctx()))).toEqual(
      [],
    );
    for (const changeType of ['GAP_UPDATE', 'GAP_CREATE', 'UNDELETE']) {
      expect(
        teamJobs(classifyChangeEvent(account({ changeType, changeOrigin: '' }), ctx())),
        changeType,
      ).toHaveLength(1);
    }
  });

  it("follows the Account's fields whoever wrote them, the companion included", () => {
    const own = account(
      { changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync' },
      { Type: 'Customer - Direct' },
    );
    const result = classifyChangeEvent(own, ctx());
    expect(teamJobs(result)).toHaveLength(1);
    expect(result.ignored).toBeNull();
  });

  it('sweeps every Account team when Account events were lost', () => {
    const overflow = classifyChangeEvent(
      account({ changeType: 'GAP_OVERFLOW', recordIds: ['000000000000000AAA'], changeOrigin: '' }),
      ctx(),
    );
    expect(overflow.lostEntity).toBe('Account');
    expect(overflow.events).toEqual([
      expect.objectContaining({
        jobKind: 'sf-account-team-sweep',
        subjectKey: 'sf-account-team-sweep',
      }),
    ]);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(lostEventsFollowUp('Account', ctx(), 'replay-lost', at)).toEqual([
      expect.objectContaining({
        eventId: 'cdc-lost:Account:2026-01-01T00:00:00.000Z:account-team',
        jobKind: 'sf-account-team-sweep',
        payload: { reason: 'replay-lost', entity: 'Account' },
      }),
    ]);
    expect(lostEventsFollowUp('Account', ctx([]), 'replay-lost', at)).toEqual([]);
    expect(lostEventsFollowUp('Lead', ctx(), 'replay-lost', at)).toEqual([]);
    expect(lostEventsFollowUp('Lead', context(), 'replay-lost', at)).toEqual([
      expect.objectContaining({ eventId: 'cdc-lost:Lead:2026-01-01T00:00:00.000Z' }),
    ]);
  });

  it('sweeps the Account teams when the access rules change, if a team rule is active', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(accountTeamRulesChanged({ accessRules: [teamRule] }, 'e-1', at)).toEqual([
      expect.objectContaining({
        eventId: 'rules-changed:e-1:account-team',
        subjectKey: 'sf-account-team-sweep',
        jobKind: 'sf-account-team-sweep',
      }),
    ]);
    expect(accountTeamRulesChanged({ accessRules: rules }, 'e-1', at)).toEqual([]);
  });
});

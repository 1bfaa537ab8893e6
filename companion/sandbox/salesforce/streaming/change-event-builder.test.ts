import { describe, expect, it } from 'vitest';
import type { RecordChange, WriteContext } from '../change-events.js';
import { buildChangeEvents } from './change-event-builder.js';
import { changeEventBody } from './change-event-body.js';
import { changeOrigin } from './change-origin.js';
import { changeEventChannel } from './channel-names.js';

const USER = '005xx0000000001AAA';
const OTHER_USER = '005xx0000000002AAA';

const context: WriteContext = {
  clientId: 'okta-sync',
  apiVersion: '62.0',
  api: 'composite',
  userId: USER,
  transactionKey: '00006bec-ce66-0611-9018-30a98446c9f2',
};

function update(recordId: string, fields: Record<string, unknown>): RecordChange {
  return { entityName: 'Contact', changeType: 'UPDATE', recordId, fields };
}

describe('changeOrigin', () => {
  it.each([
    [{ api: 'rest', clientId: 'okta-sync' }, 'com/salesforce/api/rest/62.0;client=okta-sync'],
    [{ api: 'composite', clientId: 'okta-sync' }, 'com/salesforce/api/rest/62.0;client=okta-sync'],
    [{ api: 'bulk2', clientId: 'okta-sync' }, 'com/salesforce/api/bulkapi/62.0;client=okta-sync'],
    [{ api: 'rest', clientId: undefined }, 'com/salesforce/api/rest/62.0'],
    [{ api: 'emulator', clientId: 'okta-sync' }, ''],
  ] as const)('%o → %s', (overrides, expected) => {
    expect(changeOrigin({ ...context, ...overrides })).toBe(expected);
  });
});

describe('changeEventChannel', () => {
  it('names standard and custom object channels', () => {
    expect(changeEventChannel('Contact')).toBe('/data/ContactChangeEvent');
    expect(changeEventChannel('Okta_Sync_Log__c')).toBe('/data/Okta_Sync_Log__ChangeEvent');
  });
});

describe('changeEventBody', () => {
  it('nests name and address components and drops nulls and system fields on CREATE', () => {
    const body = changeEventBody(
      {
        entityName: 'Contact',
        changeType: 'CREATE',
        recordId: '003xx000000AAAA',
        fields: {
          Id: '003xx000000AAAA',
          IsDeleted: false,
          SystemModstamp: '2025-01-02T03:04:05.000+0000',
          Name: 'Grace Hopper',
          FirstName: 'Grace',
          LastName: 'Hopper',
          Salutation: null,
          MailingCity: 'Arlington',
          Title: null,
          Birthdate: '1906-12-09',
          CreatedDate: '2025-01-02T03:04:05.000+0000',
        },
      },
      undefined,
    );
    expect(body).toEqual({
      fields: {
        Name: { FirstName: 'Grace', LastName: 'Hopper' },
        MailingAddress: { City: 'Arlington' },
        Birthdate: '1906-12-09',
        CreatedDate: '2025-01-02T03:04:05.000Z',
      },
      changedFields: [],
      nulledFields: [],
    });
  });

  it('lists changed components as Compound.Component and keeps nulled fields on UPDATE', () => {
    const body = changeEventBody(
      update('003xx000000AAAA', {
        LastName: 'Hopper-Murray',
        Phone: null,
        LastModifiedDate: '2025-01-02T04:00:00.000+0000',
        LastModifiedById: OTHER_USER,
      }),
      USER,
    );
    expect(body).toEqual({
      fields: {
        Name: { LastName: 'Hopper-Murray' },
        Phone: null,
        LastModifiedDate: '2025-01-02T04:00:00.000Z',
        LastModifiedById: OTHER_USER,
      },
      changedFields: ['Name.LastName', 'Phone', 'LastModifiedDate', 'LastModifiedById'],
      nulledFields: ['Phone'],
    });
  });

  it('omits LastModifiedById on UPDATE when the same user modified the record before', () => {
    const body = changeEventBody(
      update('003xx000000AAAA', { Email: 'a@example.com', LastModifiedById: USER }),
      USER,
    );
    expect(body).toEqual({
      fields: { Email: 'a@example.com' },
      changedFields: ['Email'],
      nulledFields: [],
    });
  });

  it('keeps Account.Name as a plain field and nests billing address parts', () => {
    const body = changeEventBody(
      {
        entityName: 'Account',
        changeType: 'UNDELETE',
        recordId: '001xx000000AAAA',
        fields: { Name: 'Acme', BillingStreet: '415 Mission Street', Website: null },
      },
      undefined,
    );
    expect(body.fields).toEqual({ Name: 'Acme', BillingAddress: { Street: '415 Mission Street' } });
  });

  it('carries no fields on DELETE', () => {
    expect(
      changeEventBody(
        {
          entityName: 'Contact',
          changeType: 'DELETE',
          recordId: '003xx000000AAAA',
          fields: { Id: 'x' },
        },
        undefined,
      ),
    ).toEqual({ fields: {}, changedFields: [], nulledFields: [] });
  });
});

describe('buildChangeEvents', () => {
  const commit = { timestamp: 1_714_156_685_000, number: 1_100_670_838_951 };

  it('merges identical changes and numbers the events of the transaction', () => {
    const events = buildChangeEvents(
      context,
      [
        update('003xx000000AAAA', { Okta_Status__c: 'SUSPENDED' }),
        update('003xx000000BBBB', { Okta_Status__c: 'ACTIVE' }),
        update('003xx000000CCCC', { Okta_Status__c: 'SUSPENDED' }),
        { entityName: 'Case', changeType: 'DELETE', recordId: '500xx000000AAAA', fields: {} },
        { entityName: 'Case', changeType: 'DELETE', recordId: '500xx000000BBBB', fields: {} },
      ],
      commit,
      new Map(),
    );
    expect(events.map((e) => e.payload['ChangeEventHeader'])).toEqual([
      {
        entityName: 'Contact',
        recordIds: ['003xx000000AAAA', '003xx000000CCCC'],
        changeType: 'UPDATE',
        changedFields: ['Okta_Status__c'],
        nulledFields: [],
        diffFields: [],
        changeOrigin: 'com/salesforce/api/rest/62.0;client=okta-sync',
        transactionKey: context.transactionKey,
        sequenceNumber: 1,
        commitTimestamp: commit.timestamp,
        commitUser: USER,
        commitNumber: commit.number,
      },
      expect.objectContaining({ recordIds: ['003xx000000BBBB'], sequenceNumber: 2 }),
      expect.objectContaining({
        entityName: 'Case',
        changeType: 'DELETE',
        recordIds: ['500xx000000AAAA', '500xx000000BBBB'],
        sequenceNumber: 3,
      }),
    ]);
  });

  it('does not merge changes whose values differ only in a nested component', () => {
    const events = buildChangeEvents(
      context,
      [
        update('003xx000000AAAA', { FirstName: 'A' }),
        update('003xx000000BBBB', { FirstName: 'B' }),
      ],
      commit,
      new Map(),
    );
    expect(events).toHaveLength(2);
  });

  it('remembers the last modifier across transactions', () => {
    const modifiers = new Map<string, string>();
    const create: RecordChange = {
      entityName: 'Contact',
      changeType: 'CREATE',
      recordId: '003xx000000AAAA',
      fields: { LastName: 'Doe', LastModifiedById: USER },
    };
    buildChangeEvents(context, [create], commit, modifiers);
    const [same] = buildChangeEvents(
      context,
      [update('003xx000000AAAA', { Title: 'CTO', LastModifiedById: USER })],
      commit,
      modifiers,
    );
    const [other] = buildChangeEvents(
      context,
      [update('003xx000000AAAA', { Title: 'CEO', LastModifiedById: OTHER_USER })],
      commit,
      modifiers,
    );
    expect(same?.payload).not.toHaveProperty('LastModifiedById');
    expect(other?.payload).toHaveProperty('LastModifiedById', OTHER_USER);
  });
});

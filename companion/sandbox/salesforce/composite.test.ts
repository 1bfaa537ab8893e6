import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDS, must, rejectionOf, startFixtureOrg } from './__fixtures__/fixture-org.js';
import type { FixtureOrg } from './__fixtures__/fixture-org.js';

let org: FixtureOrg;

beforeAll(async () => {
  org = await startFixtureOrg();
});
afterAll(async () => {
  await org.sf.close();
});
beforeEach(() => {
  org.sf.reset();
  org.sf.faults.clear();
  org.sink.transactions.length = 0;
});

const contacts = (n: number, prefix = 'c') =>
  Array.from({ length: n }, (_, i) => ({
    LastName: `${prefix}${i}`,
    Okta_User_Id__c: `00u${prefix}${String(i).padStart(16, '0')}`,
  }));

describe('sObject Collections', () => {
  it('creates up to 200 records in one call, reported as one transaction', async () => {
    const results = await org.conn.sobject('Contact').create(contacts(200));
    expect(results).toHaveLength(200);
    expect(results.every((r) => r.success)).toBe(true);
    expect(org.sf.db.count('Contact')).toBe(203);
    expect(org.sink.transactions).toHaveLength(1);
    expect(must(org.sink.transactions[0]).context).toMatchObject({
      api: 'composite',
      clientId: 'okta-sync',
    });
    expect(must(org.sink.transactions[0]).changes).toHaveLength(200);
  });

  it('rejects more than 200 records', async () => {
    const err = await rejectionOf(org.conn.sobject('Contact').create(contacts(201)));
    expect(err.errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it('splits bigger arrays with allowRecursive', async () => {
    const results = await org.conn
      .sobject('Contact')
      .create(contacts(450), { allowRecursive: true });
    expect(results.filter((r) => r.success)).toHaveLength(450);
    expect(org.sink.transactions).toHaveLength(3);
  });

  it('keeps the good records when allOrNone is false', async () => {
    const results = await org.conn
      .sobject('Contact')
      .create([{ LastName: 'Good' }, { FirstName: 'Bad' }]);
    expect(results[0]).toMatchObject({ success: true });
    expect(results[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [LastName]',
          fields: ['LastName'],
        },
      ],
    });
    expect(org.sf.db.count('Contact')).toBe(4);
  });

  it('rolls everything back when allOrNone is true', async () => {
    const results = await org.conn
      .sobject('Contact')
      .create([{ LastName: 'Good' }, { FirstName: 'Bad' }], { allOrNone: true });
    expect(results[0]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }],
    });
    expect(results[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'REQUIRED_FIELD_MISSING' }],
    });
    expect(org.sf.db.count('Contact')).toBe(3);
    expect(org.sink.transactions).toHaveLength(0);
  });

  it('rolls back updates too, restoring indexes', async () => {
    const results = await org.conn.sobject('Contact').update(
      [
        { Id: IDS.ada, Okta_User_Id__c: '00uMOVED00000000001' },
        { Id: IDS.alan, Okta_Status__c: 'NOT_A_STATUS' },
      ],
      { allOrNone: true },
    );
    expect(results.map((r) => r.success)).toEqual([false, false]);
    const again = await org.conn
      .sobject('Contact')
      .upsert({ Okta_User_Id__c: '00uADA0000000000001', Title: 'x' }, 'Okta_User_Id__c');
    expect(again).toMatchObject({ id: IDS.ada, created: false });
  });

  it('updates and deletes by id, reporting per-record errors', async () => {
    const updated = await org.conn.sobject('Contact').update([
      { Id: IDS.ada, Title: 'A' },
      { Id: '003000000000000AAA', Title: 'B' },
    ]);
    expect(updated[0]).toMatchObject({ id: IDS.ada, success: true });
    expect(updated[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY' }],
    });
    const deleted = await org.conn.sobject('Contact').destroy([IDS.alan, IDS.alan]);
    expect(deleted[0]).toMatchObject({ id: IDS.alan, success: true });
    expect(deleted[1]).toMatchObject({
      id: IDS.alan,
      success: false,
      errors: [{ statusCode: 'ENTITY_IS_DELETED' }],
    });
  });

  it('duplicates inside one call collide like separate calls', async () => {
    const results = await org.conn.sobject('Contact').create([
      { LastName: 'One', Okta_User_Id__c: '00uDUP0000000000001' },
      { LastName: 'Two', Okta_User_Id__c: '00udup0000000000001' },
    ]);
    expect(must(results[0]).success).toBe(true);
    expect(results[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'DUPLICATE_VALUE' }],
    });
  });

  it('upserts by external id with created flags', async () => {
    const results = await org.conn.sobject('Contact').upsert(
      [
        { Okta_User_Id__c: '00uADA0000000000001', Title: 'Updated' },
        { Okta_User_Id__c: '00uNEW0000000000001', LastName: 'Fresh' },
      ],
      'Okta_User_Id__c',
    );
    expect(results[0]).toEqual({ id: IDS.ada, success: true, errors: [], created: false });
    expect(results[1]).toMatchObject({ success: true, errors: [], created: true });
  });

  it('reports several matches of a non-unique external id', async () => {
    org.sf.db.update('Contact', IDS.ada, { Legacy_Key__c: 'L1' });
    org.sf.db.update('Contact', IDS.alan, { Legacy_Key__c: 'l1' });
    const results = await org.conn
      .sobject('Contact')
      .upsert([{ Legacy_Key__c: 'L1', Title: 'x' }], 'Legacy_Key__c');
    expect(results[0]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID' }],
    });
    const single = await rejectionOf(
      org.conn.sobject('Contact').upsert({ Legacy_Key__c: 'L1', Title: 'x' }, 'Legacy_Key__c'),
    );
    expect(single.errorCode).toBe('MULTIPLE_CHOICES');
    expect(single.data).toEqual([
      `/services/data/v62.0/sobjects/Contact/${IDS.ada}`,
      `/services/data/v62.0/sobjects/Contact/${IDS.alan}`,
    ]);
  });

  it('refuses an upsert collection on a field that is not an external id', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Contact').upsert([{ Email: 'a@b.test', LastName: 'x' }], 'Email'),
    );
    expect(err.errorCode).toBe('INVALID_FIELD');
  });

  it('requires attributes.type on every record', async () => {
    const err = await rejectionOf(
      org.conn.request({
        method: 'POST',
        url: '/composite/sobjects',
        body: JSON.stringify({ records: [{ LastName: 'x' }] }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(err.errorCode).toBe('INVALID_TYPE');
  });

  it('rejects an unknown field for the whole call', async () => {
    const err = await rejectionOf(
      org.conn.sobject('Contact').create([{ LastName: 'ok' }, { LastName: 'x', Bogus__c: 1 }]),
    );
    expect(err.errorCode).toBe('INVALID_FIELD');
    expect(org.sf.db.count('Contact')).toBe(3);
  });

  it('retrieves several records', async () => {
    const rows = await org.conn
      .sobject('Contact')
      .retrieve([IDS.ada, '003000000000000AAA'], { fields: ['LastName'] });
    expect(rows[0]).toMatchObject({ LastName: 'Lovelace' });
    expect(rows[1]).toBeNull();
  });

  it('answers an injected lock fault record by record, writing nothing', async () => {
    org.sf.faults.add({ route: 'PATCH composite/sobjects', error: 'UNABLE_TO_LOCK_ROW', times: 1 });
    const results = await org.conn.sobject('Contact').update([{ Id: IDS.ada, Title: 'x' }]);
    expect(results[0]).toMatchObject({
      id: IDS.ada,
      success: false,
      errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW' }],
    });
    expect(org.sf.db.get('Contact', IDS.ada)?.['Title']).toBe('Engineer');
    const retry = await org.conn.sobject('Contact').update([{ Id: IDS.ada, Title: 'x' }]);
    expect(must(retry[0]).success).toBe(true);
  });

  it('answers a lock fault on a single row as a 400', async () => {
    org.sf.faults.add({ route: 'sobjects/Contact/*', error: 'UNABLE_TO_LOCK_ROW', times: 1 });
    const err = await rejectionOf(org.conn.sobject('Contact').update({ Id: IDS.ada, Title: 'x' }));
    expect(err.errorCode).toBe('UNABLE_TO_LOCK_ROW');
  });
});
